"""The sections of the site: the pages directly below its root, loaded once per request.

Every public page shows the sections in the main menu and the footer, and several link to one
of them whatever their own place (the home page and every partner link point into the
agreements database). One narrow query serves them all: only the columns a link reads, its
title and URL in every language, since a page row holds every language of every field; each
process keeps the answer while no page has changed (``iurc/core/memo.py``).
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Site

from iurc.core import languages, memo
from iurc.core.visibility import public_pages

COLUMNS = (
    "path",
    "depth",
    "content_type",
    "live",
    "show_in_menus",
    *languages.localized_fields("title"),
    *languages.localized_fields("url_path"),
)

# Where a request keeps its sections.
_REQUEST_ATTRIBUTE = "_iurc_sections"


def sections(request):
    """The site root's children the public may see, in tree order (as generic pages)."""
    cached = getattr(request, _REQUEST_ATTRIBUTE, None)
    if cached is None:
        site = Site.find_for_request(request)
        if site is None:
            cached = []
        else:
            remembered = memo.remembered(
                request, ("sections", site.pk), lambda: _public_children(site.root_page, request)
            )
            cached = [memo.copied(page) for page in remembered]
        setattr(request, _REQUEST_ATTRIBUTE, cached)
    return cached


def _public_children(root, request):
    return list(public_pages(root.get_children(), request).only(*COLUMNS).order_by("path"))


def menu_pages(request):
    """The sections shown in the main menu."""
    return [page for page in sections(request) if page.show_in_menus]


def section(request, model):
    """The first public section of the page type ``model``, or None: a generic page with
    what a link to it needs (``page_url``), not the fields of its type."""
    content_type_id = ContentType.objects.get_for_model(model).pk
    return next(
        (page for page in sections(request) if page.content_type_id == content_type_id), None
    )
