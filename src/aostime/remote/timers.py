"""The timer through the team server (services/timers.py's use cases): start, stop and cancel
are queued in the offline journal when the server cannot be reached (remote/sync.py)."""

from __future__ import annotations

from aostime.domain.models import Entry
from aostime.remote.common import (
    absolute,
    acting_for,
    entry_id_of,
    given,
    not_remote,
    queueable_id,
    rate_of,
    saved,
    shown,
    task_id_of,
)
from aostime.remote.models import entry_from

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.services import Session


def current_timer(session: Session) -> Entry | None:
    """The running timer, after sending what was queued; the server down, one line that also
    says what is queued (a prompt's status never waits longer than the connect timeout)."""
    from aostime.remote.client import Unreachable
    from aostime.remote.sync import flush

    try:
        flush(session)
        doc = session.remote.call("GET", "/timer", params=acting_for(session))
    except Unreachable as down:
        queued = [summary for *_, summary in session.journal.pending()]
        if queued:
            raise Unreachable(f"{down}; queued offline: {'; '.join(queued)}") from None
        raise
    if session.status_cache:
        from aostime.remote import prompt

        prompt.remember(session.status_cache, session.remote.target.server, session.user_ref, doc["entry"])
    return entry_from(doc["entry"]) if doc["running"] else None


def start_timer(session: Session, project, task=None, description="", billable=None, rate=None, at=None,
                switch=False, notes="", force=False):  # fmt: skip
    from aostime.remote.sync import write

    project_id = queueable_id(session, "project", project)
    if task is not None and not isinstance(project_id, int):
        raise not_remote("starting with -t while the team server cannot be reached")
    task_id = task_id_of(session, task, project_id) if task is not None else None
    body = given({"project_id": project_id, "task_id": task_id, "description": description, "notes": notes,
                   "billable": billable, "hourly_rate": rate_of(rate), "start_time": at, "switch": switch,
                   "force": force, **acting_for(session)})  # fmt: skip
    started = dict(body, start_time=absolute(session, at))
    return saved(
        session, write(session, "POST", "/timer", body, f"start {project} at {shown(session, at)}", lambda: started)
    )


def stop_timer(session: Session, at=None, start=None, description=None, notes=None, billable=None, force=False):
    from aostime.remote.sync import write

    body = given({"end_time": at, "start_time": start, "description": description, "notes": notes,
                   "billable": billable, "force": force, **acting_for(session)})  # fmt: skip
    offline = dict(body, end_time=absolute(session, at))
    if start is not None:
        offline["start_time"] = absolute(session, start)
    return saved(session, write(session, "POST", "/timer/stop", body, f"stop at {shown(session, at)}", lambda: offline))


def cancel_timer(session: Session) -> Entry:
    from aostime.remote.sync import write

    path = "/timer" + (f"?user_id={acting_for(session)['user_id']}" if session.user_ref else "")
    return entry_from(write(session, "DELETE", path, None, "cancel the timer", lambda: None)["cancelled"])


def restart_timer(session: Session, entry_ref=None, at=None, switch=False, force=False):
    body = {"entry_id": entry_id_of(entry_ref) if entry_ref is not None else None, "start_time": at,
            "switch": switch, "force": force, **acting_for(session)}  # fmt: skip
    return saved(session, session.remote.call("POST", "/timer/restart", given(body)))
