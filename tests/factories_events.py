"""Factories of events."""

import datetime

import factory

from iurc.events.models import EventIndexPage, EventPage
from iurc.networks.models import ThematicNetworkPage
from tests.factories import PublishedPageFactory


class EventIndexPageFactory(PublishedPageFactory):
    title = "Events"
    slug = "events"
    title_vi = "Sự kiện"
    slug_vi = "su-kien"
    show_in_menus = True

    class Meta:
        model = EventIndexPage


class EventPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Event {n}")
    start_date = datetime.date(2027, 3, 10)
    start_time = datetime.time(9, 0)
    end_time = datetime.time(17, 0)
    time_zone = "Asia/Bangkok"

    class Meta:
        model = EventPage


class ThematicNetworkPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Network {n}")

    class Meta:
        model = ThematicNetworkPage
