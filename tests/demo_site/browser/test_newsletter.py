"""A Vietnamese visitor subscribes to the newsletter from the footer and confirms by the link
in the e-mail, which a real SMTP server (aiosmtpd, on a free local port) receives."""

import threading
import time

import pytest
from django.core.cache import cache
from django.db import connections

from iurc.newsletter.models import Subscription
from tests.local_smtp import send_through, start_server

ADDRESS = "lan.nguyen@example.org"


@pytest.fixture
def mailbox(settings):
    controller, mailbox = start_server()
    send_through(settings, controller.port)
    # A person takes seconds; the browser does not. The fill-time rule has its own tests
    # (tests/test_newsletter.py).
    settings.IURC_NEWSLETTER = {"MIN_FILL_SECONDS": 0}
    cache.clear()
    yield mailbox
    controller.stop()
    forget_committed(ADDRESS)


def forget_committed(address):
    """Delete what the live server committed for ``address``. The server thread writes through
    its own connection; this test's connection is inside a transaction that is rolled back at
    its end, with any delete made through it, so a thread of its own deletes for good."""

    def delete():
        try:
            Subscription.objects.filter(email=address).delete()
        finally:
            connections.close_all()

    worker = threading.Thread(target=delete)
    worker.start()
    worker.join()


def received(mailbox, address, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = mailbox.to(address)
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no message reached {address}")


def test_vietnamese_visitor_subscribes_from_the_footer_and_confirms_by_the_mailed_link(
    site_url, new_page, mailbox
):
    page = new_page(locale="vi-VN")
    page.goto(f"{site_url}/vi/")

    footer = page.locator("footer")
    footer.get_by_label("Địa chỉ email của bạn").fill(ADDRESS)
    footer.get_by_role("button", name="Đăng ký").click()
    page.wait_for_url(f"{site_url}/vi/newsletter/start/")
    main = page.locator("main")
    assert main.get_by_label("Địa chỉ email của bạn").input_value() == ADDRESS
    main.get_by_label("Tôi đồng ý", exact=False).check()
    main.get_by_role("button", name="Đăng ký").click()
    page.wait_for_url(f"{site_url}/vi/newsletter/thanks/")
    assert page.locator("h1").inner_text() == "Hãy kiểm tra hộp thư của bạn"

    mail = received(mailbox, ADDRESS)
    assert str(mail.message["Subject"]).strip() == "Vui lòng xác nhận đăng ký nhận bản tin IURC"
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = mailbox.link(mail, "/vi/newsletter/confirm/")
    assert link.startswith(site_url)
    page.goto(link)
    page.get_by_role("button", name="Xác nhận đăng ký của tôi").click()
    page.locator("h1", has_text="Đăng ký của bạn đã được xác nhận").wait_for()
    assert ADDRESS in page.locator("main").inner_text()

    subscription = Subscription.objects.get(email=ADDRESS)
    assert (subscription.language, subscription.status) == ("vi", "confirmed")
