"""The weekly timesheet (domain.timesheet): a member's week as rows of projects and tasks by day,
and typing a cell's new total, which adds, trims or removes that cell's one timesheet entry. A
member reads and writes her own timesheet; a manager anyone's (as the entries themselves). Days
are the member's own (users.time_zone; without one, the session's zone)."""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime, time, timedelta

from aostime.domain.timesheet import (
    SOURCE,
    SheetCell,
    SheetRow,
    Timesheet,
    cell_key,
    check_total,
    day_label,
    place,
    read_row_key,
    read_total,
)
from aostime.errors import BadInput
from aostime.services import Session, access, resolve
from aostime.services.declared import use_case


def _member(session: Session, user: str | None, writes: bool):
    """(the member whose timesheet it is, her zone); another member's needs a manager's right."""
    from aostime.domain.timeparse import zone_named

    member = resolve(session, "user", user) if user is not None else session.user()
    access.require_time_of(session, member.id, writes=writes)
    zone = (zone_named(member.time_zone, files=False) if member.time_zone else None) or session.zone
    return member, zone


def _entries(session: Session, user_id: int, since: datetime, before: datetime) -> list[tuple]:
    """(Entry, source, source_id) of the member's entries starting in [since, before), oldest first."""
    filters = {"user_id": user_id, "start_from": since, "start_before": before}
    return [row[:3] for row in session.store.iter_entries_for_export(filters)]


def _day(session: Session, text: str | None, zone) -> Date:
    from aostime.domain.timeparse import parse_date

    if text is None:
        return session.now.astimezone(zone).date()
    return parse_date(text, session.now, zone, session.date_order(text))


def _cell(user_id: int, project_id: int, task_id: int | None, day: Date, found: list[tuple],
          closed: bool = False) -> SheetCell:  # fmt: skip
    """The cell of these entries (all of one project, task and local day); `closed`: its day is
    closed to who asks (the lock, an approved week), so it is shown read-only too."""
    key = cell_key(user_id, project_id, task_id, day)
    mine = next((e for e, source, source_id in found if source == SOURCE and source_id == key), None)
    seconds = sum(e.duration or 0 for e, _, _ in found if e.end is not None)
    return SheetCell(day, seconds, mine.duration if mine else 0, closed or any(e.invoiced for e, _, _ in found),
                     mine.id if mine else None)  # fmt: skip


def _closed_days(session: Session, user_id: int, monday: Date, zone) -> set[Date]:
    """The week's days the lock or an approved week closes to who asks (services.entry_guard's
    rule, asked of each day's noon: a change there would be refused)."""
    from aostime.domain.timeparse import day_start
    from aostime.services.entry_guard import refusals

    days = [monday + timedelta(days=n) for n in range(7)]
    probes = [(n, user_id, day_start(day, zone) + timedelta(hours=12)) for n, day in enumerate(days)]
    return {days[n] for n, _ in refusals(session, probes)}


@use_case()
def timesheet(session: Session, date: str | None = None, user: str | None = None, rows: list[str] | None = None,
              copy_last_week: bool = False) -> Timesheet:  # fmt: skip
    """A member's week (the week holding `date`, default this week) as a timesheet: a row per
    project and task with time that week, plus the empty `rows` asked for ('12' or '12-5': project
    and task ids), plus with `copy_last_week` the rows of the week before (rows only, no hours)."""
    from aostime.domain.timeparse import day_start

    with session.store.snapshot():
        member, zone = _member(session, user, writes=False)
        day = _day(session, date, zone)
        monday = day - timedelta(days=day.weekday())
        begin, end = day_start(monday, zone), day_start(monday + timedelta(days=7), zone)
        cells: dict[tuple, dict[Date, list[tuple]]] = {}
        names: dict[tuple, tuple] = {}
        for found in _entries(session, member.id, begin, end):
            entry = found[0]
            key = (entry.project_id, entry.task_id)
            names[key] = (entry.client_name, entry.project_name, entry.task_name)
            cells.setdefault(key, {}).setdefault(entry.start.astimezone(zone).date(), []).append(found)
        wanted = [read_row_key(text) for text in rows or []]
        if copy_last_week:
            before = _entries(session, member.id, day_start(monday - timedelta(days=7), zone), begin)
            wanted += [(e.project_id, e.task_id) for e, _, _ in before]
        for key in dict.fromkeys(wanted):
            if key not in names:
                names[key] = _row_names(session, *key)
        sheet_rows = []
        closed = _closed_days(session, member.id, monday, zone)
        for key, (client, project, task) in sorted(names.items(), key=lambda kv: _order(kv[1])):
            days = cells.get(key, {})
            week = tuple(_cell(member.id, *key, monday + timedelta(days=n), days.get(monday + timedelta(days=n), []),
                               monday + timedelta(days=n) in closed) for n in range(7))  # fmt: skip
            sheet_rows.append(SheetRow(key[0], project, key[1], task, client, week))
        return Timesheet(member.id, member.name, str(zone), monday, tuple(sheet_rows))


def _order(names: tuple) -> tuple:
    client, project, task = names
    return (client.casefold(), project.casefold(), task is not None, (task or "").casefold())


def _row_names(session: Session, project_id: int, task_id: int | None) -> tuple:
    project = resolve(session, "project", str(project_id))
    task = resolve(session, "task", str(task_id), project.id) if task_id is not None else None
    return (project.client_name, project.name, task.name if task else None)


@use_case(writes=True)
def set_timesheet_cell(session: Session, project: str, date: str, hours: str, task: str | None = None,
                       user: str | None = None) -> SheetCell:  # fmt: skip
    """Make a cell's total `hours` (1:30, 1.5h, 90m; 0 or empty removes the timesheet entry): its
    one timesheet entry is added, trimmed or removed; the cell's other entries are never changed,
    so a total below what they hold is refused, as is any change to a cell with invoiced time."""
    from aostime.domain.timeparse import day_start
    from aostime.services import tracking

    seconds = read_total(hours)
    with session.store.transaction():
        member, zone = _member(session, user, writes=True)
        project_record = resolve(session, "project", project)
        task_record = resolve(session, "task", task, project_record.id) if task else None
        day = _day(session, date, zone)
        begin, end = day_start(day, zone), day_start(day + timedelta(days=1), zone)
        task_id = task_record.id if task_record else None
        around = _entries(session, member.id, begin - timedelta(days=1), end)
        found = [
            x for x in around if x[0].start >= begin and (x[0].project_id, x[0].task_id) == (project_record.id, task_id)
        ]
        cell = _cell(member.id, project_record.id, task_id, day, found)
        if seconds == cell.seconds:
            return cell  # what was asked holds already
        label = f"{project_record.name} / {task_record.name}" if task_record else project_record.name
        what = f"{label}, {day_label(day)} {day.year}"
        check_total(seconds, cell, what, int((end - begin).total_seconds()))
        if seconds > cell.seconds and day > session.now.astimezone(zone).date():
            raise BadInput(f"{what} is in the future; record time once it is worked")
        warnings = _write(session, member, project_record, task_record, day, (begin, end, zone), cell, around,
                          seconds - cell.others)  # fmt: skip
        again = _entries(session, member.id, begin, end)
        mine = [x for x in again if (x[0].project_id, x[0].task_id) == (project_record.id, task_id)]
        result = _cell(member.id, project_record.id, task_id, day, mine)._replace(warnings=tuple(warnings))
        crossed = []
        if seconds > cell.seconds and result.entry_id is not None:  # more time: a budget may be crossed
            crossed = tracking.budget_check(session, session.store.get_entry(result.entry_id))
    tracking.budget_announce(session, crossed)
    return result


def _write(session: Session, member, project_record, task_record, day: Date, bounds: tuple, cell: SheetCell,
           around: list[tuple], seconds: int) -> list[str]:  # fmt: skip
    """The cell's timesheet entry made `seconds` long (0: removed), placed by domain.timesheet.place."""
    from aostime.domain.money import entry_amount_cents
    from aostime.domain.timeparse import localize
    from aostime.services import tracking

    store = session.store
    mine = store.get_entry(cell.entry_id) if cell.entry_id is not None else None
    if seconds == 0:
        tracking.delete_entries(session, [str(mine.id)])  # with every rule a deletion answers to
        return []
    if mine is None or seconds > (mine.duration or 0):
        tracking.check_target(session, project_record, task_record, member)  # archived: no new time
    begin, end, zone = bounds
    busy = [(e.start, e.end or max(session.now, e.start)) for e, _, _ in around
            if e.id != cell.entry_id and (e.end is None or e.end > begin)]  # fmt: skip
    hour, minute = (int(x) for x in session.setting("day_start").split(":"))
    try:
        work_begin = localize(datetime.combine(day, time(hour, minute)), zone, "day_start")
    except BadInput:
        work_begin = begin  # day_start falls in a DST gap that day
    start = place(seconds, busy, begin, work_begin, end, keep=mine.start if mine else None)
    finish = start + timedelta(seconds=seconds)
    if mine is not None:
        amount = entry_amount_cents(seconds, mine.hourly_rate_cents, mine.billable)
        store.update_entry(mine.id, {"start_time": start, "end_time": finish, "duration": seconds,
                                     "amount_cents": amount}, session.now)  # fmt: skip
        return tracking._overlap_warnings(session, member.id, start, finish, mine.id)
    key = cell_key(member.id, project_record.id, task_record.id if task_record else None, day)
    store.detach_source_ids(SOURCE, [key])  # an entry an edit moved out of the cell gives its key up
    details = tracking._Details("", "", None, None)
    saved = tracking._insert_finished(session, member, project_record, task_record, start, finish, details,
                                      force=True, origin={"source": SOURCE, "source_id": key})  # fmt: skip
    return list(saved.warnings)
