"""Language prefixes, translated slugs, redirects, the switcher and hreflang."""

import re
from html import unescape

import pytest
from django.utils import translation

from iurc.core import languages
from tests.factories import StandardPageFactory, publish


def test_root_redirects_to_the_language_of_accept_language(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="vi,en;q=0.5")

    assert response.status_code == 302
    assert response["Location"] == "/vi/"
    assert "Accept-Language" in response["Vary"]


def test_root_prefers_the_language_cookie(client, home):
    client.cookies["django_language"] = "th"

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="vi")

    assert response["Location"] == "/th/"


def test_root_falls_back_to_english(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,sw;q=0.8")

    assert response["Location"] == "/en/"


def test_unprefixed_path_redirects_permanently_to_the_translated_url(client, about_page):
    response = client.get("/about/?ref=mail", HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 301
    assert response["Location"] == "/vi/gioi-thieu/?ref=mail"


def test_another_languages_slug_redirects_to_the_right_translation(client, about_page):
    response = client.get("/vi/about/")

    assert response.status_code == 301
    assert response["Location"] == "/vi/gioi-thieu/"

    response = client.get("/en/gioi-thieu/")

    assert response.status_code == 301
    assert response["Location"] == "/en/about/"


def test_untranslated_slug_uses_the_english_slug(client, about_page):
    response = client.get("/ja/about/")

    assert response.status_code == 200
    assert '<html lang="ja"' in response.content.decode()


def test_unknown_path_is_a_404_not_a_redirect_loop(client, home):
    response = client.get("/vi/khong-co-trang-nay/")

    assert response.status_code == 404


def test_unprefixed_unknown_path_redirects_once_then_404s(client, home):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en", follow=True)

    assert response.redirect_chain == [("/en/no-such-page/", 301)]
    assert response.status_code == 404


def test_switcher_links_the_same_page_in_every_language_by_its_own_name(client, about_page):
    html = client.get("/vi/gioi-thieu/").content.decode()

    switcher = html[html.index('class="language-switcher"') :]
    # Through choose_language, which remembers the choice (see the tests below).
    assert (
        '<a href="/i18n/language/en/?next=/en/about/" lang="en" hreflang="en">English</a>'
        in switcher
    )
    assert 'next=/th/about/" lang="th" hreflang="th">ไทย</a>' in switcher
    assert 'next=/hi/about/" lang="hi" hreflang="hi">हिन्दी</a>' in switcher
    assert 'next=/zh-hans/about/" lang="zh-hans" hreflang="zh-hans">中文（简体）</a>' in switcher
    assert 'aria-current="true">Tiếng Việt</a>' in switcher


def switcher_href(html, code):
    switcher = html[html.index('class="language-switcher"') :]
    return unescape(re.search(rf'<a href="([^"]+)" lang="{code}"', switcher)[1])


def test_choosing_a_language_in_the_switcher_makes_root_return_to_it(client, about_page):
    html = client.get("/en/about/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    response = client.get(switcher_href(html, "vi"), follow=True)

    assert response.redirect_chain == [("/vi/gioi-thieu/", 302)]
    assert '<html lang="vi"' in response.content.decode()
    # Later, the browser asking for English as ever, "/" returns to the language chosen.
    root = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert root.status_code == 302
    assert root["Location"] == "/vi/"


def test_only_the_switcher_sets_the_cookie_and_pages_stay_cacheable(client, about_page):
    page = client.get("/vi/gioi-thieu/")
    choice = client.get("/i18n/language/th/?next=/th/about/")

    assert not page.cookies
    assert choice.cookies["django_language"].value == "th"
    assert choice.cookies["django_language"]["max-age"] == 365 * 24 * 60 * 60
    assert "no-store" in choice["Cache-Control"]


@pytest.mark.parametrize(
    "next_url",
    [
        "",
        "https://evil.example/vi/",
        "//evil.example/vi/",
        "/\\evil.example/vi/",
        "http://testserver/vi/gioi-thieu/",
        "/en/about/",  # a page, but not in the language chosen
        "/vi/gioi-thieu/\r\nSet-Cookie: x=y",
    ],
)
def test_a_next_url_off_site_or_in_another_language_leads_to_the_languages_home(
    client, home, next_url
):
    response = client.get("/i18n/language/vi/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/vi/"
    assert response.cookies["django_language"].value == "vi"


@pytest.mark.parametrize("code", ["xx", "de", "zh", "vi-VN", "%00"])
def test_an_unknown_language_sets_no_cookie_and_leads_to_root(client, home, code):
    response = client.get(f"/i18n/language/{code}/", {"next": f"/{code}/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "django_language" not in response.cookies


def test_every_language_and_x_default_are_declared_with_hreflang(client, about_page):
    html = client.get("/en/about/").content.decode()

    declared = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert set(declared) == {*languages.codes(), "x-default"}
    assert declared["vi"] == "http://testserver/vi/gioi-thieu/"
    assert declared["x-default"] == "http://testserver/en/about/"
    assert '<link rel="canonical" href="http://testserver/en/about/">' in html


@pytest.mark.parametrize("code", ["en", "vi", "zh-hans", "th", "hi", "ko"])
def test_html_lang_matches_the_url_language(client, home, code):
    response = client.get(f"/{code}/")

    assert response.status_code == 200
    assert f'<html lang="{code}"' in response.content.decode()


def test_search_page_switcher_keeps_the_query(client, home):
    html = client.get("/vi/search/?q=hanoi").content.decode()

    assert 'href="/i18n/language/en/?next=/en/search/%3Fq%3Dhanoi"' in html


def test_malay_links_to_a_page_with_only_an_indonesian_slug_lead_to_it(client, home):
    # Malay reads missing fields from Indonesian first, yet the URL keeps the English slug.
    page = StandardPageFactory(
        parent=home, title="Funding", slug="funding", title_ind="Pendanaan", slug_ind="pendanaan"
    )
    with translation.override("ms"):
        malay_url = page.get_url()

    response = client.get(malay_url)

    assert malay_url == "/ms/funding/"
    assert response.status_code == 200
    assert "Pendanaan" in response.content.decode()
    assert client.get("/id/pendanaan/").status_code == 200


def test_a_database_view_under_another_languages_slug_redirects_to_the_same_view(client, site_tree):
    site_tree.agreement_index.slug_vi = "thoa-thuan"
    publish(site_tree.agreement_index)
    region = site_tree.region.pk

    response = client.get(f"/vi/agreements/map/?region={region}")

    assert response.status_code == 301
    assert response["Location"] == f"/vi/thoa-thuan/map/?region={region}"
    assert client.get("/vi/agreements/no-such-view/").status_code == 404


def test_switcher_on_a_database_view_keeps_the_view_and_its_filters(client, site_tree):
    site_tree.agreement_index.slug_vi = "thoa-thuan"
    publish(site_tree.agreement_index)
    region = site_tree.region.pk

    html = client.get(f"/en/agreements/map/?region={region}&colour=red").content.decode()

    assert f'next=/vi/thoa-thuan/map/%3Fregion%3D{region}" lang="vi"' in html
    assert (
        f'<link rel="canonical" href="http://testserver/en/agreements/map/?region={region}">'
        in html
    )
    partner = site_tree.agreements[0].eu_members.first().partner_id
    html = client.get(f"/en/agreements/partners/{partner}/").content.decode()
    assert f'next=/vi/thoa-thuan/partners/{partner}/" lang="vi"' in html
