"""Who may still change an entry (the lock, approved weeks: domain.control), checked at every
entry write the store makes: storage.sql.control's seams ask the session, which calls `check`.
Imports nothing of the services package, which calls it."""

from __future__ import annotations

from datetime import date

from aostime.domain.control import Lock, lock_refusal, week_of, week_refusal
from aostime.domain.permissions import permitted
from aostime.errors import Locked


def role_of(session) -> str:
    """The acting role: a token's member's; opening the database itself is full control (admin)."""
    return "admin" if session.actor is None else session.actor.user.role


def current_lock(session) -> Lock | None:
    found = session.store.period_lock()
    return None if found is None else Lock(date.fromisoformat(found[0]), found[1], found[2])


def member_zone(session, user_id: int, zones: dict):
    """The zone a member's days are in: their own, else the team's (where the server or the
    database's command runs; never a request's header, so a day is the same for every face)."""
    if user_id not in zones:
        from aostime.domain.timeparse import local_zone, zone_named

        member = session.store.get_record("user", user_id)
        zones[user_id] = (zone_named(member.time_zone, files=False) if member and member.time_zone else None) or (
            local_zone()
        )
    return zones[user_id]


def check(session, rows) -> None:
    """Refuse (Locked) the first of the rows (entry id or None, member id, start) closed to who acts."""
    for _, message in refusals(session, rows):
        raise Locked(message)


def closed(session, entries) -> dict[int, str]:
    """The entries closed to who acts, each with the words of its refusal (the web app shows
    their rows read-only)."""
    return dict(refusals(session, [(e.id, e.user_id, e.start) for e in entries]))


def refusals(session, rows):
    """(entry id, the refusal) of each row the lock or an approved week closes to who acts."""
    role = role_of(session)
    if role == "admin":
        return
    lock = current_lock(session)
    closes_weeks = not permitted(role, "everyones_time")  # a manager may change an approved week
    if lock is None and not closes_weeks:
        return
    zones: dict = {}
    approved: dict[int, set[str]] = {}
    for entry_id, user_id, start in rows:
        day = start.astimezone(member_zone(session, user_id, zones)).date()
        if lock is not None and day < lock.before:
            yield entry_id, lock_refusal(entry_id, lock)
            continue
        if closes_weeks:
            if user_id not in approved:
                approved[user_id] = session.store.approved_weeks(user_id)
            if week_of(day) in approved[user_id]:
                member = session.store.get_record("user", user_id)
                yield entry_id, week_refusal(entry_id, member.name, week_of(day))
