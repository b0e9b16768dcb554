"""Time zones of things that happen at a place (events, calls for applications): IANA names,
checked against the zoneinfo database.

Their dates and times are written as the clocks there show them, with the place's zone name
(``Asia/Bangkok``). The instants (UTC) are derived from them, so a change of a zone's rules in
a later tzdata release moves the instant, not the local time the organisers announced.
"""

import zoneinfo
from datetime import datetime, time, timedelta
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_TIME_ZONE = "Europe/Brussels"
UTC_ZONE = zoneinfo.ZoneInfo("UTC")


@cache
def time_zone_names():
    """Every zone name the zoneinfo database knows, sorted (no legacy aliases such as
    ``US/Eastern`` beyond those the database itself lists)."""
    return tuple(sorted(zoneinfo.available_timezones()))


def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in time_zone_names()]


def validate_time_zone(value):
    if value not in time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Asia/Bangkok or Europe/Brussels."),
            code="invalid_time_zone",
            params={"value": value},
        )


def zone(name):
    """The ``ZoneInfo`` of ``name``; UTC for a name the database does not know."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC_ZONE


def utc_offset(moment, zone_name):
    """``UTC+07:00`` for ``moment`` in ``zone_name``."""
    offset = moment.astimezone(zone(zone_name)).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "−"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def instant(day, clock, zone_name):
    """The UTC instant of a local date and time in ``zone_name`` (midnight without a time)."""
    local = datetime.combine(day, clock or time.min, zone(zone_name))
    return local.astimezone(UTC_ZONE)


def exists_locally(day, clock, zone_name):
    """False for a time the clocks skip there (the hour lost when summer time starts)."""
    local = datetime.combine(day, clock or time.min, zone(zone_name))
    back = local.astimezone(UTC_ZONE).astimezone(zone(zone_name))
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def instants(start_date, start_time, end_date, end_time, zone_name):
    """The UTC start and end of an event written in local dates and times.

    Without times it lasts whole days: from the start day's midnight to the midnight after the
    end day, there. An end before the start is the caller's to refuse (``EventPage.clean``).
    """
    tz = zone(zone_name)
    end_date = end_date or start_date
    if start_time is None:
        start = datetime.combine(start_date, time.min, tz)
        end = datetime.combine(end_date + timedelta(days=1), time.min, tz)
    else:
        start = datetime.combine(start_date, start_time, tz)
        end = datetime.combine(end_date, end_time or start_time, tz)
    return start.astimezone(UTC_ZONE), end.astimezone(UTC_ZONE)
