"""Sign-in lockout (django-axes): who the client is, what a locked-out client is told, which
accounts and addresses are locked now, and the log of every failed sign-in.

A sign-in is refused once an account, or an address, has ``AXES_FAILURE_LIMIT`` failed
attempts within ``AXES_COOLOFF_TIME`` (``AXES_LOCKOUT_PARAMETERS``: either one locks). Staff
unlock from the admin (Settings → Sign-in lockouts, ``views.LockoutsView``) or with axes'
commands (``axes_reset_username``, ``axes_reset_ip``).
"""

import ipaddress
import logging
import math

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from wagtail.admin.views.account import LoginView

# AXES_CLIENT_IP_CALLABLE names it here; the base layer works it out for every rate limit.
from iurc.core.client_address import client_ip_address

logger = logging.getLogger("iurc.accounts")


# --- Locked out ----------------------------------------------------------------------------


def cool_off_minutes():
    cool_off = settings.AXES_COOLOFF_TIME
    return math.ceil(cool_off.total_seconds() / 60) if cool_off else None


def lockout_message():
    minutes = cool_off_minutes()
    if minutes is None:
        return gettext(
            "Too many failed sign-in attempts for this account or from this address: sign-in "
            "is locked. Ask an administrator to unlock it."
        )
    return ngettext(
        "Too many failed sign-in attempts for this account or from this address. Try again "
        "in %(minutes)s minute, or ask an administrator to unlock it.",
        "Too many failed sign-in attempts for this account or from this address. Try again "
        "in %(minutes)s minutes, or ask an administrator to unlock it.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the admin's sign-in page again, saying why sign-in is refused
    (429 Too Many Requests), instead of axes' bare text."""
    view = LoginView()
    view.setup(request)
    form = view.get_form_class()(request, initial={"username": (credentials or {}).get("username")})
    form.cleaned_data = {}
    form.add_error(None, lockout_message())
    # Rendered here: axes' middleware returns it after the view's response was rendered.
    response = view.render_to_response(view.get_context_data(form=form), status=429).render()
    minutes = cool_off_minutes()
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response


# --- Who is locked now ---------------------------------------------------------------------


def _recent_attempts():
    attempts = AccessAttempt.objects.all()
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    return attempts


def _locked(field):
    rows = (
        _recent_attempts()
        .exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )
    cool_off = settings.AXES_COOLOFF_TIME
    return [
        {
            "value": row[field],
            "failures": row["failures"],
            "last_attempt": row["last_attempt"],
            "unlocks_at": row["last_attempt"] + cool_off if cool_off else None,
        }
        for row in rows
    ]


def locked_accounts():
    """Usernames locked now, with their failures and when the lock ends by itself."""
    return [row for row in _locked("username") if row["value"]]


def locked_addresses():
    """Client addresses locked now, likewise."""
    return _locked("ip_address")


def unlock_account(username, by):
    count = reset(username=username)
    logger.warning("Sign-in of account %r unlocked by %s.", username, by.get_username())
    return count


def unlock_address(address, by):
    """Unlock ``address``; ValueError when it is not an IP address."""
    address = str(ipaddress.ip_address(address.strip()))
    count = reset(ip=address)
    logger.warning("Sign-in from address %s unlocked by %s.", address, by.get_username())
    return count


# --- The log -------------------------------------------------------------------------------


def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    logger.warning(
        "Failed sign-in for username %r from %s.",
        credentials.get("username"),
        client_ip_address(request) if request is not None else "(no request)",
    )


def log_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    logger.warning("Sign-in locked out: username %r, address %s.", username, ip_address)


def connect():
    user_login_failed.connect(log_failed_sign_in, dispatch_uid="iurc_log_failed_sign_in")
    user_locked_out.connect(log_locked_out, dispatch_uid="iurc_log_locked_out")
