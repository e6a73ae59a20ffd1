"""The clock, the user's zone, durations, and the time options' entry points.

What a typed time means is decided in aostime.domain.timegrammar; this module adds the clock and zone
every command reads once, the meaning of a bare day as a range end or a date, and the on-disk
form of instants.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from aostime.errors import BadInput

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.domain.timegrammar import Reading


def _grammar():
    """The time grammar, loaded when a time is read (`aos status` at a prompt reads none)."""
    from aostime.domain import timegrammar

    return timegrammar


def read_time(text: str, now: datetime, zone: tzinfo, day: date | None = None,
              date_order: str | None = None) -> Reading:  # fmt: skip
    return _grammar().read_time(text, now, zone, day, date_order)


def day_start(day: date, zone: tzinfo) -> datetime:
    """Local midnight of a day, as UTC (timegrammar.day_start)."""
    return _grammar().day_start(day, zone)


def localize(naive: datetime, zone: tzinfo, text: str) -> datetime:
    """A wall time in the zone, as UTC; refused in a DST gap (timegrammar.localize)."""
    return _grammar().localize(naive, zone, text)


MAX_DURATION_SECONDS = 366 * 86400
# std name (3+ letters or <...>), its offset, optionally a DST name, offset and rules
_POSIX_RULE = re.compile(r"(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]+>)[+-]?[0-9]{1,2}(?::[0-9]{2}){0,2}(?:[A-Za-z<][^\s]*)?")


def local_zone() -> tzinfo:
    """The user's zone: TZ if set, read as the C library (and so SQLite's 'localtime') reads it,
    else the system's. A TZ that names no zone gives one warning on stderr and UTC, which is
    also what the C library falls back to."""
    name = os.environ.get("TZ")
    if name is None:
        return _system_zone()
    zone = zone_named(name)
    if zone is None:
        sys.stderr.write(f"Warning: TZ={name!r} is not a zone this system knows; times are shown in UTC\n")
        return UTC
    return zone


def zone_named(name: str, files: bool = True) -> tzinfo | None:
    """An IANA name (Europe/Berlin, ':Europe/Berlin') or a POSIX rule (UTC+14 is 14 hours behind
    UTC, as POSIX counts; JST-9; CET-1CEST,M3.5.0,M10.5.0/3); None if it is neither. A path to a
    zone file is read only with `files` (this machine's own TZ): a name from elsewhere (a
    request's Time-Zone) never opens a file of ours beyond the zone database, whose keys
    zoneinfo keeps inside it."""
    name = name.removeprefix(":")
    if not name:
        return UTC
    from zoneinfo import ZoneInfo

    try:
        if os.path.isabs(name) and not files:
            return None
        if os.path.isabs(name):  # TZ=/usr/share/zoneinfo/Europe/Berlin, as the C library allows
            with open(name, "rb") as f:
                return ZoneInfo.from_file(f, key=name)
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        pass  # not an IANA name: perhaps a POSIX rule
    return _posix_rule(name)


_IANA_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]{0,30}(?:/[A-Za-z0-9_+-]{1,30}){0,2}")


def iana_zone(name: str) -> tzinfo | None:
    """A zone by its IANA name only (Europe/Berlin, UTC, Etc/GMT-1); None for anything else. What
    another machine names (a request's Time-Zone) is looked up in the zone database and nowhere
    else: never a path, never a rule to interpret."""
    if not _IANA_NAME.fullmatch(name):
        return None
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return None


def iana_name(zone: tzinfo) -> str | None:
    """The IANA name of a zone (as iana_zone reads it), or None when it has none: a POSIX rule
    with daylight saving time, an offset of a fraction of an hour."""
    name = zone_name(zone)
    if iana_zone(name) is not None:
        return name
    offset = datetime.now(UTC).astimezone(zone).utcoffset()
    if getattr(zone, "posix_rule", None) and "," in zone.posix_rule:
        return None  # a rule with daylight saving time: no offset of now stands for it
    seconds = int(offset.total_seconds()) if offset is not None else 0
    if seconds % 3600:
        return None
    hours = seconds // 3600
    fixed = "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"  # the tz database's Etc zones count west
    return fixed if iana_zone(fixed) is not None else None  # they reach from -14 to +12 hours


def _posix_rule(name: str) -> tzinfo | None:
    if not _POSIX_RULE.fullmatch(name):
        return None
    from dateutil import tz

    plain = re.sub(r"<[^>]*>", "STD", name, count=1)
    plain = re.sub(r"<[^>]*>", "DST", plain, count=1)  # dateutil reads only alphabetic names
    if "," not in plain and re.search(r"[0-9][A-Za-z]", plain):
        plain += ",M3.2.0,M11.1.0"  # a DST name without rules: glibc's default rules, not dateutil's
    try:
        zone = tz.tzstr(plain, posix_offset=True)
        for month in (1, 4, 7, 10):  # offsets of a day or more, or bad rules, fail only when used
            datetime(2026, month, 15, tzinfo=UTC).astimezone(zone).isoformat()
    except (ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError):
        return None
    zone.posix_rule = plain  # its name for zone_name
    return zone


def zone_name(zone: tzinfo) -> str:
    """The name another tz reader (PostgreSQL's AT TIME ZONE) knows this zone by: its IANA name,
    its POSIX rule (read as POSIX reads it, like the C library), or, for a zone without either
    (a fixed offset, an unnamed system zone), a POSIX rule of its offset now."""
    if zone is UTC:
        return "UTC"
    rule = getattr(zone, "posix_rule", None)
    if rule:
        return rule
    key = getattr(zone, "key", None)
    if key is None and zone is _system_zone_cache.get("zone"):
        key = _system_zone_cache.get("name")
    if key and not os.path.isabs(key):
        return key
    if key and "zoneinfo/" in key:  # TZ=/usr/share/zoneinfo/Europe/Berlin
        return key.rsplit("zoneinfo/", 1)[1]
    offset = datetime.now(UTC).astimezone(zone).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "-" if minutes >= 0 else "+"  # POSIX counts hours west of UTC
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


_system_zone_cache: dict = {}


def _system_zone() -> tzinfo:
    from zoneinfo import ZoneInfo

    try:
        with open("/etc/localtime", "rb") as f:
            zone = ZoneInfo.from_file(f)
        target = os.path.realpath("/etc/localtime")  # a link into the tz database names the zone
        _system_zone_cache.update(zone=zone, name=target.rsplit("zoneinfo/", 1)[1] if "zoneinfo/" in target else None)
        return zone
    except (OSError, ValueError):
        from dateutil import tz

        return tz.tzlocal()


def now_utc() -> datetime:
    """The clock, read once per command; domain functions take it as an argument. AOS_NOW (an
    ISO 8601 instant with its offset) fixes it, for tests and for reproducing a past day."""
    fixed = os.environ.get("AOS_NOW")
    if fixed:
        try:
            moment = datetime.fromisoformat(fixed)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise BadInput(f"AOS_NOW={fixed!r} is not an ISO 8601 instant with an offset (2026-11-30T09:00:00+01:00)")
        return moment.astimezone(UTC).replace(microsecond=0)
    return datetime.now(UTC).replace(microsecond=0)


def parse_time(text: str, now: datetime, zone: tzinfo, day: date | None = None,
               date_order: str | None = None) -> datetime:  # fmt: skip
    """Any form of the time grammar -> aware UTC datetime with whole seconds; a bare time of
    day falls on `day` (default today)."""
    return read_time(text, now, zone, day, date_order).instant


def parse_range_end(text: str, now: datetime, zone: tzinfo, date_order: str | None = None) -> datetime:
    """Like parse_time, but a bare day means the end of that day (start of the next), so that
    `--to 2026-03-31` includes all of March 31."""
    reading = read_time(text, now, zone, None, date_order)
    if reading.named_time:
        return reading.instant
    try:
        return day_start(reading.instant.astimezone(zone).date() + timedelta(days=1), zone)
    except (BadInput, OverflowError):  # the last day there is: its end is the end of time here
        return datetime(3000, 1, 1, tzinfo=UTC)


def parse_date(text: str, now: datetime, zone: tzinfo, date_order: str | None = None) -> date:
    """A calendar day in local time: '2026-03-28', '27.11.', 'yesterday', 'friday', '-2d'."""
    days = _relative_days(text)
    if days is not None:  # -2d, 1 week ago: calendar days back from today, whatever DST does
        return now.astimezone(zone).date() + timedelta(days=days)
    reading = read_time(text, now, zone, None, date_order)
    if not reading.named_day or (reading.named_time and text.strip().lower() != "now"):
        raise BadInput(f"{text!r} is not a day; a date takes e.g. 2026-11-27, 27.11.2026, yesterday, friday, -2d")
    return reading.instant.astimezone(zone).date()


def _relative_days(text: str) -> int | None:
    """Whole days of a relative offset in days or weeks ('-2d', '1 week ago'), else None."""
    from aostime.domain.timegrammar import relative_seconds

    raw = (text or "").strip().lower() if isinstance(text, str) else ""
    if not re.fullmatch(r"[+-]?[0-9 ]+(d|days?|w|weeks?)( ago)?", raw):
        return None
    seconds = relative_seconds(raw)
    return None if seconds is None or abs(seconds) > 100 * 366 * 86400 else seconds // 86400


def parse_duration(text: str) -> int:
    """'4.5' (hours), '1h30m', '90m', '1:30', '1:30:15' -> whole seconds (> 0, at most a year)."""
    raw = " ".join((text or "").strip().lower().split()) if isinstance(text, str) else ""
    seconds: int | None = None
    clock = re.fullmatch(r"([0-9]{1,6}):([0-5][0-9])(?::([0-5][0-9]))?", raw)
    if clock:
        h, m, s = clock.group(1), clock.group(2), clock.group(3) or "0"
        seconds = int(h) * 3600 + int(m) * 60 + int(s)
    elif re.fullmatch(r"[0-9]{1,9}(\.[0-9]{1,9})?|\.[0-9]{1,9}", raw):
        try:
            seconds = int((Decimal(raw) * 3600).to_integral_value(rounding=ROUND_HALF_UP))
        except InvalidOperation:
            seconds = None
    else:
        seconds = _grammar().compact_seconds(raw)
    if seconds is None:
        raise BadInput(f"cannot read duration {text!r}; accepted: hours as a number (4.5), 1h30m, 90m, 1:30")
    if seconds <= 0:
        raise BadInput(f"duration {text!r} must be more than zero")
    if seconds > MAX_DURATION_SECONDS:
        raise BadInput(f"duration {text!r} is longer than a year")
    return seconds


def show(value: datetime, zone: tzinfo) -> str:
    """Local time with its offset: 2026-03-29T03:30:00+02:00."""
    return value.astimezone(zone).isoformat(timespec="seconds")


def repeated(local: datetime) -> bool:
    """A local wall time the autumn change repeats: it occurs twice that night."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def typed(value: datetime, zone: tzinfo) -> str:
    """An instant as a person types it back into a form: 2026-03-04 17:00:00, and with its offset
    (2026-10-25 02:40:00+01:00) where that wall time occurs twice, since the grammar reads a bare
    repeated time as its first occurrence (timegrammar.localize)."""
    local = value.astimezone(zone)
    text = local.strftime("%Y-%m-%d %H:%M:%S")
    return text + local.isoformat(timespec="seconds")[19:] if repeated(local) else text
