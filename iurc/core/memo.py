"""Values every page derives from the database, kept by each process while they are current.

Every public page finds its site (with the root page's titles and URLs) and the sections of
the menu: two wide queries that Django spends more time writing and reading than PostgreSQL
spends answering, and whose answer changes only when an editor publishes. Each process keeps
such a value with the tags of what computing it read (``iurc/core/cache_tags.py``), and uses it
while every one of those tags is older than the value, by the page cache's own rule: the next
request after a change computes it again. The tags also go to the response being rendered, so
a page cached with a remembered menu is invalidated with it.

Checking costs one small cache read per request (the tag epoch), none more while nothing has
changed. Values are kept only where every process writes and reads the same versions
(``IURC_PAGE_CACHE["MEMO"]``: Redis); while the cache is unreachable they are computed.
"""

import copy
import threading
import time
from collections import OrderedDict

from django.conf import settings
from wagtail.models import PageViewRestriction

from iurc.core import cache_tags

# Values kept per process (sites, sections, routes): each is small.
MAX_ENTRIES = 5000

# A value computed for a request leaves restricted pages out by what the request knows of view
# restrictions (``page_queries.view_restrictions_exist``): when none exist its queries do not
# read them, yet one added changes the value.
RESTRICTIONS_TAG = f"table:{PageViewRestriction._meta.db_table}"

# Where a request keeps the epoch read for it, so that its other values ask no more.
_REQUEST_EPOCH = "_iurc_memo_epoch"
_UNKNOWN = object()


class _Entry:
    __slots__ = ("epoch", "expires_at", "started", "tags", "value")

    def __init__(self, value, tags, started, expires_at=None):
        self.value = value
        self.tags = frozenset(tags)
        self.started = started
        # Computed again from then on, whatever the tags say (cache_tags.valid_until).
        self.expires_at = expires_at
        self.epoch = None  # the tag epoch at which it was last found current


_entries = OrderedDict()
_lock = threading.Lock()


def enabled():
    return settings.IURC_PAGE_CACHE.get("MEMO", False)


def remembered(request, key, compute):
    """``compute()``, or the value it gave this process last for ``key`` if nothing it read
    has changed since. The value is shared: copy what a request may change (``copied``)."""
    if not enabled() or request is None or request.method not in ("GET", "HEAD"):
        # Only reading requests: a request that writes may compute from rows its transaction
        # has not committed yet, and may roll back.
        return compute()
    epoch = _epoch(request)
    if epoch is _UNKNOWN:
        return compute()
    with _lock:
        entry = _entries.get(key)
        if entry is not None:
            _entries.move_to_end(key)
    if (
        entry is not None
        and (entry.expires_at is None or time.time() < entry.expires_at)
        and (epoch is not None and entry.epoch == epoch or _current(entry))
    ):
        entry.epoch = epoch
        cache_tags.depends_on(*entry.tags)
        cache_tags.valid_until(entry.expires_at)
        return entry.value
    started = time.time()
    with cache_tags.collecting() as tags:
        value = compute()
    tags.add(RESTRICTIONS_TAG)
    cache_tags.depends_on(*tags)
    cache_tags.valid_until(tags.expires_at)
    try:
        cache_tags.give_versions(tags, older_than=started - _margin())
    except Exception:  # noqa: BLE001 - the cache failing must not fail the page
        cache_tags.failed("remembering a value")
        return value
    with _lock:
        _entries[key] = _Entry(value, tags, started, tags.expires_at)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def copied(instance):
    """A copy of a remembered model instance for one request: attributes a request sets on it
    (cached parents, specific versions, view restrictions) stay with that request."""
    return copy.copy(instance)


def forget_all():
    with _lock:
        _entries.clear()


def _epoch(request):
    """The tag epoch, read once per request; _UNKNOWN when the cache cannot be read."""
    epoch = getattr(request, _REQUEST_EPOCH, _UNKNOWN)
    if epoch is _UNKNOWN:
        try:
            cache_tags.write_unwritten()
            epoch = cache_tags.epoch()
        except Exception:  # noqa: BLE001 - a cache failure: values are computed
            cache_tags.failed("reading the tag epoch")
            return _UNKNOWN
        setattr(request, _REQUEST_EPOCH, epoch)
    return epoch


def _current(entry):
    """Whether every tag of ``entry`` changed before it was computed (``page_cache.is_valid``)."""
    try:
        known = cache_tags.versions(entry.tags)
    except Exception:  # noqa: BLE001
        cache_tags.failed("reading versions")
        return False
    valid_before = entry.started - _margin()
    return all(version is not None and version < valid_before for version in known.values())


def _margin():
    return settings.IURC_PAGE_CACHE["CLOCK_MARGIN"]
