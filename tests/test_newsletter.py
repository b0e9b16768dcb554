"""The newsletter: double opt-in through a real SMTP server (aiosmtpd on a free local port),
one-click unsubscribe, robots and floods kept out, nothing revealed about who is subscribed,
the staff's CSV export, and public pages that stay cacheable with the sign-up form on them."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client

from iurc.newsletter.models import Subscription
from iurc.translations.groups import language_group_name
from tests.local_smtp import free_port, send_through, start_server

FAST = {"MIN_FILL_SECONDS": 0}


@pytest.fixture(scope="module")
def smtp_server():
    controller, mailbox = start_server()
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server, settings, home):
    controller, mailbox = smtp_server
    send_through(settings, controller.port)
    settings.IURC_NEWSLETTER = dict(FAST)
    mailbox.messages.clear()
    cache.clear()
    return mailbox


def form_token(client, language="vi"):
    page = client.get(f"/{language}/newsletter/")
    assert page.status_code == 200
    return re.search(r'name="token" value="([^"]+)"', page.content.decode()).group(1)


def header_url(value):
    return re.search(r"<([^>]+)>", str(value)).group(1)


def sign_up(client, email="lan@example.org", language="vi", **fields):
    data = {"email": email, "consent": "1", "website": "", "token": form_token(client, language)}
    data.update(fields)
    return client.post(f"/{language}/newsletter/", data)


def test_the_footer_form_is_on_every_page_and_leaves_it_cacheable(home, client):
    response = client.get("/vi/")

    html = response.content.decode()
    assert 'action="/vi/newsletter/start/"' in html
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_footer_form_carries_the_address_to_the_full_form(home, client):
    response = client.post("/vi/newsletter/start/", {"email": "lan@example.org"})

    assert response.status_code == 200
    assert 'value="lan@example.org"' in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_reader_subscribes_confirms_by_the_mailed_link_and_unsubscribes_in_one_click(mailbox):
    client = Client()

    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/vi/newsletter/thanks/"
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.language, subscription.status) == (
        "lan@example.org",
        "vi",
        "pending",
    )
    assert "Tôi đồng ý" in subscription.consent_text  # the consent the reader read, in Vietnamese
    assert subscription.consented_at is not None
    [mail] = mailbox.to("lan@example.org")
    assert "/vi/newsletter/confirm/" in mail.body
    unsubscribe_url = header_url(mail.message["List-Unsubscribe"])
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url in mail.body

    confirm_path = mailbox.link(mail, "/newsletter/confirm/").removeprefix("http://testserver")
    opened = client.get(confirm_path)
    assert opened.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == "pending"  # opening the link alone (a link checker) is not enough
    assert client.post(confirm_path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == "confirmed"
    assert subscription.confirmed_at is not None

    # RFC 8058: the mail program posts this body, with no cookie and no CSRF token.
    one_click = Client(enforce_csrf_checks=True).post(
        unsubscribe_url.removeprefix("http://testserver"), {"List-Unsubscribe": "One-Click"}
    )
    assert one_click.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == "unsubscribed"


def test_opening_the_unsubscribe_link_asks_before_unsubscribing(mailbox, client):
    sign_up(client)
    [mail] = mailbox.messages
    path = header_url(mail.message["List-Unsubscribe"]).removeprefix("http://testserver")

    page = client.get(path)

    assert page.status_code == 200
    assert Subscription.objects.get().status == "pending"
    assert 'method="post"' in page.content.decode()


def test_a_second_sign_up_says_the_same_and_reveals_nothing(mailbox, client):
    sign_up(client)
    Subscription.objects.update(status="confirmed")
    first = client.get("/vi/newsletter/thanks/").content

    again = sign_up(client)

    assert again.status_code == 302
    assert again["Location"] == "/vi/newsletter/thanks/"
    assert client.get("/vi/newsletter/thanks/").content == first
    assert len(mailbox.messages) == 1  # nothing more mailed to a confirmed reader
    assert Subscription.objects.get().status == "confirmed"


def test_each_language_is_a_subscription_of_its_own(mailbox, client):
    sign_up(client, language="vi")
    sign_up(client, email="LAN@example.org", language="en")

    assert sorted(Subscription.objects.values_list("email", "language")) == [
        ("lan@example.org", "en"),
        ("lan@example.org", "vi"),
    ]
    english = mailbox.messages[1]
    assert "/en/newsletter/confirm/" in english.body


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not an address"}, "Nhập địa chỉ email."),
        ({"consent": ""}, "Vui lòng đánh dấu vào ô để đồng ý"),
        ({"website": "https://spam.example"}, "Chúng tôi không thể nhận đăng ký này"),
        ({"token": "forged"}, "Không thể kiểm tra biểu mẫu"),
    ],
)
def test_bad_input_gets_a_clear_message_and_subscribes_no_one(mailbox, client, fields, message):
    response = sign_up(client, **fields)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Subscription.objects.exists()
    assert not mailbox.messages


def test_a_form_sent_too_fast_is_refused_and_can_be_sent_again(mailbox, client, settings):
    settings.IURC_NEWSLETTER = {"MIN_FILL_SECONDS": 60}

    response = sign_up(client)

    assert response.status_code == 400
    assert "quá nhanh" in response.content.decode()
    assert 'value="lan@example.org"' in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_replayed_or_expired_form_is_refused(mailbox, client, settings):
    token = form_token(client)
    data = {"email": "lan@example.org", "consent": "1", "token": token}
    assert client.post("/vi/newsletter/", data).status_code == 302

    replayed = client.post("/vi/newsletter/", {**data, "email": "other@example.org"})
    assert replayed.status_code == 400
    assert "đã được gửi" in replayed.content.decode()

    settings.IURC_NEWSLETTER = {**FAST, "FORM_MAX_AGE": -1}
    expired = sign_up(client, email="third@example.org")
    assert expired.status_code == 400
    assert "quá lâu" in expired.content.decode()
    assert list(Subscription.objects.values_list("email", flat=True)) == ["lan@example.org"]


def test_a_bad_or_expired_confirmation_link_says_so(mailbox, client, settings):
    sign_up(client)
    path = mailbox.link(mailbox.messages[0], "/confirm/").removeprefix("http://testserver")

    assert client.get("/vi/newsletter/confirm/nonsense/").status_code == 400
    assert client.post(path[:-6] + "xxxxx/").status_code == 400
    settings.IURC_NEWSLETTER = {**FAST, "CONFIRM_MAX_AGE": -1}
    expired = client.post(path)
    assert expired.status_code == 400
    assert "hết hạn" in expired.content.decode()
    assert Subscription.objects.get().status == "pending"


def test_sign_ups_are_limited_per_connection_and_per_address(mailbox, client, settings):
    settings.IURC_NEWSLETTER = {**FAST, "PER_IP": (3, 3600), "PER_ADDRESS": (2, 3600)}

    for _ in range(3):
        assert sign_up(client).status_code == 302
    assert len(mailbox.messages) == 2  # the address's limit: the visitor is told the same

    refused = sign_up(client, email="someone.else@example.org")
    assert refused.status_code == 429
    assert "quá nhiều" in refused.content.decode()
    other_connection = Client(REMOTE_ADDR="192.0.2.7")
    assert sign_up(other_connection, email="someone.else@example.org").status_code == 302


def test_staff_export_confirmed_subscribers_per_language_and_translators_see_nothing(
    home, client, django_user_model
):
    for email, language, status in [
        ("a@example.org", "vi", "confirmed"),
        ("b@example.org", "vi", "pending"),
        ("c@example.org", "en", "confirmed"),
    ]:
        Subscription.objects.create(
            email=email,
            language=language,
            status=status,
            consent_text="…",
            consented_at="2026-01-01T00:00Z",
        )
    staff = django_user_model.objects.create_user("staff", "staff@example.org", "x")
    staff.groups.add(Group.objects.get(name="Programme staff"))
    client.force_login(staff)

    listing = client.get("/admin/newsletter_subscriptions/")
    assert listing.status_code == 200
    assert "a@example.org" in listing.content.decode()
    assert "/admin/newsletter/export/" in listing.content.decode()
    search = "/admin/newsletter_subscriptions/?q=b%40example&language=vi"
    found = client.get(search).content.decode()
    assert "b@example.org" in found
    assert "a@example.org" not in found
    confirmed = client.get("/admin/newsletter/export/?language=vi")
    assert confirmed["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(confirmed.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["a@example.org"]
    everyone = client.get("/admin/newsletter/export/?language=vi&status=all")
    rows = list(csv.reader(io.StringIO(everyone.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["a@example.org", "b@example.org"]
    assert client.get("/admin/newsletter/export/?language=xx").status_code == 200

    translator = django_user_model.objects.create_user("thu", "thu@example.org", "x")
    translator.groups.add(Group.objects.get(name=language_group_name("vi")))
    client.force_login(translator)
    assert client.get("/admin/newsletter/export/?language=vi").status_code in (302, 403)
    assert client.get("/admin/newsletter_subscriptions/").status_code in (302, 403)
    assert "newsletter_subscriptions" not in client.get("/admin/").content.decode()
    assert not Permission.objects.filter(
        group__name__startswith="Translators", content_type__app_label="newsletter"
    ).exists()


def test_only_the_latest_confirmation_link_works_and_none_after_unsubscribing(mailbox, client):
    sign_up(client)
    sign_up(client)
    older, newer = (
        mailbox.link(mail, "/confirm/").removeprefix("http://testserver")
        for mail in mailbox.messages
    )

    assert client.post(older).status_code == 400
    assert Subscription.objects.get().status == "pending"
    Subscription.objects.get().unsubscribe()
    assert client.post(newer).status_code == 400
    assert Subscription.objects.get().status == "unsubscribed"


def test_a_public_page_with_the_footer_form_is_stored_by_the_page_cache(home, page_cache):
    first = Client().get("/vi/")
    assert first["X-Cache"] == "MISS"
    # A tag seen for the first time counts against the first entry stored with it.
    answers = [Client().get("/vi/") for _attempt in range(3)]

    assert answers[-1]["X-Cache"] == "HIT"
    assert 'action="/vi/newsletter/start/"' in answers[-1].content.decode()


def test_newsletter_pages_are_never_cached_nor_indexed(home, client):
    for response in (client.get("/vi/newsletter/"), client.head("/vi/newsletter/")):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    html = client.get("/vi/newsletter/").content.decode()
    assert '<meta name="robots" content="noindex">' in html


def test_an_issue_goes_to_confirmed_subscribers_of_its_language_each_with_their_own_link(
    mailbox, client, tmp_path
):
    for email, language, status in [
        ("a@example.org", "vi", "confirmed"),
        ("b@example.org", "vi", "pending"),
        ("c@example.org", "vi", "unsubscribed"),
        ("d@example.org", "en", "confirmed"),
        ("e@example.org", "vi", "confirmed"),
    ]:
        Subscription.objects.create(
            email=email,
            language=language,
            status=status,
            consent_text="…",
            consented_at="2026-01-01T00:00Z",
        )
    body = tmp_path / "issue.txt"
    body.write_text("Tin mới của chương trình IURC.", encoding="utf-8")
    out = io.StringIO()

    call_command(
        "send_newsletter",
        language="vi",
        subject="Bản tin IURC",
        body_file=str(body),
        base_url="http://testserver",
        stdout=out,
    )

    assert sorted(r for mail in mailbox.messages for r in mail.recipients) == [
        "a@example.org",
        "e@example.org",
    ]
    links = {header_url(mail.message["List-Unsubscribe"]) for mail in mailbox.messages}
    assert len(links) == 2
    for mail in mailbox.messages:
        assert "Tin mới của chương trình IURC." in mail.body
        assert header_url(mail.message["List-Unsubscribe"]) in mail.body
        assert "Để hủy đăng ký" in mail.body
    first = mailbox.to("a@example.org")[0]
    path = header_url(first.message["List-Unsubscribe"]).removeprefix("http://testserver")
    Client().post(path, {"List-Unsubscribe": "One-Click"})
    assert Subscription.objects.get(email="a@example.org").status == "unsubscribed"
    assert Subscription.objects.get(email="e@example.org").status == "confirmed"


def test_sending_an_issue_without_a_base_url_or_body_is_refused(mailbox, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text(" ", encoding="utf-8")
    with pytest.raises(CommandError, match="base-url"):
        call_command(
            "send_newsletter", language="vi", subject="x", body_file=str(empty), base_url=""
        )
    with pytest.raises(CommandError, match="empty"):
        call_command(
            "send_newsletter",
            language="vi",
            subject="x",
            body_file=str(empty),
            base_url="https://iurc.example.org",
        )
    assert not mailbox.messages


def test_no_one_adds_a_subscription_in_the_admin(home, admin_client):
    assert admin_client.get("/admin/newsletter_subscriptions/new/").status_code in (302, 403)
    listing = admin_client.get("/admin/newsletter_subscriptions/").content.decode()
    assert "/admin/newsletter_subscriptions/new/" not in listing


def test_the_full_form_without_its_csrf_token_is_refused_and_the_footer_step_needs_a_post(home):
    strict = Client(enforce_csrf_checks=True)
    data = {"email": "lan@example.org", "consent": "1", "token": form_token(Client())}

    assert strict.post("/vi/newsletter/", data).status_code == 403
    assert not Subscription.objects.exists()
    assert strict.get("/vi/newsletter/start/")["Location"] == "/vi/newsletter/"


def test_a_mail_server_that_does_not_answer_is_logged_and_tells_the_visitor_nothing_more(
    mailbox, client, settings, caplog
):
    settings.EMAIL_PORT = free_port()  # nothing listens there

    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/vi/newsletter/thanks/"
    assert "was not sent" in caplog.text
    assert Subscription.objects.get().status == "pending"
