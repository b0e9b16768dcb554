"""Factories of the living content: thematic networks and news."""

from iurc.networks.models import ThematicNetworkPage
from tests.factories import PublishedPageFactory


class ThematicNetworkPageFactory(PublishedPageFactory):
    title = "Sustainable urban mobility"

    class Meta:
        model = ThematicNetworkPage
