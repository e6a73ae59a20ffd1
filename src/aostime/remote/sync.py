"""Sending changes to the team server through the offline journal (storage/sqlite/journal.py): queued
changes go first, in order; a change the server cannot take now is queued with its real times."""

from __future__ import annotations

import os

from aostime.errors import AosError, ClockSkew, Conflict, InProgress, Queued, StorageError
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
        return _keyed(session, method, path, body, key)
    except Unreachable:
        if kept is None:
            raise
        later, summary = kept()
        session.journal.add(method, path, later, key, summary)
        raise Queued(f"{summary}; sent when the team server answers again ('aos sync')") from None


def flush(session: Session) -> tuple[int, int]:
    """Send every queued change in order: (sent, conflicts). Unreachable, a server error or a
    clock too far off stops it (raised: everything stays queued); a change the server refuses
    (400, 403, 404, 409) goes to the conflicts, never away. Each goes with this machine's time
    (CLIENT_TIME_HEADER), by which the server corrects its times for a clock a little off."""
    sent = conflicts = 0
    for item_id, key, method, path, body, first_sent, summary in session.journal.pending():
        from aostime.domain.timeparse import now_utc
        from aostime.services.idempotency import RESEND_WITHIN

        now = now_utc()
        if first_sent is not None and now - first_sent > RESEND_WITHIN:
            # the server may have applied it and forgotten its key since: sent again, it could
            # be applied twice
            days = RESEND_WITHIN.days
            answer = (f"first sent over {days} days ago and never answered; the team server keeps the answers to "
                      f"repeated changes for {days} days only: check whether it was applied, then enter it again")  # fmt: skip
            session.journal.conflicted(item_id, answer)
            session.notice(f"conflict: {summary} (made offline) - {answer}; kept, see 'aos sync'")
            conflicts += 1
            continue
        session.journal.sending(item_id, now)
        try:
            _keyed(session, method, path, body, key, queued=True)
        except (StorageError, ClockSkew):
            raise  # the server down, busy, the token refused, this clock far off: everything stays queued
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


RETRY_DELAYS_S = (0.2, 0.5, 1.0, 2.0, 4.0)  # 7.7 s at most


def _keyed(session: Session, method: str, path: str, body: dict, key: str, queued: bool = False) -> Any:
    """A change sent with its Idempotency-Key; the same request again, a moment later, while the
    server says it is still answering it (InProgress: a server that settles keys after answering),
    a few times with growing pauses."""
    import time

    headers = {"Idempotency-Key": key}
    for delay in (*RETRY_DELAYS_S, None):
        if queued:
            from aostime.domain.timeparse import now_utc
            from aostime.services.queueing import CLIENT_TIME_HEADER

            headers[CLIENT_TIME_HEADER] = now_utc().isoformat(timespec="seconds")
        try:
            return session.remote.call(method, path, body, headers=headers)
        except Conflict as refused:
            if delay is None or not _in_progress(refused):
                raise
        time.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


def _in_progress(refused: Conflict) -> bool:
    """InProgress by its kind; an older server says it only in words."""
    return isinstance(refused, InProgress) or "still being answered" in str(refused)


def _resolved(session: Session, key: str, method: str, path: str, body: dict, refused: AosError) -> bool:
    """The later start wins: a start refused because a timer runs (started meanwhile on another
    device) is sent again as a switch, stopping that timer when this one started."""
    from aostime.services.timers import start_timer

    request = body.get("request") if isinstance(body, dict) else None
    if path != start_timer.use_case.route or not isinstance(refused, Conflict) or not request or request.get("switch"):
        return False
    try:
        _keyed(session, method, path, dict(body, request=dict(request, switch=True)), key, queued=True)
    except (StorageError, ClockSkew):
        raise
    except AosError:
        return False
    return True
