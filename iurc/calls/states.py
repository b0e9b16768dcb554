"""The state of a call for applications, from the clock at the time of the request.

Nobody unpublishes a call when it closes: a call is *upcoming* before it opens, *open* from
its opening to its closing instant, *closing soon* in its last ``CLOSING_SOON`` of that, and
*closed* after. Every response that shows a state is kept by the page cache only until the
next instant at which one of the states it shows changes (``next_change``, given to
``cache_tags.valid_until``), so that no cached page shows a closed call as open.
"""

from datetime import timedelta

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import pgettext_lazy

CLOSING_SOON = timedelta(days=14)

UPCOMING, OPEN, CLOSING_SOON_STATE, CLOSED = "upcoming", "open", "closing-soon", "closed"

# In the order the list's filter offers them; "open" includes the calls closing soon.
LABELS = {
    OPEN: pgettext_lazy("call state", "Open"),
    CLOSING_SOON_STATE: pgettext_lazy("call state", "Closing soon"),
    UPCOMING: pgettext_lazy("call state", "Not yet open"),
    CLOSED: pgettext_lazy("call state", "Closed"),
}


def now():
    return timezone.now()


def state(opens_at, closes_at, moment=None):
    moment = moment or now()
    if moment < opens_at:
        return UPCOMING
    if moment >= closes_at:
        return CLOSED
    return CLOSING_SOON_STATE if closes_at - moment <= CLOSING_SOON else OPEN


def next_change(opens_at, closes_at, moment=None):
    """The next instant after ``moment`` at which the state of this call changes, or None."""
    moment = moment or now()
    later = [t for t in (opens_at, closes_at - CLOSING_SOON, closes_at) if t > moment]
    return min(later, default=None)


def in_state(queryset, name, moment=None):
    """The calls of ``queryset`` in the state ``name`` (``open`` includes closing soon)."""
    moment = moment or now()
    if name == UPCOMING:
        return queryset.filter(opens_at__gt=moment)
    if name == CLOSED:
        return queryset.filter(closes_at__lte=moment)
    is_open = queryset.filter(opens_at__lte=moment, closes_at__gt=moment)
    if name == CLOSING_SOON_STATE:
        return is_open.filter(closes_at__lte=moment + CLOSING_SOON)
    return is_open


def next_change_among(queryset, moment=None):
    """The next instant at which the state of any call of ``queryset`` changes: one query."""
    moment = moment or now()
    found = queryset.order_by().aggregate(
        opening=Min("opens_at", filter=Q(opens_at__gt=moment)),
        soon=Min("closes_at", filter=Q(closes_at__gt=moment + CLOSING_SOON)),
        closing=Min("closes_at", filter=Q(closes_at__gt=moment)),
    )
    candidates = [found["opening"], found["closing"]]
    if found["soon"] is not None:
        candidates.append(found["soon"] - CLOSING_SOON)
    return min((t for t in candidates if t is not None), default=None)
