"""The demo's events: the programme's own, in English and Vietnamese, and marked examples of
upcoming ones."""

import datetime

import pytest

from iurc.demo.events import EXAMPLE_NOTE
from iurc.events.models import EventPage

pytestmark = pytest.mark.django_db


def test_demo_events_read_in_english_and_vietnamese(demo_site, db):
    events = list(EventPage.objects.live())

    assert len(events) >= 7
    for event in events:
        assert event.title_en and event.title_vi and event.summary_vi, event.slug
        assert event.region is not None, event.slug


def test_upcoming_demo_events_after_the_5th_of_december_2026_say_they_are_examples(demo_site, db):
    upcoming = EventPage.objects.live().filter(start_date__gt=datetime.date(2026, 12, 5))

    assert upcoming.exists()
    for event in upcoming:
        assert event.title_en.startswith("Example:")
        assert event.title_vi.startswith("Ví dụ:")
        assert event.summary_en.startswith(EXAMPLE_NOTE["en"])
        assert event.summary_vi.startswith(EXAMPLE_NOTE["vi"])


def test_demo_events_of_a_theme_belong_to_the_regions_network(demo_site, db):
    webinar = EventPage.objects.get(slug_en="mobility-transport-deep-dive-2025")

    assert webinar.network is not None
    assert webinar.network.slug_en == "urban-mobility"
    assert webinar.network.get_parent().specific == webinar.region
