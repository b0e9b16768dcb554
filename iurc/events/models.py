"""Events: forums, study visits, webinars; their lists, calendar files and feeds."""

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField

from iurc.core import cache_tags, navigation, time_zones
from iurc.core.blocks import BodyBlock
from iurc.core.feeds import FeedRoutesMixin, feed_links
from iurc.core.links import SafeURLField
from iurc.core.models import BasePage, IndexPage
from iurc.core.routing import page_url
from iurc.core.visibility import public_pages
from iurc.events import calendar, schema
from iurc.events.feeds import event_description
from iurc.events.filters import EventFilter
from partners.models import AgreementLink

EVENTS_PER_PAGE = 12


class EventIndexPage(FeedRoutesMixin, RoutablePageMixin, IndexPage):
    """The programme's events: upcoming and past lists, calendar feeds and RSS/Atom feeds,
    each narrowed by the same query-string filters (``filters.py``)."""

    subpage_types = ["events.EventPage"]
    template = "pages/events/event_index_page.html"

    class Meta:
        verbose_name = _("event index")
        verbose_name_plural = _("event indexes")

    def events(self, request=None):
        """The public events of this index, before any filter."""
        return public_pages(EventPage.objects.child_of(self), request)

    def event_filter(self, request):
        cached = getattr(request, "_iurc_event_filter", None)
        if cached is None or cached[0] != self.pk:
            cached = (self.pk, EventFilter(request.GET, self.events(request), request))
            request._iurc_event_filter = cached
        return cached[1]

    def url_suffix(self, request):
        """The view shown (list, calendar, feed) with its filters: they name regions and
        networks by page id, the same in every language."""
        match = getattr(request, "routable_resolver_match", None)
        if match is None:
            return ""
        subpath = self.reverse_subpage(match.url_name, args=match.args, kwargs=match.kwargs)
        query = self.event_filter(request).query_string(with_page=match.url_name == "index_route")
        return f"{subpath}?{query}" if query else subpath

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        event_filter = self.event_filter(request)
        context["filter"] = event_filter
        context["events"] = event_filter.page_of_results(request, EVENTS_PER_PAGE)
        calendar_url = page_url(request, self) + self.reverse_subpage("calendar")
        query = event_filter.query_string(with_page=False, calendar=True)
        context["calendar_url"] = f"{calendar_url}?{query}" if query else calendar_url
        context["feed_links"] = self.feed_links(request)
        return context

    def feed_items(self, request):
        """The events a news reader lists: the newest announced first, of the region asked."""
        events = self.event_filter(request).narrowed().select_related("region")
        return events.order_by("-first_published_at", "-pk")

    @path("calendar/", name="calendar")
    def calendar_view(self, request):
        return calendar.feed_response(request, self)


class EventPageAgreement(AgreementLink):
    """An agreement an event is about: the agreement's page links back to it."""

    page = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="agreement_links")


class EventPage(RoutablePageMixin, BasePage):
    """One event. Its dates and times are those of the place where it happens, in that
    place's time zone; the instants in UTC are derived on save for lists and calendars."""

    search_kind = "event"  # what a search result says it is (SearchDocument.Kind)

    summary = models.TextField(_("summary"), blank=True, max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(
        _("start time"), null=True, blank=True, help_text=_("Leave empty for whole days.")
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty for a one-day event.")
    )
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=time_zones.DEFAULT_TIME_ZONE,
        validators=[time_zones.validate_time_zone],
        help_text=_("Where the event takes place: its dates and times are that place's."),
    )
    starts_at = models.DateTimeField(_("starts at (UTC)"), editable=False, db_index=True)
    ends_at = models.DateTimeField(_("ends at (UTC)"), editable=False, db_index=True)
    venue = models.CharField(
        _("venue"), max_length=255, blank=True, help_text=_("Building, street and city.")
    )
    online_url = SafeURLField(_("online link"), blank=True)
    registration_url = SafeURLField(_("registration link"), blank=True)
    registration_deadline = models.DateField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("The last day to register, in the event's time zone."),
    )
    region = models.ForeignKey(
        "regions.RegionPage",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    network = models.ForeignKey(
        "networks.ThematicNetworkPage",
        verbose_name=_("thematic network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldPanel(
                    "time_zone", widget=forms.Select(choices=time_zones.time_zone_choices())
                ),
            ],
            heading=pgettext_lazy("event", "When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldPanel("online_url"),
                FieldRowPanel(
                    [FieldPanel("registration_url"), FieldPanel("registration_deadline")]
                ),
                FieldRowPanel([FieldPanel("region"), FieldPanel("network")]),
            ],
            heading=_("Where and how to take part"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("agreement_links", heading=_("Agreements it is about"), label=_("Agreement")),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    template = "pages/events/event_page.html"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @property
    def is_all_day(self):
        return self.start_time is None

    @property
    def last_day(self):
        return self.end_date or self.start_date

    @property
    def is_past(self):
        return self.ends_at is not None and self.ends_at < timezone.now()

    @property
    def local_start(self):
        return self.starts_at.astimezone(time_zones.zone(self.time_zone))

    @property
    def local_end(self):
        return self.ends_at.astimezone(time_zones.zone(self.time_zone))

    @property
    def utc_offset(self):
        return time_zones.utc_offset(self.starts_at, self.time_zone)

    @property
    def registration_open(self):
        if not self.registration_url or self.is_past:
            return False
        closes = self.registration_closes_at
        return closes is None or timezone.now() < closes

    def clean(self):
        super().clean()
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The event cannot end before it starts.")
        if self.end_time is not None and self.start_time is None:
            errors["start_time"] = _("Give a start time with the end time, or neither.")
        if (
            self.start_time is not None
            and self.end_time is not None
            and self.last_day == self.start_date
            and self.end_time < self.start_time
        ):
            errors["end_time"] = _("The event cannot end before it starts.")
        if (
            self.registration_deadline
            and self.start_date
            and (self.registration_deadline > self.last_day)
        ):
            errors["registration_deadline"] = _(
                "The registration deadline cannot be after the event."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.start_date:
            self.starts_at, self.ends_at = time_zones.instants(
                self.start_date, self.start_time, self.end_date, self.end_time, self.time_zone
            )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "starts_at", "ends_at"}
        return super().save(*args, **kwargs)

    def get_search_text(self):
        related = [self.region, self.network] if self.pk else []
        return [*super().get_search_text(), *(page.title for page in related if page)]

    @property
    def registration_closes_at(self):
        """The end of the registration deadline's day where the event takes place."""
        if self.registration_deadline is None:
            return None
        day = self.registration_deadline + timedelta(days=1)
        return datetime.combine(day, time.min, time_zones.zone(self.time_zone))

    def next_change(self):
        """When this page changes by the clock alone: registration closes, the event ends."""
        now = timezone.now()
        moments = [self.registration_closes_at, self.ends_at]
        return min((moment for moment in moments if moment and moment > now), default=None)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        cache_tags.valid_until(self.next_change())
        context["calendar_url"] = page_url(request, self) + self.reverse_subpage("calendar")
        context["event_json_ld"] = schema.event_json_ld(request, self)
        # The events' feeds, from the menu's sections: no query.
        index = navigation.section(request, EventIndexPage)
        context["feed_links"] = feed_links(page_url(request, index), index.title) if index else []
        return context

    @property
    def feed_date(self):
        """When the event was announced: a news reader lists new announcements first."""
        return self.first_published_at

    @property
    def feed_description(self):
        return event_description(self)

    @property
    def feed_categories(self):
        return [self.region.title] if self.region_id and self.region else []

    @path("calendar/", name="calendar")
    def calendar_view(self, request):
        return calendar.event_response(request, self)
