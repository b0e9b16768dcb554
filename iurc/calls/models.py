"""Calls for applications: a list of calls and one page per call.

A call is written as its organisers announce it: opening and closing dates and times as the
clocks show them in its time zone (an IANA name). The instants (UTC) that lists filter and
sort on are derived from them on every save, so the state (``iurc.calls.states``) is
computed from the clock at request time, never stored.
"""

from datetime import time

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField

from iurc.calls import states
from iurc.calls.filters import CallFilter
from iurc.core import cache_tags, navigation, time_zones
from iurc.core.feeds import FeedRoutesMixin, feed_links
from iurc.core.links import SafeURLField
from iurc.core.models.base import BasePage, IndexPage
from iurc.core.visibility import public_pages

TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


def start_of_day():
    # A callable, not a fixed value: Django warns about fixed times (fields.W161).
    return time(0, 0)


def end_of_day():
    return time(23, 59)


class CallIndexPage(FeedRoutesMixin, RoutablePageMixin, IndexPage):
    subpage_types = ["calls.CallPage"]
    template = "pages/calls/call_index_page.html"

    class Meta:
        verbose_name = _("call for applications index")
        verbose_name_plural = _("call for applications indexes")

    def calls(self, request=None):
        return public_pages(CallPage.objects.child_of(self), request)

    def feed_items(self, request):
        """Every call, the latest to open first: a feed reader learns of a call when it is
        announced, and the state is the page's to show (a feed is read later)."""
        return self.calls(request).order_by("-opens_at", "-path")

    def url_suffix(self, request):
        """The filters and page shown: states and region ids read the same in every language."""
        if request is None:
            return ""
        kept = [
            (key, value)
            for key in ("state", "region", "page")
            for value in request.GET.getlist(key)[:1]
            if value.strip()
        ]
        return f"?{urlencode(kept)}" if kept else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        calls = self.calls(request)
        # Which calls match a state filter, and the state each card shows, change with the
        # clock: the cached list holds until the next change of any call below.
        moment = states.now()
        cache_tags.valid_until(states.next_change_among(calls, moment))
        context["filter"] = call_filter = CallFilter(request, calls, moment)
        context["calls"] = call_filter.page
        context["feeds"] = self.feed_links(request)
        return context


class CallPage(BasePage):
    search_kind = "call"  # what a search result says it is (SearchDocument.Kind)

    opens_on = models.DateField(_("opens on"))
    opens_at_time = models.TimeField(
        _("opening time"), default=start_of_day, help_text=_("As the clocks show it there.")
    )
    closes_on = models.DateField(_("closes on"))
    closes_at_time = models.TimeField(
        _("closing time"), default=end_of_day, help_text=_("As the clocks show it there.")
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=time_zones.DEFAULT_TIME_ZONE,
        choices=time_zones.time_zone_choices,
        validators=[time_zones.validate_time_zone],
        help_text=_("Where the dates and times are those of the clocks."),
    )
    # Derived from the local dates and times on every save: what lists filter and sort on.
    opens_at = models.DateTimeField(_("opens at (UTC)"), editable=False, db_index=True)
    closes_at = models.DateTimeField(_("closes at (UTC)"), editable=False, db_index=True)
    summary = models.TextField(_("summary"), blank=True, max_length=600)
    eligibility = RichTextField(_("who can apply"), blank=True, features=TEXT_FEATURES)
    how_to_apply = RichTextField(_("how to apply"), blank=True, features=TEXT_FEATURES)
    apply_url = SafeURLField(_("application link"), blank=True)
    regions = ParentalManyToManyField(
        "regions.RegionPage",
        verbose_name=_("regions"),
        related_name="calls",
        blank=True,
        help_text=_("Leave empty for a call open to every region."),
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_on"), FieldPanel("opens_at_time")]),
                FieldRowPanel([FieldPanel("closes_on"), FieldPanel("closes_at_time")]),
                FieldPanel("time_zone"),
            ],
            heading=_("Dates"),
        ),
        FieldPanel("summary"),
        FieldPanel("eligibility"),
        FieldPanel("how_to_apply"),
        FieldPanel("apply_url"),
        FieldPanel("regions", widget=forms.CheckboxSelectMultiple),
    ]

    parent_page_types = ["calls.CallIndexPage"]
    subpage_types = []
    template = "pages/calls/call_page.html"

    class Meta:
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")

    def derive_instants(self):
        if self.opens_on and self.closes_on and self.time_zone in time_zones.time_zone_names():
            self.opens_at = time_zones.instant(self.opens_on, self.opens_at_time, self.time_zone)
            self.closes_at = time_zones.instant(self.closes_on, self.closes_at_time, self.time_zone)

    def clean(self):
        super().clean()
        errors = {}
        if self.time_zone in time_zones.time_zone_names():
            for day, clock, field in (
                (self.opens_on, self.opens_at_time, "opens_at_time"),
                (self.closes_on, self.closes_at_time, "closes_at_time"),
            ):
                if day and not time_zones.exists_locally(day, clock, self.time_zone):
                    errors[field] = _(
                        "The clocks skip this time there (summer time begins): choose another."
                    )
        self.derive_instants()
        if not errors and self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_on"] = _("A call closes after it opens.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.derive_instants()
        return super().save(*args, **kwargs)

    # --- What the reader sees -------------------------------------------------------------

    def state_at(self, moment=None):
        return states.state(self.opens_at, self.closes_at, moment)

    @property
    def state(self):
        return self.state_at()

    @property
    def state_label(self):
        return states.LABELS[self.state]

    @property
    def is_open(self):
        return self.state in (states.OPEN, states.CLOSING_SOON_STATE)

    def next_change(self, moment=None):
        return states.next_change(self.opens_at, self.closes_at, moment)

    # --- In the feeds of the index page (iurc.core.feeds) ------------------------------------

    @property
    def feed_date(self):
        return self.opens_at

    @property
    def feed_description(self):
        local = timezone.localtime(self.closes_at, time_zones.zone(self.time_zone))
        deadline = _("Deadline: %(date)s (%(zone)s)") % {
            "date": formats.date_format(local, "DATETIME_FORMAT"),
            "zone": self.time_zone,
        }
        return f"{self.summary or self.summary_text} {deadline}".strip()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        cache_tags.valid_until(self.next_change())
        context["call_regions"] = public_pages(self.regions.all(), request).order_by("path")
        # The feeds of the list this call is in (a section of the site: no query).
        index = navigation.section(request, CallIndexPage)
        context["feeds"] = feed_links(index.get_url(request), index.title) if index else []
        return context
