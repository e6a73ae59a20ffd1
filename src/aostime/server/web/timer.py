"""The timer region of every page (SPEC §10) and the seed's review-and-adjust: start with a
project, task, description and billable; stop opens "Review time entry", whose "Save entry"
stores the entry as adjusted in one write; "Discard" cancels the timer after a confirmation.
Plain forms: each posts to the same use cases as the API and the CLI."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import Response

from aostime.errors import AosError
from aostime.server.web.auth import form_allowed, with_session
from aostime.server.web.render import page, redirect
from aostime.server.web.timer_region import timer_region

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
Text = Annotated[str, Form(max_length=10_000)]
Short = Annotated[str, Form(max_length=200)]


@router.post("/timer/start")
def start(request: Request, session: Signed, project: Short = "", task: Short = "", description: Text = "",
          billable: Annotated[bool, Form()] = False, csrf: Short = "") -> Response:  # fmt: skip
    from aostime.services import timers

    if not form_allowed(request, session, csrf):
        return redirect("/login")
    try:
        timers.start_timer(session, project or None, task or None, description, billable=billable)
    except AosError as exc:
        from aostime.server.web.pages import week_page

        return week_page(session, None, error=str(exc), status=400)
    return redirect("/time")


@router.post("/timer/restart")
def restart(request: Request, session: Signed, entry: Short = "", csrf: Short = "") -> Response:
    """A new timer like one of the last entries (`aos restart ID`): project, task, description, billable, rate."""
    from aostime.services import timers

    if not form_allowed(request, session, csrf):
        return redirect("/login")
    try:
        timers.restart_timer(session, entry or None)
    except AosError as exc:
        from aostime.server.web.pages import week_page

        return week_page(session, None, error=str(exc), status=400)
    return redirect("/time")


def _running(session):
    """The member's running timer, or the redirect a page about it answers without one."""
    from aostime.services.status import current_timer

    if session is None:
        return redirect("/login")
    running = current_timer(session)
    return redirect("/time") if running is None else running


@router.get("/timer/review")
def review(session: Signed) -> Response:
    running = _running(session)
    if isinstance(running, Response):
        return running  # where to go instead
    return _review_page(session, running, {})


def _review_page(session, running, values: dict[str, Any], error: str | None = None, field: str | None = None,
                 status: int = 200) -> Response:  # fmt: skip
    from aostime.domain.timeparse import typed

    shown = {
        "start": typed(running.start, session.zone), "end": typed(session.now, session.zone),
        "description": running.description, "notes": running.notes, "billable": running.billable,
    }  # fmt: skip
    shown.update(values)
    return page("review.html", status, title="Review time entry", member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), entry=running, values=shown, error=error, field=field)  # fmt: skip


@router.post("/timer/stop")
def stop(request: Request, session: Signed, start: Short = "", end: Short = "", description: Text = "",
         notes: Text = "", billable: Annotated[bool, Form()] = False, csrf: Short = "") -> Response:  # fmt: skip
    from aostime.errors import BadInput
    from aostime.services import timers
    from aostime.services.status import current_timer

    if not form_allowed(request, session, csrf):
        return redirect("/login")
    running = current_timer(session)
    if running is None:
        return redirect("/time")
    values = {"start": start, "end": end, "description": description, "notes": notes, "billable": billable}
    try:
        timers.stop_timer(session, at=end or None, start=start or None, description=description, notes=notes,
                          billable=billable)  # fmt: skip
    except AosError as exc:
        field = _field_of(str(exc)) if isinstance(exc, BadInput) else None
        return _review_page(session, running, values, str(exc), field, 400)
    return redirect("/time")


def _field_of(message: str) -> str | None:
    """The field a refusal is about, by the words the use case uses (--start; --at or end)."""
    lowered = message.lower()
    if "--start" in lowered or lowered.startswith("start"):
        return "start"
    if "--at" in lowered or lowered.startswith("end") or "end " in lowered:
        return "end"
    return None


@router.get("/timer/discard")
def discard_page(session: Signed) -> Response:
    running = _running(session)
    if isinstance(running, Response):
        return running  # where to go instead
    return page("discard.html", title="Discard the timer", member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), entry=running)  # fmt: skip


@router.post("/timer/discard")
def discard(request: Request, session: Signed, csrf: Short = "") -> Response:
    from aostime.errors import NothingToDo
    from aostime.services import timers

    if not form_allowed(request, session, csrf):
        return redirect("/login")
    try:
        timers.cancel_timer(session)
    except NothingToDo:
        pass  # gone already (another tab): what was asked holds
    return redirect("/time")
