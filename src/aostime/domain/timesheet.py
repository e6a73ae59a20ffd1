"""The weekly timesheet as values: a row per project and task, a cell per day of the member's own
week, and the rules of a cell's total. A cell holds the member's entries of that project, task and
local day; typing a total adds, trims or removes ONE entry of the cell, its timesheet entry (source
"timesheet", its source_id naming the cell), and never touches the others (timer-made, manual,
imported): a total below what they hold is refused, and so is any change to a cell with invoiced
time. Plain values, no I/O: the use case (services.timesheet) reads and writes."""

from __future__ import annotations

import re
from collections import namedtuple
from datetime import date, datetime, timedelta

from aostime.errors import BadInput

SOURCE = "timesheet"  # time_entries.source of the entries the timesheet writes


class SheetCell(namedtuple("SheetCell", "day seconds timesheet_seconds locked entry_id warnings", defaults=((),))):
    """One day of a row: its total (int seconds, every finished entry of the cell), the part its
    timesheet entry holds (int), locked (bool: invoiced time, read-only), the timesheet entry's id
    (int | None) and, after a write, the warnings a person should see (tuple of str)."""

    __slots__ = ()

    @property
    def others(self) -> int:
        """Seconds the cell's other entries hold: the least total it takes."""
        return self.seconds - self.timesheet_seconds


class SheetRow(namedtuple("SheetRow", "project_id project_name task_id task_name client_name cells")):
    """A project and task (task_id, task_name None: the project alone) with its seven cells."""

    __slots__ = ()

    @property
    def label(self) -> str:
        return f"{self.project_name} / {self.task_name}" if self.task_name else self.project_name

    @property
    def seconds(self) -> int:
        return sum(cell.seconds for cell in self.cells)


class Timesheet(namedtuple("Timesheet", "user_id user_name zone monday rows")):
    """A member's week: Monday (date) in the zone (its name) the days are the member's in, and the
    rows (tuple of SheetRow) ordered by client, project and task names."""

    __slots__ = ()

    @property
    def days(self) -> list[date]:
        return [self.monday + timedelta(days=n) for n in range(7)]

    def day_seconds(self) -> list[int]:
        return [sum(row.cells[n].seconds for row in self.rows) for n in range(7)]

    @property
    def seconds(self) -> int:
        return sum(row.seconds for row in self.rows)


def cell_key(user_id: int, project_id: int, task_id: int | None, day: date) -> str:
    """The source_id of a cell's timesheet entry: one per member, project, task and day (the
    unique index on (source, source_id) keeps it one)."""
    return f"{user_id}/{project_id}/{task_id or '-'}/{day.isoformat()}"


def row_key(project_id: int, task_id: int | None) -> str:
    """A row as a page or a request names it: '12' (the project alone) or '12-5'."""
    return f"{project_id}-{task_id}" if task_id is not None else str(project_id)


def read_row_key(text: str) -> tuple[int, int | None]:
    found = re.fullmatch(r"([0-9]{1,18})(?:-([0-9]{1,18}))?", text.strip())
    if not found:
        raise BadInput(f"row {text!r} is not a project id or PROJECT_ID-TASK_ID, e.g. 12 or 12-5")
    return int(found.group(1)), int(found.group(2)) if found.group(2) else None


_ZERO = re.compile(r"0*(?:[.:]0*)*(?::0+)?\s*[hm]?")


def read_total(text: str) -> int:
    """A cell's total in the CLI's grammar (1:30, 1.5h, 90m, 4.5) as whole seconds; empty or a
    zero (0, 0:00, 0h) is 0, which removes the cell's timesheet entry."""
    from aostime.domain.timeparse import parse_duration

    raw = (text or "").strip().lower()
    if not raw or ("0" in raw and _ZERO.fullmatch(raw)):
        return 0
    return parse_duration(raw)


def shown(seconds: int) -> str:
    """A total as a cell shows it and reads it back: H:MM, with :SS only when there are seconds."""
    text = f"{seconds // 3600}:{seconds // 60 % 60:02d}"
    return text + f":{seconds % 60:02d}" if seconds % 60 else text


def day_label(day: date) -> str:
    """The day as a cell's label names it: Mon 7 Dec."""
    return f"{day:%a} {day.day} {day:%b}"


def check_total(seconds: int, cell: SheetCell, what: str, day_length: int) -> None:
    """A new total for a cell, refused in words when the cell cannot take it."""
    if cell.locked:
        raise_locked(what)
    if seconds < cell.others:
        raise BadInput(
            f"{what} already holds {shown(cell.others)} h in entries made by the timer or by hand; "
            f"a total below that ({shown(seconds)}) would change them: edit or delete those entries instead"
        )
    if seconds > day_length:
        raise BadInput(f"{what}: a total of {shown(seconds)} h is longer than the day ({shown(day_length)} h)")


def raise_locked(what: str) -> None:
    from aostime.errors import Locked

    raise Locked(f"{what} holds invoiced time and cannot be changed; void the invoice or unmark the entries first")


def place(seconds: int, busy: list[tuple[datetime, datetime]], day_begin: datetime, work_begin: datetime,
          day_end: datetime, keep: datetime | None = None) -> datetime:  # fmt: skip
    """Where a timesheet entry of `seconds` starts: where it is (`keep`) if it still fits, else
    the first free stretch of the day from day_start (work_begin), else from local midnight; all
    instants in UTC, so a DST day is as long as it is. With no stretch free it overlaps (the
    write warns of it), starting after the day's last entry if that is still in the day: its start
    always lies in the day, so the day it counts for never changes."""

    def free(start: datetime) -> bool:
        end = start + timedelta(seconds=seconds)
        return day_begin <= start and end <= day_end and all(e <= start or s >= end for s, e in busy)

    ends = sorted(e for _, e in busy)
    later = [e for e in ends if e >= work_begin]
    for start in [keep, work_begin, *later, day_begin, *ends]:
        if start is not None and free(start):
            return start
    last = max([e for e in ends if e < day_end], default=work_begin)
    return max(last, work_begin) if max(last, work_begin) < day_end else work_begin
