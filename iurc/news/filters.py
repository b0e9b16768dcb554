"""The news list's filters, read from the query string: ``region`` and ``network`` (page ids),
``tag`` (a tag's slug). A value that names nothing the public may see is ignored, and the
reader is told so in their language; the list is then shown without that filter."""

from urllib.parse import urlencode

from django.utils.translation import gettext as _
from taggit.models import Tag

from iurc.core.parameters import printable, whole_number
from iurc.core.visibility import public_pages
from iurc.networks.models import ThematicNetworkPage
from regions.models import RegionPage


def _first(params, key):
    return next((value.strip() for value in params.getlist(key) if value.strip()), "")


class NewsFilter:
    PARAMETERS = ("region", "network", "tag")

    def __init__(self, request):
        self.request = request
        params = request.GET
        self.messages = []
        self.region = self._page(
            params,
            "region",
            RegionPage,
            _("“%(value)s” is not a region; articles of every region are shown."),
        )
        self.network = self._page(
            params,
            "network",
            ThematicNetworkPage,
            _("“%(value)s” is not a thematic network; articles of every network are shown."),
        )
        self.tag = None
        slug = _first(params, "tag")
        if slug:
            self.tag = Tag.objects.filter(slug=slug[:100]).first()
            if self.tag is None:
                self.messages.append(
                    _("There is no tag “%(value)s”; articles with any tag are shown.")
                    % {"value": printable(slug)}
                )

    def _page(self, params, key, model, message):
        value = _first(params, key)
        if not value:
            return None
        pk = whole_number(value, minimum=1)
        page = None
        if pk is not None:
            page = public_pages(model.objects.filter(pk=pk), self.request).first()
        if page is None:
            self.messages.append(message % {"value": printable(value)})
        return page

    @property
    def active(self):
        return bool(self.region or self.network or self.tag)

    def apply(self, articles):
        if self.region is not None:
            articles = articles.filter(regions=self.region)
        if self.network is not None:
            articles = articles.filter(networks=self.network)
        if self.tag is not None:
            articles = articles.filter(tags=self.tag)
        return articles.distinct() if self.active else articles

    def query_string(self):
        """The valid filters, for the pagination links."""
        params = []
        if self.region is not None:
            params.append(("region", self.region.pk))
        if self.network is not None:
            params.append(("network", self.network.pk))
        if self.tag is not None:
            params.append(("tag", self.tag.slug))
        return urlencode(params)

    def choices(self, articles):
        """What the form offers: the public regions and networks of ``articles`` (the public
        articles of the list), and their tags."""
        regions = public_pages(RegionPage.objects.filter(news_pages__in=articles), self.request)
        networks = public_pages(
            ThematicNetworkPage.objects.filter(news_pages__in=articles), self.request
        )
        tags = Tag.objects.filter(news_newspagetag_items__content_object__in=articles)
        return {
            "regions": regions.distinct().order_by("path"),
            "networks": networks.distinct().order_by("path"),
            "tags": tags.distinct().order_by("name"),
        }
