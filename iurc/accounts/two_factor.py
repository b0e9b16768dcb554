"""Two-step verification for the admin (django-otp): a time-based code from an authenticator
app (TOTP), with single-use backup codes for the day the phone is lost.

A user with a confirmed authenticator must enter a code after their password before any admin
page opens (``middleware.SecondFactorMiddleware``). With ``IURC_REQUIRE_2FA`` (on in
production), superusers and programme staff must set one up before using the admin;
translators may choose to. A superuser resets another user's second factor from the users
list or with ``manage.py reset_two_factor <username>``.
"""

import logging
import math
from base64 import b32encode
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import mark_safe
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from iurc.translations.groups import PROGRAMME_STAFF

logger = logging.getLogger("iurc.accounts")

BACKUP_CODES = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"


def is_enrolled(user):
    """True when ``user`` has confirmed an authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def must_enrol(user):
    """True when the settings require ``user`` to use two-step verification."""
    if not getattr(settings, "IURC_REQUIRE_2FA", False):
        return False
    return user.is_superuser or user.groups.filter(name=PROGRAMME_STAFF).exists()


def pending_authenticator(user):
    """The authenticator being set up: unconfirmed, with its own secret, kept until confirmed
    so a reload shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def secret(device):
    """The device's secret in base 32, in groups of four, for typing into an app."""
    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_code_svg(device):
    """The device's ``otpauth://`` URL as an inline SVG QR code (dark on white, whatever the
    admin's theme): the secret never leaves the server for an image service."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 - made here, no input


@transaction.atomic
def confirm_authenticator(device, code):
    """Confirm ``device`` if ``code`` is its current code: then it is the user's one
    authenticator and they get fresh backup codes (returned, to be shown once). None if the
    code is wrong."""
    if not device.verify_token(normalise(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    logger.warning("Two-step verification set up by %s.", device.user.get_username())
    return new_backup_codes(device.user)


@transaction.atomic
def new_backup_codes(user):
    """Replace the user's backup codes with ``BACKUP_CODES`` new ones and return them."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_CODES_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise(code):
    return "".join((code or "").split()).lower()


@dataclass
class Check:
    device: object = None  # the device that accepted the code
    wait: int = 0  # seconds before another code may be tried, after wrong ones


def verify(user, code):
    """Check ``code``, a current code or an unused backup code (then used up). Each device
    throttles its own failures (django-otp doubles the wait after each wrong code)."""
    code = normalise(code)
    model = TOTPDevice if code.isdigit() else StaticDevice
    wait = 0
    for device in model.objects.filter(user=user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if not allowed:
            locked_until = (data or {}).get("locked_until")
            if locked_until:
                wait = max(wait, math.ceil((locked_until - timezone.now()).total_seconds()))
            continue
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return Check(device=verified)
    logger.warning("Wrong two-step verification code for %s.", user.get_username())
    return Check(wait=wait)


@transaction.atomic
def reset(user, by=None):
    """Remove every authenticator and backup code of ``user``: they sign in with their
    password alone, or set up a new authenticator when they must."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    logger.warning(
        "Two-step verification of %s reset by %s.",
        user.get_username(),
        by.get_username() if by is not None else "a command",
    )
    return removed
