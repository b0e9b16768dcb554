"""A Vietnamese visitor finds an open call and its deadline in their own time zone, and
downloads a publication in Vietnamese, in real Chromium on the demo site."""

import zoneinfo
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from iurc.calls.models import CallPage
from iurc.demo.calls_publications import DATA as DEMO_FILES
from iurc.publications.models import PublicationDocument


def test_vietnamese_visitor_finds_an_open_call_and_its_deadline_in_their_time_zone(
    site_url, browser
):
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        extra_http_headers={"Accept-Language": "vi-VN"},
    )
    page = context.new_page()
    try:
        page.goto(f"{site_url}/vi/")
        block = page.locator("section.apply-now")
        assert block.get_by_role("heading").inner_text() == "Ứng tuyển ngay"
        block.get_by_role("link", name="Các thành phố châu Âu").click()

        page.wait_for_selector(".local-time")
        assert page.locator(".call-state").inner_text() in ("Đang mở", "Sắp đóng")
        call = CallPage.objects.get(slug_en="european-cities-asia-australasia")
        local = call.closes_at.astimezone(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
        text = page.locator(".local-time").first.inner_text()
        assert "Theo múi giờ của bạn (Asia/" in text
        assert local.strftime("%H:%M") in text
        assert str(local.year) in text
        deadline = page.locator(".deadline").first.inner_text()
        assert "Europe/Brussels" in deadline and "UTC" in deadline
    finally:
        context.close()


@pytest.fixture
def documents_on_disk(settings, tmp_path):
    """Documents are served by Django from files (WAGTAILDOCS_SERVE_METHOD), which the tests'
    in-memory storage cannot give it: the Vietnamese file is written to a folder for the
    test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    item = PublicationDocument.objects.get(page__slug_en="iurc-at-a-glance", language="vi")
    # Written to the storage under the name the document has: its row, which the server
    # thread reads, stays as the demo committed it.
    content = (DEMO_FILES / item.document.filename).read_bytes()
    assert default_storage.save(item.document.file.name, ContentFile(content)) == (
        item.document.file.name
    )
    return item.document


def test_vietnamese_visitor_downloads_a_publication_in_vietnamese(
    site_url, new_page, documents_on_disk
):
    page = new_page(locale="vi-VN")
    page.goto(f"{site_url}/vi/")
    page.get_by_role("navigation").get_by_role("link", name="Ấn phẩm").first.click()
    page.get_by_role("link", name="Tổng quan về IURC").click()

    button = page.locator("a.button[hreflang='vi']")
    assert "Tiếng Việt" in button.inner_text()
    with page.expect_download() as download_info:
        button.click()
    download = download_info.value

    assert download.suggested_filename.endswith(".pdf")
    saved = Path(download.path()).read_bytes()
    assert saved.startswith(b"%PDF")
    assert saved == (DEMO_FILES / "iurc-at-a-glance-example-vi.pdf").read_bytes()
