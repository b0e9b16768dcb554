"""Factories of the living content: thematic networks and news."""

import datetime

import factory

from iurc.networks.models import ThematicNetworkPage
from iurc.news.models import NewsIndexPage, NewsPage
from tests.factories import PublishedPageFactory


class ThematicNetworkPageFactory(PublishedPageFactory):
    title = "Sustainable urban mobility"

    class Meta:
        model = ThematicNetworkPage


class NewsIndexPageFactory(PublishedPageFactory):
    title = "Reads"
    slug = "news"
    show_in_menus = True

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"News {n}")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))

    class Meta:
        model = NewsPage
