"""What visitors get while the database or the cache is out of reach.

* The database: an error that says the server cannot take us (``database_is_unreachable``:
  refused, closed, the pool giving up, shutting down…; not a failed query) becomes a 503 with
  ``Retry-After`` and a page in the visitor's language that reads no database
  (``templates/503.html``; JSON under the API), from the 500 handler
  (``iurc.core.views.server_error``), which Django calls for an exception anywhere in the
  middleware or the view. The worker then
  remembers for ``IURC_OUTAGE_BREAKER_SECONDS`` that the database is down, and
  ``OutageMiddleware`` answers 503 at once instead of letting each request wait for the pool's
  timeout; the first request after that tries the database again, so the site recovers by
  itself. Pages the page cache holds are served before this middleware and keep being served.
* The cache (Redis): django-redis ignores its errors (``IGNORE_EXCEPTIONS``), so a cache read
  is a miss and a write is skipped; ``RedisClient`` then leaves Redis alone for
  ``IURC_CACHE_BREAKER_SECONDS``, so that a Redis that hangs costs one socket timeout per
  worker and window, not one per call; ``OncePerBurst`` keeps its log to one line per outage.
"""

import functools
import logging
import sys
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError

try:
    import psycopg
except ImportError:  # pragma: no cover - SQLite-only installs have no psycopg
    psycopg = None

logger = logging.getLogger(__name__)

# SQLSTATEs that mean the server cannot take us: class 08 (connection exception), shutting
# down by an administrator or a crash, starting up, too many connections. A query cancelled
# by its statement timeout or a deadlock is also an OperationalError, but the database is
# there: those stay 500s.
UNREACHABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53300")


def database_is_unreachable(exception):
    """Whether ``exception``, or an exception it was raised from, means the database is down.

    psycopg's own error decides when there is one (Django raises its OperationalError from
    it): no SQLSTATE (refused, closed, the pool's timeout) or one of UNREACHABLE_SQLSTATES.
    Without one (SQLite, or an error raised as Django's alone), Django's OperationalError or
    InterfaceError counts.
    """
    chain = []
    while exception is not None and all(exception is not seen for seen in chain):
        chain.append(exception)
        exception = exception.__cause__ or exception.__context__
    if psycopg is not None:
        for error in chain:
            if isinstance(error, psycopg.Error):
                if not isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
                    return False
                return error.sqlstate is None or error.sqlstate.startswith(UNREACHABLE_SQLSTATES)
    return any(isinstance(error, OperationalError | InterfaceError) for error in chain)


class Breaker:
    """Per process: a service is known to be down until ``open_until``."""

    def __init__(self, seconds_setting, down_message, up_message):
        self.seconds_setting = seconds_setting
        self.down_message = down_message
        self.up_message = up_message
        self.open_until = 0.0
        self.lock = threading.Lock()

    def trip(self):
        with self.lock:
            first = self.open_until == 0.0
            self.open_until = time.monotonic() + getattr(settings, self.seconds_setting)
        if first:
            logger.error(self.down_message)

    def is_open(self):
        return self.open_until > time.monotonic()

    def close(self):
        """A request got through: the next failure is news again."""
        with self.lock:
            was_tripped = self.open_until != 0.0
            self.open_until = 0.0
        if was_tripped:
            logger.warning(self.up_message)


breaker = Breaker(
    "IURC_OUTAGE_BREAKER_SECONDS",
    "The database cannot be reached: answering 503 until it can.",
    "The database can be reached again.",
)
cache_breaker = Breaker(
    "IURC_CACHE_BREAKER_SECONDS",
    "Redis cannot be reached: the cache is skipped until it can.",
    "Redis can be reached again.",
)


def visitor_language(request):
    """The language of the URL's prefix, else the cookie or Accept-Language, else English."""
    return translation.get_language_from_path(request.path_info) or (
        translation.get_language_from_request(request, check_path=False)
    )


# The JSON API (iurc/urls.py) answers its clients in JSON, as its own errors do: {"detail": …}.
API_PREFIX = "/api/"


def unavailable_response(request):
    """503 with Retry-After, in the visitor's language, rendered without the database."""
    language = visitor_language(request)
    # For the log filter: Django logs every 5xx answer, and this one is the outage's.
    request.iurc_database_down = True
    if request.path_info.startswith(API_PREFIX):
        with translation.override(language):
            detail = _("We cannot show this page right now. Please try again in a minute.")
        response = JsonResponse({"detail": detail}, status=503)
    else:
        response = HttpResponse(page(language), status=503)
    response["Retry-After"] = str(settings.IURC_OUTAGE_RETRY_AFTER)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def page(language):
    try:
        # A stylesheet, not an inline style: the page lives under the public CSP.
        stylesheet = static("css/error.css")
    except ValueError:  # Not in the manifest of collected files: the page still renders.
        stylesheet = ""
    with translation.override(language):
        return render_to_string("503.html", {"LANGUAGE_CODE": language, "stylesheet": stylesheet})


def response_for_current_exception(request):
    """From the 500 handler: the 503 page if the exception being handled is an outage."""
    if not database_is_unreachable(sys.exc_info()[1]):
        return None
    breaker.trip()
    return unavailable_response(request)


class OutageMiddleware:
    """While the database is known down, answer 503 at once; note when it answers again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if breaker.is_open():
            return unavailable_response(request)
        response = self.get_response(request)
        if breaker.open_until and response.status_code != 503:
            breaker.close()
        return response


def skipped_while_redis_is_down(method):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        if cache_breaker.is_open():
            # django-redis (IGNORE_EXCEPTIONS) turns this into a miss, as for a real error.
            raise ConnectionInterrupted(connection=None) from RedisConnectionError(
                "skipped: Redis failed moments ago"
            )
        try:
            result = method(self, *args, **kwargs)
        except ConnectionInterrupted:
            cache_breaker.trip()
            raise
        if cache_breaker.open_until:
            cache_breaker.close()
        return result

    return call


class RedisClient(DefaultClient):
    """django-redis's client, which leaves Redis alone for a moment after it failed.

    A stopped Redis refuses at once, but one that hangs (a frozen host, a lost network) costs
    each call its socket timeout, several per page; this way one call per worker pays it every
    ``IURC_CACHE_BREAKER_SECONDS``, and every other call is a miss at once.
    """


# Every command; not the plumbing (connections, keys, serialisation).
PLUMBING = {
    "get_next_client_index",
    "get_client",
    "get_client_with_index",
    "connect",
    "disconnect",
    "decode",
    "encode",
    "make_key",
    "make_pattern",
    "close",
    "do_close_clients",
}
for _name, _method in vars(DefaultClient).items():
    if callable(_method) and not _name.startswith("_") and _name not in PLUMBING:
        setattr(RedisClient, _name, skipped_while_redis_is_down(_method))


class OncePerBurst(logging.Filter):
    """Lets a record through only after ``quiet`` seconds without one.

    An outage makes every cache call fail and log (django-redis logs each ignored error);
    this keeps the first line of each outage.
    """

    def __init__(self, quiet=60.0):
        super().__init__()
        self.quiet = float(quiet)
        self.last = None

    def concerns(self, record):
        return True

    def filter(self, record):
        if not self.concerns(record):
            return True
        now = time.monotonic()
        show = self.last is None or now - self.last > self.quiet
        self.last = now
        return show


class DatabaseOutageOncePerBurst(OncePerBurst):
    """For ``django.request``: one record per database outage, every other error as usual.

    Django logs every 5xx answer (and mails it to ADMINS): without this, each 503 of an outage
    would, and each retry of the database would add the same traceback.
    """

    def concerns(self, record):
        if getattr(getattr(record, "request", None), "iurc_database_down", False):
            return True
        return bool(record.exc_info) and database_is_unreachable(record.exc_info[1])
