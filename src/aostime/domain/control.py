"""Who may still change an entry, and the words of the record of who changed it.

Two things close entries:
- the team's lock: every entry of a day before the lock's day, for everyone but admins (a month is
  reported or invoiced, so its figures must stay what was sent);
- an approved week: a member's ISO week a manager approved, closed for that member (a manager or
  an admin may still change it; their change is in the entry's history under their name).
An entry's day and week are those of its start in its member's zone: the day they see it on."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

from aostime.errors import BadInput

WEEK_STATUSES = ("open", "submitted", "approved", "returned")
ACTIONS = ("create", "edit", "delete", "mark", "unmark", "approve", "return", "lock", "unlock")
VIAS = ("cli", "api", "client", "web")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")


def week_of(day: date) -> str:
    """The ISO week a day is in, as 2026-W49 (the year is the ISO week's own: 2027-01-01 is 2026-W53)."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def parse_week(text: str) -> str:
    """A week as typed (2026-W49, any case), checked to exist; refused with the form expected."""
    found = _WEEK.fullmatch((text or "").strip().upper())
    if not found:
        raise BadInput(f"week {text!r} is not a week; write it as 2026-W49 (ISO year and week)")
    year, week = int(found[1]), int(found[2])
    if not 1 <= year <= 9998:
        raise BadInput(f"week {text!r} is out of range: the year is 0001 to 9998")
    weeks = date(year, 12, 28).isocalendar()[1]  # the 28th of December is in the year's last week
    if not 1 <= week <= weeks:
        raise BadInput(f"week {text!r} does not exist: {year} has weeks 01 to {weeks}")
    return f"{year:04d}-W{week:02d}"


def week_days(week: str) -> tuple[date, date]:
    """The Monday a week begins on and the Monday after it."""
    year, number = int(week[:4]), int(week[6:])
    monday = date.fromisocalendar(year, number, 1)
    return monday, monday + timedelta(days=7)


def day_start(day: date, zone: tzinfo) -> datetime:
    """The first instant of a day in a zone (a DST change at midnight moves it, never skips it)."""
    from aostime.domain.timeparse import UTC

    naive = datetime.combine(day, time())
    local = naive.replace(tzinfo=zone)
    # a day that begins in a gap (no 00:00 that day) begins when the clocks show a time again
    back = local.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if back != naive:
        local = (naive + timedelta(hours=1)).replace(tzinfo=zone)
    return local.astimezone(UTC)


class Lock:
    """The team's lock: entries of days before `before` are closed for all but admins."""

    __slots__ = ("before", "set_at", "set_by")

    def __init__(self, before: date, set_by: str | None, set_at: datetime) -> None:
        self.before = before
        self.set_by = set_by
        self.set_at = set_at


def lock_refusal(entry_id: int | None, lock: Lock) -> str:
    what = f"entry {entry_id} is" if entry_id else "the entry would be"
    who = f" by {lock.set_by}" if lock.set_by else ""
    return (f"{what} locked: entries before {lock.before.isoformat()} are locked (set{who}); an admin can lift it "
            "with 'aos lock --clear' or move it with 'aos lock --before DATE'")  # fmt: skip


def week_refusal(entry_id: int | None, member: str, week: str) -> str:
    what = f"entry {entry_id} is" if entry_id else "the entry would be"
    return (f"{what} in {member}'s approved week {week}, locked for {member}; a manager can open it again with "
            f"'aos week return {member} --week {week} --note ...'")  # fmt: skip
