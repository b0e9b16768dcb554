"""What keeps robots and floods out of the sign-up without a third-party service.

- A form token, signed and time-stamped when the sign-up form is drawn (no cookie needed): a
  form sent back sooner than ``MIN_FILL_SECONDS`` was not filled in by a person, one older than
  ``FORM_MAX_AGE`` has expired, and each token is taken once (its nonce is kept in the cache).
- A honeypot field, hidden from people and from assistive technology, that robots fill in.
- Rate limits per client address and per e-mail address, counted in the cache.
"""

import hashlib
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

FORM_SALT = "iurc.newsletter.form"
DEFAULTS = {
    "MIN_FILL_SECONDS": 3,
    "FORM_MAX_AGE": 2 * 60 * 60,
    "CONFIRM_MAX_AGE": 7 * 24 * 60 * 60,
    # (sign-ups, seconds)
    "PER_IP": (10, 60 * 60),
    "PER_ADDRESS": (3, 24 * 60 * 60),
}


def option(name):
    return getattr(settings, "IURC_NEWSLETTER", {}).get(name, DEFAULTS[name])


class TokenProblem(Exception):
    """Why a form token was refused: ``code`` is one of too-fast, expired, replayed, invalid."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def new_form_token(language):
    return signing.dumps(
        {"n": secrets.token_urlsafe(12), "l": language, "t": time.time()}, salt=FORM_SALT
    )


def check_form_token(token, language):
    """Accept ``token`` once; raise TokenProblem otherwise."""
    try:
        data = signing.loads(token or "", salt=FORM_SALT)
        nonce, issued = str(data["n"]), float(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise TokenProblem("invalid") from None
    if data.get("l") != language:
        raise TokenProblem("invalid")
    age = time.time() - issued
    if age < option("MIN_FILL_SECONDS"):
        raise TokenProblem("too-fast")
    if age > option("FORM_MAX_AGE"):
        raise TokenProblem("expired")
    if not cache.add(f"iurc:newsletter:nonce:{nonce}", 1, timeout=option("FORM_MAX_AGE") + 60):
        raise TokenProblem("replayed")


def _over_limit(kind, value):
    limit, window = option(kind)
    digest = hashlib.blake2b(value.encode(), digest_size=16).hexdigest()
    key = f"iurc:newsletter:{kind.lower()}:{digest}"
    if cache.add(key, 1, timeout=window):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count > limit


def address_over_limit(client_address):
    return _over_limit("PER_IP", client_address or "unknown")


def email_over_limit(email):
    return _over_limit("PER_ADDRESS", email)
