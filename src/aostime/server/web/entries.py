"""Changing the week's entries: "Edit" opens a dialog of the entry's fields, saved with the
version it showed (an edit made meanwhile elsewhere is a visible conflict, never a silent
overwrite); "Delete" removes the entry at once and offers "Undo", which puts it back as it was."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import Response

from aostime.errors import AosError, BadInput, Stale
from aostime.server.web.auth import form_allowed, with_session
from aostime.server.web.language import N_
from aostime.server.web.language import gettext as _
from aostime.server.web.refusals import field_named, refused_field, tags_refused
from aostime.server.web.render import page, redirect, sentence
from aostime.server.web.timer_region import timer_region

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
Short = Annotated[str, Form(max_length=200)]
Text = Annotated[str, Form(max_length=10_000)]
MaybeText = Annotated[str | None, Form(max_length=10_000)]  # absent: left as it is


def _values(entry, zone) -> dict[str, Any]:
    from aostime.domain.timeparse import typed
    from aostime.domain.versions import version_of

    return {"description": entry.description, "notes": entry.notes, "project": str(entry.project_id),
            "task": str(entry.task_id or ""), "start": typed(entry.start, zone),
            "end": typed(entry.end, zone) if entry.end else "", "billable": entry.billable,
            "version": version_of(entry), "tags": ", ".join(entry.tags)}  # fmt: skip


def _edit_page(session, entry, values, error: str | None = None, status: int = 200, stale: bool = False,
               field: str | None = None):  # fmt: skip
    from aostime.services import catalog

    return page("edit.html", status, title=N_("Edit entry"), member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), entry=entry, values=values, error=error, stale=stale, field=field,
                projects=catalog.list_records(session, "project"), tasks=catalog.list_records(session, "task"))  # fmt: skip


@router.get("/time/{entry_id:int}/edit")
def edit_page(session: Signed, entry_id: int) -> Response:
    entry = _entry_shown(session, entry_id)
    return entry if isinstance(entry, Response) else _edit_page(session, entry, _values(entry, session.zone))


@router.get("/time/{entry_id:int}/inline")
def inline_row(session: Signed, entry_id: int) -> Response:
    """The entry's row of the week opened for editing in place."""
    entry = _entry_shown(session, entry_id)
    return entry if isinstance(entry, Response) else _inline_row(session, entry, _inline_values(entry, session.zone))


def _entry_shown(session, entry_id: int):
    """The entry the member may see, or the page answered instead (sign in; not found: another
    member's entry is not there for her)."""
    from aostime.services import tracking

    if session is None:
        return redirect("/login")
    try:
        return tracking.get_entry(session, entry_id)
    except AosError as exc:
        return page("error.html", 404, message=sentence(exc))


def _inline_values(entry, zone) -> dict[str, Any]:
    from aostime.domain.timer import clock

    values = _values(entry, zone)
    shown = clock(entry.duration) if entry.duration is not None else ""
    return {**values, "duration": shown, "shown_duration": shown, "shown_end": values["end"]}


def _inline_row(session, entry, values, error: str | None = None, field: str | None = None, status: int = 200,
                headers: dict[str, str] | None = None) -> Response:  # fmt: skip
    from aostime.server.web.pages import iso_week
    from aostime.services import catalog

    return page("_entry_edit_row.html", status, headers, member=session.actor.user, csrf=session.csrf, entry=entry,
                values=values, error=error, field=field, week=iso_week(entry.start.astimezone(session.zone).date()),
                projects=catalog.list_records(session, "project"), tasks=catalog.list_records(session, "task"))  # fmt: skip


@router.post("/time/{entry_id:int}/edit")
def save(request: Request, session: Signed, entry_id: int, description: Text = "", notes: MaybeText = None,
         project: Short = "", task: Short = "", start: Short = "", end: Short = "", duration: Short = "",
         billable: Annotated[bool, Form()] = False, version: Short = "", csrf: Short = "", inline: Short = "",
         shown_end: Short = "", shown_duration: Short = "", tags: Text = "") -> Response:  # fmt: skip
    """Saves the dialog's fields, or the row's edited in place (inline): there the duration
    counts when it is what was changed (the end follows from it), the end otherwise. "Tags"
    holds the entry's tags as a whole: what it adds and takes away is `edit --tag`/`--untag`."""
    from aostime.domain.tags import split_tags, tag_changes
    from aostime.services import tracking

    if not form_allowed(request, session, csrf):
        return redirect("/login")
    values = {"description": description, "notes": notes or "", "project": project, "task": task, "start": start,
              "end": end, "billable": billable, "version": version, "duration": duration,
              "shown_end": shown_end, "shown_duration": shown_duration, "tags": tags}  # fmt: skip
    by_duration = bool(inline) and duration.strip() != shown_duration and end == shown_end
    refused = _refused_times(session, start, end, duration if by_duration else "")
    entry = _entry_shown(session, entry_id)
    if isinstance(entry, Response):
        return entry
    try:
        if refused is not None:
            raise BadInput(refused[1])
        added, removed = tag_changes(entry.tags, split_tags(tags))  # both forms hold the field: empty is no tags
        tracking.edit_entry(session, str(entry_id), start=start or None, end=None if by_duration else end or None,
                            hours=duration if by_duration else None, project=project or None, task=task or None,
                            description=description, notes=notes, billable=billable,
                            if_version=version or None, tags=added, untag=removed)  # fmt: skip
    except Stale:
        current = tracking.get_entry(session, entry_id)
        said = _(
            "Someone changed this entry since you opened it: here it is as it is now. Your changes were not saved."
        )
        if inline:
            return _inline_row(session, current, _inline_values(current, session.zone), said, None, 409,
                               _into_row(entry_id))  # fmt: skip
        return _edit_page(session, current, _values(current, session.zone), said, 409, stale=True)
    except AosError as exc:
        field = refused[0] if refused else field_named(str(exc), ("start", "end", "task", "project"))
        field = "tags" if not refused and tags_refused(str(exc)) else field
        if inline:
            return _inline_row(session, entry, values, str(exc), field, 400, _into_row(entry_id))
        return _edit_page(session, entry, values, str(exc), 400, field=field)
    if inline:
        from aostime.server.web.pages import iso_week, week_page

        saved = tracking.get_entry(session, entry_id)
        return week_page(session, iso_week(saved.start.astimezone(session.zone).date()), of=str(saved.user_id),
                         saved=_("Saved “%(what)s”.", what=saved.description or _("entry")), focus=entry_id)  # fmt: skip
    return redirect("/time")


def _into_row(entry_id: int) -> dict[str, str]:
    """A refused in-place edit answers with the row itself, swapped where the row is (not the week)."""
    return {"HX-Retarget": f"#entry-{entry_id}", "HX-Reswap": "outerHTML", "HX-Reselect": f"#entry-{entry_id}"}


def _refused_times(session, start: str, end: str, duration: str) -> tuple[str, str] | None:
    """A start, end or duration the CLI would not read, refused beside its own field (a bare time
    of day is read against today here: only whether it reads counts, not where it lands)."""
    from aostime.domain.timeparse import parse_duration

    return refused_field((("start", lambda: start and session.time(start)), ("end", lambda: end and session.time(end)),
                          ("duration", lambda: duration and parse_duration(duration))))  # fmt: skip


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
         rate: Short = "", csrf: Short = "", tags: Text = "") -> Response:  # fmt: skip
    """The deleted entry back, as it was (its rate and tags too); a new id."""
    from aostime.domain.tags import split_tags
    from aostime.server.web.pages import week_page
    from aostime.services import tracking

    if not form_allowed(request, session, csrf):
        return redirect("/login")
    try:
        tracking.add_entry(session, project, task or None, start=start, end=end, description=description, notes=notes,
                           billable=billable, rate=rate or None, force=True, tags=split_tags(tags))  # fmt: skip
    except AosError as exc:
        return week_page(session, None, error=str(exc), status=400)
    return redirect("/time")
