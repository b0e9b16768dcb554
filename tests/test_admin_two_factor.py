"""Two-step verification in the admin (django-otp, iurc/accounts/two_factor.py): setting up an
authenticator with real TOTP codes, the second step after the password, backup codes, the
setting that requires it of superusers and programme staff, and a superuser's reset."""

import re
import time

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from iurc.accounts import two_factor
from iurc.translations.groups import PROGRAMME_STAFF, language_group_name

PASSWORD = "correct horse battery staple"
TWO_STEP = "/admin/accounts/two-step/"
SETUP = TWO_STEP + "setup/"
VERIFY = TWO_STEP + "verify/"
BACKUP_CODES = TWO_STEP + "backup-codes/"


def code(device, steps_ahead=0):
    """The code an authenticator app shows for ``device`` now (or ``steps_ahead`` periods
    later: a code is accepted once, and one period ahead is within the device's tolerance)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(username):
    client = Client()
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def enrol(user):
    """``user`` with a confirmed authenticator and backup codes, as the setup view leaves them."""
    device = two_factor.pending_authenticator(user)
    backup_codes = two_factor.confirm_authenticator(device, code(device))
    device.refresh_from_db()
    return device, backup_codes


@pytest.fixture
def translator(django_user_model):
    user = django_user_model.objects.create_user("translator", "t@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=language_group_name("vi")))
    return user


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user("staff", "s@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "r@example.org", PASSWORD)


def test_a_translator_sets_up_an_authenticator_and_sees_ten_backup_codes_once(translator):
    client = sign_in("translator")
    account = client.get("/admin/account/").content.decode()
    assert TWO_STEP in account  # Account → More actions

    page = client.get(SETUP).content.decode()
    assert "<svg" in page and 'fill="white"' in page  # an inline QR code, no image service
    device = TOTPDevice.objects.get(user=translator, confirmed=False)
    secret = re.search(r"<code data-secret>([A-Z2-7 ]+)</code>", page).group(1)
    assert device.config_url.count(secret.replace(" ", "")) == 1

    confirmed = client.post(SETUP, {"code": code(device)})

    assert confirmed.status_code == 302
    assert confirmed.url.startswith(BACKUP_CODES)
    shown = client.get(confirmed.url).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown)
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=translator).values_list("token", flat=True)
    )
    assert client.get(BACKUP_CODES).url == TWO_STEP  # shown once
    assert two_factor.is_enrolled(translator)
    assert client.get("/admin/").status_code == 200  # this session is verified


def test_a_wrong_code_does_not_confirm_the_authenticator(translator):
    client = sign_in("translator")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=translator)

    response = client.post(SETUP, {"code": f"{(int(code(device)) + 1) % 10**6:06d}"})

    assert response.status_code == 200
    assert "This code is not valid." in response.content.decode()
    assert not two_factor.is_enrolled(translator)


def test_after_the_password_no_admin_page_opens_before_the_code(translator):
    device, _backup_codes = enrol(translator)
    client = sign_in("translator")

    for path in ["/admin/", "/admin/pages/", TWO_STEP, "/admin/account/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == f"{VERIFY}?next={path.replace('/', '%2F')}"
    assert client.get(SETUP).url == TWO_STEP  # no second authenticator to get round it
    assert client.get("/robots.txt").status_code == 200  # the public site is not affected

    wrong = client.post(VERIFY, {"code": "000000", "next": "/admin/pages/"})
    too_soon = client.post(VERIFY, {"code": code(device, steps_ahead=1)})
    assert "This code is not valid." in wrong.content.decode()
    # django-otp waits a second after a wrong code, doubling the wait each time.
    assert "Too many wrong codes. Wait 1 second and try again." in too_soon.content.decode()
    time.sleep(1.1)
    right = client.post(VERIFY, {"code": code(device, steps_ahead=1), "next": "/admin/pages/"})

    assert right.status_code == 302
    assert right.url == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_a_backup_code_signs_in_once(translator):
    _device, backup_codes = enrol(translator)

    first = sign_in("translator")
    response = first.post(VERIFY, {"code": backup_codes[0].upper(), "next": "/admin/"})
    assert response.status_code == 302
    assert "9 are left" in first.get("/admin/").content.decode()

    second = sign_in("translator")
    again = second.post(VERIFY, {"code": backup_codes[0]})
    assert again.status_code == 200
    assert second.get("/admin/").status_code == 302


def test_new_backup_codes_replace_the_old_ones(translator):
    device, old_codes = enrol(translator)
    client = sign_in("translator")
    client.post(VERIFY, {"code": code(device, steps_ahead=1)})

    response = client.post(BACKUP_CODES)
    new_codes = re.findall(
        r"<li><code>([a-z2-7]{8})</code></li>", client.get(response.url).content.decode()
    )

    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    assert two_factor.verify(translator, old_codes[1]).device is None


def test_by_default_no_one_is_asked_to_set_it_up(superuser, staff, translator):
    for username in ["root", "staff", "translator"]:
        assert sign_in(username).get("/admin/").status_code == 200


def test_when_required_superusers_and_programme_staff_set_it_up_first(
    superuser, staff, translator, settings
):
    settings.IURC_REQUIRE_2FA = True

    for username in ["root", "staff"]:
        client = sign_in(username)
        response = client.get("/admin/pages/")
        assert response.url == f"{SETUP}?next=%2Fadmin%2Fpages%2F", username
        assert "must use two-step verification" in client.get(SETUP).content.decode()
    assert sign_in("translator").get("/admin/").status_code == 200

    client = sign_in("staff")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)
    client.post(SETUP, {"code": code(device), "next": "/admin/pages/"})
    assert client.get("/admin/pages/").status_code == 200


def test_a_superuser_resets_another_users_second_factor(superuser, translator):
    enrol(translator)
    client = sign_in("root")
    reset_url = f"{TWO_STEP}reset/{translator.pk}/"
    assert reset_url in client.get("/admin/users/").content.decode()

    response = client.post(reset_url)

    assert response.status_code == 302
    assert not two_factor.is_enrolled(translator)
    assert not StaticToken.objects.filter(device__user=translator).exists()
    assert sign_in("translator").get("/admin/").status_code == 200


def test_only_a_superuser_may_reset_a_second_factor(staff, translator):
    enrol(translator)
    client = sign_in("staff")

    response = client.post(f"{TWO_STEP}reset/{translator.pk}/")

    assert response.url == "/admin/"
    assert two_factor.is_enrolled(translator)


def test_the_reset_command(translator):
    enrol(translator)

    call_command("reset_two_factor", "translator", stdout=None)

    assert not two_factor.is_enrolled(translator)
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("reset_two_factor", "nobody")
