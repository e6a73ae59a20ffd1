"""What a report groups by and over which period, as values: the store turns the group fields
into its own grouping (SQL for SQLite); periods are computed in local time. Entries that cross
midnight count on the day (week, month) they started."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from aostime.domain.timeparse import day_start
from aostime.errors import BadInput

GROUPS = ("client", "project", "task", "user", "tag", "day", "week", "month", "year")
PERIODS = ("today", "yesterday", "week", "last-week", "month", "last-month", "quarter", "year", "last-year")


def day_of(start: datetime, zone: tzinfo) -> date:
    """The day an entry counts on: the day it started, in the zone of whoever asks (an entry
    crossing midnight is all on its first day). The stores' SQL groups a report's days by the
    same rule (their _local_start and _period_key)."""
    return start.astimezone(zone).date()


def parse_group_by(text: str) -> list[str]:
    fields = [part.strip().lower() for part in (text or "").split(",") if part.strip()]
    if not fields:
        raise BadInput(f"--by needs at least one of: {', '.join(GROUPS)}")
    for field in fields:
        if field not in GROUPS:
            raise BadInput(f"--by {field!r} is not one of: {', '.join(GROUPS)}")
    if len(set(fields)) != len(fields):
        raise BadInput(f"--by {text!r} names a field twice")
    return fields


def week_start_index(setting: str) -> int:
    """0 = Monday ... 6 = Sunday."""
    from aostime.domain.settings import WEEKDAYS  # the settings table: not needed by day_of's callers

    return WEEKDAYS.index(setting)


def period_bounds(period: str, now: datetime, zone: tzinfo, week_start: int) -> tuple[datetime, datetime]:
    """[start, end) of a named period around now, as UTC instants of local midnights."""
    today = now.astimezone(zone).date()
    if period == "today":
        first, last = today, today + timedelta(days=1)
    elif period == "yesterday":
        first, last = today - timedelta(days=1), today
    elif period in ("week", "last-week"):
        first = today - timedelta(days=(today.weekday() - week_start) % 7)
        if period == "last-week":
            first -= timedelta(days=7)
        last = first + timedelta(days=7)
    elif period in ("month", "last-month"):
        first = today.replace(day=1)
        if period == "last-month":
            first = (first - timedelta(days=1)).replace(day=1)
        last = _next_month(first)
    elif period == "quarter":
        first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        last = _next_month(_next_month(_next_month(first)))
    elif period in ("year", "last-year"):
        year = today.year - (1 if period == "last-year" else 0)
        first, last = date(year, 1, 1), date(year + 1, 1, 1)
    else:
        raise BadInput(f"--period {period!r} is not one of: {', '.join(PERIODS)}")
    return day_start(first, zone), day_start(last, zone)


def _next_month(first: date) -> date:
    return date(first.year + (first.month == 12), first.month % 12 + 1, 1)


FIGURES = ("seconds", "billable_seconds", "cents", "unbilled_cents", "entries", "running")
MONEY_FIGURES = ("cents", "unbilled_cents")


def add_up(rows: list[dict]):
    """The totals of report rows, per currency (CurrencySums): integer sums of the rows' integer
    figures, so they match them exactly; money figures overall only when one currency."""
    from aostime.domain.currencies import sums_of

    return sums_of(rows, FIGURES, MONEY_FIGURES)


def project_labels(projects: dict[int, str], clients: dict[int, str], client_of: dict[int, int]) -> dict[int, str]:
    """Projects whose name another client's project shares, shown as "Client / Project"."""
    from collections import Counter

    from aostime.domain.names import fold

    repeated = Counter(fold(name) for name in projects.values())
    return {pid: f"{clients[client_of[pid]]} / {name}" for pid, name in projects.items() if repeated[fold(name)] > 1}
