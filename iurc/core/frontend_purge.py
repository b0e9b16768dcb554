"""Purging a CDN or Varnish in front of the portal after a change, in every language.

Public responses say how long a shared cache may keep them (``Cache-Control: s-maxage``,
``IURC_PAGE_CACHE`` in settings). When a CDN or an HTTP cache is configured
(``WAGTAILFRONTENDCACHE``, built from the environment in iurc/settings/base.py), a change is
purged from it once its transaction commits, through Wagtail's frontend cache backends:

* a page published, unpublished, moved or deleted: the page with each of its routes (the
  agreements database's map, statistics…) in every language, before and after a move, and its
  parent;
* a snippet (partner, theme, quote…) saved or deleted: the pages that use it (Wagtail's
  reference index);
* after either: the pages that show everything (``BasePage.purged_on_every_change``: the home
  page, the agreements databases), the sitemaps and the API's lists.

Wagtail's own handlers purge a page in the active language only, so its app is not installed;
this module is the one place that purges. Answers with a query string (filters, searches, a
list's later pages) are not purged one by one: they expire after ``s-maxage``.
"""

import logging

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from iurc.core import languages

logger = logging.getLogger(__name__)


def configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def page_urls(page):
    """Every URL of ``page`` in every language, each of its cached routes included."""
    urls = set()
    specific = page.specific_deferred
    for code in languages.codes():
        with translation.override(code):
            base = page.get_full_url()
            if base:
                urls.update(base + path.lstrip("/") for path in specific.get_cached_paths())
    return urls


def always_purged_urls():
    """The pages that show everything, the sitemaps and the API's lists, on every site."""
    models = [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and getattr(model, "purged_on_every_change", False)
    ]
    urls = set()
    for page in Page.objects.live().type(*models).specific(defer=True):
        urls |= page_urls(page)
    paths = [reverse("sitemap"), "/api/v1/agreements/", "/api/v1/partners/"]
    paths += [reverse("language_sitemap", args=[code]) for code in languages.codes()]
    for site in Site.objects.all():
        urls.update(site.root_url + path for path in paths)
    return urls


class _Batch:
    """The URLs to purge once the open transaction commits."""

    def __init__(self):
        self.urls = set()

    def __call__(self):
        urls = self.urls | always_purged_urls()
        self.urls = set()
        try:
            purge_urls_from_cache(sorted(urls))
        except Exception:  # noqa: BLE001 - a CDN that fails must not fail the change
            logger.exception("Could not purge %d URLs from the frontend cache", len(urls))


def purge_after_commit(urls):
    connection = transaction.get_connection()
    batch = getattr(connection, "_iurc_purge_batch", None)
    if batch is None or not any(func is batch for _, func, _ in connection.run_on_commit):
        batch = connection._iurc_purge_batch = _Batch()
        batch.urls.update(urls)
        transaction.on_commit(batch)
    else:
        batch.urls.update(urls)


def _page_changed(sender, instance, **kwargs):
    if not configured():
        return
    urls = page_urls(instance)
    parent = Page.objects.filter(path=instance.path[: -instance.steplen]).first()
    if parent is not None:
        urls |= page_urls(parent)
    purge_after_commit(urls)


def _page_moving(sender, instance, parent_page_before, **kwargs):
    if configured():
        purge_after_commit(page_urls(instance) | page_urls(parent_page_before))


def _snippet_changed(sender, instance, **kwargs):
    if not configured() or not _is_snippet(sender):
        return
    users = (
        ReferenceIndex.get_references_to(instance)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    pages = Page.objects.live().filter(pk__in=[int(pk) for pk in users if pk.isdigit()])
    urls = set()
    for page in pages:
        urls |= page_urls(page)
    purge_after_commit(urls)


def _is_snippet(model):
    from wagtail.snippets.models import get_snippet_models

    return model in get_snippet_models()


def connect_signals():
    page_published.connect(_page_changed, dispatch_uid="iurc_purge_published")
    page_unpublished.connect(_page_changed, dispatch_uid="iurc_purge_unpublished")
    pre_page_move.connect(_page_moving, dispatch_uid="iurc_purge_moving")
    post_page_move.connect(_page_changed, dispatch_uid="iurc_purge_moved")
    for model in apps.get_models():
        if issubclass(model, Page):
            post_delete.connect(_page_changed, sender=model, dispatch_uid=f"iurc_purge_{model}")
    post_save.connect(_snippet_changed, dispatch_uid="iurc_purge_snippet_saved")
    post_delete.connect(_snippet_changed, dispatch_uid="iurc_purge_snippet_deleted")
