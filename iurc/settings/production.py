"""Production: every secret comes from the environment and has no default.

Required: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL.
E-mail (password resets, workflow notifications): DJANGO_EMAIL_HOST, DJANGO_EMAIL_PORT,
DJANGO_EMAIL_HOST_USER, DJANGO_EMAIL_HOST_PASSWORD, DJANGO_EMAIL_USE_TLS or
DJANGO_EMAIL_USE_SSL, DJANGO_EMAIL_TIMEOUT, DJANGO_DEFAULT_FROM_EMAIL, DJANGO_SERVER_EMAIL,
DJANGO_ADMINS; without DJANGO_EMAIL_HOST, ``check --deploy`` warns (iurc.W001).
Optional: REDIS_URL (cache), DJANGO_CSRF_TRUSTED_ORIGINS, DJANGO_SECURE_HSTS_SECONDS,
WAGTAILADMIN_BASE_URL, DJANGO_MEDIA_ROOT, DJANGO_TRUSTED_PROXIES (default: this host),
IURC_REQUIRE_2FA (default: on), IURC_LOGIN_FAILURE_LIMIT, IURC_LOGIN_COOLOFF_MINUTES.
"""

import os
from email.utils import getaddresses

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list


def required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


DEBUG = False
SECRET_KEY = required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or required("DJANGO_ALLOWED_HOSTS").split(",")
required("DATABASE_URL")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# nginx on this host passes the client's address in X-Forwarded-For; only a proxy listed here
# is believed (iurc.accounts.lockout.client_ip_address), so sign-in lockout counts clients,
# not the proxy.
IURC_TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail's live preview shows pages in a same-origin frame, so DENY would break editing.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Without Redis, each worker would keep its own page cache and miss the others' changes.
IURC_PAGE_CACHE = {  # noqa: F405
    **IURC_PAGE_CACHE,  # noqa: F405
    "ENABLED": env_bool("IURC_PAGE_CACHE", bool(REDIS_URL)),  # noqa: F405
}

# Superusers and programme staff set up two-step verification before using the admin.
IURC_REQUIRE_2FA = env_bool("IURC_REQUIRE_2FA", True)

# --- E-mail: password resets, workflow notifications, error reports -----------------------
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "").strip()
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", not EMAIL_USE_SSL)
if EMAIL_USE_SSL and EMAIL_USE_TLS:
    raise ImproperlyConfigured("Set DJANGO_EMAIL_USE_TLS or DJANGO_EMAIL_USE_SSL, not both.")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "465" if EMAIL_USE_SSL else "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
# A server that does not answer must not hold a worker for long.
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", f"IURC <noreply@{ALLOWED_HOSTS[0].lstrip('.')}>"
)
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
# "Name <address>, …": who receives reports of server errors.
ADMINS = [
    (name, address)
    for name, address in getaddresses([os.environ.get("DJANGO_ADMINS", "")])
    if address
]

DATABASES["default"]["OPTIONS"] = {  # noqa: F405
    **DATABASES["default"].get("OPTIONS", {}),  # noqa: F405
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # psycopg's pool replaces Django's persistent connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
    # A request waits this long for a connection, then the visitor gets the 503 page
    # (iurc/core/outage.py): far under gunicorn's worker timeout (deploy/gunicorn.conf.py).
    # While the database is unreachable, the pool retries a connection with growing pauses
    # for reconnect_timeout, then gives up until the next request asks: kept as short as the
    # wait, it never sits out a pause longer than a second once the database is back.
    DATABASE_POOL_TIMEOUT = float(os.environ.get("DATABASE_POOL_TIMEOUT", "2"))
    DATABASES["default"]["OPTIONS"]["pool"] = {  # noqa: F405
        "timeout": DATABASE_POOL_TIMEOUT,
        "reconnect_timeout": DATABASE_POOL_TIMEOUT,
    }
    # A server that does not answer at all (no refusal) fails a connection attempt this soon.
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = int(  # noqa: F405
        os.environ.get("DATABASE_CONNECT_TIMEOUT", "2")
    )
    # Behind a pooler in transaction mode (PgBouncer's pool_mode = transaction), consecutive
    # transactions of one connection may reach different server sessions: nothing may outlive
    # a transaction. Django's server-side cursors (QuerySet.iterator: sitemaps, downloads) are
    # declared WITH HOLD to do just that, and fail on the next fetch. (Prepared statements,
    # the other such thing, Django already leaves off with psycopg 3.)
    if env_bool("DATABASE_TRANSACTION_POOLER", False):
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True  # noqa: F405

LOGGING["root"]["level"] = os.environ.get("DJANGO_LOG_LEVEL", "INFO")  # noqa: F405
