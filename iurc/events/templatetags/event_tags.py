"""Events shown on other pages: the home page's upcoming events, an event's times."""

from urllib.parse import urlencode

from babel.dates import get_timezone_location
from django import template
from django.utils import timezone

from iurc.core import cache_tags, languages, memo, navigation
from iurc.core.time_zones import zone
from iurc.core.visibility import public_pages
from iurc.events.models import EventIndexPage, EventPage

register = template.Library()

HOME_EVENTS = 3


@register.simple_tag(takes_context=True)
def upcoming_events(context, limit=HOME_EVENTS):
    """The next public events of the site's event section, soonest first, and that section.

    The section comes from the menu's sections, which every page has loaded already: a site
    without events asks the database nothing more.
    """
    request = context.get("request")
    # The home page's section says how many (``limit``); a template without one shows three.
    limit = limit if isinstance(limit, int) and limit > 0 else HOME_EVENTS
    index = navigation.section(request, EventIndexPage) if request is not None else None
    if index is None:
        return {"index": None, "events": []}
    # Kept per process until one of them ends or an event changes (iurc/core/memo.py).
    events = memo.remembered(
        request, ("upcoming-events", index.pk, limit), lambda: _upcoming(request, index, limit)
    )
    return {"index": index, "events": [memo.copied(event) for event in events]}


def _upcoming(request, index, limit):
    events = (
        public_pages(EventPage.objects.child_of(index), request)
        .filter(ends_at__gte=timezone.now())
        .select_related("region")
        .order_by("starts_at", "pk")[:limit]
    )
    events = list(events)
    cache_tags.valid_until(min((event.ends_at for event in events), default=None))
    return events


@register.filter
def zone_city(name):
    """The city that names a time zone, in the reader's language (CLDR): Bangkok, กรุงเทพ."""
    try:
        locale = languages.cldr_locale(languages.active_language())
        return get_timezone_location(zone(name), locale=locale, return_city=True)
    except (LookupError, ValueError):
        return name.rsplit("/", 1)[-1].replace("_", " ")


@register.inclusion_tag("components/related_events.html", takes_context=True)
def related_events(context, page, limit=HOME_EVENTS):
    """The next public events of a region or thematic network page (``page``), for its
    template: ``{% load event_tags %}{% related_events page %}``. One query, none on a site
    without an event section."""
    request = context.get("request")
    index = navigation.section(request, EventIndexPage) if request is not None else None
    if index is None:
        return {"request": request, "events": []}
    relation = "network" if page._meta.model_name == "thematicnetworkpage" else "region"
    events = (
        public_pages(EventPage.objects.child_of(index).filter(**{relation: page}), request)
        .filter(ends_at__gte=timezone.now())
        .order_by("starts_at", "pk")[:limit]
    )
    events = list(events)
    cache_tags.valid_until(min((event.ends_at for event in events), default=None))
    query = urlencode({relation: page.pk})
    return {"request": request, "events": events, "index": index, "query": query}
