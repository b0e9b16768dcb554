"""The switcher and hreflang offer a page only in the languages it is translated enough in
(IURC_SWITCHER_MIN_COMPLETENESS), and its URL in the other languages keeps working."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iurc.core.completeness import listed_in_switcher, page_completeness
from tests.factories import StandardPageFactory, stream

ALL = ["en", "es", "pt", "fr", "zh-hans", "hi", "id", "ja", "ms", "ko", "th", "vi"]


def switcher_languages(html):
    switcher = html[html.index('class="language-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    return re.findall(r'<a href="[^"]+" lang="([^"]+)"', switcher)


def hreflang_languages(html):
    return [
        code
        for code in re.findall(r'<link rel="alternate" hreflang="([^"]+)"', html)
        if code != "x-default"
    ]


@pytest.fixture
def funding(home):
    """Title and body in English; French has the title only (half), Thai both (complete)."""
    return StandardPageFactory(
        parent=home,
        title="Funding",
        slug="funding",
        title_fr="Financement",
        slug_fr="financement",
        title_th="เงินทุน",
        body_en=stream(("paragraph", "<p>The EU funds the programme.</p>")),
        body_th=stream(("paragraph", "<p>สหภาพยุโรปให้ทุนแก่โครงการ</p>")),
    )


def test_page_completeness_is_the_share_of_fields_with_english_text_filled(funding):
    assert page_completeness(funding, "en") == 1.0
    assert page_completeness(funding, "th") == 1.0
    assert page_completeness(funding, "fr") == 0.5
    assert page_completeness(funding, "vi") == 0.0


def test_every_language_is_listed_by_default(client, funding):
    html = client.get("/en/funding/").content.decode()

    assert switcher_languages(html) == ALL
    assert hreflang_languages(html) == ALL


def test_languages_below_the_threshold_are_not_offered(client, funding, settings):
    settings.IURC_SWITCHER_MIN_COMPLETENESS = 0.8

    html = client.get("/en/funding/").content.decode()

    assert switcher_languages(html) == ["en", "th"]
    assert hreflang_languages(html) == ["en", "th"]
    assert 'hreflang="x-default"' in html


def test_a_lower_threshold_offers_half_translated_pages(client, funding, settings):
    settings.IURC_SWITCHER_MIN_COMPLETENESS = 0.5

    html = client.get("/en/funding/").content.decode()

    assert switcher_languages(html) == ["en", "fr", "th"]


def test_a_hidden_language_keeps_its_url_and_lists_itself(client, funding, settings):
    settings.IURC_SWITCHER_MIN_COMPLETENESS = 0.8

    response = client.get("/fr/financement/")

    assert response.status_code == 200
    html = response.content.decode()
    assert switcher_languages(html) == ["en", "fr", "th"]
    assert '<link rel="canonical" href="http://testserver/fr/financement/">' in html


def test_about_page_complete_in_english_and_vietnamese_only(client, about_page, settings):
    settings.IURC_SWITCHER_MIN_COMPLETENESS = 0.8

    html = client.get("/vi/gioi-thieu/").content.decode()

    assert switcher_languages(html) == ["en", "vi"]


def test_the_threshold_costs_no_query(client, funding, settings):
    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    without = count("/en/funding/")
    settings.IURC_SWITCHER_MIN_COMPLETENESS = 0.8
    with_threshold = count("/en/funding/")

    assert with_threshold == without


def test_listed_in_switcher_always_lists_english_and_the_language_read(funding, settings):
    settings.IURC_SWITCHER_MIN_COMPLETENESS = 1.0

    assert listed_in_switcher(funding, "en")
    assert listed_in_switcher(funding, "fr", current="fr")
    assert not listed_in_switcher(funding, "fr", current="en")
