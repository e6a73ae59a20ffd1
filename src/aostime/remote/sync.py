"""Sending changes to the team server through the offline journal (storage/sqlite/journal.py): queued
changes go first, in order; a change the server cannot take now is queued with its real times."""

from __future__ import annotations

import uuid
from typing import Any

from aostime.errors import AosError, Conflict, Queued, StorageError
from aostime.remote.client import Unreachable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from aostime.services import Session


def write(session: Session, method: str, path: str, body: dict[str, Any], summary: str,
          offline: Callable[[], dict[str, Any]]) -> Any:  # fmt: skip
    """Send a change (after the queued ones); unreachable, keep `offline()` (the same change
    with its times made absolute here and now) to be sent later, and say so (errors.Queued)."""
    key = uuid.uuid4().hex
    if session.status_cache:  # a prompt's next status must see this change
        from aostime.remote import prompt

        prompt.forget(session.status_cache)
    try:
        flush(session)
        return session.remote.call(method, path, body, headers={"Idempotency-Key": key})
    except Unreachable:
        session.journal.add(method, path, offline(), key, summary)
        raise Queued(f"{summary}; sent when the team server answers again ('aos sync')") from None


def flush(session: Session) -> tuple[int, int]:
    """Send every queued change in order: (sent, conflicts). Unreachable stops it (raised); a
    change the server refuses (400, 403, 404, 409) goes to the conflicts, never away."""
    sent = conflicts = 0
    from aostime.remote.common import resolved_refs

    for item_id, key, method, path, body, summary in session.journal.pending():
        try:
            body = resolved_refs(session, body)
            session.remote.call(method, path, body, headers={"Idempotency-Key": key})
        except StorageError:
            raise  # the server down, busy, or the token refused: everything stays queued
        except AosError as refused:
            if not _resolved(session, key, method, path, body, refused):
                session.journal.conflicted(item_id, str(refused))
                session.notice(f"conflict: {summary} (made offline) - the team server said: {refused}; kept, "
                               "see 'aos sync'")  # fmt: skip
                conflicts += 1
                continue
        session.journal.sent(item_id)
        session.notice(f"sent what was queued offline: {summary}")
        sent += 1
    return sent, conflicts


def _resolved(session: Session, key: str, method: str, path: str, body: dict, refused: AosError) -> bool:
    """The later start wins: a start refused because a timer runs (started meanwhile on another
    device) is sent again as a switch, stopping that timer when this one started."""
    if path == "/timer" and method == "POST" and isinstance(refused, Conflict) and not body.get("switch"):
        try:
            session.remote.call(method, path, dict(body, switch=True), headers={"Idempotency-Key": key})
        except StorageError:
            raise
        except AosError:
            return False
        return True
    return False
