"""The timer: start, stop (with review and adjust), cancel, restart. Text from the faces is
read once here; restart hands the typed values of an earlier entry to the same core as start."""

from __future__ import annotations

from datetime import datetime

from aostime.domain import timer
from aostime.domain.money import entry_amount_cents
from aostime.domain.rates import resolve_billable, resolve_rate
from aostime.domain.tags import clean_tags
from aostime.errors import Conflict, NothingToDo
from aostime.services import Session, access
from aostime.services.declared import use_case
from aostime.services.queueing import queued_cancel, queued_start, queued_stop
from aostime.services.tracking import (
    Saved,
    _get_entry,
    _local_day,
    _overlap_warnings,
    _rate,
    _target,
    _text,
    budget_announce,
    budget_check,
    check_target,
)  # fmt: skip

TYPE_CHECKING = False  # the models cost milliseconds to define; only annotations name them here
if TYPE_CHECKING:
    from aostime.domain.models import Entry, Project, Task, User


@use_case(writes=True, queue=queued_start)
def start_timer(
    session: Session, project: str | None = None, task: str | None = None, description: str | None = None,
    notes: str | None = None, billable: bool | None = None, rate: str | None = None, at: str | None = None,
    switch: bool = False, force: bool = False, tags: list[str] | None = None,
) -> Saved:  # fmt: skip
    start = _start_time(session, at)
    explicit_rate = _rate(rate)
    description = _text(description, "description") or ""
    notes = _text(notes, "notes") or ""
    tags = clean_tags(tags)
    with session.store.transaction():
        user = session.user()
        access.require_time_of(session, user.id, writes=True)
        project_record, task_record = _target(session, project, task, user)
        saved = _start(session, user, project_record, task_record, start, description, notes, billable,
                       explicit_rate, switch, force, at is not None, tags)  # fmt: skip
        crossed = _budgets_crossed(session, saved)
    budget_announce(session, crossed)
    return saved


def _budgets_crossed(session: Session, saved: Saved) -> list:
    """A start counts its timer (begun --at an earlier time) and the timer --switch stopped."""
    crossed = budget_check(session, saved.entry)
    return crossed + (budget_check(session, saved.stopped) if saved.stopped is not None else [])


@use_case(writes=True)
def restart_timer(session: Session, entry_ref: str | None = None, at: str | None = None,
                  switch: bool = False, force: bool = False) -> Saved:  # fmt: skip
    """A new timer like an earlier entry: same project, task, description, billable, rate and tags."""
    start = _start_time(session, at)
    with session.store.transaction() as store:
        user = session.user()
        access.require_time_of(session, user.id, writes=True)
        if entry_ref is None:
            model = store.last_entry(user.id)
            if model is None:
                raise NothingToDo("there is no earlier entry to restart; use 'aos start'")
        else:
            model = _get_entry(session, entry_ref)
        project_record = store.get_record("project", model.project_id)
        task_record = store.get_record("task", model.task_id) if model.task_id is not None else None
        check_target(session, project_record, task_record, user)
        saved = _start(session, user, project_record, task_record, start, model.description, "",
                       model.billable, model.hourly_rate_cents, switch, force, at is not None, model.tags)  # fmt: skip
        crossed = _budgets_crossed(session, saved)
    budget_announce(session, crossed)
    return saved


def _start_time(session: Session, at: str | None) -> datetime:
    start = session.time(at) if at is not None else session.now
    timer.check_start(start, session.now, session.zone, at)
    return start


def _start(
    session: Session, user: User, project_record: Project, task_record: Task | None, start: datetime,
    description: str, notes: str, billable: bool | None, explicit_rate: int | None, switch: bool,
    force: bool, warn_overlaps: bool, tags: tuple[str, ...] = (),
) -> Saved:  # fmt: skip
    """The one way a timer starts (inside the caller's transaction), from typed values."""
    store = session.store
    running = store.running_entry(user.id)
    stopped = None
    switch_note: list[str] = []
    if running is not None:
        if not switch:
            raise Conflict(
                f"a timer is already running (entry {running.id}, {running.project_name}, since "
                f"{timer.local_text(running.start, session.zone)}); stop it first or use --switch"
            )
        if start == running.start:
            # switched within the same second: the old timer has no time to keep (a quick
            # correction of the project), so it is replaced rather than saved as 0 s
            store.delete_entry(running.id)
            switch_note = [f"replaced the timer started this second (entry {running.id}, {running.project_name})"]
        else:
            fix = "give the real end with 'aos stop --at TIME' first"
            stopped = _stop(session, running, start, force=force, how_to_fix=fix)
    chain = store.rate_chain(project_record.id, task_record and task_record.id, user.id)
    entry_id = store.insert_entry(
        {
            "project_id": project_record.id, "task_id": task_record and task_record.id,
            "user_id": user.id, "start_time": start, "description": description,
            "notes": notes, "billable": resolve_billable(billable, chain),
            "hourly_rate_cents": resolve_rate(explicit_rate, chain),
        },
        session.now,
    )  # fmt: skip
    if tags:
        store.set_entry_tags(entry_id, tags)
    warnings = switch_note + (_overlap_warnings(session, user.id, start, None, entry_id) if warn_overlaps else [])
    return Saved(store.get_entry(entry_id), warnings, stopped)


def _stop(session: Session, running: Entry, end: datetime, start: datetime | None = None,
          description: str | None = None, notes: str | None = None,
          billable: bool | None = None, force: bool = False,
          how_to_fix: str = "give the real end with --at TIME (e.g. --at 'yesterday 18:30')") -> Entry:  # fmt: skip
    start = start or running.start
    seconds = timer.check_interval(start, end, session.zone)
    timer.check_length(seconds, session.setting("max_entry_hours"), force, f"the timer is still running; {how_to_fix}")
    billable = running.billable if billable is None else billable
    values: dict[str, object] = {
        "start_time": start, "end_time": end, "duration": seconds, "billable": billable,
        "amount_cents": entry_amount_cents(seconds, running.hourly_rate_cents, billable),
    }  # fmt: skip
    if description is not None:
        values["description"] = description
    if notes is not None:
        values["notes"] = notes
    session.store.update_entry(running.id, values, session.now)
    return session.store.get_entry(running.id)


@use_case(writes=True, queue=queued_stop)
def stop_timer(
    session: Session, at: str | None = None, start: str | None = None,
    description: str | None = None, notes: str | None = None, billable: bool | None = None,
    force: bool = False,
) -> Saved:  # fmt: skip
    """Stop the running timer, with the seed's review-and-adjust edits in the same write. A bare
    time of day in --at means today; in --start, the day the timer started."""
    end = session.time(at) if at is not None else session.now
    timer.check_not_future(end, session.now, session.zone, at)
    description, notes = _text(description, "description"), _text(notes, "notes")
    with session.store.transaction() as store:
        user = session.user()
        access.require_time_of(session, user.id, writes=True)
        running = store.running_entry(user.id)
        if running is None:
            raise NothingToDo("no timer is running")
        new_start = session.time(start, _local_day(session, running.start)) if start is not None else None
        if at is None and start is None:
            timer.check_stoppable(running, end)
        saved = _stop(session, running, end, new_start, description, notes, billable, force)
        warnings = _overlap_warnings(session, user.id, saved.start, saved.end, saved.id)
        crossed = budget_check(session, saved)
    budget_announce(session, crossed)
    return Saved(saved, warnings)


@use_case(writes=True, queue=queued_cancel)
def cancel_timer(session: Session) -> Entry:
    with session.store.transaction() as store:
        user = session.user()
        access.require_time_of(session, user.id, writes=True)
        running = store.running_entry(user.id)
        if running is None:
            raise NothingToDo("no timer is running")
        store.delete_entry(running.id)
        return running
