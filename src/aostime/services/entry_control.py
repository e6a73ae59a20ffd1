"""The use cases of the team's lock and of an entry's history (what they close is checked at
every entry write: services.entry_guard)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from aostime.errors import BadInput, NotFound
from aostime.services.declared import use_case
from aostime.services.entry_guard import current_lock, member_zone

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.services import Session


@dataclass(frozen=True)
class Change:
    at: datetime
    user_name: str
    via: str
    action: str
    before: dict | None
    after: dict | None


@dataclass(frozen=True)
class EntryHistory:
    entry_id: int
    changes: list[Change]


@dataclass(frozen=True)
class LockState:
    """The team's lock: entries of days before `before` are closed to all but admins (None: no lock)."""

    before: date | None
    set_by: str | None = None
    set_at: datetime | None = None


# -- the use cases -----------------------------------------------------------------------------------


@use_case()
def entry_history(session: Session, entry_id: int) -> EntryHistory:
    """Every change of an entry, oldest first, also once it is deleted; a member sees their own
    entries' only."""
    from aostime.services import access

    with session.store.snapshot():
        rows = session.store.entry_history(entry_id)
        entry = session.store.get_entry(entry_id)
        if not rows and entry is None:
            raise NotFound(f"entry {entry_id} not found and has no history")
        owner = entry.user_id if entry is not None else _last_owner(rows)
        limit = access.only_user_id(session)
        if limit is not None and owner != limit:  # as the entry itself: absent to another member
            raise NotFound(f"entry {entry_id} not found and has no history")
    return EntryHistory(entry_id, [Change(*row) for row in rows])


def _last_owner(rows) -> int | None:
    for row in reversed(rows):
        for values in (row[5], row[4]):
            if values and values.get("user_id") is not None:
                return values["user_id"]
    return None


@use_case()
def show_lock(session: Session) -> LockState:
    return _lock_state(session)


def _lock_state(session: Session) -> LockState:
    lock = current_lock(session)
    return LockState(None) if lock is None else LockState(lock.before, lock.set_by, lock.set_at)


@use_case(needs="settings", writes=True)
def set_lock(session: Session, before: str | None = None, clear: bool = False) -> LockState:
    """Lock every entry of a day before `before` (a date) for all but admins, or lift the lock
    (clear). The entries newly locked or unlocked get a history row each."""
    from aostime.services import access

    access.require(session, "settings", writes=True)
    if (before is None) == (not clear):
        raise BadInput("give either a day to lock before (--before DATE) or --clear, not both")
    new = None if clear else session.day(before)
    with session.store.transaction():
        old = current_lock(session)
        session.store.set_period_lock(None if new is None else new.isoformat(), session.user().id, session.now)
        _record_lock_moved(session, old.before if old else None, new)
    return _lock_state(session)


def _record_lock_moved(session: Session, old: date | None, new: date | None) -> None:
    """The entries between the old and the new lock day changed state: one history row each."""
    from aostime.domain.control import day_start

    if old == new:
        return
    locking = old is None or (new is not None and new > old)
    low, high = (old, new) if locking else (new, old)
    zones: dict = {}
    for member in session.store.list_records("user", include_archived=True):
        zone = member_zone(session, member.id, zones)
        since = None if low is None else day_start(low, zone)
        until = day_start(high, zone)
        if locking:
            session.store.record_entry_event("lock", member.id, since, until, {"locked": False},
                                             {"locked": True, "locked_before": new.isoformat()}, session.now)  # fmt: skip
        else:
            session.store.record_entry_event("unlock", member.id, since, until, {"locked": True},
                                             {"locked": False}, session.now)  # fmt: skip
