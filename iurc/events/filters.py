"""The filters of the event lists, read from the query string.

``when`` (``upcoming``, the default, or ``past``), ``region`` (a region page's id), ``network``
(a thematic network page's id) and ``page``. The calendar and news-reader feeds take the same
``region`` and ``network``. A value that is unknown,
malformed or repeated is dropped, or the first one used, with a message in the reader's
language; it never fails the page.
"""

from urllib.parse import urlencode

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iurc.core import cache_tags
from iurc.core.pagination import paginate, requested_page
from iurc.core.parameters import printable, whole_number
from iurc.core.visibility import public_pages
from iurc.networks.models import ThematicNetworkPage
from regions.models import RegionPage

MAX_PARAMETER_LENGTH = 200
UPCOMING = "upcoming"
PAST = "past"
WHEN_LABELS = {UPCOMING: gettext_lazy("Upcoming events"), PAST: gettext_lazy("Past events")}


class EventFilter:
    def __init__(self, params, events, request=None):
        """``events``: the public events the filters narrow (an index page's)."""
        self.params = params
        self.all_events = events
        self.request = request
        self.messages = []
        self.when = UPCOMING
        self.chosen = {}
        when = self._single("when", _("choice of events"))
        if when is not None:
            if when in WHEN_LABELS:
                self.when = when
            else:
                self.messages.append(
                    _("“%(value)s” is not a choice of events; upcoming events are shown.")
                    % {"value": printable(when)}
                )
        for name, label in (("region", _("region")), ("network", _("thematic network"))):
            value = self._single(name, label)
            if value is None:
                continue
            number = whole_number(value, minimum=1)
            found = next((page for page in self.choices(name) if page.pk == number), None)
            if found is None:
                self._unknown(value, label)
            else:
                self.chosen[name] = found

    def _single(self, name, label):
        values = [value for value in self.params.getlist(name) if value.strip()]
        if not values:
            return None
        if len(values) > 1:
            self.messages.append(
                _("Only one %(filter)s can be chosen at a time; the first one was used.")
                % {"filter": label}
            )
        return values[0].replace("\x00", "").strip()[:MAX_PARAMETER_LENGTH]

    def _unknown(self, value, label):
        self.messages.append(
            _("“%(value)s” is not a known %(filter)s; that filter was ignored.")
            % {"value": printable(value), "filter": label}
        )

    def choices(self, name):
        """The public regions or networks (``name``) some event of the list is in, in tree
        order: each is read once per request, when the form or a value asks for it."""
        cache = self.__dict__.setdefault("_choices", {})
        if name not in cache:
            model = {"region": RegionPage, "network": ThematicNetworkPage}[name]
            used = self.all_events.exclude(**{name: None}).values(f"{name}_id")
            pages = public_pages(model.objects.filter(pk__in=used), self.request)
            cache[name] = list(pages.order_by("path"))
        return cache[name]

    @property
    def regions(self):
        return self.choices("region")

    @property
    def networks(self):
        return self.choices("network")

    @property
    def region(self):
        return self.chosen.get("region")

    @property
    def network(self):
        return self.chosen.get("network")

    def narrowed(self):
        """The events of the chosen region and network, upcoming and past alike."""
        return self.all_events.filter(**self.chosen)

    def results(self):
        now = timezone.now()
        events = self.narrowed().select_related("region")
        if self.when == PAST:
            return events.filter(ends_at__lt=now).order_by("-starts_at", "pk")
        return events.filter(ends_at__gte=now).order_by("starts_at", "pk")

    def page_of_results(self, request, per_page):
        # The lists change when the next event ends, though nothing is written then.
        next_end = self.narrowed().filter(ends_at__gte=timezone.now()).aggregate(Min("ends_at"))
        cache_tags.valid_until(next_end["ends_at__min"])
        page = paginate(request, self.results(), per_page)
        if page.notice:
            self.messages.append(page.notice)
        return page

    def selected_params(self):
        params = []
        if self.when != UPCOMING:
            params.append(("when", self.when))
        params.extend((name, str(page.pk)) for name, page in self.chosen.items())
        return params

    def query_string(self, with_page=False, calendar=False):
        params = self.selected_params()
        if calendar:  # a calendar holds upcoming and recent events alike
            params = [(name, value) for name, value in params if name != "when"]
        number = requested_page(self.params) if with_page else None
        if number and number > 1:
            params.append(("page", str(number)))
        return urlencode(params)

    @property
    def params_without_page(self):
        """The filters as a query string, for links to other pages of the list."""
        return urlencode(self.selected_params())

    @property
    def heading(self):
        return WHEN_LABELS[self.when]
