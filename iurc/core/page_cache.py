"""The page cache: anonymous visitors get public pages without rendering them again.

``PageCacheMiddleware`` answers an anonymous GET or HEAD from the cache (Redis in production,
process memory on the embedded default) when it holds a response for the same scheme, host,
path and query string (the language is in the path; a path without one, such as the JSON
API's, is also keyed by its language and ``Accept`` header). Otherwise the response is
rendered and, when it is public, stored with the tags of what it read
(``iurc/core/cache_tags.py``), so that a change to any of it empties exactly that entry.

What is never stored, nor served from the cache: the admin (previews included), documents,
requests with a session or a message cookie (signed-in staff, a page unlocked by its
password), and responses that are not a plain 200, stream, set a cookie, carry a CSRF token,
vary on the cookie, or say ``private``/``no-store`` themselves. A view-restricted page never
reaches an anonymous visitor as a 200.

Stored responses leave compressed (brotli, else gzip, as the client accepts) with an ETag, and
with ``Cache-Control: public, max-age=0, s-maxage=…, stale-while-revalidate=…`` for a CDN
or Varnish in front, which Wagtail's frontend cache purges (``iurc/core/frontend_purge.py``).
Nothing else is compressed: a response with a CSRF token must not be (BREACH).

The cache failing is a miss: the page is rendered as if there were no cache.
"""

import gzip
import hashlib
import math
import threading
import time
from collections import OrderedDict

import brotli
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import cc_delim_re, patch_vary_headers

from iurc.core import cache_tags
from iurc.core.security import is_admin_path

COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/geo+json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
)
MIN_COMPRESSED_SIZE = 256
# Headers a response may vary on and still be stored: its key holds the language, and the
# ``Accept`` header where the path has no language; the encoding is chosen at serving time.
STORABLE_VARY = {"accept-language", "accept-encoding", "accept"}
NEVER_CACHED_PREFIXES = ("/documents/", "/i18n/", "/healthz", "/readyz", "/static/", "/media/")


def config():
    return settings.IURC_PAGE_CACHE


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_serve_from_cache(request):
            return self.get_response(request)
        enabled = config()["ENABLED"]
        key = entry_key(request) if enabled else None
        if key is not None:
            cache_tags.write_unwritten()
            entry = fetch(key)
            if entry is not None:
                return respond(request, entry, "HIT")
        started = time.time()
        with cache_tags.collecting() as tags:
            response = self.get_response(request)
        if not storable(request, response):
            return response
        if key is None:
            # Nothing is stored: only the encoding this client takes is worth computing.
            encodings = [chosen_encoding(request, ("br", "gzip"))]
            entry = make_entry(response, tags, started, encodings)
            return respond(request, entry, None, response)
        entry = make_entry(response, tags, started)
        store(key, entry)
        return respond(request, entry, "MISS", response)


def may_serve_from_cache(request):
    if request.method not in ("GET", "HEAD"):
        return False
    path = request.path_info
    if is_admin_path(path) or path.startswith(NEVER_CACHED_PREFIXES):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def entry_key(request):
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # Django answers 400 on the way
    prefix = translation.get_language_from_path(request.path_info)
    parts = [request.scheme, host, request.get_full_path()]
    if prefix:
        parts.append(prefix)
    else:
        parts += [translation.get_language_from_request(request), request.headers.get("Accept", "")]
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest()
    return f"iurc:page:{digest}"


def storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    directives = {
        d.split("=")[0].strip().lower()
        for d in cc_delim_re.split(response.get("Cache-Control", ""))
        if d
    }
    if directives & {"private", "no-store", "no-cache"}:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
    if "accept" in vary and translation.get_language_from_path(request.path_info):
        return False  # the key of a path with a language holds no Accept header
    return vary <= STORABLE_VARY


COMPRESSORS = {
    "br": lambda body: brotli.compress(body, quality=5),
    "gzip": lambda body: gzip.compress(body, compresslevel=6, mtime=0),
}


def make_entry(response, tags, started, encodings=tuple(COMPRESSORS)):
    body = response.content
    content_type = response.get("Content-Type", "")
    bodies = {"identity": body}
    compressible = len(body) >= MIN_COMPRESSED_SIZE and content_type.startswith(COMPRESSIBLE)
    if compressible:
        for encoding in encodings:
            if encoding in COMPRESSORS:
                bodies[encoding] = COMPRESSORS[encoding](body)
    headers = {
        name: value
        for name, value in response.headers.items()
        if name.lower() not in ("content-length", "content-encoding", "etag")
    }
    return {
        "stored_at": started,
        "tags": sorted(tags),
        "headers": headers,
        "bodies": bodies,
        "etag": '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"',
        "compressible": compressible,
        # What the response shows changes with the clock then (cache_tags.valid_until).
        "expires_at": getattr(tags, "expires_at", None),
    }


def store(key, entry):
    """Keep ``entry``, after giving each of its tags a version if it had none."""
    try:
        margin = config()["CLOCK_MARGIN"]
        timeout = config()["TIMEOUT"]
        if entry["expires_at"] is not None:
            timeout = min(timeout, math.ceil(entry["expires_at"] - time.time()))
            if timeout <= 0:
                return
        cache_tags.give_versions(entry["tags"], older_than=entry["stored_at"] - margin)
        cache_tags.cache().set(key, entry, timeout=timeout)
    except Exception:  # noqa: BLE001 - the cache failing must not fail the page
        cache_tags.failed("storing a page")


class LocalEntries:
    """The entries this process served last, by key, up to ``LOCAL_BYTES`` of bodies, each
    with the tag epoch (``cache_tags.EPOCH_KEY``) at which it was last found valid: while the
    epoch has not moved, serving it again costs one small round trip, for the epoch."""

    def __init__(self):
        self.entries = OrderedDict()  # key -> (entry, epoch)
        self.size = 0
        self.lock = threading.Lock()

    @staticmethod
    def weight(entry):
        return sum(len(body) for body in entry["bodies"].values())

    def get(self, key):
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found or (None, None)

    def put(self, key, entry, epoch):
        limit = config()["LOCAL_BYTES"]
        with self.lock:
            self._drop(key)
            self.entries[key] = (entry, epoch)
            self.size += self.weight(entry)
            while self.size > limit and self.entries:
                _key, (oldest, _epoch) = self.entries.popitem(last=False)
                self.size -= self.weight(oldest)

    def drop(self, key):
        with self.lock:
            self._drop(key)

    def _drop(self, key):
        found = self.entries.pop(key, None)
        if found is not None:
            self.size -= self.weight(found[0])

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


local_entries = LocalEntries()


def fetch(key):
    """The entry under ``key`` if every one of its tags is older than it, else None."""
    try:
        entry, validated_at = local_entries.get(key)
        if entry is None:
            epoch, entry = cache_tags.epoch_and(key)
        else:
            epoch = cache_tags.epoch()
            if epoch is not None and epoch == validated_at and not is_expired(entry):
                return entry
        if entry is None or not is_valid(entry):
            local_entries.drop(key)
            return None
    except Exception:  # noqa: BLE001 - a cache failure is a miss
        cache_tags.failed("reading a page")
        return None
    local_entries.put(key, entry, epoch)
    return entry


def is_expired(entry):
    now = time.time()
    expires_at = entry.get("expires_at")
    if expires_at is not None and expires_at <= now:
        return True
    return entry["stored_at"] + config()["TIMEOUT"] < now


def is_valid(entry):
    """Whether every tag of ``entry`` changed before it was stored. A version is the time its
    tag changed; it also counts against entries stored up to CLOCK_MARGIN seconds after it,
    for servers whose clocks disagree a little."""
    if is_expired(entry):
        return False
    known = cache_tags.versions(entry["tags"])
    cache_tags.recovered()
    valid_before = entry["stored_at"] - config()["CLOCK_MARGIN"]
    return all(version is not None and version < valid_before for version in known.values())


def chosen_encoding(request, bodies):
    accepted = {}
    for item in request.headers.get("Accept-Encoding", "").split(","):
        name, _, params = item.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        accepted[name.strip().lower()] = quality
    for encoding in ("br", "gzip"):
        if encoding in bodies and accepted.get(encoding, 0) > 0:
            return encoding
    return "identity"


def respond(request, entry, state, response=None):
    """The answer from ``entry``: ``response`` itself (just rendered) with its headers set and
    its body compressed, or a new response from the cache."""
    if entry["etag"] in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        encoding = chosen_encoding(request, entry["bodies"])
        body = entry["bodies"][encoding]
        if response is None:
            response = HttpResponse(b"" if request.method == "HEAD" else body)
            for name, value in entry["headers"].items():
                response.headers[name] = value
        elif encoding != "identity":
            response.content = body
        response.headers["Content-Length"] = str(len(body))
        if encoding != "identity":
            response.headers["Content-Encoding"] = encoding
    options = config()
    shared, stale = options["SHARED_MAX_AGE"], options["STALE_WHILE_REVALIDATE"]
    if entry.get("expires_at") is not None:
        # A CDN in front keeps it no longer than it holds, stale copies included.
        left = max(0, int(entry["expires_at"] - time.time()))
        shared, stale = min(shared, left), max(0, min(stale, left - shared))
    response.headers["Cache-Control"] = (
        f"public, max-age=0, s-maxage={shared}, stale-while-revalidate={stale}"
    )
    response.headers["ETag"] = entry["etag"]
    if state:
        response.headers["X-Cache"] = state
    if entry["compressible"]:
        patch_vary_headers(response, ("Accept-Encoding",))
    return response
