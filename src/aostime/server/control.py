"""The history of an entry, the team's lock and the members' weeks (SPEC §11)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from starlette.responses import Response

from aostime.server.bodies import LockIn, WeekDecisionIn
from aostime.server.common import Current, err, json_response, path_id, subject_router

router = subject_router("control")
EntryId = path_id("Entry")
UserId = path_id("Member")
WeekPath = Annotated[str, Path(pattern=r"^\d{4}-W\d{2}$", description="An ISO week: 2026-W49.")]
NO_MEMBER = err("No such member (or the URL names no route)")


@router.get("/time-entries/{entry_id:int}/history", response_model=None, responses={
    200: {"description": "As `aos history ENTRY --json`"}, 404: err("No such entry, and none with history"),
})  # fmt: skip
def get_entry_history(session: Current, entry_id: EntryId) -> Response:
    from aostime.domain.documents import history_document
    from aostime.services.entry_control import entry_history

    return json_response(history_document(entry_history(session, entry_id), session.zone))


@router.get("/lock", response_model=None, responses={200: {"description": "As `aos lock --show --json`"}})
def get_lock(session: Current) -> Response:
    from aostime.domain.documents import lock_document
    from aostime.services.entry_control import show_lock

    return json_response(lock_document(show_lock(session), session.zone))


@router.put("/lock", response_model=None, responses={200: {"description": "The lock as saved"}})
def put_lock(session: Current, body: LockIn) -> Response:
    """Admins: lock every entry of a day before `before` for everyone else, or lift the lock."""
    from aostime.domain.documents import lock_document
    from aostime.services.entry_control import set_lock

    state = set_lock(session, body.before, body.before is None)
    return json_response(lock_document(state, session.zone))


@router.get("/weeks", response_model=None, responses={200: {"description": "As `aos week list --json`"}})
def get_weeks(session: Current, status: Annotated[str | None, Query(max_length=20)] = None,
              member: Annotated[str | None, Query(max_length=200)] = None) -> Response:  # fmt: skip
    from aostime.domain.documents import week_document
    from aostime.services.weeks import list_weeks

    found = list_weeks(session, status, member)
    return json_response({"weeks": [week_document(w, session.zone) for w in found]})


@router.post("/weeks/{user_id:int}/{week}/submit", response_model=None, responses={
    200: {"description": "The week, submitted"}, 403: err("Another member's week"), 404: NO_MEMBER,
    409: err("Submitted or approved already"),
})  # fmt: skip
def post_week_submit(session: Current, user_id: UserId, week: WeekPath) -> Response:
    from aostime.domain.documents import week_document
    from aostime.services import act_for
    from aostime.services.weeks import submit_week

    act_for(session, str(user_id))
    return json_response(week_document(submit_week(session, week), session.zone))


@router.post("/weeks/{user_id:int}/{week}/approve", response_model=None, responses={
    200: {"description": "The week, approved: closed to its member"}, 404: NO_MEMBER, 409: err("Not submitted"),
})  # fmt: skip
def post_week_approve(
    session: Current, user_id: UserId, week: WeekPath, body: WeekDecisionIn | None = None
) -> Response:
    return _decide(session, user_id, week, "approve", body)


@router.post("/weeks/{user_id:int}/{week}/return", response_model=None, responses={
    200: {"description": "The week, returned with the note: open again"}, 404: NO_MEMBER,
    409: err("Not submitted"),
})  # fmt: skip
def post_week_return(session: Current, user_id: UserId, week: WeekPath, body: WeekDecisionIn | None = None) -> Response:
    return _decide(session, user_id, week, "return", body)


def _decide(session, user_id: int, week: str, decision: str, body: WeekDecisionIn | None) -> Response:
    from aostime.domain.documents import week_document
    from aostime.services.weeks import decide_week

    found = decide_week(session, str(user_id), week, decision, body.note if body else None)
    return json_response(week_document(found, session.zone))
