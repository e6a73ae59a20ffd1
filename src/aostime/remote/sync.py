"""Sending changes to the team server through the offline journal (storage/sqlite/journal.py): queued
changes go first, in order; a change the server cannot take now is queued with its real times."""

from __future__ import annotations

import os

from aostime.errors import AosError, Conflict, Queued, StorageError
from aostime.remote.client import Unreachable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from aostime.services import Session
    from aostime.services.declared import UseCase


def write(session: Session, case: UseCase, body: dict[str, Any]) -> Any:
    """Send a declared use case's change; one that may wait is kept offline with its times made
    absolute here and now (the declaration's `queue`)."""

    def kept() -> tuple[dict[str, Any], str]:
        request, summary = case.queue(session, body["request"])
        return dict(body, request=request), summary

    return send(session, "POST", case.route, body, kept if case.queue is not None else None)


def send(session: Session, method: str, path: str, body: dict[str, Any],
         kept: Callable[[], tuple[dict[str, Any], str]] | None) -> Any:  # fmt: skip
    """Send a change (after the queued ones); unreachable, keep `kept()` (the change as it is to
    be sent later, and its summary) and say so (errors.Queued). A change that cannot wait
    (`kept` None) says the server cannot be reached."""
    key = os.urandom(16).hex()  # 128 random bits, as uuid4 (whose import costs a prompt more)
    if session.status_cache:  # a prompt's next status must see this change
        from aostime.remote import prompt

        prompt.forget(session.status_cache)
    try:
        flush(session)
        return session.remote.call(method, path, body, headers={"Idempotency-Key": key})
    except Unreachable:
        if kept is None:
            raise
        later, summary = kept()
        session.journal.add(method, path, later, key, summary)
        raise Queued(f"{summary}; sent when the team server answers again ('aos sync')") from None


def flush(session: Session) -> tuple[int, int]:
    """Send every queued change in order: (sent, conflicts). Unreachable stops it (raised); a
    change the server refuses (400, 403, 404, 409) goes to the conflicts, never away."""
    sent = conflicts = 0
    for item_id, key, method, path, body, summary in session.journal.pending():
        try:
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
    from aostime.services.timers import start_timer

    request = body.get("request") if isinstance(body, dict) else None
    if path != start_timer.use_case.route or not isinstance(refused, Conflict) or not request or request.get("switch"):
        return False
    try:
        session.remote.call(method, path, dict(body, request=dict(request, switch=True)),
                            headers={"Idempotency-Key": key})  # fmt: skip
    except StorageError:
        raise
    except AosError:
        return False
    return True
