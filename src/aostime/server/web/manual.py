"""The seed's manual entry: "Click Add Manual Entry · Date · Hours · Description · Billable". The
dialog "Manual entry" posts to the same use case as `aos add -p P --date D --hours H`; dates and
hours in the CLI's grammar (yesterday, 1:30, 1.5h, 90m); a refusal is shown beside its field in
the CLI's words, and nothing is saved."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import Response

from aostime.errors import AosError, BadInput
from aostime.server.web.auth import form_allowed, with_session
from aostime.server.web.language import N_
from aostime.server.web.refusals import field_named, refused_field, tags_refused
from aostime.server.web.render import page, redirect
from aostime.server.web.timer_region import timer_region

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
Short = Annotated[str, Form(max_length=200)]
Text = Annotated[str, Form(max_length=10_000)]


def _form(session, values: dict[str, Any], error: str | None = None, field: str | None = None,
          status: int = 200) -> Response:  # fmt: skip
    from aostime.services import catalog

    return page("manual.html", status, title=N_("Manual entry"), member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), projects=catalog.list_records(session, "project"),
                tasks=catalog.list_records(session, "task"), values=values, error=error, field=field)  # fmt: skip


@router.get("/time/new")
def manual_page(session: Signed) -> Response:
    if session is None:
        return redirect("/login")
    today = session.now.astimezone(session.zone).date().isoformat()
    return _form(session, {"date": today, "hours": "", "description": "", "billable": True, "project": "",
                           "task": "", "tags": ""})  # fmt: skip


@router.post("/time/new")
def save(request: Request, session: Signed, project: Short = "", task: Short = "", date: Short = "",
         hours: Short = "", description: Text = "", billable: Annotated[bool, Form()] = False,
         csrf: Short = "", tags: Text = "") -> Response:  # fmt: skip
    from aostime.domain.tags import split_tags
    from aostime.services import tracking

    if not form_allowed(request, session, csrf):
        return redirect("/login")
    values = {"project": project, "task": task, "date": date, "hours": hours, "description": description,
              "billable": billable, "tags": tags}  # fmt: skip
    if not project:
        return _form(session, values, "choose a project", "project", 400)
    if not hours.strip():
        return _form(session, values, "give the hours, e.g. 1:30, 1.5h or 90m", "hours", 400)
    refused = _refused_field(session, date, hours)
    if refused is not None:
        return _form(session, values, refused[1], refused[0], 400)
    try:
        tracking.add_entry(session, project, task or None, hours=hours, date=date or None, description=description,
                           billable=billable, tags=split_tags(tags))  # fmt: skip
    except AosError as exc:
        field = field_named(str(exc), ("task", "project", "description")) if isinstance(exc, BadInput) else None
        field = "tags" if isinstance(exc, BadInput) and tags_refused(str(exc)) else field
        return _form(session, values, str(exc), field, 400)
    return redirect("/time")


def _refused_field(session, date: str, hours: str) -> tuple[str, str] | None:
    from aostime.domain.timeparse import parse_duration

    return refused_field((("date", lambda: date and session.day(date)), ("hours", lambda: parse_duration(hours))))
