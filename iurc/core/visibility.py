"""What the public may see: one rule for every page, list, index, count and export.

A page is public when it is live and no view restriction (password, login or groups) is set on
it or on any page above it. A snippet that is published in drafts (partners, themes, quotes)
is public when it is published: its row is live. Anything else is public.

Every public surface reads through this rule, directly or through a derived copy that was
written with it: the search documents (``iurc.core.search``) and the agreements' listing rows
(``partners.listing``). Those copies are rewritten on every event that can change what they
hold, and the surfaces that read them still check the objects they link to or label, so that a
copy out of step shows less, never more.
"""

from django.db.models import BooleanField, ExpressionWrapper, Q
from wagtail.models import Page, PageViewRestriction

from iurc.core.page_queries import exclude_private, restricted, view_restrictions_exist


def public_pages(queryset, request=None):
    """The pages of ``queryset`` the public may see (see ``exclude_private`` for ``request``)."""
    return exclude_private(queryset.live(), request)


def published(queryset):
    """The objects of ``queryset`` the public may see: pages by the page rule, snippets with a
    publication state when they are published, anything else as it is."""
    if issubclass(queryset.model, Page):
        return public_pages(queryset)
    if _has_publication_state(queryset.model):
        return queryset.filter(live=True)
    return queryset


# What saving a draft of a snippet writes (``DraftStateMixin.save_revision``): the public sees
# the change only when the draft is published.
DRAFT_FIELDS = frozenset({"latest_revision", "has_unpublished_changes", "live_revision"})


def public_state_changed(update_fields):
    """Whether a save of a snippet with drafts can change what the public sees of it.

    Publishing and unpublishing save the whole row, as do importers and other code.
    """
    return update_fields is None or not set(update_fields) <= DRAFT_FIELDS


def public_page_annotation(relation, request=None):
    """An annotation for rows that point to a page through ``relation``: whether that page is
    public, computed in the rows' own query. With a routed ``request`` that found no view
    restriction anywhere, live is public (as in ``exclude_private``)."""
    condition = Q(**{f"{relation}__live": True})
    if request is None or view_restrictions_exist(request) is not False:
        condition &= ~restricted(f"{relation}__path")
    return ExpressionWrapper(condition, output_field=BooleanField())


def is_public(obj):
    """Whether the public may see ``obj`` (a page, a snippet or any other object); None is
    not public."""
    if obj is None:
        return False
    if isinstance(obj, Page):
        return obj.live and not _restricted(obj)
    if _has_publication_state(type(obj)):
        return bool(obj.live)
    return True


def _has_publication_state(model):
    return any(field.name == "live" for field in model._meta.concrete_fields)


# Where a page loaded with ``with_restriction_state`` keeps whether it is restricted.
RESTRICTED_ANNOTATION = "iurc_view_restricted"


def with_restriction_state(queryset):
    """``queryset`` of pages, each row saying in its own query whether a view restriction
    hides it, so that ``is_public`` asks the database nothing more (the pages chosen in a
    page body: one query for them all instead of one per page)."""
    return queryset.annotate(**{RESTRICTED_ANNOTATION: restricted()})


def _restricted(page):
    known = getattr(page, RESTRICTED_ANNOTATION, None)
    if known is not None:
        return known
    steps = range(page.steplen, len(page.path) + 1, page.steplen)
    ancestor_paths = [page.path[:end] for end in steps]
    return PageViewRestriction.objects.filter(page__path__in=ancestor_paths).exists()
