"""A member's week, submitted for approval, approved (closed to the member: domain.control) or
returned with a note (open again). The rule of what an approved week closes is checked at every
entry write (services.entry_control.check)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from aostime.domain.control import WEEK_STATUSES, parse_week, week_days, week_of
from aostime.errors import BadInput, Conflict
from aostime.services.declared import use_case

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.services import Session


REMINDER_WEEKS = 8  # how far back unsubmitted weeks are reminded of


@dataclass(frozen=True)
class Week:
    user_id: int
    user_name: str
    week: str
    status: str  # open, submitted, approved, returned
    note: str | None = None
    submitted_at: datetime | None = None
    decided_at: datetime | None = None
    decided_by: str | None = None
    hours_seconds: int = 0  # the week's tracked time (stopped entries)


@use_case(writes=True)
def submit_week(session: Session, week: str | None = None) -> Week:
    """Submit the acting member's week (default: this week) for approval; an approved one is
    refused (it is closed), a returned one may be submitted again."""
    from aostime.services import access

    member = session.user()
    access.require_time_of(session, member.id, writes=True)
    chosen = _week(session, week)
    with session.store.transaction():
        state = session.store.week_state(member.id, chosen)
        if state is not None and state[0] == "approved":
            raise Conflict(f"week {chosen} is approved already; a manager can return it with a note")
        if state is not None and state[0] == "submitted":
            raise Conflict(f"week {chosen} is submitted already and waits for a manager")
        session.store.save_week(member.id, chosen, "submitted", None, session.now)
    return _week_of(session, member, chosen)


@use_case(needs="everyones_time", writes=True)
def decide_week(session: Session, user: str, week: str, decision: str, note: str | None = None) -> Week:
    """A manager approves a submitted week (it closes for its member) or returns a submitted or
    approved one with a note (open again); each entry of the week gets a history row."""
    from aostime.services import access, resolve

    access.require(session, "everyones_time", writes=True)
    if decision not in ("approve", "return"):
        raise BadInput(f"decision {decision!r} is not approve or return")
    chosen = parse_week(week)
    text = (note or "").strip() or None
    if text is not None and len(text) > 2000:
        raise BadInput("the note is longer than 2000 characters")
    with session.store.transaction():
        member = resolve(session, "user", user)
        state = session.store.week_state(member.id, chosen)
        status = "open" if state is None else state[0]
        allowed = ("submitted",) if decision == "approve" else ("submitted", "approved")
        if status not in allowed:
            raise Conflict(f"{member.name}'s week {chosen} is {status}: only a submitted week is approved, and a "
                           f"submitted or approved one returned")  # fmt: skip
        decided = "approved" if decision == "approve" else "returned"
        session.store.save_week(member.id, chosen, decided, text, session.now, decided_by=session.user().id)
        since, until = _week_span(session, member.id, chosen)
        after = {"week": chosen, "week_status": decided, **({"note": text} if text else {})}
        session.store.record_entry_event(decision, member.id, since, until, {"week_status": status}, after,
                                         session.now)  # fmt: skip
    return _week_of(session, member, chosen)


@use_case()
def week_status(session: Session, week: str, user: str | None = None) -> Week:
    """One week of a member (default: the acting one) as it stands: open, submitted, approved or returned."""
    from aostime.services import access, resolve

    chosen = parse_week(week)
    with session.store.snapshot():
        member = session.user() if user is None else resolve(session, "user", user)
        access.require_time_of(session, member.id)
        return _week_of(session, member, chosen)


@use_case()
def list_weeks(session: Session, status: str | None = None, member: str | None = None) -> list[Week]:
    """The weeks submitted at least once (a member: their own), newest first; `open`: the
    acting member's (everyone's, for a manager) weeks with tracked time never submitted, the
    reminders of the web app. `member`: one member's weeks only (another's: a manager's right)."""
    from aostime.services import access, resolve

    if status is not None and status not in WEEK_STATUSES:
        raise BadInput(f"status {status!r} is not one of: {', '.join(WEEK_STATUSES)}")
    only = access.only_user_id(session)
    with session.store.snapshot():
        if member is not None:
            chosen = resolve(session, "user", member).id
            if chosen != only:
                access.require_time_of(session, chosen)
            only = chosen
        if status == "open":
            return _open_weeks(session, only)
        rows = session.store.weeks(status, only)
        return [Week(*row) for row in rows]


def _open_weeks(session: Session, only: int | None) -> list[Week]:
    """Weeks of the last REMINDER_WEEKS with stopped entries and no submission, up to the current
    one, newest first."""
    from aostime.services.entry_guard import member_zone

    members = [session.store.get_record("user", only)] if only else session.store.list_records("user")
    found, zones = [], {}
    for member in members:
        zone = member_zone(session, member.id, zones)
        submitted = {row[2] for row in session.store.weeks(None, member.id)}
        weeks: dict[str, int] = {}
        since = session.now - timedelta(weeks=REMINDER_WEEKS)
        for entry in session.store.iter_entries({"user_id": member.id, "finished": True, "start_from": since}):
            key = week_of(entry.start.astimezone(zone).date())
            weeks[key] = weeks.get(key, 0) + entry.duration
        this = week_of(session.now.astimezone(zone).date())
        found += [Week(member.id, member.name, w, "open", hours_seconds=s)
                  for w, s in weeks.items() if w not in submitted and w <= this]  # fmt: skip
    return sorted(found, key=lambda w: (w.week, w.user_name.casefold()), reverse=True)


def _week(session: Session, text: str | None) -> str:
    if text is None:
        from aostime.services.entry_guard import member_zone

        return week_of(session.now.astimezone(member_zone(session, session.user().id, {})).date())
    return parse_week(text)


def _week_span(session: Session, user_id: int, week: str):
    from aostime.domain.control import day_start
    from aostime.services.entry_guard import member_zone

    zone = member_zone(session, user_id, {})
    monday, next_monday = week_days(week)
    return day_start(monday, zone), day_start(next_monday, zone)


def _week_of(session: Session, member, week: str) -> Week:
    state = session.store.week_state(member.id, week)
    if state is None:
        return Week(member.id, member.name, week, "open")
    status, note, submitted_at, decided_at, decided_by = state
    return Week(member.id, member.name, week, status, note, submitted_at, decided_at, decided_by)
