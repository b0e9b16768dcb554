"""The map view of the agreements database: filtered partners, lines, and the list fallback."""

import gzip
import json
import re
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from partners import views
from tests.built_once import site_fixture
from tests.factories import (
    AgreementIndexPageFactory,
    AgreementPageFactory,
    PartnerFactory,
    RegionIndexPageFactory,
    RegionPageFactory,
)

ROOT = Path(settings.BASE_DIR)


@site_fixture
def database(home):
    """Three agreements: two in 2018 (one of them a trio), one in 2019 in another region."""
    index = AgreementIndexPageFactory(parent=home)
    regions = RegionIndexPageFactory(parent=home)
    asia = RegionPageFactory(parent=regions, title="Asia & Australasia", slug="asia")
    americas = RegionPageFactory(parent=regions, title="Latin America", slug="latin-america")
    lisbon = PartnerFactory(
        name="Lisbon", country_id="PT", latitude="38.722252", longitude="-9.139337"
    )
    porto = PartnerFactory(name="Porto", country_id="PT", latitude="41.15", longitude="-8.61")
    hanoi = PartnerFactory(
        name="Hanoi", country_id="VN", latitude="21.028511", longitude="105.804817"
    )
    hue = PartnerFactory(name="Huế", country_id="VN")  # no known location
    curitiba = PartnerFactory(
        name="Curitiba", country_id="BR", latitude="-25.43", longitude="-49.27"
    )
    pairing = AgreementPageFactory(
        parent=index,
        title="Lisbon – Hanoi",
        region=asia,
        start_year=2018,
        eu=[lisbon],
        partners=[hanoi],
    )
    trio = AgreementPageFactory(
        parent=index,
        title="Porto – Hanoi – Huế",
        kind="trio",
        region=asia,
        start_year=2018,
        eu=[porto],
        partners=[hanoi, hue],
    )
    other = AgreementPageFactory(
        parent=index,
        title="Lisbon – Curitiba",
        region=americas,
        start_year=2019,
        eu=[lisbon],
        partners=[curitiba],
    )
    return SimpleNamespace(
        index=index,
        map_url=f"{index.url}map/",
        asia=asia,
        americas=americas,
        partners=SimpleNamespace(
            lisbon=lisbon, porto=porto, hanoi=hanoi, hue=hue, curitiba=curitiba
        ),
        agreements=[pairing, trio, other],
    )


def map_data_url(response):
    """The URL the map script reads its data from, as the page gives it (None: no map)."""
    match = re.search(
        r'<div id="agreement-map"[^>]* data-source="([^"]*)"', response.content.decode()
    )
    return unescape(match.group(1)) if match else None


def fetched_map_data(client, response):
    """What the map script draws on this page: the JSON at the page's data URL."""
    url = map_data_url(response)
    if url is None:
        return None
    data = client.get(url)
    assert data.status_code == 200
    assert data["Content-Type"] == "application/json"
    return data.json()


def drawn_names(data):
    return sorted(partner[3] for partner in data["partners"])


def drawn_links(data):
    names = [partner[3] for partner in data["partners"]]
    return sorted(tuple(sorted((names[first], names[second]))) for first, second in data["links"])


def listed_names(response):
    return [partner.name for partner in response.context["partners"]]


def test_map_shows_every_partner_of_the_published_agreements(client, database):
    response = client.get(database.map_url)

    assert response.status_code == 200
    assert listed_names(response) == ["Curitiba", "Hanoi", "Huế", "Lisbon", "Porto"]
    assert drawn_names(fetched_map_data(client, response)) == [
        "Curitiba",
        "Hanoi",
        "Lisbon",
        "Porto",
    ]


def test_map_follows_the_filters_of_the_query_string(client, database):
    response = client.get(database.map_url, {"region": database.americas.pk})

    assert listed_names(response) == ["Curitiba", "Lisbon"]
    assert drawn_names(fetched_map_data(client, response)) == ["Curitiba", "Lisbon"]
    assert drawn_links(fetched_map_data(client, response)) == [("Curitiba", "Lisbon")]
    # The filter form posts back to the map, with the region chosen.
    html = response.content.decode()
    assert f'action="{database.map_url}"' in html
    assert f'<option value="{database.americas.pk}" selected>' in html


def test_map_draws_one_line_per_pair_of_partners_that_share_an_agreement(client, database):
    # A second agreement between Lisbon and Hanoi must not draw a second line.
    AgreementPageFactory(
        parent=database.index,
        title="Lisbon – Hanoi again",
        start_year=2018,
        eu=[database.partners.lisbon],
        partners=[database.partners.hanoi],
    )

    data = fetched_map_data(client, client.get(database.map_url, {"year": 2018}))

    # The trio joins all three of its partners, but Huế has no location to draw a line to.
    assert drawn_links(data) == [("Hanoi", "Lisbon"), ("Hanoi", "Porto")]
    counts = {partner[3]: partner[4] for partner in data["partners"]}
    assert counts == {"Hanoi": 3, "Lisbon": 2, "Porto": 1}


def test_the_page_points_to_its_data_and_does_not_embed_it(client, database):
    response = client.get(database.map_url, {"region": database.asia.pk, "year": 2018})
    html = response.content.decode()

    # One URL per language and filters, in a stable order, whatever else the visitor sent.
    assert map_data_url(response) == (
        f"{database.map_url}data/?region={database.asia.pk}&year=2018"
    )
    assert 'id="agreement-map-data"' not in html
    assert "105.8048" not in html  # Hanoi's longitude is only in the data
    assert map_data_url(client.get(database.map_url, {"page": "2", "utm": "x"})) == (
        f"{database.map_url}data/"
    )
    with translation.override("vi"):
        url = f"{database.index.url}map/"
    assert map_data_url(client.get(url)) == f"{url}data/"


def test_map_data_holds_only_published_partners_of_public_agreements(client, database):
    hidden_partner = PartnerFactory(name="Unpublished partner", latitude="1.0", longitude="2.0")
    AgreementPageFactory(
        parent=database.index,
        title="Lisbon – hidden partner",
        start_year=2018,
        eu=[database.partners.lisbon],
        partners=[hidden_partner],
    )
    hidden_partner.live = False
    hidden_partner.save()
    draft_partner = PartnerFactory(name="Partner of a draft", latitude="3.0", longitude="4.0")
    draft = AgreementPageFactory(
        parent=database.index,
        title="Porto – draft",
        start_year=2018,
        eu=[database.partners.porto],
        partners=[draft_partner],
    )
    draft.unpublish()

    data = client.get(f"{database.map_url}data/").json()

    assert drawn_names(data) == ["Curitiba", "Hanoi", "Lisbon", "Porto"]
    counts = {partner[3]: partner[4] for partner in data["partners"]}
    assert counts["Lisbon"] == 3  # the agreement with the unpublished partner is public
    assert counts["Porto"] == 1


def test_many_results_list_their_countries_with_links_to_narrow_the_map(
    client, database, monkeypatch
):
    monkeypatch.setattr(views, "MAP_LIST_LIMIT", 2)

    response = client.get(database.map_url)
    html = response.content.decode()

    assert "partners" not in response.context
    assert 'data-partner="' not in html
    countries = {
        country.code: (country.name, country.agreements)
        for country in response.context["countries"]
    }
    assert countries == {"BR": ("Brazil", 1), "PT": ("Portugal", 3), "VN": ("Vietnam", 2)}
    row = re.search(r'<tr data-country="VN">(.*?)</tr>', html, re.S).group(1)
    assert f'<a href="{database.map_url}?country=VN">Vietnam</a>' in row
    assert "Countries in these results" in html
    # The map still draws every partner of the results.
    assert drawn_names(fetched_map_data(client, response)) == [
        "Curitiba",
        "Hanoi",
        "Lisbon",
        "Porto",
    ]
    # A country chosen that still has too many agreements: its agreements' countries, counted
    # with the country filter, and links that keep the other filters.
    response = client.get(database.map_url, {"country": "PT", "region": database.asia.pk})
    assert [c.code for c in response.context.get("countries") or []] == []
    assert listed_names(response) == ["Hanoi", "Huế", "Lisbon", "Porto"]
    response = client.get(database.map_url, {"country": "PT"})
    countries = {c.code: c.agreements for c in response.context["countries"]}
    assert countries == {"BR": 1, "PT": 3, "VN": 2}
    assert f'href="{database.map_url}?country=BR"' in response.content.decode()
    # Narrowed to few enough agreements, the partners are listed again.
    response = client.get(database.map_url + "?country=BR")
    assert listed_names(response) == ["Curitiba", "Lisbon"]


def test_list_holds_the_partners_for_visitors_without_javascript_or_map(client, database):
    response = client.get(database.map_url, {"year": 2018})
    html = response.content.decode()

    # Name linking to the profile, country in the reader's language, agreements in the results.
    hanoi = database.partners.hanoi
    row = re.search(rf'<tr data-partner="{hanoi.pk}">(.*?)</tr>', html, re.S).group(1)
    assert f'<a href="{database.index.url}partners/{hanoi.pk}/">Hanoi</a>' in row
    assert "<td>Vietnam</td>" in row
    assert '<td class="data-table__number">2</td>' in row
    # The map itself waits for its script: without it, only the list is there.
    assert re.search(r'<div id="agreement-map"[^>]* hidden', html)
    assert "1 partner has no known location and is only in this list." in html


def test_partners_of_the_same_name_differ_by_kind_in_the_list_and_on_the_map(client, database):
    city = PartnerFactory(
        name="Chongqing", kind="city", country_id="CN", latitude="29.563", longitude="106.5516"
    )
    region = PartnerFactory(
        name="Chongqing", kind="region", country_id="CN", latitude="30.0", longitude="107.5"
    )
    AgreementPageFactory(
        parent=database.index,
        title="Lisbon – Chongqing",
        start_year=2023,
        eu=[database.partners.lisbon],
        partners=[city],
    )
    AgreementPageFactory(
        parent=database.index,
        title="Porto – Chongqing",
        kind="region",
        start_year=2023,
        eu=[database.partners.porto],
        partners=[region],
    )

    with translation.override("vi"):
        url = f"{database.index.url}map/"
    response = client.get(url, {"year": 2023})
    html = response.content.decode()

    rows = {
        pk: re.search(rf'<tr data-partner="{pk}">(.*?)</tr>', html, re.S).group(1)
        for pk in (city.pk, region.pk)
    }
    assert "<td>Thành phố</td>" in rows[city.pk]  # City, in the reader's language
    assert "<td>Khu vực</td>" in rows[region.pk]
    assert all("<td>Trung Quốc</td>" in row for row in rows.values())
    data = fetched_map_data(client, response)
    drawn = {partner[0]: partner for partner in data["partners"]}
    assert drawn[city.pk][5:] == ["city", "CN"]
    assert drawn[region.pk][5:] == ["region", "CN"]
    assert data["kinds"] == {"city": "Thành phố", "region": "Khu vực"}
    assert data["countries"]["CN"] == "Trung Quốc"


def test_map_draws_the_world_outline_from_our_static_files_and_no_tiles_by_default(
    client, database
):
    html = client.get(database.map_url).content.decode()

    element = re.search(r'<div id="agreement-map"[^>]*>', html).group()
    assert 'data-outline="/static/vendor/world-atlas/countries-110m.json"' in element
    assert "data-tiles" not in element
    assert 'id="agreement-map-status"' not in html  # no tiles, no tile error to report
    for script in ("vendor/topojson-client/topojson-client.min.js", "js/map-background.js"):
        assert f'<script defer src="/static/{script}"></script>' in html


@pytest.mark.parametrize("link", ["", "https://www.openstreetmap.org/copyright"])
def test_tiles_set_by_the_environment_are_offered_to_the_map_script(client, database, link):
    tiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    with override_settings(
        IURC_MAP_TILES=tiles,
        IURC_MAP_TILES_ATTRIBUTION="© OpenStreetMap <contributors>",
        IURC_MAP_TILES_ATTRIBUTION_URL=link,
    ):
        html = client.get(database.map_url).content.decode()

    element = re.search(r'<div id="agreement-map"[^>]*>', html).group()
    assert f'data-tiles="{tiles}"' in element
    assert 'data-tiles-attribution="© OpenStreetMap &lt;contributors&gt;"' in element
    assert ('data-tiles-attribution-url="' in element) == bool(link)
    assert 'id="agreement-map-status"' in html


def test_partner_profiles_linked_from_the_list_exist(client, database):
    response = client.get(database.map_url)

    for partner in response.context["partners"]:
        assert client.get(partner.url).status_code == 200


def test_map_loads_leaflet_and_its_script_from_our_static_files_deferred(client, database):
    html = client.get(database.map_url).content.decode()

    assert '<script defer src="/static/vendor/leaflet/leaflet.js"></script>' in html
    assert '<script defer src="/static/js/agreement-map.js"></script>' in html
    assert '<link rel="stylesheet" href="/static/vendor/leaflet/leaflet.css">' in html
    # No inline script: the data is JSON the browser does not run.
    assert re.findall(r"<script(?![^>]*(?:src=|application/(?:ld\+)?json))[^>]*>", html) == []


def test_map_without_located_partners_shows_only_the_list(client, database):
    response = client.get(database.map_url, {"q": "Huế"})
    html = response.content.decode()

    assert listed_names(response) == ["Hanoi", "Huế", "Porto"]
    assert 'id="agreement-map"' in html  # Hanoi and Porto are located
    response = client.get(database.map_url, {"region": database.asia.pk, "year": 2019})
    html = response.content.decode()
    assert listed_names(response) == []
    assert 'id="agreement-map"' not in html
    assert "No agreement matches these filters." in html


def test_partner_list_is_paginated_and_keeps_the_filters(client, database, monkeypatch):
    monkeypatch.setattr(views, "MAP_PARTNERS_PER_PAGE", 2)

    response = client.get(database.map_url, {"year": 2018, "page": 2})

    assert listed_names(response) == ["Lisbon", "Porto"]
    assert 'href="?year=2018&amp;page=1"' in response.content.decode()
    # Every located partner is on the map, whatever page of the list is shown.
    assert drawn_names(fetched_map_data(client, response)) == ["Hanoi", "Lisbon", "Porto"]


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "999"},
        {"region": "nope"},
        {"year": ["2018", "2019"]},
        {"q": "%%%"},
    ],
)
def test_bad_query_strings_still_show_the_map(client, database, params):
    response = client.get(database.map_url, params)

    assert response.status_code == 200
    assert fetched_map_data(client, response) is not None


def test_map_is_in_the_readers_language(client, database):
    with translation.override("vi"):
        url = f"{database.index.url}map/"
    html = client.get(url).content.decode()

    assert '<html lang="vi"' in html
    assert "<td>Việt Nam</td>" in html


def grow(database, count):
    start = database.index.get_children().count()
    for i in range(start, start + count):
        AgreementPageFactory(
            parent=database.index,
            title=f"Extra agreement {i}",
            region=database.asia,
            start_year=2018,
            eu=[PartnerFactory(country_id="IT", latitude="45.0", longitude=f"{i % 10}.5")],
            partners=[
                PartnerFactory(country_id="JP", latitude="35.0", longitude="139.0"),
                PartnerFactory(country_id="VN"),
            ],
        )


MAP_QUERY_BUDGET = 20
QUERY_STRINGS = ["", "?year=2018", "?q=Hanoi&region={region}", "?page=2"]


def count_queries(client, url, django_assert_max_num_queries):
    client.get(url)  # warm Wagtail's cached site root paths, as in production
    with django_assert_max_num_queries(MAP_QUERY_BUDGET) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_map_makes_as_many_queries_with_60_agreements_as_with_10(
    client, database, django_assert_max_num_queries
):
    urls = [
        database.map_url + view + params.format(region=database.asia.pk)
        for view in ("", "data/")  # the page, and the data its script reads
        for params in QUERY_STRINGS
    ]
    grow(database, 7)
    with_10 = [count_queries(client, url, django_assert_max_num_queries) for url in urls]

    grow(database, 50)
    with_60 = [count_queries(client, url, django_assert_max_num_queries) for url in urls]

    assert with_60 == with_10


def test_map_data_stays_compact():
    partners = [
        views.MapPartner(
            pk=i, name=f"City {i}", country_code="ES", latitude=40.123456789, longitude=-3.5
        )
        for i in range(3)
    ]

    data = views.map_data(partners, {(0, 1), (1, 2), (0, 2)})

    assert data["partners"][0] == [0, 40.1235, -3.5, "City 0", 0, "city", "ES"]
    # Kind and country names once each, however many partners share them.
    assert data["kinds"] == {"city": "City"}
    assert data["countries"] == {"ES": "Spain"}
    assert data["links"] == [[0, 1], [0, 2], [1, 2]]


def test_vendored_leaflet_is_the_version_package_lock_pins():
    lock = json.loads((ROOT / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/leaflet"]["version"]
    declared = json.loads((ROOT / "package.json").read_text())["dependencies"]["leaflet"]
    vendored = (ROOT / "static/vendor/leaflet/leaflet.js").read_text()[:300]

    assert declared == pinned, "package.json must pin the exact version"
    assert re.search(r"\* Leaflet (\S+),", vendored).group(1) == pinned
    for name in ("leaflet.css", "leaflet.js.map", "LICENSE", "images/marker-icon.png"):
        assert (ROOT / "static/vendor/leaflet" / name).is_file(), name


def test_vendored_world_outline_is_the_version_package_lock_pins_and_stays_light():
    lock = json.loads((ROOT / "package-lock.json").read_text())
    declared = json.loads((ROOT / "package.json").read_text())["dependencies"]
    vendor = ROOT / "static/vendor"
    outline = (vendor / "world-atlas/countries-110m.json").read_bytes()
    client_script = (vendor / "topojson-client/topojson-client.min.js").read_text()

    for package in ("world-atlas", "topojson-client"):
        assert declared[package] == lock["packages"][f"node_modules/{package}"]["version"]
        assert (vendor / package / "LICENSE").is_file(), package
    assert f"topojson-client v{declared['topojson-client']} " in client_script[:200]
    countries = json.loads(outline)["objects"]["countries"]["geometries"]
    assert len(countries) > 150
    # What a visitor downloads once for every map: 38 KB gzipped (WhiteNoise serves it so).
    assert len(gzip.compress(outline, 9)) < 45_000
