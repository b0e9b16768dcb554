"""The agreements database in a real browser: filter the list, see it on the map, download it."""

import csv
import re

import pytest
from django.db.models import Q

from partners.models import AgreementEUMember, AgreementPage, AgreementPartnerMember, Partner

TILES = re.compile(r"^https://tile\.openstreetmap\.org/")
REGION = "North America"


@pytest.fixture(scope="module")
def located_partners(demo_site, django_db_blocker):
    """Coordinates for every demo partner, committed for the server thread; the demo's own
    (partners/data/partner_locations.csv) are put back afterwards for the other tests."""
    with django_db_blocker.unblock():
        original = list(Partner.objects.values_list("pk", "latitude", "longitude"))
        for pk, _latitude, _longitude in original:
            Partner.objects.filter(pk=pk).update(
                latitude=(pk * 37) % 120 - 50, longitude=(pk * 71) % 340 - 170
            )
    yield
    with django_db_blocker.unblock():
        for pk, latitude, longitude in original:
            Partner.objects.filter(pk=pk).update(latitude=latitude, longitude=longitude)


def partners_of_region(region_title):
    """The partners of the published agreements of a region, straight from the database."""
    agreements = AgreementPage.objects.live().filter(region__title=region_title)
    return set(
        Partner.objects.filter(
            Q(pk__in=AgreementEUMember.objects.filter(agreement__in=agreements).values("partner"))
            | Q(
                pk__in=AgreementPartnerMember.objects.filter(agreement__in=agreements).values(
                    "partner"
                )
            )
        ).values_list("pk", flat=True)
    )


def heading_count(page):
    return int(re.match(r"\d+", page.locator("#results-heading").inner_text()).group())


def test_visitor_filters_the_list_sees_the_map_and_downloads_the_csv(
    site_url, new_page, located_partners, tmp_path
):
    page = new_page()
    # The map must not depend on the internet: with no tile server set, it asks for no tile
    # (tests/demo_site/browser/test_offline_maps.py refuses every other host).
    tile_requests = []

    def refuse_tile(route):
        tile_requests.append(route.request.url)
        route.abort()

    page.route(TILES, refuse_tile)

    page.goto(f"{site_url}/en/agreements/")
    everything = heading_count(page)

    region_select = page.locator("#filter-region")
    option = region_select.locator("option", has_text=REGION)
    expected = int(re.search(r"\((\d+)\)", option.inner_text()).group(1))
    # The list follows the choice at once (static/js/agreement-filters.js), with no button.
    region_select.select_option(option.get_attribute("value"))
    page.wait_for_url(re.compile(r"[?&]region=\d+"))

    assert heading_count(page) == expected
    assert 0 < expected < everything

    page.get_by_role("navigation", name="Views of the agreements").get_by_role(
        "link", name="Map"
    ).click()
    page.wait_for_url(re.compile(r"/en/agreements/map/\?.*region=\d+"))
    map_element = page.locator("#agreement-map")
    map_element.and_(page.locator("[data-drawn-partners]")).wait_for()

    drawn = {int(pk) for pk in map_element.get_attribute("data-drawn-partners").split()}
    assert drawn == partners_of_region(REGION)
    listed = {
        int(pk)
        for pk in page.locator("tr[data-partner]").evaluate_all(
            "rows => rows.map(row => row.dataset.partner)"
        )
    }
    assert listed == drawn
    assert int(map_element.get_attribute("data-drawn-lines")) > 0
    assert map_element.is_visible()
    assert map_element.get_attribute("aria-label")
    # The world's countries come from our static files, and no tile from the internet.
    page.locator("#agreement-map[data-outline-features]").wait_for()
    assert tile_requests == []
    assert "Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))

    assert download.suggested_filename.endswith(".csv")
    assert len(rows) == expected
    assert {row["region"] for row in rows} == {REGION}


def test_list_of_partners_is_there_when_javascript_is_off(browser, site_url, located_partners):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(f"{site_url}/en/agreements/map/")

    assert not page.locator("#agreement-map").is_visible()
    assert page.locator("tr[data-partner]").count() > 0
    first = page.locator("tr[data-partner] th a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/en/agreements/partners/\d+/$"))
    assert page.locator("h1").inner_text() == name
    context.close()


@pytest.mark.parametrize("lang", ["en", "th"])
def test_drawn_map_and_statistics_have_no_serious_accessibility_violation(
    site_url, new_page, located_partners, lang
):
    from axe_playwright_python.sync_playwright import Axe

    page = new_page(locale=lang)
    page.route(TILES, lambda route: route.abort())
    page.goto(f"{site_url}/{lang}/agreements/")
    list_url = page.url.split("?")[0]
    for view in ("map/", "statistics/"):
        page.goto(list_url + view)
        if view == "map/":
            page.locator("#agreement-map[data-drawn-partners]").wait_for()
        results = Axe().run(
            page,
            options={
                "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
            },
        )
        serious = [
            f"{violation['id']}: " + "; ".join(node["target"][0] for node in violation["nodes"][:3])
            for violation in results.response["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]
        assert serious == [], f"{page.url}"
