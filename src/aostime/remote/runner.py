"""The team client's one runner: a declared use case (services.declared) called in a session
that acts through a team server is sent there as its request, to the route the server derived
from the same declaration (server/uses.py), and its typed result read back (remote.wire). No
use case has a second, remote form: a field added to one travels with it.

A change that may wait (UseCase.queue) goes through the offline journal: what was queued is
sent first, in order; when the server cannot be reached, the change is kept with its times
made absolute and sent later (remote.sync)."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aostime.services import Session
    from aostime.services.declared import UseCase


def body_of(session: Session, request: dict[str, Any]) -> dict[str, Any]:
    """What is sent: the request as the command made it, and who it acts for (--user)."""
    return {"request": request, "acting_as": session.user_ref}


def run_remotely(session: Session, case: UseCase, request: dict[str, Any]) -> Any:
    if case.streams:
        from aostime.errors import BadInput

        raise BadInput(f"{case.name} is sent by its own command against a team server")
    from aostime.remote import sync, wire

    if case.writes:
        answer = sync.write(session, case, body_of(session, request))
    else:
        answer = _read(session, case, request)
    from aostime.remote.team_settings import check_version

    check_version(session, session.remote.settings_version)
    return wire.decode(answer["result"])


def _read(session: Session, case: UseCase, request: dict[str, Any]) -> Any:
    """A read sees what this machine queued: that goes first. The server down, one line that also
    says what is still queued."""
    from aostime.remote import sync
    from aostime.remote.client import Unreachable

    try:
        sync.flush(session)
        return session.remote.call("POST", case.route, body_of(session, request))
    except Unreachable as down:
        queued = [summary for *_, summary in session.journal.pending()]
        if queued:
            raise Unreachable(f"{down}; queued offline: {'; '.join(queued)}") from None
        raise
