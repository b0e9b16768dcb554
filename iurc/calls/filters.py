"""The list of calls: filters read from the query string (``state``, ``region``, ``page``).

A value the list cannot use (unknown, malformed, a region the public may not see, repeated)
is dropped with a message in the reader's language; it never fails the request.
"""

from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from iurc.calls import states
from iurc.core.pagination import paginate
from iurc.core.parameters import printable, whole_number
from iurc.core.visibility import public_pages
from regions.models import RegionPage

CALLS_PER_PAGE = 12
STATE_VALUES = tuple(states.LABELS)


def for_region(calls, region_pk):
    """The calls of ``calls`` open to the region ``region_pk``: those that name it and those
    that name no region (open to every region)."""
    through = calls.model.regions.through
    named = through.objects.filter(callpage_id=OuterRef("pk"))
    return calls.filter(Exists(named.filter(regionpage_id=region_pk)) | ~Exists(named))


def soonest_first(calls, moment):
    """Open calls by closing date, then upcoming ones by opening date, then closed ones, the
    most recently closed first."""
    group = Case(
        When(opens_at__gt=moment, then=Value(1)),
        When(closes_at__lte=moment, then=Value(2)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return calls.annotate(state_group=group).order_by(
        "state_group",
        Case(When(closes_at__gt=moment, then="closes_at")).asc(nulls_last=True),
        "-closes_at",
        "path",
    )


class CallFilter:
    def __init__(self, request, calls, moment):
        self.request = request
        self.moment = moment
        self.messages = []
        params = request.GET
        self.state = self._single(params, "state", self._clean_state)
        self.region = self._single(params, "region", self._clean_region)
        if self.state:
            calls = states.in_state(calls, self.state, moment)
        if self.region:
            calls = for_region(calls, self.region.pk)
        self.page = paginate(request, soonest_first(calls, moment), CALLS_PER_PAGE)
        if self.page.notice:
            self.messages.append(self.page.notice)

    def _single(self, params, name, clean):
        values = [value for value in params.getlist(name) if value.strip()]
        if not values:
            return None
        if len(values) > 1:
            self.messages.append(
                _("“%(name)s” was given more than once; the first value is used.") % {"name": name}
            )
        return clean(values[0])

    def _clean_state(self, value):
        value = value.strip()
        if value in STATE_VALUES:
            return value
        self.messages.append(
            _("“%(value)s” is not a state of a call; calls in every state are shown.")
            % {"value": printable(value)}
        )
        return None

    def _clean_region(self, value):
        pk = whole_number(value)
        region = None
        if pk is not None:
            region = public_pages(RegionPage.objects.filter(pk=pk), self.request).first()
        if region is None:
            self.messages.append(
                _("“%(value)s” is not a region of this list; calls of every region are shown.")
                % {"value": printable(value)}
            )
        return region

    @property
    def is_active(self):
        return bool(self.state or self.region)

    @cached_property
    def state_choices(self):
        return [(value, label, value == self.state) for value, label in states.LABELS.items()]

    @cached_property
    def region_choices(self):
        regions = public_pages(RegionPage.objects.all(), self.request).order_by("path")
        selected = self.region.pk if self.region else None
        return [(region.pk, region.title, region.pk == selected) for region in regions]

    @property
    def params(self):
        """The query string of the filters set, for the pagination's links."""
        pairs = []
        if self.state:
            pairs.append(("state", self.state))
        if self.region:
            pairs.append(("region", self.region.pk))
        return urlencode(pairs)
