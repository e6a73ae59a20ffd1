"""The token's member's timer: status, start, stop with the seed's review and adjust, cancel,
restart. The same use cases as `aos start/stop/status/cancel/restart`, the same documents."""

from __future__ import annotations

from starlette.responses import Response

from aostime.server.bodies import TimerRestartIn, TimerStartIn, TimerStopIn
from aostime.server.common import (
    LOCATION,
    Current,
    IdParam,
    err,
    json_response,
    ok,
    ref,
    saved_answer,
    subject_router,
)
from aostime.server.schemas import EntryOut

router = subject_router("timer")
STARTED = {201: {"model": EntryOut, "description": "The running timer", "headers": LOCATION},
           409: err("A timer runs already (give switch) or the times conflict")}  # fmt: skip


@router.get("/timer", response_model=None,
            responses={200: {"description": '{"running", "entry"}, as `aos status --json`'}})  # fmt: skip
def get_timer(session: Current, user_id: IdParam = None) -> Response:
    """The running timer of the token's member (managers: of `user_id`), with its elapsed time
    and amount so far."""
    from aostime.domain.documents import status_document
    from aostime.services import act_for
    from aostime.services.status import current_timer

    act_for(session, ref(user_id))
    return json_response(status_document(current_timer(session), session.zone, session.now))


@router.post("/timer", status_code=201, response_model=None, responses=STARTED)
def start_timer(session: Current, body: TimerStartIn) -> Response:
    """Start a timer (as `aos start`); with switch, a running one is stopped first."""
    from aostime.domain.documents import entry_document
    from aostime.services import act_for, timers

    act_for(session, ref(body.user_id))
    saved = timers.start_timer(
        session, str(body.project_id), task=ref(body.task_id), description=body.description, notes=body.notes,
        billable=body.billable, rate=ref(body.hourly_rate), at=body.start_time, switch=body.switch, force=body.force,
        tags=body.tags,
    )  # fmt: skip
    return saved_answer(entry_document(saved.entry, session.zone, session.now), saved, 201)


@router.post("/timer/stop", response_model=None, responses={
    **ok(EntryOut, "The saved entry"), 409: err("No timer runs"),
})  # fmt: skip
def stop_timer(session: Current, body: TimerStopIn | None = None) -> Response:
    """Stop the timer, with the seed's review and adjust (start, end, description, notes,
    billable) in the same write."""
    from aostime.domain.documents import entry_document
    from aostime.services import act_for, timers

    body = body or TimerStopIn()
    act_for(session, ref(body.user_id))
    saved = timers.stop_timer(session, body.end_time, body.start_time, body.description, body.notes, body.billable,
                              body.force)  # fmt: skip
    return saved_answer(entry_document(saved.entry, session.zone, session.now), saved)


@router.delete("/timer", response_model=None, responses={
    200: {"description": '{"cancelled": entry}, as `aos cancel --json`'}, 409: err("No timer runs"),
})  # fmt: skip
def cancel_timer(session: Current, user_id: IdParam = None) -> Response:
    """Discard the running timer."""
    from aostime.domain.documents import cancelled_document
    from aostime.services import act_for, timers

    act_for(session, ref(user_id))
    return json_response(cancelled_document(timers.cancel_timer(session), session.zone, session.now))


@router.post("/timer/restart", status_code=201, response_model=None, responses=STARTED)
def restart_timer(session: Current, body: TimerRestartIn | None = None) -> Response:
    """Start a new timer like an earlier entry (default: the last one)."""
    from aostime.domain.documents import entry_document
    from aostime.services import act_for, timers

    body = body or TimerRestartIn()
    act_for(session, ref(body.user_id))
    saved = timers.restart_timer(session, ref(body.entry_id), body.start_time, body.switch, body.force)
    return saved_answer(entry_document(saved.entry, session.zone, session.now), saved, 201)
