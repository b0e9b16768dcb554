"""What the RSS and Atom feeds of events say of each event (the feeds themselves are the
content apps' common ones, ``iurc.core.feeds``): when and where, in the event's own time
zone, before its summary."""

from django.template.loader import render_to_string
from django.utils.html import strip_tags


def event_description(page):
    """When and where, then the summary: plain text, as feed readers show it."""
    html = render_to_string("components/event_when.html", {"event": page})
    when = " ".join(strip_tags(html).split())
    parts = [when, page.venue or page.online_url, page.summary]
    return "\n".join(part for part in parts if part)
