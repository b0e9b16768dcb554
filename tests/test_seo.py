"""What search engines and link previews read."""

import json
import re
from xml.etree import ElementTree

from django.db import connection
from django.test.utils import CaptureQueriesContext

from iurc.core import languages
from tests.factories import AgreementPageFactory, PartnerFactory

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def json_ld(html):
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )


def test_title_and_description_are_in_the_page_language(client, about_page):
    html = client.get("/vi/gioi-thieu/").content.decode()

    assert "<title>Giới thiệu · " in html
    description = re.search(r'<meta name="description" content="([^"]*)">', html)[1]
    assert description.startswith("Bước vào giai đoạn thứ hai")
    assert len(description) <= 160


def test_seo_fields_win_over_the_page_text(client, about_page):
    about_page.seo_title_vi = "Về chương trình IURC"
    about_page.search_description_vi = "Mô tả ngắn về chương trình."
    about_page.save_revision().publish()

    html = client.get("/vi/gioi-thieu/").content.decode()

    assert "<title>Về chương trình IURC · " in html
    assert '<meta name="description" content="Mô tả ngắn về chương trình.">' in html
    assert '<meta property="og:title" content="Về chương trình IURC">' in html


def test_open_graph_and_twitter_tags(client, about_page):
    html = client.get("/vi/gioi-thieu/").content.decode()

    assert '<meta property="og:locale" content="vi_VN">' in html
    assert '<meta property="og:locale:alternate" content="th_TH">' in html
    assert '<meta property="og:url" content="http://testserver/vi/gioi-thieu/">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_json_ld_describes_organisation_website_search_and_breadcrumbs(client, about_page):
    data = json_ld(client.get("/vi/gioi-thieu/").content.decode())

    types = {item["@type"]: item for item in data["@graph"]}
    assert set(types) == {"Organization", "WebSite", "BreadcrumbList"}
    action = types["WebSite"]["potentialAction"]
    assert action["target"]["urlTemplate"] == (
        "http://testserver/vi/search/?q={search_term_string}"
    )
    crumbs = types["BreadcrumbList"]["itemListElement"]
    assert [crumb["item"] for crumb in crumbs] == [
        "http://testserver/vi/",
        "http://testserver/vi/gioi-thieu/",
    ]


def test_sitemap_lists_every_live_page_in_every_language_with_alternates(client, site_tree):
    response = client.get("/sitemap.xml")

    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(b"".join(response.streaming_content))  # noqa: S314 (our own XML)
    urls = root.findall(f"{SITEMAP}url")
    live_pages = 1 + 1 + 2 + 2 + 1 + len(site_tree.agreements)  # home, about, indexes…
    assert len(urls) == live_pages * len(languages.codes())
    locs = {url.find(f"{SITEMAP}loc").text for url in urls}
    assert "http://testserver/vi/gioi-thieu/" in locs
    assert "http://testserver/th/about/" in locs
    about = next(u for u in urls if u.find(f"{SITEMAP}loc").text.endswith("/en/about/"))
    alternates = {link.get("hreflang"): link.get("href") for link in about.findall(f"{XHTML}link")}
    assert alternates["vi"] == "http://testserver/vi/gioi-thieu/"
    assert alternates["x-default"] == "http://testserver/en/about/"


def test_sitemap_leaves_out_unpublished_pages(client, site_tree):
    site_tree.agreements[0].unpublish()

    body = b"".join(client.get("/sitemap.xml").streaming_content).decode()

    assert site_tree.agreements[0].slug not in body
    assert site_tree.agreements[1].slug in body


def sitemap_queries(client):
    with CaptureQueriesContext(connection) as context:
        b"".join(client.get("/sitemap.xml").streaming_content)
    return len(context.captured_queries)


def test_sitemap_query_count_does_not_grow_with_pages(client, site_tree):
    before = sitemap_queries(client)
    for i in range(10):
        AgreementPageFactory(
            parent=site_tree.agreement_index,
            title=f"More {i}",
            eu=[PartnerFactory(country_id="DE")],
            partners=[PartnerFactory(country_id="IN")],
        )

    assert sitemap_queries(client) == before


def test_language_sitemaps_exist_and_unknown_ones_404(client, about_page):
    assert client.get("/sitemap-vi.xml").status_code == 200
    assert client.get("/sitemap-xx.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin(client, db):
    body = client.get("/robots.txt").content.decode()

    assert "Disallow: /admin/" in body
    assert "Disallow: /i18n/" in body  # the switcher's cookie-setting redirects
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_404_page_is_translated_and_says_not_found(client, home):
    response = client.get("/vi/khong-co/")

    assert response.status_code == 404
    assert '<html lang="vi"' in response.content.decode()
    assert "Page not found" not in response.content.decode()
