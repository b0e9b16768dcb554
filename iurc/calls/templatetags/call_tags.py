"""Calls on other pages: the "Apply now" block of the home page and of a region's page.

Lower layers never import this app: their templates load this library
(``{% load call_tags %}{% apply_now %}``, ``{% apply_now region=page %}``).
"""

from django import template

from iurc.calls import states
from iurc.calls.filters import for_region
from iurc.calls.models import CallIndexPage, CallPage
from iurc.core import cache_tags, languages, memo, navigation, time_zones
from iurc.core.visibility import public_pages

register = template.Library()

# The open calls a block lists, those closing first.
SHOWN = 3
COLUMNS = (
    "path",
    "depth",
    "locale",
    "live",
    "content_type",
    "opens_at",
    "closes_at",
    "time_zone",
    "apply_url",
    *languages.localized_fields("title"),
    *languages.localized_fields("url_path"),
)


@register.inclusion_tag("components/apply_now.html", takes_context=True)
def apply_now(context, region=None):
    """The open calls of the site (of ``region``: those naming it or no region), up to
    ``SHOWN``: nothing, and no query, on a site without a list of calls."""
    request = context.get("request")
    index = navigation.section(request, CallIndexPage) if request is not None else None
    if index is None:
        return {"calls": []}
    # Kept per process until a call opens, closes or is changed (iurc/core/memo.py).
    shown = memo.remembered(
        request,
        ("apply-now", index.pk, getattr(region, "pk", None)),
        lambda: _open_calls(request, index, region),
    )
    calls = [memo.copied(call) for call in shown]
    return {"calls": calls, "call_index": index, "request": request, "region": region}


def _open_calls(request, index, region):
    moment = states.now()
    # One query: the calls not closed yet, open or upcoming, whose changes the block follows.
    calls = public_pages(CallPage.objects.descendant_of(index), request).filter(
        closes_at__gt=moment
    )
    if region is not None:
        calls = for_region(calls, region.pk)
    pending = list(calls.only(*COLUMNS).order_by("closes_at", "path"))
    cache_tags.valid_until(
        min((call.next_change(moment) for call in pending), default=None, key=_timestamp)
    )
    return [call for call in pending if call.opens_at <= moment][:SHOWN]


def _timestamp(moment):
    return moment.timestamp() if moment is not None else float("inf")


@register.inclusion_tag("components/call_deadline.html")
def call_deadline(call):
    """A call's closing instant in its own time zone and in UTC, each a ``<time>``; a script
    (``calls/local_time.js``) adds the reader's own time zone."""
    return {"call": call, "offset": time_zones.utc_offset(call.closes_at, call.time_zone)}
