"""iCalendar (RFC 5545) files: one per event, and a feed per language and per region.

Times are written in the event's own zone (``DTSTART;TZID=Asia/Bangkok``) with a VTIMEZONE
for each zone used, so that a calendar program shows the organisers' local time and converts
it to its user's; events without times are whole days (``VALUE=DATE``). Each event's UID is
stable (its page id and the site's host), so a calendar that subscribed updates it in place.
"""

from datetime import UTC, timedelta

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from icalendar import Calendar, Event

from iurc.core import languages
from iurc.core.routing import page_url
from iurc.core.stream_text import plain_text

PRODID = "-//IURC//International Urban and Regional Cooperation//EN"
# What a subscribed calendar holds: every upcoming event and those of the last year.
FEED_HISTORY = timedelta(days=366)
FEED_LIMIT = 500


def _calendar(name):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal


def _host(request):
    return request.get_host().split(":")[0] or "iurc.eu"


def ical_event(request, page):
    """The VEVENT of one event page, in the active language."""
    event = Event()
    event.add("uid", f"event-{page.pk}@{_host(request)}")
    stamp = page.last_published_at or timezone.now()
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("last-modified", stamp.astimezone(UTC))
    event.add("summary", page.title)
    if page.is_all_day:
        event.add("dtstart", page.start_date)
        event.add("dtend", page.last_day + timedelta(days=1))
    else:
        event.add("dtstart", page.local_start)
        event.add("dtend", page.local_end)
    url = request.build_absolute_uri(page_url(request, page))
    event.add("url", url)
    description = [plain_text(page.summary)] if page.summary else []
    if page.online_url:
        description.append(f"{pgettext('event', 'Online')}: {page.online_url}")
    if page.registration_url:
        description.append(f"{_('Registration')}: {page.registration_url}")
    description.append(url)
    event.add("description", "\n\n".join(description))
    location = page.venue or page.online_url
    if location:
        event.add("location", location)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def calendar_bytes(request, pages, name):
    cal = _calendar(name)
    for page in pages:
        cal.add_component(ical_event(request, page))
    # One VTIMEZONE per zone the events use, built from the zoneinfo database.
    cal.add_missing_timezones()
    return cal.to_ical()


def ics_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_response(request, page):
    """The calendar file of one event, to add it to a calendar program."""
    body = calendar_bytes(request, [page], page.title)
    filename = f"{slugify(languages.translated_value(page, 'slug', 'en')) or page.pk}.ics"
    return ics_response(body, filename)


def feed_pages(index_page, request):
    event_filter = index_page.event_filter(request)
    since = timezone.now() - FEED_HISTORY
    events = event_filter.narrowed().filter(ends_at__gte=since).select_related("region")
    return event_filter, list(events.order_by("starts_at", "pk")[:FEED_LIMIT])


def feed_response(request, index_page):
    """The events of an index page as a calendar to subscribe to: this language's titles and
    links, narrowed to a region by ``?region=`` as the list is."""
    event_filter, pages = feed_pages(index_page, request)
    name = index_page.title
    if event_filter.region is not None:
        name = f"{index_page.title} · {event_filter.region.title}"
    language = translation.get_language() or "en"
    filename = f"iurc-events-{language}"
    if event_filter.region is not None:
        filename += f"-{event_filter.region.pk}"
    return ics_response(calendar_bytes(request, pages, name), f"{filename}.ics")
