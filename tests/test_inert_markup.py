"""Links and markup written straight to the database (not through the admin forms or the
importer, which refuse them) never run on the public pages: a stored URL with another scheme
than http, https or mailto is shown as text (``safe_href``), and stored rich text keeps only
what the editor writes (``safe_richtext``)."""

import json
import re

from bs4 import BeautifulSoup
from django.utils import translation

from iurc.core import links
from iurc.home.models import HomePage, StandardPage
from iurc.phases.models import ProgrammePhasePage
from partners.models import AgreementIndexPage, AgreementPage, Partner
from regions.models import RegionPage

JAVASCRIPT = "JaVaScRiPt:alert('link')"
# Attributes whose value a browser loads or follows.
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "background")
ALLOWED_SCHEMES = (*links.RICH_TEXT_SCHEMES, "")
RICH_TEXT = (
    '<p data-block-key="x1">Before <script>alert("script")</script>'
    "<a href=\"javascript:alert('href')\">click</a> "
    "<a href=\" JaVa&#x09;ScRiPt:alert('tab')\">tab</a>"
    '<img src="x" onerror="alert(\'img\')"><b onclick="alert(\'b\')">bold</b>'
    "<iframe src=\"javascript:alert('iframe')\"></iframe><style>main{display:none}</style>"
    "<![CDATA[ ><svg onload=alert('cdata')>]]>"
    '<a href="https://www.iurc.eu/">kept</a></p>'
)


def assert_nothing_runs(html):
    """No element of the page runs stored code: every script is the site's own, no element
    has an event handler, every URL it follows has a scheme that cannot run code."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), element
            if name.lower() in URL_ATTRIBUTES:
                assert links.scheme(value) in ALLOWED_SCHEMES, element
        assert element.name not in ("iframe", "object", "embed", "svg"), element
        if element.name in ("script", "style"):
            data = element.get_text()
            # "<!--<script>" in a script would make the browser read past its end.
            assert "<!--" not in data and "<script" not in data.lower(), element
            if element.get("type") != "application/ld+json":  # data, not code
                assert "alert" not in data and "display:none" not in data, element


def text(html):
    return BeautifulSoup(html, "html.parser").get_text()


def get(client, page, language):
    with translation.override(language):
        url = page.specific.url
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def link_card(title, url):
    return {
        "id": f"card-{title}",
        "type": "item",
        "value": {"title": title, "description": "", "page": None, "external_url": url},
    }


def test_a_javascript_source_of_an_agreement_is_shown_as_text(client, site_tree):
    agreement = site_tree.agreements[0]
    AgreementPage.objects.filter(pk=agreement.pk).update(source_url=JAVASCRIPT)

    for language in ("en", "vi"):
        html = get(client, agreement, language)

        assert_nothing_runs(html)
        source = BeautifulSoup(html, "html.parser").find("p", class_="source")
        assert source.find("a") is None
        assert JAVASCRIPT in source.get_text()


def test_a_safe_source_of_an_agreement_is_still_a_link(client, site_tree):
    agreement = site_tree.agreements[0]
    AgreementPage.objects.filter(pk=agreement.pk).update(source_url="https://iurc.eu/lisbon")

    html = get(client, agreement, "en")

    assert '<a href="https://iurc.eu/lisbon" rel="noopener nofollow">' in html


def test_a_javascript_website_of_a_partner_is_shown_as_text(client, site_tree):
    partner = site_tree.agreements[0].eu_members.first().partner
    Partner.objects.filter(pk=partner.pk).update(website=f"\t{JAVASCRIPT}")

    for language in ("en", "vi"):
        with translation.override(language):
            url = f"{site_tree.agreement_index.url}partners/{partner.pk}/"
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()

        assert_nothing_runs(html)
        assert f"\t{JAVASCRIPT}" in text(html)


def test_javascript_websites_of_a_phase_and_a_region_are_not_links(client, site_tree):
    ProgrammePhasePage.objects.filter(pk=site_tree.phase.pk).update(website=JAVASCRIPT)
    RegionPage.objects.filter(pk=site_tree.region.pk).update(
        external_page="data:text/html,<script>alert('data')</script>"
    )

    for language in ("en", "vi"):
        phase_html = get(client, site_tree.phase, language)
        region_html = get(client, site_tree.region, language)

        assert_nothing_runs(phase_html)
        assert_nothing_runs(region_html)
        assert JAVASCRIPT in text(phase_html)
        assert "data:text/html" not in region_html


def test_a_javascript_link_card_has_no_link_and_the_others_keep_theirs(client, site_tree):
    cards = {
        "id": "cards",
        "type": "link_cards",
        "value": {
            "heading": "Sites",
            "cards": [
                link_card("IUC", "https://iuc.eu/"),
                link_card("Trap", JAVASCRIPT),
                link_card("Data", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
                link_card("Write to us", "mailto:info@iurc.eu"),
            ],
        },
    }
    # Raw StreamField JSON, as a script or SQL would write it: no block validation.
    StandardPage.objects.filter(pk=site_tree.about.pk).update(body_en=[cards], body_vi=[cards])

    for language in ("en", "vi", "ja"):
        html = get(client, site_tree.about, language)

        assert_nothing_runs(html)
        soup = BeautifulSoup(html, "html.parser")
        titles = [card.find("h3").get_text() for card in soup.select(".link-cards .card")]
        hrefs = [link["href"] for link in soup.select(".link-cards .card__link")]
        assert titles == ["IUC", "Trap", "Data", "Write to us"]
        assert hrefs == ["https://iuc.eu/", "mailto:info@iurc.eu"]


def test_stored_rich_text_keeps_its_text_and_loses_what_runs_in_every_language(client, site_tree):
    paragraph = {"id": "p1", "type": "paragraph", "value": RICH_TEXT}
    StandardPage.objects.filter(pk=site_tree.about.pk).update(
        body_en=[paragraph], body_vi=[{**paragraph, "value": RICH_TEXT.replace("bold", "đậm")}]
    )
    AgreementIndexPage.objects.filter(pk=site_tree.agreement_index.pk).update(intro_en=RICH_TEXT)
    HomePage.objects.filter(pk=site_tree.home.pk).update(intro_en=RICH_TEXT, intro_vi=RICH_TEXT)

    for page in (site_tree.about, site_tree.agreement_index, site_tree.home):
        for language in ("en", "vi", "ja"):
            html = get(client, page, language)

            assert_nothing_runs(html)
            assert "<script>alert" not in html and "onerror" not in html
            assert '<a href="https://www.iurc.eu/">kept</a>' in html
            assert re.search(r"Before (<a>)?click", html)
    assert "<b>đậm</b>" in get(client, site_tree.about, "vi")


def test_markup_in_a_title_cannot_end_the_pages_json_ld(client, site_tree):
    title = "About </script><script>alert('title')</script> <!--<script>"
    StandardPage.objects.filter(pk=site_tree.about.pk).update(title_en=title)

    html = get(client, site_tree.about, "en")

    assert_nothing_runs(html)
    soup = BeautifulSoup(html, "html.parser")
    (script,) = soup.find_all("script", type="application/ld+json")
    assert "<" not in script.string
    data = json.loads(script.string)
    breadcrumbs = next(item for item in data["@graph"] if item["@type"] == "BreadcrumbList")
    assert breadcrumbs["itemListElement"][-1]["name"] == title
    assert soup.find("footer") is not None
