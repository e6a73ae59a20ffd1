"""The use cases' permission checks, over the table in aostime.domain.permissions. A session
acting for a token carries an Actor; a session without one (the database opened directly: a
SQLite file, PostgreSQL credentials) has full control, so every check here passes."""

from __future__ import annotations

from aostime.domain.permissions import WHAT, permitted
from aostime.errors import Forbidden, NotFound

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol

    from aostime.domain.models import Entry, User

    class Acting(Protocol):
        """What the checks read of a use case's session (services.Session, which calls them):
        who acts."""

        @property
        def actor(self) -> Actor | None: ...


class Actor:
    """Who a token acts as: the member (with their role) and whether the token may only read."""

    def __init__(self, user: User, read_only: bool = False) -> None:
        self.user = user
        self.read_only = read_only


def require(session: Acting, action: str, writes: bool = False) -> None:
    """Refuse (Forbidden) what the actor's role does not allow, and any write by a read-only token."""
    actor = session.actor
    if actor is None:
        return
    if not permitted(actor.user.role, action):
        raise Forbidden(f"not allowed for your role ({actor.user.role}): {WHAT[action]}")
    if writes and actor.read_only:
        raise Forbidden("this token is read-only; 'aos token create' without --read-only makes one that writes")


def sees_everyone(session: Acting) -> bool:
    actor = session.actor
    return actor is None or permitted(actor.user.role, "everyones_time")


def only_user_id(session: Acting) -> int | None:
    """The one member whose time the actor may see, or None when they may see everyone's."""
    return None if sees_everyone(session) else session.actor.user.id


def require_time_of(session: Acting, user_id: int, writes: bool = False) -> None:
    """Acting on a member's time: one's own needs own_time, anyone else's everyones_time."""
    actor = session.actor
    if actor is not None:
        require(session, "own_time" if user_id == actor.user.id else "everyones_time", writes)


def visible_entry(session: Acting, entry: Entry) -> Entry:
    """The entry, if the actor may see it; other members' entries are absent to a member."""
    limit = only_user_id(session)
    if limit is not None and entry.user_id != limit:
        raise NotFound(f"entry {entry.id} not found")
    return entry
