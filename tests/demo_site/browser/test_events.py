"""A Vietnamese visitor opens an upcoming event from the home page, sees its time in Bangkok
and in their own time zone, and adds it to their calendar with the .ics file it offers."""

import vobject

from iurc.events.models import EventPage

FORUM = "Ví dụ: Diễn đàn khu vực châu Á và châu Úc tại Băng Cốc"


def test_vietnamese_visitor_adds_an_upcoming_event_to_their_calendar(site_url, new_page, tmp_path):
    page = new_page(locale="vi-VN")
    page.goto(f"{site_url}/vi/")

    events = page.locator("section[aria-labelledby=home-events]")
    assert events.locator("h2").inner_text() == "Sự kiện sắp diễn ra"
    events.get_by_role(
        "link", name="Ví dụ: Diễn đàn khu vực châu Á và châu Úc tại Băng Cốc"
    ).click()
    page.wait_for_url(f"{site_url}/vi/su-kien/vi-du-dien-dan-khu-vuc-bang-coc/")

    facts = page.locator("dl.facts")
    assert "(giờ Bangkok, UTC+07:00)" in facts.inner_text()
    # The script (a file, as the CSP wants) adds the time where the browser is.
    yours = facts.locator("[data-event-time]")
    yours.wait_for(state="visible")
    assert "Theo múi giờ của bạn:" in yours.inner_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Thêm vào lịch (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == "example-asia-australasia-regional-forum.ics"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    calendar = vobject.readOne(saved.read_text(encoding="utf-8"))
    (event,) = calendar.vevent_list
    assert event.summary.value == FORUM
    starts = EventPage.objects.get(slug_en="example-asia-australasia-regional-forum").start_date
    assert event.dtstart.value.isoformat() == f"{starts.isoformat()}T09:00:00+07:00"
    assert event.url.value == f"{site_url}/vi/su-kien/vi-du-dien-dan-khu-vuc-bang-coc/"
    assert event.uid.value.startswith("event-")
