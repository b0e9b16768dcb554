"""The demo partners get coordinates from partners/data/partner_locations.csv, so the
agreements map has something to draw; editors' coordinates are never overwritten."""

import csv
from decimal import Decimal

import pytest

from iurc.demo.builder import (
    PAIRINGS_CSV,
    PARTNER_LOCATIONS_CSV,
    locate_partners,
    read_partner_locations,
)
from partners.importer import KIND_ALIASES, RowParser, read_csv
from partners.models import Partner
from partners.writer import PARTNER_KIND_BY_AGREEMENT_KIND
from tests.factories import PartnerFactory

# Countries of the Americas, west of Greenwich, and countries wholly south of the equator.
WEST_OF_GREENWICH = {"AR", "BR", "CA", "CL", "CO", "MX", "PE", "US"}
SOUTH_OF_EQUATOR = {"AR", "AU", "CL", "NZ"}


def pairing_partners():
    """(name, country, kind) of every partner importing pairings.csv creates, paired as the
    importer pairs names with country codes."""
    parser = RowParser()
    partners = set()
    for line, row in read_csv(PAIRINGS_CSV.open(encoding="utf-8")):
        kind = PARTNER_KIND_BY_AGREEMENT_KIND[KIND_ALIASES[row["kind"].casefold()]]
        errors = []
        for names, codes, in_eu in (
            (row["eu_side"], row["eu_countries"], True),
            (row["partner_side"], row["partner_countries"], False),
        ):
            for name, code in parser.side(line, names, codes, "side", in_eu, errors):
                partners.add((name, code, kind))
        assert errors == [], errors
    return partners


def coordinates():
    return {
        pk: (latitude, longitude)
        for pk, latitude, longitude in Partner.objects.values_list("pk", "latitude", "longitude")
    }


@pytest.fixture
def pairing_partners_without_location(db):
    return [
        Partner.objects.create(name=name, country_id=code, kind=kind)
        for name, code, kind in sorted(pairing_partners())
    ]


def test_locations_file_lists_exactly_the_partners_of_the_pairings(db):
    partners = {(name.casefold(), code) for name, code, _kind in pairing_partners()}

    assert len(partners) > 100
    assert set(read_partner_locations()) == partners


def test_every_partner_of_the_pairings_is_placed_once(pairing_partners_without_location):
    partners = pairing_partners_without_location

    assert locate_partners() == len(partners)
    first = coordinates()
    assert locate_partners() == 0
    assert coordinates() == first
    assert all(None not in location for location in first.values())


def test_location_rows_are_unique_with_four_decimals():
    with PARTNER_LOCATIONS_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    keys = [(row["name"].casefold(), row["country"]) for row in rows]

    assert len(keys) == len(set(keys))
    for row in rows:
        for column in ("latitude", "longitude"):
            assert Decimal(row[column]).as_tuple().exponent == -4, row


def test_locations_lie_in_the_right_hemispheres():
    locations = read_partner_locations()

    for (name, country), (latitude, longitude) in locations.items():
        assert -90 <= latitude <= 90 and -180 <= longitude <= 180, name
        if country in WEST_OF_GREENWICH:
            assert longitude < 0, name
        if country in SOUTH_OF_EQUATOR:
            assert latitude < 0, name
    assert locations[("são paulo", "BR")][0] < 0
    assert locations[("seoul", "KR")][1] > 0


def test_locating_keeps_coordinates_an_editor_set(db):
    locations = {
        ("edited town", "ES"): (Decimal("40"), Decimal("-3")),
        ("plain town", "ES"): (Decimal("37.3891"), Decimal("-5.9845")),
    }
    edited = PartnerFactory(name="Edited town", latitude=Decimal("1.5"), longitude=None)
    plain = PartnerFactory(name="Plain town")
    unknown = PartnerFactory(name="Unknown town")

    assert locate_partners(locations) == 1
    assert locate_partners(locations) == 0

    for partner in (edited, plain, unknown):
        partner.refresh_from_db()
    assert (edited.latitude, edited.longitude) == (Decimal("1.5"), None)
    assert (plain.latitude, plain.longitude) == (Decimal("37.3891"), Decimal("-5.9845"))
    assert (unknown.latitude, unknown.longitude) == (None, None)


def test_a_broken_locations_file_is_reported_with_its_line(tmp_path):
    path = tmp_path / "locations.csv"
    path.write_text("name,country,latitude,longitude\nSeville,ES,37.3891,-5.9845\nX,ES,95,1\n")

    with pytest.raises(ValueError, match="line 3: coordinates out of range"):
        read_partner_locations(path)
