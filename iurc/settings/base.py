"""Settings shared by every environment.

Configuration comes from the environment. Values that only matter in production
(secret key, allowed hosts) have no default there; see ``production.py``.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def map_tile_source(template):
    """The origin a tile URL template loads from, for the Content-Security-Policy ("" when no
    template is set). ``{s}`` in the host (a server's subdomains a, b, c) becomes ``*``.

    A template that is not an https:// (or, for a local tile server, http://) URL with
    ``{z}``, ``{x}`` and ``{y}`` stops the site at start: the map would only show errors.
    """
    if not template:
        return ""
    parts = urlsplit(template)
    if (
        parts.scheme not in {"https", "http"}
        or not parts.netloc
        or parts.username
        or parts.password
        or not all(f"{{{name}}}" in template for name in "zxy")
    ):
        raise ImproperlyConfigured(
            "IURC_MAP_TILES must be an https:// URL template with {z}, {x} and {y}, such as "
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
        )
    host = parts.netloc.replace("{s}", "*")
    if "{" in host or "}" in host:
        raise ImproperlyConfigured("IURC_MAP_TILES: only {s} may stand in the server's name.")
    return f"{parts.scheme}://{host}"


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

INSTALLED_APPS = [
    # modeltranslation patches models at start-up: it must come before the apps it translates.
    "modeltranslation",
    "wagtail_modeltranslation",
    # Our apps, lowest layer first (see README, "The code").
    "iurc.core",
    "regions",
    "iurc.phases",
    "partners",
    "iurc.networks",
    "iurc.news",
    "iurc.newsletter",
    "iurc.calls",
    "iurc.publications",
    "iurc.events",
    "iurc.home",
    "iurc.translations",
    "iurc.accounts",
    "iurc.demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Sign-in lockout and the admin's second factor (iurc/accounts/).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First: /healthz/ and /readyz/ answer probes by address and over plain HTTP, before host
    # validation and the HTTPS redirect (iurc/core/health.py).
    "iurc.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the policies too.
    "iurc.core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors' public pages from the cache, before anything that reads the database.
    "iurc.core.page_cache.PageCacheMiddleware",
    # After the page cache, which keeps serving what it holds while the database is down: the
    # database known down, the 503 page at once instead of a wait for the pool (outage.py).
    "iurc.core.outage.OutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "iurc.core.middleware.LanguagePrefixMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "iurc.accounts.middleware.SecondFactorMiddleware",
    "iurc.core.malformed.MalformedPostMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "iurc.urls"
WSGI_APPLICATION = "iurc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# An embedded SQLite file is the quick-start default; DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler judges the wide page rows (a column per language) costly enough
    # to compile every listing query, which then takes seconds instead of milliseconds.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes refuses a locked-out sign-in before the password is checked. It needs the
# request: ``authenticate()`` without one (``Client.login`` in tests) raises; sign in through
# the login form or use ``force_login``.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -------------------------------------------------------------------------------
# Each language is listed with its English name (for gettext) and shown to visitors in its own
# name by the language switcher (see iurc.core.languages).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("fr", _("French")),
    ("zh-hans", _("Simplified Chinese")),
    ("hi", _("Hindi")),
    ("id", _("Indonesian")),
    ("ja", _("Japanese")),
    ("ms", _("Malay")),
    ("ko", _("Korean")),
    ("th", _("Thai")),
    ("vi", _("Vietnamese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# A language chosen in the switcher is remembered for a year (iurc.core.views.choose_language):
# "/" returns there. Django's default would forget it when the browser closes.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
# A chain per language that always ends in English. Closely related languages come first so a
# Malay reader sees Indonesian before English, a Portuguese reader Spanish.
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("en",),
    "ms": ("id", "en"),
    "id": ("ms", "en"),
    "pt": ("es", "en"),
    "es": ("pt", "en"),
}
# Wagtail's own locale machinery (wagtail-localize style trees) must stay off: every language
# lives in one page row through modeltranslation.
MODELTRANSLATION_CUSTOM_FIELDS = ("StreamField", "RichTextField")
WAGTAIL_I18N_ENABLED = False
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = True
# The editor's language filter is the workspace's own (iurc/workspace/wagtail_hooks.py): it
# shows translators their languages and remembers staff's choice.
WAGTAILMODELTRANSLATION_LOCALE_PICKER = False

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Origins other than ours that serve uploaded media: the CSP allows images from them.
MEDIA_SOURCES = []

# Uploaded media on S3-compatible object storage (AWS, MinIO, Ceph, Scaleway, OVH…), switched on
# by AWS_STORAGE_BUCKET_NAME. Credentials are read by boto3 from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (or an instance role), never written here. Media URLs are plain and
# unsigned (<origin>/<bucket or prefix>/<key>): a signed URL expires, and a cached page would
# keep it after it had. So the bucket (or the CDN in front of it) lets anyone read images/ and
# original_images/ and nobody read documents/: documents are served through Django, which
# checks a private collection's restriction first (WAGTAILDOCS_SERVE_METHOD below).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
if AWS_STORAGE_BUCKET_NAME:
    from urllib.parse import urlsplit

    from botocore.config import Config as BotocoreConfig

    _endpoint = os.environ.get("AWS_S3_ENDPOINT_URL", "").strip()
    _region = os.environ.get("AWS_S3_REGION_NAME", "").strip()
    _domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip().strip("/")
    _protocol = "https:"
    if not _domain and _endpoint:
        # Path-style addressing, which every S3-compatible server understands.
        _protocol = f"{urlsplit(_endpoint).scheme}:"
        _domain = f"{urlsplit(_endpoint).netloc}/{AWS_STORAGE_BUCKET_NAME}"
    elif not _domain:
        _domain = f"{AWS_STORAGE_BUCKET_NAME}.s3.{_region or 'us-east-1'}.amazonaws.com"
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": _endpoint or None,
            "region_name": _region or None,
            "addressing_style": "path" if _endpoint else None,
            "location": os.environ.get("AWS_LOCATION", "").strip("/"),
            "custom_domain": _domain,
            "url_protocol": _protocol,
            "querystring_auth": False,
            # Objects take the bucket's policy; an upload never replaces another's file.
            "default_acl": None,
            "file_overwrite": False,
            # An unreachable endpoint fails an upload, or the readiness check, in seconds.
            "client_config": BotocoreConfig(
                connect_timeout=3, read_timeout=20, retries={"max_attempts": 2}
            ),
        },
    }
    MEDIA_URL = f"{_protocol}//{_domain}/"
    MEDIA_SOURCES = [f"{_protocol}//{_domain.split('/')[0]}"]

# Documents are always served by Django (/documents/<id>/<name>), never linked to the storage:
# a document in a private collection is sent only to those allowed to see it. The proxy must not
# serve media/documents/ itself either (deploy/nginx/).
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- Cache ----------------------------------------------------------------------------------
# Redis is optional: it switches on only when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "iurc",
            "OPTIONS": {
                # Redis down is a cache miss, not a failed page: a read gives nothing, a
                # write is skipped. After an error each worker leaves Redis alone for
                # IURC_CACHE_BREAKER_SECONDS, then tries again, so it is used as soon as it is
                # back; a Redis that hangs costs one call the socket timeout, not every call.
                "CLIENT_CLASS": "iurc.core.outage.RedisClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
            },
        }
    }
    # One line per outage, not one per call (the filter in LOGGING below).
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "iurc.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The page cache (iurc/core/page_cache.py) and its tags' versions (iurc/core/cache_tags.py)
# live in a cache of their own: the same Redis under another prefix, without
# IGNORE_EXCEPTIONS, so that a version that could not be written is known and written again;
# on the embedded default, process memory (one process: runserver).
if REDIS_URL:
    CACHES["pages"] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "iurc-pages",
        "OPTIONS": {
            # Redis failed moments ago: an error at once, not a wait for the timeout.
            "CLIENT_CLASS": "iurc.core.outage.RedisClient",
            "SOCKET_CONNECT_TIMEOUT": 0.25,
            "SOCKET_TIMEOUT": 0.25,
        },
    }
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "iurc-pages",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
IURC_PAGE_CACHE = {
    # Off turns off storing and serving, not compression nor Cache-Control. Production keeps it
    # off without Redis: workers' memories would not see each other's changes.
    "ENABLED": env_bool("IURC_PAGE_CACHE", True),
    "CACHE": "pages",
    # Seconds an entry is kept; changes empty it before that (iurc/core/cache_tags.py).
    "TIMEOUT": int(os.environ.get("IURC_PAGE_CACHE_TIMEOUT", str(24 * 60 * 60))),
    # Bytes of entries each process keeps in its own memory too: serving one of them again
    # asks the cache for one small value, the tag epoch, while nothing has changed.
    "LOCAL_BYTES": 32 * 1024 * 1024,
    # Seconds after a change during which entries still count as older than it, for servers
    # whose clocks disagree a little.
    "CLOCK_MARGIN": 1.0,
    # Each process keeps the site and the menu while no page has changed (iurc/core/memo.py):
    # only where every process reads and writes the same tag versions, in Redis.
    "MEMO": env_bool("IURC_MEMO", bool(REDIS_URL)),
    # What a CDN or Varnish in front may keep, between purges (iurc/core/frontend_purge.py).
    "SHARED_MAX_AGE": int(os.environ.get("IURC_CDN_MAX_AGE", "300")),
    "STALE_WHILE_REVALIDATE": int(os.environ.get("IURC_CDN_STALE_WHILE_REVALIDATE", "60")),
}

# A CDN or HTTP cache in front, purged after each change in every language
# (iurc/core/frontend_purge.py): Varnish or any cache that accepts PURGE at IURC_PURGE_URL,
# Cloudflare (CLOUDFLARE_ZONE_ID with CLOUDFLARE_API_TOKEN), CloudFront
# (CLOUDFRONT_DISTRIBUTION_ID, credentials from boto3's usual places).
WAGTAILFRONTENDCACHE = {}
if os.environ.get("IURC_PURGE_URL", "").strip():
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["IURC_PURGE_URL"].strip(),
    }
if os.environ.get("CLOUDFLARE_ZONE_ID", "").strip():
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"].strip(),
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID", "").strip():
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"].strip(),
    }
# Every language's URL is purged by its own path (translated slugs), not by prefixing one.
WAGTAILFRONTENDCACHE_LANGUAGES = []

# --- Wagtail ---------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "IURC"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: each admin page would send a hash of the editor's e-mail address to another
# host (and the admin's CSP would have to allow it). Editors upload a picture in Account.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_MODERATION_ENABLED = True
# Draftail, answering 400 instead of 500 to a rich text value it did not send
# (iurc/core/widgets.py, malformed.py).
WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "iurc.core.widgets.RichTextArea"}}
# Editors use the admin in any of the portal's languages.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Staff sign-in (iurc/accounts/; README, "Signing in: lockout and two-step verification")
# An account, or an address, with IURC_LOGIN_FAILURE_LIMIT failed sign-ins within the cool-off
# is locked until the cool-off has passed since its last failure (attempts while locked do not
# extend it), or until staff unlock it. A successful sign-in clears nothing: it would also
# clear its address's failures, so one valid account could reset another's count.
AXES_FAILURE_LIMIT = int(os.environ.get("IURC_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("IURC_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "iurc.accounts.lockout.lockout_response"
# The client's address: REMOTE_ADDR, or X-Forwarded-For as written by a trusted proxy (nginx);
# production.py trusts the local host by default.
AXES_CLIENT_IP_CALLABLE = "iurc.accounts.lockout.client_ip_address"
IURC_TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES")
# Superusers and programme staff must use two-step verification (on in production.py);
# anyone may choose to.
IURC_REQUIRE_2FA = env_bool("IURC_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "IURC"

# --- Translators' workspace ------------------------------------------------------------------
# Share (0 to 1) of a page's translated fields with English text that must be filled in a
# language before the language switcher and hreflang offer the page in it (bedrock uses 0.8).
# 0 offers every language. The page's URL in that language works either way.
IURC_SWITCHER_MIN_COMPLETENESS = float(os.environ.get("IURC_SWITCHER_MIN_COMPLETENESS", "0"))

# --- The map's background ----------------------------------------------------------------
# The agreements map and the partner editor's point picker draw the world's countries from our
# own static files (Natural Earth, vendored by `make vendor`), so they need no tile server.
# IURC_MAP_TILES adds a tile server's images over that outline: a URL template such as
# https://tile.openstreetmap.org/{z}/{x}/{y}.png, with the credit its terms ask for in
# IURC_MAP_TILES_ATTRIBUTION (required then) and IURC_MAP_TILES_ATTRIBUTION_URL (optional link).
# Only then does the Content-Security-Policy allow images from that server.
IURC_MAP_TILES = os.environ.get("IURC_MAP_TILES", "").strip()
IURC_MAP_TILES_ATTRIBUTION = os.environ.get("IURC_MAP_TILES_ATTRIBUTION", "").strip()
IURC_MAP_TILES_ATTRIBUTION_URL = os.environ.get("IURC_MAP_TILES_ATTRIBUTION_URL", "").strip()
if IURC_MAP_TILES and not IURC_MAP_TILES_ATTRIBUTION:
    raise ImproperlyConfigured(
        "IURC_MAP_TILES is set: set IURC_MAP_TILES_ATTRIBUTION to the credit its server asks for."
    )
if IURC_MAP_TILES_ATTRIBUTION_URL and urlsplit(IURC_MAP_TILES_ATTRIBUTION_URL).scheme not in {
    "https",
    "http",
}:
    raise ImproperlyConfigured("IURC_MAP_TILES_ATTRIBUTION_URL must be an https:// address.")

# --- Security headers (iurc/core/security.py; README, "Security headers") ------------------
# The public site: nothing is allowed unless named here. Scripts and stylesheets are our own
# static files; an inline <script> or <style> needs nonce="{{ request.csp_nonce }}", and style=""
# attributes are refused (use a class). Images: ours, the map's tile server when one is set
# (IURC_MAP_TILES above), and data: (Leaflet blanks a cancelled tile with a data: image).
# Frames: the video sites editors embed. Requests from scripts: our origin (the map reads its
# partners from map/data/ and the world outline from our static files).
MAP_TILE_SOURCE = map_tile_source(IURC_MAP_TILES)
MAP_IMAGE_SOURCES = [MAP_TILE_SOURCE] if MAP_TILE_SOURCE else []
EMBED_FRAME_SOURCES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *MAP_IMAGE_SOURCES, *MEDIA_SOURCES],
        "connect-src": [SELF],
        "frame-src": EMBED_FRAME_SOURCES,
        "form-action": [SELF],
        "base-uri": [NONE],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
    }
}
# The admin (/admin/, previews of public pages included): Wagtail's editor runs inline scripts
# (panels, date pickers) and sets inline styles, so both are allowed there, and nothing else
# that the public policy refuses. No nonce: a nonce would switch 'unsafe-inline' off.
IURC_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *MAP_IMAGE_SOURCES, *MEDIA_SOURCES],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, *EMBED_FRAME_SOURCES],
        "form-action": [SELF],
        "base-uri": [NONE],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
    }
}
# Browser features no page uses, denied to every page and every frame in it.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Other sites may neither embed our pages and files nor keep a window on ours.
IURC_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Outages (iurc/core/outage.py) -----------------------------------------------------------
# While the database cannot be reached, visitors get the 503 page, which asks them to come
# back after IURC_OUTAGE_RETRY_AFTER seconds; each worker tries the database again
# IURC_OUTAGE_BREAKER_SECONDS after its last failure and answers 503 at once until then.
IURC_OUTAGE_RETRY_AFTER = int(os.environ.get("IURC_OUTAGE_RETRY_AFTER", "30"))
IURC_OUTAGE_BREAKER_SECONDS = float(os.environ.get("IURC_OUTAGE_BREAKER_SECONDS", "5"))
IURC_CACHE_BREAKER_SECONDS = float(os.environ.get("IURC_CACHE_BREAKER_SECONDS", "5"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # An outage is logged when it starts, not once per request or cache call.
        "cache_outage": {"()": "iurc.core.outage.OncePerBurst"},
        "database_outage": {"()": "iurc.core.outage.DatabaseOutageOncePerBurst"},
        "pool_outage": {"()": "iurc.core.outage.OncePerBurst"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "iurc.cache": {"filters": ["cache_outage"]},
        "django.request": {"filters": ["database_outage"]},
        # psycopg's pool warns at each failed connection attempt, every second of an outage.
        "psycopg.pool": {"filters": ["pool_outage"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
