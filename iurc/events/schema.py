"""schema.org ``Event`` data for an event page, beside the site's graph (iurc/core/seo.py)."""

import json

from django.utils import translation
from django.utils.translation import gettext as _

from iurc.core import languages
from iurc.core.routing import page_url
from iurc.core.seo import description

# As iurc/core/seo.py writes JSON inside <script>: no "<", ">" or "&" left as they are.
_JSON_IN_SCRIPT = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def _moment(page, which):
    if page.is_all_day:
        return (page.start_date if which == "start" else page.last_day).isoformat()
    return (page.local_start if which == "start" else page.local_end).isoformat()


def event_data(request, page):
    """The ``Event`` object of ``page`` in the active language."""
    url = request.build_absolute_uri(page_url(request, page))
    locations = []
    if page.venue:
        locations.append({"@type": "Place", "name": page.venue, "address": page.venue})
    if page.online_url:
        locations.append({"@type": "VirtualLocation", "url": page.online_url})
    if page.venue and page.online_url:
        mode = "MixedEventAttendanceMode"
    elif page.online_url:
        mode = "OnlineEventAttendanceMode"
    else:
        mode = "OfflineEventAttendanceMode"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": f"{url}#event",
        "name": page.title,
        "description": description(page),
        "url": url,
        "inLanguage": translation.get_language(),
        "startDate": _moment(page, "start"),
        "endDate": _moment(page, "end"),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "organizer": {
            "@type": "Organization",
            "@id": request.build_absolute_uri("/#organization"),
            "name": _("International Urban and Regional Cooperation"),
            "url": request.build_absolute_uri(f"/{languages.active_language()}/"),
        },
    }
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if page.registration_url:
        offer = {"@type": "Offer", "url": page.registration_url, "price": 0, "priceCurrency": "EUR"}
        if page.registration_deadline:
            offer["validThrough"] = page.registration_deadline.isoformat()
        data["offers"] = offer
    return data


def event_json_ld(request, page):
    """``event_data`` as JSON that can stand inside a ``<script>`` element."""
    return json.dumps(event_data(request, page), ensure_ascii=False).translate(_JSON_IN_SCRIPT)
