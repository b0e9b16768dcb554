"""What search engines and link previews read."""

import json
import re
from xml.etree import ElementTree

from django.db import connection
from django.test.utils import CaptureQueriesContext

from iurc.core import languages, sitemap
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
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own XML)
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

    body = client.get("/sitemap.xml").content.decode()

    assert site_tree.agreements[0].slug not in body
    assert site_tree.agreements[1].slug in body


def sitemap_queries(client, url="/sitemap.xml"):
    with CaptureQueriesContext(connection) as context:
        client.get(url)
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


def sitemap_locs(response, tag):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own XML)
    return [entry.find(f"{SITEMAP}loc").text for entry in root.findall(f"{SITEMAP}{tag}")]


def path_of(url):
    return url.removeprefix("http://testserver")


def test_a_large_site_is_an_index_of_small_files_per_language(client, site_tree, monkeypatch):
    every = set(sitemap_locs(client.get("/sitemap.xml"), "url"))
    monkeypatch.setattr(sitemap, "MAX_URLS_PER_FILE", 5)
    monkeypatch.setattr(sitemap, "PAGES_PER_FILE", 3)

    files = [path_of(url) for url in sitemap_locs(client.get("/sitemap.xml"), "sitemap")]

    # Every language has the same files, one per block of ids that holds a public page.
    by_language = {}
    for name in files:
        code, number = re.fullmatch(r"/sitemap-([a-z-]+)-(\d+)\.xml", name).groups()
        by_language.setdefault(code, []).append(int(number))
    assert sorted(by_language) == sorted(languages.codes())
    blocks = by_language["en"]
    assert len(blocks) > 1
    assert all(numbers == blocks for numbers in by_language.values())
    # Each file holds at most its block's pages, in its language; together, every URL.
    found = []
    for name in files:
        urls = sitemap_locs(client.get(name), "url")
        code = re.fullmatch(r"/sitemap-([a-z-]+)-\d+\.xml", name).group(1)
        assert 0 < len(urls) <= 3
        assert all(path_of(url).startswith(f"/{code}/") for url in urls)
        found += urls
    assert sorted(found) == sorted(every)
    assert len(found) == len(set(found))
    # A language's own sitemap is the index of its files.
    vi_files = [path_of(url) for url in sitemap_locs(client.get("/sitemap-vi.xml"), "sitemap")]
    assert vi_files == [f"/sitemap-vi-{number}.xml" for number in blocks]


def test_a_sitemap_file_costs_the_same_queries_as_pages_are_added(client, site_tree, monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_URLS_PER_FILE", 10)
    monkeypatch.setattr(sitemap, "PAGES_PER_FILE", 5)
    files = [path_of(url) for url in sitemap_locs(client.get("/sitemap.xml"), "sitemap")]
    files = [name for name in files if name.startswith("/sitemap-en-")]
    index_before = sitemap_queries(client)
    file_before = sitemap_queries(client, files[-1])  # the block new pages go to
    for i in range(10):
        AgreementPageFactory(parent=site_tree.agreement_index, title=f"More {i}")

    assert sitemap_queries(client) == index_before
    # Which blocks the new pages fill depends on the ids the database hands out; at least one
    # block is full now, and every file costs what the last one did before.
    after = [path_of(url) for url in sitemap_locs(client.get("/sitemap-en.xml"), "sitemap")]
    assert max(len(sitemap_locs(client.get(name), "url")) for name in after) == 5
    assert {sitemap_queries(client, name) for name in after} == {file_before}


def test_a_sitemap_file_that_does_not_exist_is_not_found(client, site_tree, monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_URLS_PER_FILE", 5)
    monkeypatch.setattr(sitemap, "PAGES_PER_FILE", 3)
    files = [path_of(url) for url in sitemap_locs(client.get("/sitemap-vi.xml"), "sitemap")]
    first, last = (int(re.search(r"-(\d+)\.xml", name)[1]) for name in (files[0], files[-1]))
    assert client.get(f"/sitemap-vi-{first}.xml").status_code == 200
    for name in (
        "vi-0",
        f"vi-0{first}",
        f"vi-{first}.0",
        f"vi-{last + 1000}",
        "vi-x",
        "vi- 1",
        "vi-²",
        "vi-1-1",
        "vi-",
        "xx-1",
        "vi-99999999999999999999999",
        "-1",
    ):
        assert client.get(f"/sitemap-{name}.xml").status_code == 404, name


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
