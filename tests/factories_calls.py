"""Factories of the calls for applications."""

import datetime

import factory

from iurc.calls.models import CallIndexPage, CallPage
from tests.factories import PublishedPageFactory


class CallIndexPageFactory(PublishedPageFactory):
    title = "Calls for applications"
    slug = "calls"
    title_vi = "Kêu gọi ứng tuyển"
    slug_vi = "keu-goi-ung-tuyen"

    class Meta:
        model = CallIndexPage


class CallPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Call for cities {n}")
    opens_on = datetime.date(2026, 11, 1)
    opens_at_time = datetime.time(9, 0)
    closes_on = datetime.date(2027, 1, 31)
    closes_at_time = datetime.time(17, 0)
    time_zone = "Europe/Brussels"

    class Meta:
        model = CallPage
