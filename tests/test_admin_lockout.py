"""Sign-in lockout per account and per address (django-axes, iurc/accounts/lockout.py): the
admin's sign-in page says why it refuses, staff unlock, every failure is logged."""

import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings

from iurc.accounts.lockout import client_ip_address
from iurc.translations.groups import PROGRAMME_STAFF

PASSWORD = "correct horse battery staple"
ATTACKER = "203.0.113.5"
OFFICE = "198.51.100.20"
LOCKOUTS = "/admin/accounts/sign-in-lockouts/"
LOCKED_MESSAGE = "Too many failed sign-in attempts for this account or from this address"


def sign_in(username, password, address):
    client = Client(REMOTE_ADDR=address)
    response = client.post("/admin/login/", {"username": username, "password": password})
    return client, response


def signed_in(client):
    return client.get("/admin/").status_code == 200


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", PASSWORD)


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user("staff", "staff@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    return user


@pytest.fixture
def root(django_user_model):
    """Another superuser: the one who unlocks."""
    return django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)


def fail(times):
    for _i in range(times):
        sign_in("admin", "wrong", ATTACKER)


@pytest.fixture
def locked_out(admin, settings):
    fail(settings.AXES_FAILURE_LIMIT)


def test_thirty_wrong_passwords_then_the_right_one_is_refused_with_the_message(admin):
    fail(30)

    client, response = sign_in("admin", PASSWORD, ATTACKER)

    assert response.status_code == 429
    text = response.content.decode()
    assert LOCKED_MESSAGE in text
    assert "Try again in 15 minutes, or ask an administrator to unlock it." in text
    assert 'class="login-form"' in text  # the admin's sign-in page, not a bare text
    assert response["Retry-After"] == "900"
    assert not signed_in(client)


def test_the_lock_message_is_in_the_visitors_language(admin, locked_out):
    client = Client(REMOTE_ADDR=ATTACKER, HTTP_ACCEPT_LANGUAGE="fr")
    client.cookies["django_language"] = "fr"

    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})

    assert response.status_code == 429
    assert "Trop de tentatives de connexion" in response.content.decode()


def test_a_lock_holds_the_account_from_any_address_and_the_address_for_any_account(
    admin, staff, locked_out
):
    _client, account_elsewhere = sign_in("admin", PASSWORD, OFFICE)
    _client, other_account_here = sign_in("staff", PASSWORD, ATTACKER)
    client, other_account_elsewhere = sign_in("staff", PASSWORD, OFFICE)

    assert account_elsewhere.status_code == 429
    assert other_account_here.status_code == 429
    assert other_account_elsewhere.status_code == 302
    assert signed_in(client)


def test_failures_are_kept_by_axes_and_another_accounts_success_does_not_clear_them(
    admin, staff, settings
):
    fail(settings.AXES_FAILURE_LIMIT - 1)
    # Signing in with one's own account from the same address must not reset the count.
    _client, own = sign_in("staff", PASSWORD, ATTACKER)
    _client, last_guess = sign_in("admin", "wrong", ATTACKER)

    assert own.status_code == 302
    assert last_guess.status_code == 429
    assert AccessAttempt.objects.get(username="admin").failures_since_start == 10
    assert AccessFailureLog.objects.filter(username="admin", ip_address=ATTACKER).count() == 10


def test_a_failed_sign_in_is_logged_with_the_username_and_address(admin, caplog):
    with caplog.at_level(logging.WARNING, logger="iurc.accounts"):
        sign_in("admin", "wrong", ATTACKER)

    messages = [record.getMessage() for record in caplog.records if record.name == "iurc.accounts"]
    assert messages == [f"Failed sign-in for username 'admin' from {ATTACKER}."]


def test_staff_see_the_lockouts_and_unlock_the_account(root, locked_out, client):
    client.force_login(root)

    page = client.get(LOCKOUTS).content.decode()
    assert 'data-locked="admin"' in page
    assert f'data-locked="{ATTACKER}"' in page
    assert LOCKOUTS in client.get("/admin/").content.decode()  # Settings menu

    response = client.post(LOCKOUTS, {"username": "admin"})

    assert response.status_code == 302
    assert 'data-locked="admin"' not in client.get(LOCKOUTS).content.decode()
    again, signed = sign_in("admin", PASSWORD, ATTACKER)
    assert signed.status_code == 302
    assert signed_in(again)


def test_staff_unlock_an_address(root, staff, client, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        sign_in(f"someone-{i}", "wrong", ATTACKER)
    assert sign_in("staff", PASSWORD, ATTACKER)[1].status_code == 429
    client.force_login(root)

    client.post(LOCKOUTS, {"address": ATTACKER})
    refused = client.post(LOCKOUTS, {"address": "not an address"}, follow=True)

    assert sign_in("staff", PASSWORD, ATTACKER)[1].status_code == 302
    assert refused.status_code == 200
    assert "This is not an IP address." in refused.content.decode()


def test_the_lockouts_need_a_permission(staff, admin, locked_out, client):
    client.force_login(staff)

    assert LOCKOUTS not in client.get("/admin/").content.decode()
    assert client.get(LOCKOUTS).url == "/admin/"
    assert client.post(LOCKOUTS, {"username": "admin"}).url == "/admin/"
    assert sign_in("admin", PASSWORD, OFFICE)[1].status_code == 429

    staff.groups.get().permissions.add(
        Permission.objects.get(content_type__app_label="axes", codename="view_accessattempt")
    )
    client.force_login(staff)
    assert client.get(LOCKOUTS).status_code == 200
    assert client.post(LOCKOUTS, {"username": "admin"}).url == "/admin/"  # may not unlock


def test_the_axes_command_unlocks_an_account(admin, locked_out):
    call_command("axes_reset_username", "admin", stdout=None)

    assert sign_in("admin", PASSWORD, ATTACKER)[1].status_code == 302


# --- The client's address behind nginx --------------------------------------------------------


def address(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip_address(RequestFactory().get("/", **meta))


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored():
    assert address(ATTACKER, forwarded="10.9.8.7") == ATTACKER


@override_settings(IURC_TRUSTED_PROXIES=["127.0.0.1", "::1", "10.0.0.0/8"])
def test_behind_a_trusted_proxy_the_client_is_the_last_address_no_proxy_owns():
    # nginx appends the address it sees; anything further left was written by the client.
    assert address("127.0.0.1", forwarded=ATTACKER) == ATTACKER
    assert address("127.0.0.1", forwarded=f"1.2.3.4, {ATTACKER}") == ATTACKER
    assert address("::1", forwarded=f"{ATTACKER}, 10.1.2.3") == ATTACKER
    assert address("127.0.0.1", forwarded=f"garbage, {ATTACKER}") == ATTACKER
    assert address("127.0.0.1", forwarded="garbage") == "127.0.0.1"
    assert address("127.0.0.1") == "127.0.0.1"
    assert address(OFFICE, forwarded=ATTACKER) == OFFICE  # OFFICE is no proxy


@override_settings(IURC_TRUSTED_PROXIES=["127.0.0.1"])
def test_clients_behind_the_proxy_are_locked_each_for_themselves(staff, settings):
    def through_proxy(username, password, client_address):
        client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=client_address)
        return client.post("/admin/login/", {"username": username, "password": password})

    for i in range(settings.AXES_FAILURE_LIMIT):
        through_proxy(f"someone-{i}", "wrong", ATTACKER)

    assert through_proxy("staff", PASSWORD, ATTACKER).status_code == 429
    assert through_proxy("staff", PASSWORD, OFFICE).status_code == 302
