"""The timer and the entries: start, stop, cancel, restart, add, copy, edit, delete, list."""

from __future__ import annotations

from collections import namedtuple
from datetime import datetime, time, timedelta

from aostime.domain import timer
from aostime.domain.money import entry_amount_cents, parse_money
from aostime.domain.rates import resolve_billable, resolve_rate
from aostime.domain.tags import changed_tags, clean_tags
from aostime.domain.timeparse import MAX_DURATION_SECONDS, day_start, localize, parse_duration
from aostime.domain.versions import check_version
from aostime.errors import BadInput, Conflict, Locked, NotFound
from aostime.services import Session, access, parse_id, resolve
from aostime.services.declared import use_case
from aostime.services.queueing import queued_add, queued_edit

TYPE_CHECKING = False  # the models cost milliseconds to define; only annotations name them here
if TYPE_CHECKING:
    from aostime.domain.models import Entry

MAX_TEXT = 10_000


class Saved(namedtuple("Saved", "entry warnings stopped", defaults=((), None))):
    """An entry that was written (Entry), with the warnings a person should see (overlaps...:
    a sequence of str) and the timer a --switch stopped (Entry | None). Named tuples, as the
    models are: the prompt commands need not import dataclasses."""

    __slots__ = ()


def _text(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    if len(value) > MAX_TEXT:
        raise BadInput(f"{what} is longer than {MAX_TEXT} characters")
    if "\x00" in value:
        raise BadInput(f"{what} holds a NUL character")
    return value


def _rate(text: str | None) -> int | None:
    return None if text is None else parse_money(text)


def _target(session: Session, project: str | None, task: str | None, member=None):
    """The project and task new time goes to (a task id alone implies its project); none of
    them, nor the project's client or the team member, may be archived."""
    if project is None and task is None:
        raise BadInput("which project? give --project (id or name)")
    if project is None:
        task_record = resolve(session, "task", task)
        project_record = resolve(session, "project", str(task_record.project_id))
    else:
        project_record = resolve(session, "project", project)
        task_record = resolve(session, "task", task, project_record.id) if task is not None else None
    return check_target(session, project_record, task_record, member)


def check_target(session: Session, project_record, task_record, member):
    """(project, task) after checking that they, the project's client and the member take time."""
    client = session.store.get_record("client", project_record.client_id)
    for kind, record in (("client", client), ("project", project_record), ("task", task_record), ("user", member)):
        check_active(kind, record)
    return project_record, task_record


def check_active(kind: str, record) -> None:
    """Archived records take no new time (their entries stay as they are)."""
    if record is not None and record.archived:
        raise Conflict(
            f"{kind} {record.name!r} is archived and takes no new time; 'aos {kind} unarchive {record.id}' to use it"
        )


def _overlap_warnings(session: Session, user_id: int, start, end, exclude_id=None) -> list[str]:
    warnings = []
    for other in session.store.overlapping_entries(user_id, start, end, exclude_id):
        what = "the running timer" if other.running else f"entry {other.id}"
        warnings.append(
            f"overlaps {what} ({other.project_name}, started {timer.local_text(other.start, session.zone)})"
        )
    return warnings


# -- entries --------------------------------------------------------------------------------


def _get_entry(session: Session, ref: str | int) -> Entry:
    entry_id = parse_id(ref, "entry id")
    entry = session.store.get_entry(entry_id)
    if entry is None:
        raise NotFound(f"entry {entry_id} not found")
    return access.visible_entry(session, entry)


def _local_day(session: Session, instant: datetime):
    return instant.astimezone(session.zone).date()


def _check_length(session: Session, seconds: int, force: bool) -> None:
    timer.check_length(seconds, session.setting("max_entry_hours"), force, "check the start and end")


def _start_for_day(session: Session, user_id: int, day) -> datetime:
    """Right after this user's last entry that day, else the day_start setting (09:00)."""
    hour, minute = (int(x) for x in session.setting("day_start").split(":"))
    begin = day_start(day, session.zone)
    end = day_start(day + timedelta(days=1), session.zone)
    last_end = session.store.last_end_between(user_id, begin, end)
    if last_end is not None and last_end >= end:
        # the next one would start on the following day, and the one after at the same instant
        raise BadInput(
            f"the entries of {day} already run until {timer.local_text(last_end, session.zone)}; "
            "give --start and --end for this one"
        )
    if last_end is not None:
        return last_end
    return localize(datetime.combine(day, time(hour, minute)), session.zone, f"{day} {hour}:{minute}")


@use_case(writes=True, queue=queued_add)
def add_entry(
    session: Session, project: str | None, task: str | None = None, hours: str | None = None,
    date: str | None = None, start: str | None = None, end: str | None = None,
    description: str = "", notes: str = "", billable: bool | None = None,
    rate: str | None = None, force: bool = False, user: str | None = None, tags: list[str] | None = None,
) -> Saved:  # fmt: skip
    if hours is not None and (start is not None or end is not None):
        raise BadInput("give either --hours (with --date) or --start and --end, not both")
    if hours is None and (start is None or end is None):
        raise BadInput("give --hours H [--date D], or both --start and --end")
    seconds = parse_duration(hours) if hours is not None else None
    day = session.day(date) if date is not None else None
    begin = finish = None
    if seconds is None:
        begin, finish = _times_on(session, day, start, end)
        timer.check_not_future(finish, session.now, session.zone, end)
    elif day is not None and day > _local_day(session, session.now):
        raise BadInput(f"--date {date!r} ({day}) is in the future; record time once it is worked")
    details = _Details(_text(description, "description") or "", _text(notes, "notes") or "", billable, _rate(rate),
                       clean_tags(tags))  # fmt: skip
    with session.store.transaction():
        member = resolve(session, "user", user) if user is not None else session.user()
        access.require_time_of(session, member.id, writes=True)
        project_record, task_record = _target(session, project, task, member)
        if seconds is not None:
            # laid end to end from day_start: nominal times, so only a future day is refused
            begin = _start_for_day(session, member.id, day or _local_day(session, session.now))
            finish = begin + timedelta(seconds=seconds)
        saved = _insert_finished(session, member, project_record, task_record, begin, finish, details, force)
        crossed = budget_check(session, saved.entry)
    budget_announce(session, crossed)
    return saved


def budget_check(session: Session, entry: Entry) -> list:
    """The budget thresholds this change crossed, recorded in its transaction (services.budget_alerts)."""
    from aostime.services import budget_alerts

    return budget_alerts.check(session, entry)


def budget_announce(session: Session, crossed: list) -> None:
    """After the commit: the crossings' notes and e-mails."""
    if crossed:
        from aostime.services import budget_alerts

        budget_alerts.announce(session, crossed)


class _Details(namedtuple("_Details", "description notes billable rate_cents tags", defaults=((),))):
    """What an entry says besides its times, checked: text (str), billable flag (bool | None),
    explicit rate (int | None), tags (tuple[str, ...], cleaned by domain.tags)."""

    __slots__ = ()


def _insert_finished(session: Session, member, project_record, task_record, begin: datetime, finish: datetime,
                     details: _Details, force: bool, origin: dict | None = None) -> Saved:  # fmt: skip
    """Save a finished entry between two instants (inside the caller's transaction); `origin`,
    the source and source_id of an entry another use case keeps track of (the timesheet's)."""
    store = session.store
    seconds = timer.check_interval(begin, finish, session.zone)
    _check_length(session, seconds, force)
    chain = store.rate_chain(project_record.id, task_record and task_record.id, member.id)
    cents = resolve_rate(details.rate_cents, chain)
    is_billable = resolve_billable(details.billable, chain)
    warnings = _overlap_warnings(session, member.id, begin, finish)
    entry_id = store.insert_entry(
        {
            "project_id": project_record.id, "task_id": task_record and task_record.id,
            "user_id": member.id, "start_time": begin, "end_time": finish,
            "duration": seconds, "description": details.description, "notes": details.notes,
            "billable": is_billable, "hourly_rate_cents": cents,
            "amount_cents": entry_amount_cents(seconds, cents, is_billable), **(origin or {}),
        },
        session.now,
    )  # fmt: skip
    if details.tags:
        store.set_entry_tags(entry_id, details.tags)
    return Saved(store.get_entry(entry_id), warnings)


def _times_on(session: Session, day, start: str, end: str) -> tuple[datetime, datetime]:
    """--start and --end of add: bare times of day fall on --date (default today); the start
    must lie on --date when both are given, the end may run into the next day."""
    begin = session.time(start, day)
    finish = session.time(end, day)
    if day is not None and _local_day(session, begin) != day:
        raise BadInput(f"--start {start!r} is not on --date {day}; give a time of day, or drop --date")
    return begin, finish


def add_entry_lasting(
    session: Session, project: str | None, start: str, seconds: int, task: str | None = None,
    description: str = "", notes: str = "", billable: bool | None = None, rate: str | None = None,
    force: bool = False, user: str | None = None, tags: list[str] | None = None,
) -> Saved:  # fmt: skip
    """An entry given its start and its length in whole seconds (the REST API's `duration`
    in place of `end_time`); everything else as add_entry."""
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds <= 0:
        raise BadInput(f"duration {seconds!r} must be a whole number of seconds above 0")
    if seconds > MAX_DURATION_SECONDS:  # as any length given as a number (--hours): absurd, not long
        raise BadInput(f"duration {seconds} s is longer than a year")
    begin = session.time(start)
    finish = begin + timedelta(seconds=seconds)
    timer.check_not_future(finish, session.now, session.zone)
    details = _Details(_text(description, "description") or "", _text(notes, "notes") or "", billable, _rate(rate),
                       clean_tags(tags))  # fmt: skip
    with session.store.transaction():
        member = resolve(session, "user", user) if user is not None else session.user()
        access.require_time_of(session, member.id, writes=True)
        project_record, task_record = _target(session, project, task, member)
        saved = _insert_finished(session, member, project_record, task_record, begin, finish, details, force)
        crossed = budget_check(session, saved.entry)
    budget_announce(session, crossed)
    return saved


def _check_unlocked(entry: Entry, action: str) -> None:
    if entry.invoiced and entry.invoice_id is not None:
        on = f"invoice {entry.invoice_number}" if entry.invoice_number else "an invoice"
        raise Locked(f"entry {entry.id} is on {on} and cannot be {action}; void the invoice first")
    if entry.invoiced:
        raise Locked(
            f"entry {entry.id} is marked invoiced and cannot be {action}; "
            f"'aos invoice unmark {entry.id}' makes it unbilled again"
        )


@use_case(writes=True, queue=queued_edit)
def edit_entry(
    session: Session, ref: str, start: str | None = None, end: str | None = None,
    hours: str | None = None, date: str | None = None, project: str | None = None,
    task: str | None = None, description: str | None = None, notes: str | None = None,
    billable: bool | None = None, rate: str | None = None, reset_rate: bool = False,
    force: bool = False, if_version: str | None = None, tags: list[str] | None = None,
    untag: list[str] | None = None,
) -> Saved:  # fmt: skip
    """Change an entry. The rate stays as it was unless --rate, or --reset-rate (the hierarchy
    of the new project/task) asks otherwise; the amount is always recomputed. With `if_version`
    (the entry's version when it was shown), only if nobody has changed it since. `tags` are
    added to the entry's, `untag` removed from them (domain.tags.changed_tags)."""
    if hours is not None and end is not None:
        raise BadInput("give either --hours or --end, not both")
    if rate is not None and reset_rate:
        raise BadInput("give either --rate or --reset-rate, not both")
    explicit_rate = _rate(rate)
    description, notes = _text(description, "description"), _text(notes, "notes")
    seconds = parse_duration(hours) if hours is not None else None
    with session.store.transaction() as store:
        entry = _get_entry(session, ref)
        access.require_time_of(session, entry.user_id, writes=True)
        check_version(entry, if_version, f"entry {entry.id}")
        _check_unlocked(entry, "edited")
        begin, finish = _edited_times(session, entry, start, end, seconds, date)
        project_id, task_id = _edited_target(session, entry, project, task, explicit_rate is not None or reset_rate)
        cents = entry.hourly_rate_cents if explicit_rate is None else explicit_rate
        if reset_rate:
            cents = resolve_rate(None, store.rate_chain(project_id, task_id, entry.user_id))
        is_billable = entry.billable if billable is None else billable
        values: dict[str, object] = {
            "project_id": project_id, "task_id": task_id, "hourly_rate_cents": cents, "start_time": begin,
            "billable": is_billable,
        }  # fmt: skip
        if finish is not None:
            duration = timer.check_interval(begin, finish, session.zone)
            if finish != entry.end:
                timer.check_not_future(finish, session.now, session.zone, end)
            _check_length(session, duration, force)
            amount = entry_amount_cents(duration, cents, is_billable)
            values.update(end_time=finish, duration=duration, amount_cents=amount)
        else:
            timer.check_start(begin, session.now, session.zone, start or date)
        values.update({k: v for k, v in (("description", description), ("notes", notes)) if v is not None})
        new_tags = changed_tags(entry.tags, tags, untag) if tags or untag else entry.tags
        store.update_entry(entry.id, values, session.now)
        if new_tags != entry.tags:
            store.set_entry_tags(entry.id, new_tags)
        warnings = _overlap_warnings(session, entry.user_id, begin, finish, entry.id)
        saved = Saved(store.get_entry(entry.id), warnings)
        crossed = budget_check(session, saved.entry)  # more time, or time moved onto a budget
    budget_announce(session, crossed)
    return saved


@use_case(writes=True)
def copy_entry(session: Session, ref: str, start: str | None = None, end: str | None = None,
               date: str | None = None) -> Saved:  # fmt: skip
    """A new entry like entry REF (its member, project, task, description, notes, billable
    flag and tags) at other times, read as `edit` reads them: --date keeps its times of day on that day,
    --start alone keeps its length, a bare --end time is on the copy's day. The rate is today's for that project, as for any new time."""
    if start is None and date is None:
        raise BadInput("give the copy's --start (and --end), or its --date")
    with session.store.transaction():
        entry = _get_entry(session, ref)
        access.require_time_of(session, entry.user_id, writes=True)
        if entry.running:
            raise BadInput(f"entry {entry.id} is the running timer; stop it before copying it")
        begin, _ = _edited_times(session, entry, start, None, None, date)
        # a bare time of day in --end is on the copy's own day, as edit's is on the entry's
        finish = session.time(end, _local_day(session, begin)) if end else begin + (entry.end - entry.start)
        timer.check_not_future(finish, session.now, session.zone, end or start or date)
        member = resolve(session, "user", str(entry.user_id))
        project_record, task_record = _target(session, str(entry.project_id), entry.task_id and str(entry.task_id),
                                              member)  # fmt: skip
        details = _Details(entry.description, entry.notes, entry.billable, None, entry.tags)
        saved = _insert_finished(session, member, project_record, task_record, begin, finish, details, False)
        crossed = budget_check(session, saved.entry)
    budget_announce(session, crossed)
    return saved


def _edited_times(session: Session, entry: Entry, start: str | None, end: str | None, seconds: int | None,
                  date: str | None) -> tuple[datetime, datetime | None]:  # fmt: skip
    """The entry's new start and end. --date moves it to that day keeping its times; a bare time
    of day in --start or --end means the entry's own day (or --date): edit 49 --start 14:00."""
    begin, finish = entry.start, entry.end
    day = session.day(date) if date is not None else None
    if day is not None:
        local = entry.start.astimezone(session.zone)
        wall = datetime.combine(day, local.time().replace(tzinfo=None))
        begin = localize(wall, session.zone, f"{day} {wall:%H:%M}")
        finish = begin + timedelta(seconds=entry.duration) if entry.end else None
    if start is not None:
        begin = session.time(start, day or _local_day(session, entry.start))
    if entry.running and (end is not None or seconds is not None):
        raise BadInput(f"entry {entry.id} is the running timer; use 'aos stop' to end it")
    if end is not None:
        finish = session.time(end, day or _local_day(session, entry.end or entry.start))
    if seconds is not None:
        finish = begin + timedelta(seconds=seconds)
    return begin, finish


def _edited_target(session: Session, entry: Entry, project: str | None, task: str | None,
                   new_rate: bool) -> tuple[int, int | None]:  # fmt: skip
    """The entry's project and task after -p/-t: a new project drops the old task."""
    if project is None and task is None:
        return entry.project_id, entry.task_id
    project_record = resolve(session, "project", project or str(entry.project_id))
    task_record = resolve(session, "task", task, project_record.id) if task else None
    _check_move(session, entry, project_record, task_record, new_rate)
    if task_record is not None:
        return project_record.id, task_record.id
    return project_record.id, None if project_record.id != entry.project_id else entry.task_id


def _check_move(session: Session, entry: Entry, project_record, task_record, new_rate: bool) -> None:
    """An entry moves only onto records that take time, and never carries its rate into another
    currency (100.00 USD must not become 100.00 EUR): that needs --rate or --reset-rate."""
    client = session.store.get_record("client", project_record.client_id)
    if project_record.id != entry.project_id:
        check_active("client", client)
        check_active("project", project_record)
    if task_record is not None and task_record.id != entry.task_id:
        check_active("task", task_record)
    if client.currency != entry.currency and not new_rate:
        raise Conflict(
            f"entry {entry.id} is billed in {entry.currency}, project {project_record.name!r} in {client.currency}; "
            "give --rate or --reset-rate so its amount is set in the new currency"
        )


@use_case(writes=True)
def delete_entries(session: Session, refs: list[str]) -> list[Entry]:
    """All or nothing: one missing or invoiced entry refuses the whole command."""
    with session.store.transaction() as store:
        entries = entries_named(session, refs)
        for entry in entries:
            access.require_time_of(session, entry.user_id, writes=True)
            _check_unlocked(entry, "deleted")
        for entry in entries:
            store.delete_entry(entry.id)
        return entries


@use_case()
def entries_named(session: Session, refs: list[str]) -> list[Entry]:
    """The entries named, each once ('23 23' and '23 023' are one entry); an unknown one
    refuses them all."""
    if not refs:
        raise BadInput("give at least one entry id")
    found: dict[int, Entry] = {}
    for ref in refs:
        entry = _get_entry(session, ref)
        found.setdefault(entry.id, entry)
    return list(found.values())


@use_case()
def get_entry(session: Session, ref: str | int) -> Entry:
    return _get_entry(session, ref)
