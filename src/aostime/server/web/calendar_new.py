"""A new entry from the calendar: a drag on empty time (or a day's "New entry" link, its
keyboard equivalent) opens dialog "New entry" with the start and end it covers; it is saved by
the use case `aos add -p P --start S --end E` calls, for the member whose calendar it is. Times
in the CLI's grammar; a refusal is shown beside its field in the CLI's words, nothing saved."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.responses import Response

from aostime.errors import AosError, BadInput
from aostime.server.web.auth import form_allowed, with_session
from aostime.server.web.calendar import DAY, Shown, day_named, guarded_page, view_of
from aostime.server.web.language import N_
from aostime.server.web.pages import WEEK
from aostime.server.web.refusals import field_named, refused_field
from aostime.server.web.render import page, redirect
from aostime.server.web.timer_region import timer_region

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
Short = Annotated[str, Form(max_length=200)]
Text = Annotated[str, Form(max_length=10_000)]
INSTANT = Annotated[str | None, Query(max_length=40)]


def _form(session, shown: Shown, values: dict[str, Any], error: str | None = None, field: str | None = None,
          status: int = 200) -> Response:  # fmt: skip
    from aostime.services import catalog

    return page("calendar_new.html", status, title=N_("New entry"), member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), projects=catalog.list_records(session, "project"),
                tasks=catalog.list_records(session, "task"), values=values, error=error, field=field, shown=shown,
                back=shown.url())  # fmt: skip


@router.get("/calendar/new")
def new_entry_page(session: Signed, start: INSTANT = None, end: INSTANT = None,
                   day: Annotated[str | None, Query(pattern=DAY)] = None,
                   view: Annotated[str, Query(pattern="^(week|day)$")] = "week",
                   week: Annotated[str | None, Query(pattern=WEEK)] = None,
                   member: Annotated[str | None, Query(max_length=200)] = None) -> Response:  # fmt: skip
    """The form with the dragged stretch, or for a day: from the day's start setting, an hour."""
    from aostime.domain.timeparse import localize, typed

    if session is None:
        return redirect("/login")

    def act() -> Response:
        shown = Shown(session, view, week, day, member)
        if start and end:
            begin, finish = session.time(start), session.time(end)
        else:
            on = day_named(day) if day else shown.first
            hour, minute = (int(x) for x in session.setting("day_start").split(":"))
            begin = localize(datetime.combine(on, time(hour, minute)), session.zone, f"{on} {hour}:{minute}")
            finish = begin + timedelta(hours=1)
        values = {"project": "", "task": "", "start": typed(begin, session.zone), "end": typed(finish, session.zone),
                  "description": "", "billable": True}  # fmt: skip
        return _form(session, shown, values)

    return guarded_page(act)


@router.post("/calendar/new")
def save(request: Request, session: Signed, project: Short = "", task: Short = "", start: Short = "",
         end: Short = "", description: Text = "", billable: Annotated[bool, Form()] = False, csrf: Short = "",
         view: Short = "week", week: Short = "", shown_day: Short = "", member: Short = "") -> Response:  # fmt: skip
    from aostime.services import tracking

    if not form_allowed(request, session, csrf):
        return redirect("/login")

    def act() -> Response:
        shown = view_of(session, view, week, shown_day, member)
        values = {"project": project, "task": task, "start": start, "end": end, "description": description,
                  "billable": billable}  # fmt: skip
        if not project:
            return _form(session, shown, values, "choose a project", "project", 400)
        refused = refused_field((("start", lambda: session.time(start)), ("end", lambda: session.time(end))))
        if refused is not None:
            return _form(session, shown, values, refused[1], refused[0], 400)
        try:
            saved = tracking.add_entry(session, project, task or None, start=start, end=end, description=description,
                                       billable=billable, user=shown.member)  # fmt: skip
        except AosError as exc:
            fields = ("task", "project", "start", "end", "description")
            field = field_named(str(exc), fields) if isinstance(exc, BadInput) else None
            return _form(session, shown, values, str(exc), field, 400)
        return redirect(shown.url(focus=saved.entry.id))

    return guarded_page(act)
