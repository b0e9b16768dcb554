"""Editors find pages and snippets by any of their translations."""

from tests.factories import PartnerFactory


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
