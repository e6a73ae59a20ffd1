"""Changing the week's entries: "Edit" opens a dialog of the entry's fields, saved with the
version it showed (an edit made meanwhile elsewhere is a visible conflict, never a silent
overwrite); "Delete" removes the entry at once and offers "Undo", which puts it back as it was."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import Response

from aostime.errors import AosError, NotFound, Stale
from aostime.server.web.auth import form_allowed, with_session
from aostime.server.web.render import page, redirect, sentence
from aostime.server.web.timer_region import timer_region

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
Short = Annotated[str, Form(max_length=200)]
Text = Annotated[str, Form(max_length=10_000)]


def _values(entry, zone) -> dict[str, Any]:
    from aostime.domain.timeparse import typed
    from aostime.domain.versions import version_of

    return {"description": entry.description, "notes": entry.notes, "project": str(entry.project_id),
            "task": str(entry.task_id or ""), "start": typed(entry.start, zone),
            "end": typed(entry.end, zone) if entry.end else "", "billable": entry.billable,
            "version": version_of(entry)}  # fmt: skip


def _edit_page(session, entry, values, error: str | None = None, status: int = 200, stale: bool = False):
    from aostime.services import catalog

    return page("edit.html", status, title="Edit entry", member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), entry=entry, values=values, error=error, stale=stale,
                projects=catalog.list_records(session, "project"), tasks=catalog.list_records(session, "task"))  # fmt: skip


@router.get("/time/{entry_id:int}/edit")
def edit_page(session: Signed, entry_id: int) -> Response:
    from aostime.services import tracking

    if session is None:
        return redirect("/login")
    try:
        entry = tracking.get_entry(session, entry_id)
    except (NotFound, AosError) as exc:
        return page("error.html", 404, message=sentence(exc))
    return _edit_page(session, entry, _values(entry, session.zone))


@router.post("/time/{entry_id:int}/edit")
def save(request: Request, session: Signed, entry_id: int, description: Text = "", notes: Text = "",
         project: Short = "", task: Short = "", start: Short = "", end: Short = "",
         billable: Annotated[bool, Form()] = False, version: Short = "", csrf: Short = "") -> Response:  # fmt: skip
    from aostime.services import tracking

    if not form_allowed(request, session, csrf):
        return redirect("/login")
    values = {"description": description, "notes": notes, "project": project, "task": task, "start": start,
              "end": end, "billable": billable, "version": version}  # fmt: skip
    try:
        entry = tracking.get_entry(session, entry_id)
        tracking.edit_entry(session, str(entry_id), start=start or None, end=end or None, project=project or None,
                            task=task or None, description=description, notes=notes, billable=billable,
                            if_version=version or None)  # fmt: skip
    except Stale:
        current = tracking.get_entry(session, entry_id)
        said = "Someone changed this entry since you opened it: here it is as it is now. Your changes were not saved."
        return _edit_page(session, current, _values(current, session.zone), said, 409, stale=True)
    except AosError as exc:
        return _edit_page(session, entry, values, str(exc), 400)
    return redirect("/time")


@router.post("/time/{entry_id:int}/delete")
def delete(request: Request, session: Signed, entry_id: int, csrf: Short = "") -> Response:
    from aostime.server.web.pages import week_page
    from aostime.services import tracking

    if not form_allowed(request, session, csrf):
        return redirect("/login")
    try:
        (gone,) = tracking.delete_entries(session, [str(entry_id)])
    except AosError as exc:
        return week_page(session, None, error=str(exc), status=400)
    return week_page(session, None, deleted=gone)


@router.post("/time/undo")
def undo(request: Request, session: Signed, project: Short = "", task: Short = "", start: Short = "",
         end: Short = "", description: Text = "", notes: Text = "", billable: Annotated[bool, Form()] = False,
         rate: Short = "", csrf: Short = "") -> Response:  # fmt: skip
    """The deleted entry back, as it was (its rate too); a new id."""
    from aostime.server.web.pages import week_page
    from aostime.services import tracking

    if not form_allowed(request, session, csrf):
        return redirect("/login")
    try:
        tracking.add_entry(session, project, task or None, start=start, end=end, description=description, notes=notes,
                           billable=billable, rate=rate or None, force=True)  # fmt: skip
    except AosError as exc:
        return week_page(session, None, error=str(exc), status=400)
    return redirect("/time")
