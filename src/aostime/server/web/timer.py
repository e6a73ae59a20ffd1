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
from aostime.server.web.language import N_
from aostime.server.web.refusals import field_named, refused_field
from aostime.server.web.render import page, redirect
from aostime.server.web.timer_region import timer_region

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
Text = Annotated[str, Form(max_length=10_000)]
Short = Annotated[str, Form(max_length=200)]


@router.post("/timer/start")
def start(request: Request, session: Signed, project: Short = "", task: Short = "", description: Text = "",
          billable: Annotated[bool, Form()] = False, csrf: Short = "", tags: Text = "") -> Response:  # fmt: skip
    from aostime.domain.tags import split_tags
    from aostime.services import timers

    if not form_allowed(request, session, csrf):
        return redirect("/login")
    try:
        timers.start_timer(session, project or None, task or None, description, billable=billable,
                           tags=split_tags(tags))  # fmt: skip
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


@router.get("/timer/region")
def region(session: Signed) -> Response:
    """The region alone, as it is now: a page brought back to the front shows a timer another tab
    (or the CLI) started or stopped meanwhile."""
    if session is None:
        return redirect("/login")
    return page("_timer.html", member=session.actor.user, csrf=session.csrf, timer=timer_region(session))


@router.post("/timer/correct-start")
def correct_start(request: Request, session: Signed, start: Short = "", csrf: Short = "") -> Response:
    """The running timer started earlier (or later) than it was clicked: `aos edit ID --start`."""
    from aostime.services import tracking

    running = _running(session)
    if isinstance(running, Response) or not form_allowed(request, session, csrf):
        return running if isinstance(running, Response) else redirect("/login")
    try:
        tracking.edit_entry(session, str(running.id), start=start)
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
    return page("review.html", status, title=N_("Review time entry"), member=session.actor.user, csrf=session.csrf,
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
    refused = refused_field(
        (("start", lambda: start and session.time(start)), ("end", lambda: end and session.time(end)))
    )
    if refused is not None:
        return _review_page(session, running, values, refused[1], refused[0], 400)
    try:
        timers.stop_timer(session, at=end or None, start=start or None, description=description, notes=notes,
                          billable=billable)  # fmt: skip
    except AosError as exc:
        field = field_named(str(exc), ("start", "at", "end")) if isinstance(exc, BadInput) else None
        field = "end" if field == "at" else field
        return _review_page(session, running, values, str(exc), field, 400)
    return redirect("/time")


@router.get("/timer/discard")
def discard_page(session: Signed) -> Response:
    running = _running(session)
    if isinstance(running, Response):
        return running  # where to go instead
    return page("discard.html", title=N_("Discard the timer"), member=session.actor.user, csrf=session.csrf,
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
