"""The time grammar: what a person types -> an instant. aostime decides every form itself.

A lone number or clock form is a time of day on the reference day (never a day of the month,
never a year); day words and weekday names count back from today; numeric dates are read day
first with dots, and slashed dates only when one reading is possible or the date_order setting
picks one. Anything that could land on a surprising day is refused with examples, never guessed.
The grammar table of docs/times.md is the specification; tests/domain/test_timegrammar.py checks it.
"""

from __future__ import annotations

import re
from collections import namedtuple
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from aostime.errors import BadInput

MIN_YEAR, MAX_YEAR = 1970, 2999
MAX_TEXT = 100
MAX_OFFSET = timedelta(hours=14)  # the furthest real zones are -12:00 and +14:00
MAX_RELATIVE_SECONDS = 100 * 366 * 86400
EXAMPLES = (
    "accepted: ISO 8601 (2026-11-27 09:00), 9:30, 9am, 17h, noon, yesterday 17:00, friday 9am, 27.11.2026, -15m, 2h ago"
)

WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
# Abbreviations that name one fixed offset. CST, IST, BST, AST... name several zones and are refused.
ZONE_ABBREVIATIONS = {
    "utc": 0, "gmt": 0, "z": 0, "wet": 0, "west": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180,
    "est": -300, "edt": -240, "pst": -480, "pdt": -420, "mst": -420, "mdt": -360,
    "akst": -540, "akdt": -480, "hst": -600, "jst": 540, "kst": 540, "aest": 600, "aedt": 660,
    "nzst": 720, "nzdt": 780,
}  # fmt: skip
AMBIGUOUS_ZONES = {"cst", "cdt", "ist", "bst", "ast", "adt", "sst", "msk", "pht", "wat", "cat", "eat"}

_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_UNIT_WORDS = {
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "m": "m", "min": "m", "mins": "m", "minute": "m", "minutes": "m",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "d": "d", "day": "d", "days": "d", "w": "w", "week": "w", "weeks": "w",
}  # fmt: skip
_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?) ?([a-z]+)")
_COMPACT = re.compile(r"(?:[0-9]+(?:\.[0-9]+)? ?[a-z]+ ?)+")

_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
# an offset has its minutes (+01:00, -0330, Z): a bare '-10' after a time reads as a range, not a zone
_OFFSET = r"(?P<zone>z|(?P<sign>[+-])(?P<zh>[0-9]{2}):?(?P<zm>[0-9]{2}))"


@cache
def _token_patterns() -> list[tuple[str, re.Pattern]]:
    """Each token kind, tried in this order at the current position; a token ends at a space or
    the end. Compiled on first use: `aos status` at a prompt never reads a time."""
    return [
        ("dayword", re.compile(r"(?P<word>today|yesterday|tomorrow)")),
        ("weekday", re.compile(rf"(?P<last>last )?(?P<weekday>{_WEEKDAY})\.?,?")),
        ("iso", re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})(?:t(?=[0-9]))?")),
        ("ymd", re.compile(r"(?P<y>[0-9]{4})/(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})")),
        ("dotted", re.compile(r"(?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.(?P<y>[0-9]{4}|[0-9]{2})?")),
        ("slashed", re.compile(r"(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})(?:/(?P<y>[0-9]{4}|[0-9]{2}))?")),
        ("day_month", re.compile(rf"(?P<d>[0-9]{{1,2}}){_ORD}\.? (?P<month>{_MONTH})\.?(?:,? (?P<y>[0-9]{{4}}))?,?")),
        ("month_day", re.compile(rf"(?P<month>{_MONTH})\.? (?P<d>[0-9]{{1,2}}){_ORD}(?:,? (?P<y>[0-9]{{4}}))?,?")),
        ("named_time", re.compile(rf"(?P<named>noon|midnight)(?: ?{_OFFSET})?")),
        ("hhmm", re.compile(rf"(?P<h>[0-9]{{2}})(?P<m>[0-9]{{2}})(?: ?{_OFFSET})?")),
        (
            "clock",
            re.compile(
                r"(?P<h>[0-9]{1,2})(?::(?P<m>[0-9]{2})(?::(?P<s>[0-9]{2})(?:[.,][0-9]+)?)?|\.(?P<dm>[0-9]{2})"
                rf"|h(?P<hm>[0-9]{{2}})?)?(?: ?(?P<ampm>am|pm|a\.m\.|p\.m\.))?(?: ?{_OFFSET})?"
            ),
        ),
        ("at", re.compile(r"at")),
        ("zone", re.compile(r"(?P<abbr>[a-z]{1,5})")),
    ]


class Reading(namedtuple("Reading", "instant named_day named_time relative", defaults=(False,))):
    """What a text meant: the instant (aware, UTC, whole seconds), whether it named a day and a
    time of day itself, and whether it was relative (now, -15m, 2h ago). A named tuple, as the
    models are (no dataclasses import for a typed --from)."""

    __slots__ = ()


def refuse(text: str, why: str = "") -> BadInput:
    reason = f" ({why})" if why else ""
    return BadInput(f"cannot read time {text!r}{reason}; {EXAMPLES}")


def read_time(
    text: str, now: datetime, zone: tzinfo, day: date | None = None, date_order: str | None = None
) -> Reading:  # fmt: skip
    """The grammar's one entry point. `day` is the reference day for a bare time of day
    (default: today in `zone`); `date_order` ('dmy'/'mdy') reads ambiguous slashed dates."""
    normal = _normalise(text)
    today = now.astimezone(zone).date()
    if normal == "now":
        return Reading(now, True, True, True)
    offset = relative_seconds(normal)
    if offset is not None:
        if abs(offset) > MAX_RELATIVE_SECONDS:
            raise BadInput(f"time {text!r} is out of range (at most 100 years from now); {EXAMPLES}")
        return Reading(_in_range(now + timedelta(seconds=offset), text), True, True, True)
    parts = _tokens(normal, text)
    on = _day(parts, text, today, date_order)
    clock, fixed = _clock(parts, text)
    if on is None and clock is None:
        raise refuse(text, "it names no day and no time")
    naive = datetime.combine(on or day or today, clock or time(0))
    if fixed is not None:
        instant = _in_range(naive, text).replace(tzinfo=fixed).astimezone(UTC)
    elif clock is None:
        instant = day_start(naive.date(), zone)
    else:
        instant = localize(naive, zone, text)
    return Reading(_in_range(instant, text), on is not None, clock is not None)


def _in_range(value: datetime, text: str) -> datetime:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise BadInput(f"time {text!r} is out of range (years {MIN_YEAR}-{MAX_YEAR}); {EXAMPLES}")
    return value


def read_written_time(text: str, date_order: str | None) -> datetime:
    """A date and time as another tool wrote it into a file: it must name its date with a year
    (no day words, no relative times). Naive wall time, or aware when the text gives a zone."""
    plain = _PLAIN_ISO.match(text) if isinstance(text, str) else None
    if plain is not None:  # the common shape of exports, read without the grammar (the same result)
        try:
            return _in_range(datetime(*(int(g) for g in plain.groups(default="0"))), text)
        except ValueError:
            pass  # not a real date or time: the grammar says what is wrong
    return _written_time(text, date_order)


def _written_time(text: str, date_order: str | None) -> datetime:
    normal = _normalise(text)
    if normal == "now" or relative_seconds(normal) is not None:
        raise refuse(text, "a file's times must name their date")
    parts = _tokens(normal, text)
    on = _day(parts, text, None, date_order)
    if on is None:
        raise refuse(text, "it names no date")
    clock, fixed = _clock(parts, text)
    naive = _in_range(datetime.combine(on, clock or time(0)), text)
    return naive if fixed is None else naive.replace(tzinfo=fixed)


_PLAIN_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\Z")


def _normalise(text: str) -> str:
    raw = text.strip() if isinstance(text, str) else ""
    if not raw:
        raise BadInput(f"time {text!r} is empty; {EXAMPLES}")
    if len(raw) > MAX_TEXT:
        raise refuse(raw[:40] + "...", f"longer than {MAX_TEXT} characters")
    if not raw.isascii() or not raw.isprintable():
        raise refuse(text, "only plain ASCII dates and times are read")
    return " ".join(raw.lower().split())


def _tokens(normal: str, text: str) -> list[tuple[str, re.Match]]:
    parts = []
    position = 0
    while position < len(normal):
        for kind, pattern in _token_patterns():
            match = pattern.match(normal, position)
            if match and (match.end() == len(normal) or normal[match.end()] == " " or _joined(kind, match)):
                parts.append((kind, match))
                position = match.end()
                break
        else:
            raise refuse(text, f"{normal[position:].split(' ')[0]!r} is not a date, day or time")
        while position < len(normal) and normal[position] == " ":
            position += 1
    return [(kind, match) for kind, match in parts if kind != "at"]


def _joined(kind: str, match: re.Match) -> bool:
    """ISO's 'T' joins a date to its time without a space."""
    return kind == "iso" and match.group().endswith("t")


def _one(parts, kinds: set[str], text: str, what: str):
    found = [(kind, match) for kind, match in parts if kind in kinds]
    if len(found) > 1:
        raise refuse(text, f"it names more than one {what}")
    return found[0] if found else (None, None)


def _day(parts, text: str, today: date | None, date_order: str | None) -> date | None:
    """The calendar day the text names, or None when it names none. Without `today` (a file's
    times), day words and dates without a year are refused."""
    kind, match = _one(parts, {"dayword", "iso", "ymd", "dotted", "slashed", "day_month", "month_day"}, text, "day")
    _, weekday = _one(parts, {"weekday"}, text, "weekday")
    if today is None and (kind == "dayword" or (weekday and kind is None)):
        raise refuse(text, "a file's times must name their date")
    if kind is None:
        return _weekday(weekday, today, text) if weekday else None
    if kind == "dayword":
        found = today + timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[match["word"]])
    elif kind == "slashed":
        found = _slashed(int(match["a"]), int(match["b"]), _year(match["y"], today, text), text, date_order)
    else:
        month = MONTHS[match["month"]] if kind in ("day_month", "month_day") else int(match["m"])
        found = _date(_year(match["y"], today, text), month, int(match["d"]), text)
    if weekday and WEEKDAYS[weekday["weekday"]] != found.weekday():
        raise refuse(text, f"{found.isoformat()} is a {found.strftime('%A')}, not a {weekday['weekday']}")
    return found


def _weekday(match: re.Match, today: date, text: str) -> date:
    """The most recent such day not after today; 'last friday' typed on a Friday could mean today
    or a week ago, so it is refused."""
    back = (today.weekday() - WEEKDAYS[match["weekday"]]) % 7
    if back == 0 and match["last"]:
        week_ago = today - timedelta(days=7)
        raise refuse(text, f"today is a {today:%A}: write 'today' ({today}) or the date ({week_ago})")
    return today - timedelta(days=back)


def _year(typed: str | None, today: date | None, text: str) -> int:
    if typed is None:
        if today is None:
            raise refuse(text, "the date names no year")
        return today.year  # a date without a year is in the current year
    year = int(typed) + (2000 if len(typed) == 2 else 0)
    if len(typed) == 2 and today is not None and year > today.year + 1:
        raise refuse(text, f"'{typed}' could be {year} or {year - 100}; write the year in full")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadInput(f"time {text!r} is out of range (years {MIN_YEAR}-{MAX_YEAR}); {EXAMPLES}")
    return year


def _date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise refuse(text, f"there is no day {day} in month {month} of {year}") from None


def _slashed(first: int, second: int, year: int, text: str, date_order: str | None) -> date:
    """dd/mm or mm/dd: accepted when only one reading is a real day, both readings are the same
    day, or the date_order setting says which; otherwise refused naming both readings."""
    readings = {}
    for order, (day, month) in (("dmy", (first, second)), ("mdy", (second, first))):
        try:
            readings[order] = date(year, month, day)
        except ValueError:
            pass
    if not readings:
        raise refuse(text, f"neither {first}/{second} nor {second}/{first} is a day of {year}")
    if len(set(readings.values())) == 1:
        return next(iter(readings.values()))
    if date_order in readings:
        return readings[date_order]
    dmy, mdy = readings["dmy"], readings["mdy"]
    raise BadInput(
        f"date {text!r} is ambiguous: {dmy:%-d %B %Y} (day first) or {mdy:%B %-d, %Y} (month first); "
        "write it as YYYY-MM-DD or 27.11.2026, or set 'aos config set date_order dmy' (or mdy)"
    )


def _clock(parts, text: str) -> tuple[time | None, tzinfo | None]:
    """The time of day the text names (None if none) and a fixed zone if it gives one."""
    kind, match = _one(parts, {"named_time", "hhmm", "clock"}, text, "time of day")
    _, abbr = _one(parts, {"zone"}, text, "zone")
    if kind is None:
        if abbr is not None:
            raise refuse(text, f"{abbr['abbr']!r} is not a date, day or time")
        return None, None
    if kind == "named_time":
        clock = time(12 if match["named"] == "noon" else 0)
    else:
        if kind == "hhmm" and match["h"] == "20" and int(match["m"]) < 60:
            raise refuse(
                text,
                f"{match['h']}{match['m']} could be a year or {match['h']}:{match['m']}; write the time with a colon",
            )
        clock = _clock_value(match, text)
    if match["zone"] and kind == "clock" and not (match["m"] or match["dm"] or match["hm"]) and match["zone"] != "z":
        raise refuse(text, "an offset goes after hours and minutes, e.g. 9:00-05:00")
    fixed = _offset(match, text) if match["zone"] else None
    if abbr is not None:
        if fixed is not None:
            raise refuse(text, "it gives two zones")
        fixed = _abbreviation(abbr["abbr"], text)
    return clock, fixed


def _clock_value(match: re.Match, text: str) -> time:
    groups = match.groupdict()
    hour = int(match["h"])
    minute = int(groups.get("m") or groups.get("dm") or groups.get("hm") or 0)
    second = int(groups.get("s") or 0)
    ampm = groups.get("ampm")
    if ampm:
        if not 1 <= hour <= 12:
            raise refuse(text, f"{hour} is not an hour of a 12-hour clock (1-12 with am/pm)")
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23:
        raise refuse(text, f"{match['h']} is not an hour of the day (0-23); a lone number is a time of day")
    if minute > 59 or second > 59:
        raise refuse(text, "minutes and seconds run 00-59")
    return time(hour, minute, second)


def _offset(match: re.Match, text: str) -> tzinfo:
    if match["zone"] == "z":
        return UTC
    delta = timedelta(hours=int(match["zh"]), minutes=int(match["zm"] or 0))
    if delta > MAX_OFFSET or int(match["zm"] or 0) > 59:
        raise refuse(text, f"offset {match['zone']} is not a real one (-12:00 to +14:00)")
    return timezone(-delta if match["sign"] == "-" else delta)


def _abbreviation(name: str, text: str) -> tzinfo:
    if name in ZONE_ABBREVIATIONS:
        return timezone(timedelta(minutes=ZONE_ABBREVIATIONS[name]))
    if name in AMBIGUOUS_ZONES:
        raise refuse(text, f"{name.upper()} names more than one zone; give an offset such as -06:00 or +05:30")
    raise refuse(text, f"{name!r} is not a date, day or time")


def localize(naive: datetime, zone: tzinfo, text: str) -> datetime:
    """Attach the zone to a wall time, refusing times a DST gap skips. A wall time the autumn
    change repeats means its first occurrence; an explicit offset picks the other."""
    aware = _in_range(naive, text).replace(tzinfo=zone, fold=0)
    utc = aware.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != naive:
        raise BadInput(f"time {text!r} does not exist in the local zone (skipped by a DST change)")
    return utc


def relative_seconds(text: str) -> int | None:
    """'-15m', '+1h30m', '15 minutes ago', '2h ago' -> signed seconds; None if not relative."""
    raw = " ".join(text.strip().lower().split())
    sign = 1
    if raw.endswith(" ago"):
        raw, sign = raw[: -len("ago")].strip(), -1
        if raw.startswith(("-", "+")):
            return None
    elif raw[:1] in ("+", "-"):
        sign = -1 if raw[0] == "-" else 1
        raw = raw[1:].strip()
    else:
        return None
    seconds = compact_seconds(raw)
    return None if seconds is None else sign * seconds


def compact_seconds(raw: str) -> int | None:
    """'1h30m', '1 hour 30 minutes', '90s' -> seconds, or None if it is not that form."""
    if not raw or not raw.isascii() or not _COMPACT.fullmatch(raw):
        return None
    total = Decimal(0)
    for number, unit in _PART.findall(raw):
        key = _UNIT_WORDS.get(unit)
        if key is None or len(number) > 12:
            return None
        total += Decimal(number) * _UNIT_SECONDS[key]
    return int(total.to_integral_value(rounding=ROUND_HALF_UP))


def day_start(day: date, zone: tzinfo) -> datetime:
    """Local midnight of a day, as UTC; where a DST change skips midnight, the first hour after."""
    naive = datetime(day.year, day.month, day.day)
    try:
        return localize(naive, zone, day.isoformat())
    except BadInput:
        return localize(naive + timedelta(hours=1), zone, day.isoformat())
