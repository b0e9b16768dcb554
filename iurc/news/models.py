"""News ("Reads"): articles with their regions, thematic networks and tags, and their index.

The index lists the articles with filters in the query string (``region``, ``network``, ``tag``
and ``page``), and offers them as RSS and Atom feeds in every language (``iurc.core.feeds``).
Region and home pages show the latest through this app's template tag (``news_tags``): the
layers below cannot import this one.
"""

import math
import re
from urllib.parse import urlencode

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import StreamField
from wagtail.search import index

from iurc.core.blocks import BodyBlock
from iurc.core.feeds import FeedRoutesMixin
from iurc.core.models import BasePage, IndexPage, LeadImageMixin
from iurc.core.pagination import paginate
from iurc.core.stream_text import stream_text
from iurc.core.visibility import public_pages
from iurc.news.filters import NewsFilter
from partners.models import AgreementLink

NEWS_PER_PAGE = 12

# Words a reader reads in a minute, and characters of scripts written without spaces between
# words (Chinese, Japanese, Korean syllables, Thai), where counting words means nothing.
WORDS_PER_MINUTE = 220
CHARACTERS_PER_MINUTE = 450
UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
WORD = re.compile(r"\w+")


def reading_minutes(texts):
    """Minutes a reader takes to read ``texts`` (at least one)."""
    text = " ".join(texts)
    unspaced = len(UNSPACED.findall(text))
    words = len(WORD.findall(UNSPACED.sub(" ", text)))
    return max(1, math.ceil(words / WORDS_PER_MINUTE + unspaced / CHARACTERS_PER_MINUTE))


class NewsIndexPage(FeedRoutesMixin, RoutablePageMixin, IndexPage):
    """The programme's reads, newest first, filtered by region, network or tag."""

    subpage_types = ["news.NewsPage"]
    template = "pages/news/news_index_page.html"

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def articles(self, request=None):
        return (
            public_pages(NewsPage.objects.descendant_of(self), request)
            .defer_streamfields()
            .select_related("lead_image")
            .order_by("-date", "-first_published_at", "-pk")
        )

    def feed_items(self, request):
        return self.articles(request).prefetch_related("tags")

    def url_suffix(self, request):
        """The filters and page shown: ids and tag slugs read the same in every language."""
        if request is None:
            return ""
        kept = [
            (key, value)
            for key in (*NewsFilter.PARAMETERS, "page")
            for value in request.GET.getlist(key)[:1]
            if value.strip()
        ]
        return f"?{urlencode(kept)}" if kept else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news_filter = NewsFilter(request)
        articles = self.articles(request)
        context["filter"] = news_filter
        context["choices"] = news_filter.choices(articles.values("pk"))
        articles = news_filter.apply(articles).prefetch_related("lead_image__renditions")
        context["articles"] = paginate(request, articles, NEWS_PER_PAGE)
        context["feeds"] = self.feed_links(request)
        context["params"] = news_filter.query_string()
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPageAgreement(AgreementLink):
    """An agreement a read is about: the agreement's page links back to it."""

    page = ParentalKey("news.NewsPage", on_delete=models.CASCADE, related_name="agreement_links")


class NewsPage(LeadImageMixin, BasePage):
    """One read: dated, signed, about some regions and networks, with a lead image."""

    search_kind = "news"  # what a search result says it is (SearchDocument.Kind)

    date = models.DateField(_("date"), default=timezone.localdate)
    authors = models.CharField(
        _("authors"), max_length=255, blank=True, help_text=_("Names, separated by commas.")
    )
    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    regions = ParentalManyToManyField(
        "regions.RegionPage", verbose_name=_("regions"), related_name="news_pages", blank=True
    )
    networks = ParentalManyToManyField(
        "networks.ThematicNetworkPage",
        verbose_name=_("thematic networks"),
        related_name="news_pages",
        blank=True,
    )
    tags = ClusterTaggableManager(through=NewsPageTag, verbose_name=_("tags"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("authors")]),
        FieldPanel("intro"),
        *LeadImageMixin.lead_image_panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("regions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("networks", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("Filed under"),
        ),
        InlinePanel("agreement_links", heading=_("Agreements it is about"), label=_("Agreement")),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("authors")]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    template = "pages/news/news_page.html"

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    @property
    def reading_time(self):
        """Minutes to read the article in the active language (its fallback where it has no
        translation), as the reader sees it."""
        return reading_minutes([self.title, self.intro or "", *stream_text(self.body)])

    @property
    def reading_time_text(self):
        minutes = self.reading_time
        return ngettext("%(minutes)d minute read", "%(minutes)d minutes read", minutes) % {
            "minutes": minutes
        }

    @property
    def summary_text(self):
        return super().summary_text or self.intro or ""

    @property
    def feed_date(self):
        return timezone.make_aware(
            timezone.datetime.combine(self.date, timezone.datetime.min.time())
        )

    @property
    def feed_categories(self):
        return [tag.name for tag in self.tags.all()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["article_regions"] = public_pages(self.regions.all(), request).order_by("path")
        context["article_networks"] = public_pages(self.networks.all(), request).order_by("path")
        context["article_tags"] = list(self.tags.all())
        context["news_index"] = NewsIndexPage.objects.filter(
            path=self.path[: -self.steplen]
        ).first()
        return context

    def get_search_text(self):
        return [
            *super().get_search_text(),
            self.authors,
            *(tag.name for tag in self.tags.all()),
        ]
