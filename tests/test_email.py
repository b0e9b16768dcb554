"""E-mail reaches a real SMTP server (aiosmtpd, started here on a free local port): the admin's
password reset with a link that works, a workflow notification to the reviewers, and the
production settings read from the environment."""

import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.test import Client

from iurc.translations.groups import PROGRAMME_STAFF, language_group_name
from iurc.translations.review import start_review
from tests.factories import StandardPageFactory
from tests.local_smtp import send_through, start_server

# The local server takes a password without TLS: there is no certificate for 127.0.0.1.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

SMTP_USER = "mailer"
SMTP_PASSWORD = "not-a-real-secret"  # noqa: S105
SENDER = "IURC <noreply@iurc.example.org>"


def authenticate(server, session, envelope, mechanism, auth_data):
    return AuthResult(
        success=isinstance(auth_data, LoginPassword)
        and auth_data.login == SMTP_USER.encode()
        and auth_data.password == SMTP_PASSWORD.encode()
    )


@pytest.fixture(scope="module")
def smtp_server():
    controller, mailbox = start_server(
        authenticator=authenticate,
        auth_required=True,
        # No TLS on a local test port; production uses DJANGO_EMAIL_USE_TLS / _SSL.
        auth_require_tls=False,
    )
    yield SimpleNamespace(port=controller.port, mailbox=mailbox)
    controller.stop()


@pytest.fixture
def mailbox(smtp_server, settings):
    """Django sends through the SMTP server, signing in to it."""
    send_through(settings, smtp_server.port, SENDER, user=SMTP_USER, password=SMTP_PASSWORD)
    settings.WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = SENDER
    smtp_server.mailbox.messages.clear()
    return smtp_server.mailbox


def sign_in(username, password):
    return Client().post("/admin/login/", {"username": username, "password": password})


def test_the_admin_password_reset_mail_arrives_and_its_link_sets_a_new_password(
    mailbox, django_user_model
):
    django_user_model.objects.create_user("thu", "thu@example.org", "old password 1")
    client = Client()

    response = client.post("/admin/password_reset/", {"email": "thu@example.org"})

    assert response.status_code == 302
    [mail] = mailbox.messages
    assert mail.recipients == ["thu@example.org"]
    assert mail.message["From"] == SENDER
    assert mail.authenticated
    link = next(word for word in mail.body.split() if "/password_reset/confirm/" in word)
    set_password = client.get(link.removeprefix("http://testserver"), follow=True)
    assert set_password.status_code == 200
    done = client.post(
        set_password.redirect_chain[-1][0],
        {"new_password1": "a new long passphrase", "new_password2": "a new long passphrase"},
    )
    assert done.status_code == 302
    assert sign_in("thu", "a new long passphrase").status_code == 302
    assert sign_in("thu", "old password 1").status_code == 200


def test_reviewers_are_mailed_when_a_translator_submits_a_translation_for_review(
    mailbox, home, django_user_model
):
    reviewer = django_user_model.objects.create_user("staff", "staff@example.org", "x")
    reviewer.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    translator = django_user_model.objects.create_user("thu", "thu@example.org", "x")
    translator.groups.add(Group.objects.get(name=language_group_name("vi")))
    page = StandardPageFactory(parent=home, title="Funding", slug="funding")
    page.title_vi = "Tài trợ"
    page.save_revision(user=translator)

    assert start_review(page, translator) == ""

    to_reviewer = [mail for mail in mailbox.messages if "staff@example.org" in mail.recipients]
    assert len(to_reviewer) == 1
    assert to_reviewer[0].message["From"] == SENDER
    assert "Funding" in to_reviewer[0].message["Subject"]
    assert "submitted" in to_reviewer[0].message["Subject"]
    assert not [mail for mail in mailbox.messages if "thu@example.org" in mail.recipients]


def test_production_settings_send_through_the_server_named_in_the_environment(smtp_server):
    smtp_server.mailbox.messages.clear()
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "iurc.settings.production",
            "DJANGO_SECRET_KEY": "production-mail-test-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "iurc.example.org",
            "DATABASE_URL": "sqlite:////tmp/iurc-mail-test.sqlite3",
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_EMAIL_PORT": str(smtp_server.port),
            "DJANGO_EMAIL_HOST_USER": SMTP_USER,
            "DJANGO_EMAIL_HOST_PASSWORD": SMTP_PASSWORD,
            "DJANGO_EMAIL_USE_TLS": "false",
            "DJANGO_DEFAULT_FROM_EMAIL": SENDER,
        }
    )

    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            str(django_settings.BASE_DIR / "manage.py"),
            "sendtestemail",
            "a@example.org",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    [mail] = smtp_server.mailbox.messages
    assert mail.recipients == ["a@example.org"]
    assert mail.message["From"] == SENDER
    assert mail.authenticated
