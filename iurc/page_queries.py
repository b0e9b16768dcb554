"""Query helpers for public pages."""

from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef
from wagtail.models import PageViewRestriction


def exclude_private(queryset):
    """``queryset.public()`` in one query: no page at or below a view restriction.

    Wagtail's ``public()`` first loads every restriction to build its filter; as a subquery
    the menu, listings and sitemap on every page save that round trip.
    """
    candidate = ExpressionWrapper(OuterRef("path"), output_field=CharField())
    restricted = PageViewRestriction.objects.annotate(candidate=candidate).filter(
        candidate__startswith=F("page__path")
    )
    return queryset.exclude(Exists(restricted))
