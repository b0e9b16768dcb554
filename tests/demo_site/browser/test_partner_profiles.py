"""A Vietnamese visitor on a phone goes from the agreements list to a partner's profile."""

import re

from django.core.files.storage import default_storage
from playwright.sync_api import expect

from partners.models import Partner


def test_vietnamese_visitor_opens_a_partner_profile_with_its_name_photo_and_agreements(
    site_url, new_page, django_db_blocker
):
    with django_db_blocker.unblock():
        photo_file = Partner.objects.get(name_en="Chongqing", kind="city").photo.file.name
    assert default_storage.exists(photo_file), f"the demo's {photo_file} is not in storage"
    page = new_page(locale="vi-VN", width=375, height=812)
    page.goto(f"{site_url}/vi/thoa-thuan/?country=CN")

    card = page.locator(".agreement-card", has_text="Santiago de Compostela")
    card.get_by_role("link", name="Trùng Khánh", exact=True).click()

    expect(page.locator("h1")).to_have_text("Trùng Khánh")
    photo = page.locator(".partner-profile__photo img")
    expect(photo).to_have_attribute("alt", re.compile(r"\S"))
    page.wait_for_function(
        "image => image.complete && image.naturalWidth > 0", arg=photo.element_handle()
    )
    expect(page.locator(".partner-profile__photo figcaption")).to_contain_text("Hình ảnh")
    expect(page.locator("dl.facts")).to_contain_text("Trung Quốc")
    agreements = page.locator("#partner-agreements + h3 + .agreement-list .agreement-card")
    expect(agreements.first).to_contain_text("Santiago de Compostela")
    # The page is in Vietnamese, the phase's heading too.
    assert page.locator("html").get_attribute("lang") == "vi"
    expect(page.locator("h2#partner-agreements")).to_have_text(re.compile(r"^\d+ thỏa thuận$"))
