"""Every time option goes through here: text + now + zone -> an aware UTC datetime.

Naive input is local wall time in the user's zone (TZ honoured). A local time that falls in a DST
gap does not exist and is refused; one that occurs twice (the autumn fall-back hour) means its
first occurrence, the summer-time one; give an explicit offset (`+01:00`) to mean the other.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from aostime.errors import BadInput

MIN_YEAR, MAX_YEAR = 1970, 2999
ACCEPTED = (
    "accepted: ISO 8601 (2026-03-31T09:00), '2026-03-31 09:00', '9:00', 'now', 'today', "
    "'yesterday', '-15m', '-1h30m', '15 minutes ago'"
)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_UNIT_WORDS = {
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "m": "m", "min": "m", "mins": "m", "minute": "m", "minutes": "m",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "d": "d", "day": "d", "days": "d",
}  # fmt: skip
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")
_COMPACT = re.compile(r"^(?:\d+(?:\.\d+)?\s*[a-z]+\s*)+$")


def local_zone() -> tzinfo:
    """The user's zone: TZ if set (as SQLite's 'localtime' reads it too), else the system's."""
    from zoneinfo import ZoneInfo

    name = os.environ.get("TZ")
    if name is not None:
        name = name.lstrip(":")
        if not name:
            return UTC
        try:
            return ZoneInfo(name)
        except (ValueError, OSError):
            from dateutil import tz

            return tz.gettz(name) or UTC
    try:
        with open("/etc/localtime", "rb") as f:
            return ZoneInfo.from_file(f)
    except (OSError, ValueError):
        from dateutil import tz

        return tz.tzlocal()


def now_utc() -> datetime:
    """The clock, read once per command; domain functions take it as an argument."""
    return datetime.now(UTC).replace(microsecond=0)


def localize(naive: datetime, zone: tzinfo, text: str) -> datetime:
    """Attach the zone to a wall time, refusing times a DST gap skips."""
    aware = naive.replace(tzinfo=zone, fold=0)
    utc = aware.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != naive:
        raise BadInput(f"time {text!r} does not exist in the local zone (skipped by a DST change)")
    return utc


def _check_year(value: datetime, text: str) -> datetime:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise BadInput(f"time {text!r} is out of range (years {MIN_YEAR}-{MAX_YEAR})")
    return value


def parse_offset(text: str) -> int | None:
    """'-15m', '+1h30m', '15 minutes ago', '2h ago' -> signed seconds; None if not relative."""
    raw = text.strip().lower()
    sign = 1
    if raw.endswith("ago"):
        raw, sign = raw[: -len("ago")].strip(), -1
        if raw.startswith(("-", "+")):
            return None
    elif raw[:1] in "+-":
        sign = -1 if raw[0] == "-" else 1
        raw = raw[1:].strip()
    else:
        return None
    seconds = _compact_seconds(raw)
    return None if seconds is None else sign * seconds


def _compact_seconds(raw: str) -> int | None:
    """'1h30m', '1 hour 30 minutes', '90s' -> seconds, or None if it is not that form."""
    if not raw or not _COMPACT.match(raw):
        return None
    total = Decimal(0)
    for number, unit in _PART.findall(raw):
        key = _UNIT_WORDS.get(unit)
        if key is None:
            return None
        total += Decimal(number) * _UNIT_SECONDS[key]
    return int(total.to_integral_value(rounding=ROUND_HALF_UP))


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _parse_absolute(text: str, now: datetime, zone: tzinfo, default_time: tuple[int, int, int]):
    local_now = now.astimezone(zone)
    h, m, s = default_time
    default = local_now.replace(hour=h, minute=m, second=s, microsecond=0, tzinfo=None)
    iso = _ISO_DATE.fullmatch(text)
    if iso:  # what dateutil makes of a bare YYYY-MM-DD, without its ~10 ms import
        try:
            return default.replace(year=int(iso[1]), month=int(iso[2]), day=int(iso[3]))
        except ValueError:
            pass  # not a real day: dateutil words the error
    from dateutil import parser

    try:
        parsed = parser.parse(text, default=default)
    except (ValueError, OverflowError, parser.ParserError):
        raise BadInput(f"cannot read time {text!r}; {ACCEPTED}") from None
    return parsed


def parse_time(text: str, now: datetime, zone: tzinfo) -> datetime:
    """Any accepted time form -> aware UTC datetime with whole seconds."""
    return _parse(text, now, zone, end_of_day=False)


def parse_range_end(text: str, now: datetime, zone: tzinfo) -> datetime:
    """Like parse_time, but a bare date means the end of that day (start of the next), so that
    `--to 2026-03-31` includes all of March 31."""
    return _parse(text, now, zone, end_of_day=True)


def _parse(text: str, now: datetime, zone: tzinfo, end_of_day: bool) -> datetime:
    raw = (text or "").strip()
    if not raw or any(ord(c) < 32 for c in raw):
        raise BadInput(f"cannot read time {text!r}; {ACCEPTED}")
    word = raw.lower()
    if word == "now":
        return now
    if word in ("today", "yesterday", "tomorrow"):
        day = now.astimezone(zone).date() + timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[word])
        return day_start(day + timedelta(days=1 if end_of_day else 0), zone)
    offset = parse_offset(raw)
    if offset is not None:
        try:
            return _check_year(now + timedelta(seconds=offset), text)
        except OverflowError:
            raise BadInput(f"time {text!r} is out of range") from None
    parsed = _parse_absolute(raw, now, zone, (0, 0, 0))
    if end_of_day and _is_bare_date(raw, now, zone, parsed):
        parsed = parsed + timedelta(days=1)
    _check_year(parsed, text)
    parsed = parsed.replace(microsecond=0)
    if parsed.tzinfo is not None:
        return parsed.astimezone(UTC)
    return localize(parsed, zone, text)


def _is_bare_date(raw: str, now: datetime, zone: tzinfo, parsed: datetime) -> bool:
    """True when the text named no time of day: parsing with another default time changes it."""
    other = _parse_absolute(raw, now, zone, (23, 59, 59))
    return other.hour != parsed.hour


def parse_date(text: str, now: datetime, zone: tzinfo) -> date:
    """A calendar day in local time: '2026-03-28', 'today', 'yesterday', '-2d'."""
    raw = (text or "").strip()
    word = raw.lower()
    if word in ("today", "yesterday", "tomorrow") or parse_offset(raw) is not None:
        return parse_time(raw, now, zone).astimezone(zone).date()
    parsed = _parse_absolute(raw, now, zone, (0, 0, 0))
    _check_year(parsed, text)
    return parsed.date()


def day_start(day: date, zone: tzinfo) -> datetime:
    """Local midnight of a day, as UTC (midnight always exists in practice; a gap shifts on)."""
    naive = datetime(day.year, day.month, day.day)
    try:
        return localize(naive, zone, day.isoformat())
    except BadInput:
        return localize(naive + timedelta(hours=1), zone, day.isoformat())


def parse_duration(text: str) -> int:
    """'4.5' (hours), '1h30m', '90m', '1:30', '1:30:15' -> whole seconds (> 0)."""
    raw = (text or "").strip().lower()
    seconds: int | None = None
    clock = re.fullmatch(r"(\d+):([0-5]\d)(?::([0-5]\d))?", raw)
    if clock:
        h, m, s = clock.group(1), clock.group(2), clock.group(3) or "0"
        seconds = int(h) * 3600 + int(m) * 60 + int(s)
    elif re.fullmatch(r"\d+(\.\d+)?|\.\d+", raw):
        try:
            value = Decimal(raw) * 3600
        except InvalidOperation:
            value = None
        if value is not None and value.is_finite() and value < Decimal(10) ** 9:
            seconds = int(value.to_integral_value(rounding=ROUND_HALF_UP))
    else:
        seconds = _compact_seconds(raw)
    if seconds is None:
        raise BadInput(f"cannot read duration {text!r}; accepted: hours as a number (4.5), 1h30m, 90m, 1:30")
    if seconds <= 0:
        raise BadInput(f"duration {text!r} must be more than zero")
    return seconds


def to_db(value: datetime) -> str:
    """Aware datetime -> the UTC text stored on disk, which sorts as it reads."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def from_db(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


def show(value: datetime, zone: tzinfo) -> str:
    """Local time with its offset: 2026-03-29T03:30:00+02:00."""
    return value.astimezone(zone).isoformat(timespec="seconds")
