"""Query helpers for public pages."""

from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef
from wagtail.models import PageViewRestriction

# Where a request keeps whether any page had a view restriction when it was routed.
_REQUEST_ATTRIBUTE = "_iurc_view_restrictions_exist"


def any_view_restriction():
    """An expression for annotating a row: whether any page has a view restriction."""
    return Exists(PageViewRestriction.objects.all())


def remember_view_restrictions(request, exist):
    setattr(request, _REQUEST_ATTRIBUTE, bool(exist))


def view_restrictions_exist(request):
    """True or False when routing this request found out, else None (not known)."""
    return getattr(request, _REQUEST_ATTRIBUTE, None)


def exclude_private(queryset, request=None, path="path"):
    """``queryset.public()`` in one query: no page at or below a view restriction.

    Wagtail's ``public()`` first loads every restriction to build its filter; as a subquery
    the menu, listings and sitemap on every page save that round trip. When ``request`` was
    routed and no page had a restriction then, there is nothing to leave out. ``path`` names
    the page's path from the queryset's rows (``"page__path"`` for rows that point to a page).
    """
    if request is not None and view_restrictions_exist(request) is False:
        return queryset
    return queryset.exclude(restricted(path))


def restricted(path="path"):
    """An expression for a page row (``path`` names its path): whether a view restriction is
    set on the page or on a page above it."""
    candidate = ExpressionWrapper(OuterRef(path), output_field=CharField())
    return Exists(
        PageViewRestriction.objects.annotate(candidate=candidate).filter(
            candidate__startswith=F("page__path")
        )
    )
