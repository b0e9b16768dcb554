"""What a cached response shows, and telling the page cache when that changes.

The page cache (``iurc/core/page_cache.py``) stores a response with the *tags* of what the
request read while it was rendered:

* ``table:<name>``: a database table its queries read (found in their SQL), for every table
  but Wagtail's page tables, which every page reads;
* ``page:<id>``: a page it loaded;
* ``pages``: it read pages at all (menus, breadcrumbs, lists, links; every HTML page does);
* ``bulk-pages:<table>``: it read a table of a page type with thousands of pages
  (``BasePage.changes_show_narrowly``), such as the agreements;
* ``site``: every response (the sites and their roots make every URL).

Every tag has a version in the cache; an entry is served only while all its tags keep the
versions they had when it was stored. What changes gives its tags new versions:

* any INSERT, UPDATE, DELETE or TRUNCATE of a table other than the page tables, seen in the
  SQL, so bulk writes (the agreements' listing rows, the search documents, imports) count;
* a page saved with a change the public sees (``_page_changed``): ``page:<id>`` and
  ``bulk-pages:<table>`` for a page of a bulk type whose title, URL and place are unchanged,
  else ``pages``: published for the first time, unpublished, moved, deleted, renamed, given
  another URL or menu place, or any change to the few pages (home, About, regions, phases)
  that the menus show everywhere;
* a site, or the page at a site's root: ``site``.

New versions are written at once, so a later request in the same transaction sees the
change, and again when the transaction commits, so that no request that read the old rows
in the meantime keeps them. A version that could not be written (the cache was down) is
written again before the next request is served, and once the cache answers again after an
outage, ``site`` gets a new version: nothing stored before it is served.

Entries have a lifetime and tags have none: with Redis's ``maxmemory-policy volatile-lru``
memory pressure evicts entries, never a tag's version. A tag without a version (never
changed, or forgotten) is given one just older than the entry being stored; an entry whose
tag has no version is not served.
"""

import contextvars
import logging
import re
import time
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_init, post_save, pre_save
from wagtail.models import Page, Site
from wagtail.signals import post_page_move

from iurc.core.languages import localized_fields
from iurc.core.visibility import DRAFT_FIELDS

logger = logging.getLogger(__name__)

# What saving a draft of a page writes (``Page.save_revision``), locking it, adding a child.
PAGE_DRAFT_FIELDS = DRAFT_FIELDS | {
    "wagtail_admin_comments",
    "latest_revision_created_at",
    "draft_title",
    "locked",
    "locked_by",
    "locked_at",
    "numchild",
}

_READ = re.compile(r'\b(?:FROM|JOIN)\s+"([^"]+)"', re.IGNORECASE)
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"([^"]+)"', re.IGNORECASE)
_TRUNCATE = re.compile(r"^\s*TRUNCATE\b", re.IGNORECASE)
_QUOTED = re.compile(r'"([^"]+)"')

_collected = contextvars.ContextVar("iurc_cache_tags", default=None)
_unwritten = set()  # tags whose new version the cache refused; written before the next request
_stored_since_written = set()  # tags of entries this process stored since it last wrote them


def cache():
    return caches[settings.IURC_PAGE_CACHE["CACHE"]]


def tag_key(tag):
    return f"iurc:tag:{tag}"


# --- Reading: the tags of one response ----------------------------------------------------


class Collected(set):
    """The tags of one response, and ``expires_at``: the time (seconds since the epoch) at
    which what it shows changes by the clock alone, with no write to tell the cache (a call
    for applications closing), or None."""

    expires_at = None


@contextmanager
def collecting():
    """Collect the tags of what is read inside the block; yields the set they go to."""
    tags = Collected({"site"})
    token = _collected.set(tags)
    try:
        with connections["default"].execute_wrapper(_note_reads):
            yield tags
    finally:
        _collected.reset(token)


def depends_on(*tags):
    """Add tags to the response being rendered, for what its queries do not show."""
    collected = _collected.get()
    if collected is not None:
        collected.update(tags)


def valid_until(moment):
    """The response being rendered shows something that changes at ``moment`` (an aware
    datetime or seconds since the epoch; None: never) though nothing is written then: it is
    served from the cache only before that moment (``page_cache.is_expired``)."""
    collected = _collected.get()
    if collected is None or moment is None:
        return
    if not isinstance(moment, int | float):
        moment = moment.timestamp()
    if collected.expires_at is None or moment < collected.expires_at:
        collected.expires_at = moment


def depends_on_every_page():
    """For a response that shows what changes with any publishing of any page (the dates in a
    sitemap), not only lists and links."""
    depends_on("pages", *(f"bulk-pages:{table}" for table in _page_tables()[1]))


def _note_reads(execute, sql, params, many, context):
    collected = _collected.get()
    if collected is not None:
        page_tables, bulk_tables = _page_tables()
        for table in _READ.findall(sql):
            if table in bulk_tables:
                collected.add(f"bulk-pages:{table}")
            elif table in page_tables:
                collected.add("pages")
            else:
                collected.add(f"table:{table}")
    return execute(sql, params, many, context)


def _page_loaded(sender, instance, **kwargs):
    collected = _collected.get()
    if collected is not None and instance.pk is not None:
        collected.add(f"page:{instance.pk}")


_tables = None


def _page_tables():
    """The tables of Page and its subclasses, and those of the bulk page types."""
    global _tables
    if _tables is None:
        models = [model for model in apps.get_models() if issubclass(model, Page)]
        _tables = (
            frozenset(model._meta.db_table for model in models),
            frozenset(
                model._meta.db_table
                for model in models
                if getattr(model, "changes_show_narrowly", False)
            ),
        )
    return _tables


# --- Versions ---------------------------------------------------------------------------
# A tag's version is the time it last changed. The page cache is used without django-redis's
# IGNORE_EXCEPTIONS, so that a version that could not be written is known; the shared Redis
# client (iurc.core.outage.RedisClient) fails at once for a few seconds after an error instead
# of waiting for its timeout on every call. A failure is logged once per outage.

_down = False


def failed(action):
    """Note that the cache failed; a miss, or a version to write later, follows."""
    global _down
    if not _down:
        logger.warning("The page cache is unreachable (%s): pages are rendered", action)
    _down = True
    # Whatever changed meanwhile may not have reached the cache: once it answers again, no entry
    # stored before the outage is served.
    _unwritten.add("site")


def recovered():
    global _down
    if _down:
        logger.warning("The page cache is reachable again")
        _down = False


# Changes whenever any tag does: an entry validated at an epoch stays valid while the epoch is
# the same, so a process serving an entry it validated before asks for this key only.
EPOCH_KEY = "iurc:tag-epoch"


def epoch_and(key):
    """The current epoch and the value under ``key``, in one round trip."""
    found = cache().get_many([EPOCH_KEY, key])
    return found.get(EPOCH_KEY), found.get(key)


def epoch():
    return cache().get(EPOCH_KEY)


def versions(tags):
    """The current version of each tag: None for one the cache does not hold."""
    found = cache().get_many([tag_key(tag) for tag in tags])
    return {tag: found.get(tag_key(tag)) for tag in tags}


def give_versions(tags, older_than):
    """Give each tag that has no version one just older than ``older_than`` (the time the
    entry being stored began to render), so that the entry counts as newer than it, and any
    entry stored before the cache forgot the tag's version does not."""
    _stored_since_written.update(tags)
    keys = [tag_key(tag) for tag in tags]
    found = cache().get_many([*keys, EPOCH_KEY])
    for key in keys:
        if key not in found:
            cache().add(key, older_than - 0.001, timeout=None)
    if EPOCH_KEY not in found:
        cache().add(EPOCH_KEY, time.time(), timeout=None)


def _write_versions(tags):
    tags = set(tags) | _unwritten
    if not tags:
        return
    now = time.time()
    versions = {tag_key(tag): now for tag in tags}
    # The epoch last, after the versions: whoever reads the new epoch finds the new versions.
    versions[EPOCH_KEY] = now
    try:
        cache().set_many(versions, timeout=None)
    except Exception:  # noqa: BLE001 - any cache failure: the versions are written later
        failed("writing versions")
        _unwritten.update(tags)
    else:
        recovered()
        _unwritten.clear()


def write_unwritten():
    """Write the versions the cache refused earlier (called before each request)."""
    if _unwritten:
        _write_versions(())


class _OnCommit:
    """The tags changed in an open transaction, written again when it commits."""

    def __init__(self):
        self.tags = set()

    def __call__(self):
        _write_versions(self.tags)


def changed(*tags, using="default"):
    """Give ``tags`` new versions now, and again when the current transaction commits."""
    connection = connections[using]
    if not connection.in_atomic_block:
        _write_versions(tags)
        return
    pending = getattr(connection, "_iurc_changed_tags", None)
    if pending is None or not any(func is pending for _, func, _ in connection.run_on_commit):
        pending = connection._iurc_changed_tags = _OnCommit()
        transaction.on_commit(pending, using=using)
    # A tag already changed in this transaction is written again only if this process has
    # stored an entry with it since: other connections do not see the transaction's rows
    # before it commits, and the version written then counts against what they stored.
    new = {tag for tag in tags if tag not in pending.tags or tag in _stored_since_written}
    if new:
        pending.tags.update(new)
        _stored_since_written.difference_update(new)
        _write_versions(new)


# --- Writing: what a change shows -----------------------------------------------------------


def _note_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    tables = ()
    if match := _WRITE.match(sql):
        tables = (match[1],)
    elif _TRUNCATE.match(sql):
        tables = _QUOTED.findall(sql)
    page_tables, _bulk = _page_tables()
    tags = [f"table:{table}" for table in tables if table not in page_tables]
    if tags:
        changed(*tags, using=context["connection"].alias)
    return result


def _watch_writes(sender, connection, **kwargs):
    if _note_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_note_writes)


def _public_columns():
    """The columns of a page that lists, menus and links show: a change to one of them changes
    every response that read pages."""
    names = ["live", "show_in_menus"]
    for name in ("title", "slug", "url_path"):
        names.extend(localized_fields(name))
    return names


def _page_changing(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a page is saved: what of it a list or a menu shows, as it was."""
    instance._iurc_shown_before = None
    if raw or instance.pk is None or not _public_change(update_fields):
        return
    instance._iurc_shown_before = (
        Page.objects.filter(pk=instance.pk).values_list(*_public_columns()).first()
    )


def _public_change(update_fields):
    return update_fields is None or not set(update_fields) <= PAGE_DRAFT_FIELDS


def _page_changed(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw or not _public_change(update_fields):
        return
    before = getattr(instance, "_iurc_shown_before", None)
    instance._iurc_shown_before = None
    if created or before is None:
        if instance.live:
            changed("pages")
        return
    if not before[0] and not instance.live:
        return  # a draft that was never public
    now = tuple(getattr(instance, name) for name in _public_columns())
    if now[2:] != before[2:] and Site.objects.filter(root_page=instance).exists():
        changed("site")
    if now != before or not getattr(instance, "changes_show_narrowly", False):
        changed("pages")
    else:
        changed(f"page:{instance.pk}", f"bulk-pages:{instance._meta.db_table}")


def _page_removed(sender, instance, **kwargs):
    if instance.live:
        changed("pages")


def _page_moved(sender, instance, **kwargs):
    changed("pages")


def _site_changed(sender, instance, **kwargs):
    changed("site")


def connect_signals():
    connection_created.connect(_watch_writes, dispatch_uid="iurc_cache_tags_writes")
    for connection in connections.all(initialized_only=True):
        _watch_writes(None, connection)
    for model in apps.get_models():
        if issubclass(model, Page):
            post_init.connect(_page_loaded, sender=model, dispatch_uid=f"iurc_tags_{model}")
            pre_save.connect(_page_changing, sender=model, dispatch_uid=f"iurc_before_{model}")
            post_save.connect(_page_changed, sender=model, dispatch_uid=f"iurc_after_{model}")
            post_delete.connect(_page_removed, sender=model, dispatch_uid=f"iurc_gone_{model}")
    post_page_move.connect(_page_moved, dispatch_uid="iurc_cache_tags_moved")
    post_save.connect(_site_changed, sender=Site, dispatch_uid="iurc_cache_tags_site")
    post_delete.connect(_site_changed, sender=Site, dispatch_uid="iurc_cache_tags_site_gone")
