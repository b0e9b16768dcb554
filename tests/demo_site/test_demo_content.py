"""`load_demo_content` builds the whole demo site, and running it again changes nothing."""

import csv

import pytest

from iurc.demo import about as seed
from iurc.demo.builder import PAIRINGS_CSV
from iurc.home.models import StandardPage
from partners.models import AgreementPage
from regions.models import RegionPage

# Also makes pytest-django create the test database for the package's demo site.
pytestmark = pytest.mark.django_db


def test_demo_content_is_idempotent(demo_site, db):
    first, second = demo_site

    assert second == first
    assert first["agreements"] == 71


def test_every_pairing_row_becomes_an_agreement(demo_site, db):
    with PAIRINGS_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    assert AgreementPage.objects.live().count() == len(rows)
    trio = AgreementPage.objects.get(title_en="Zagreb, Rijeka – Kawasaki")
    assert trio.kind == "trio"
    assert [m.partner.name for m in trio.eu_members.all()] == ["Zagreb", "Rijeka"]
    assert trio.programme_phase.acronym == "IURC"
    assert trio.region.title_en == "Asia & Australasia"
    assert trio.start_year == 2021


def test_empty_cells_stay_unknown(demo_site, db):
    agreement = AgreementPage.objects.get(title_en="Barcelona – New York City")

    assert agreement.start_year is None
    assert list(agreement.themes.all()) == []


def test_about_page_reproduces_the_seed_in_vietnamese(client, demo_site, db):
    about = StandardPage.objects.get(slug_en="about")

    html = client.get("/vi/gioi-thieu/").content.decode()

    assert about.title_vi == "Giới thiệu"
    for text in [
        *seed.PARAGRAPHS["vi"],
        seed.FUNDING["vi"],
        *(q["text"]["vi"] for q in seed.QUOTES),
    ]:
        assert text in html
    assert seed.PHASE_ONE_HEADING["vi"] in html
    # The Phase II cards link to the portal's own region pages, in Vietnamese.
    assert 'href="/vi/khu-vuc/my-latinh/"' in html
    assert 'href="https://www.iuc-asia.eu/"' in html
    # No English button labels left in the Vietnamese page.
    assert "Visit page" not in html and "Visit website" not in html


def test_regions_list_their_partner_countries_in_the_readers_language(client, demo_site, db):
    html = client.get("/vi/khu-vuc/chau-a-va-chau-uc/").content.decode()

    assert "Việt Nam" in html
    assert "Nhật Bản" in html
    # The region shows its newest agreements and links to all of them in the database.
    region = RegionPage.objects.get(slug_en="asia-australasia")
    assert f'href="/vi/thoa-thuan/?region={region.pk}"' in html
    listed = client.get(f"/vi/thoa-thuan/?region={region.pk}&kind=trio").content.decode()
    assert "Zagreb, Rijeka – Kawasaki" in listed
