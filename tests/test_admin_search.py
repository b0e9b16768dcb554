"""Editors find pages and snippets by any of their translations."""

import io

import pytest
from django.core.management import call_command

from tests.factories import PartnerFactory


@pytest.fixture(autouse=True)
def wagtail_search_index(settings, db, wagtail_search_updates):
    """Wagtail's own search index, which the test settings do not keep (it serves only the
    admin's search): kept up to date on save, as in production, and built for what exists."""
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    call_command("update_index", stdout=io.StringIO())


def test_admin_page_search_finds_a_page_by_its_vietnamese_title(admin_client, about_page):
    response = admin_client.get("/admin/pages/search/", {"q": "Giới thiệu"})

    assert response.status_code == 200
    assert about_page.pk in [page.pk for page in response.context["pages"]]


def test_partner_listing_finds_a_partner_by_a_translated_name(admin_client, db):
    PartnerFactory(name="Hanoi", name_vi="Hà Nội", country_id="VN")
    PartnerFactory(name="Lisbon", country_id="PT")

    response = admin_client.get("/admin/snippets/partners/partner/", {"q": "Hà Nội"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Hanoi" in html
    assert "Lisbon" not in html


def test_admin_page_search_never_matches_none_for_missing_translations(admin_client, about_page):
    response = admin_client.get("/admin/pages/search/", {"q": "None"})

    assert list(response.context["pages"]) == []
