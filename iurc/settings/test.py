"""Test settings: fast hashing, plain static storage, the database from DATABASE_URL."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    # Django's InMemoryStorage, with files that outlive a test's change of STORAGES.
    "default": {"BACKEND": "tests.storage.ProcessInMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# The page cache serves nothing, and processes remember nothing (iurc/core/memo.py), unless a
# test switches them on (``page_cache`` in tests/conftest.py): tests read what each request
# renders. Compression and Cache-Control stay.
IURC_PAGE_CACHE = {**IURC_PAGE_CACHE, "ENABLED": False, "MEMO": False}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Wagtail's own index serves only the admin's search: keeping it up to date on every save is a
# third of the cost of publishing a page. Tests of the admin's search switch it back on
# (``wagtail_search_index`` in tests/test_admin_search.py).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
}

# runserver and the test client serve static files themselves; WhiteNoise is for production.
MIDDLEWARE = [entry for entry in MIDDLEWARE if not entry.startswith("whitenoise.")]

# Close connections after each request, in the browser tests' server thread too, so the test
# database can be dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Two-step verification is asked of no one unless a test says so.
IURC_REQUIRE_2FA = False
