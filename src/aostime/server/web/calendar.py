"""The calendar (/calendar, a week or a day): a member's entries as blocks in her zone, each day
as long as it really is (domain.calendar). A block is dragged or moved with the arrow keys
(static/js/calendar.js) and saved by `edit`'s use case with the version it showed; Alt copies it
(`copy_entry`); a drag on empty time, or a day's "New entry" link, opens the form `add` saves.
Invoiced entries and a running timer do not move; every refusal is the CLI's own words."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.responses import Response

from aostime.errors import AosError, Forbidden, NotFound, Stale
from aostime.server.web.auth import form_allowed, with_session
from aostime.server.web.language import N_, day
from aostime.server.web.language import gettext as _
from aostime.server.web.pages import WEEK, day_length_note, iso_week, member_choice, monday_of, time_span
from aostime.server.web.render import guarded, page, redirect, sentence

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
Short = Annotated[str, Form(max_length=200)]
Text = Annotated[str, Form(max_length=10_000)]
DAY = r"^\d{4}-\d{2}-\d{2}$"


class Shown:
    """What the calendar shows: a week or a day, whose; from the query or the form that changed it."""

    def __init__(self, session, view: str, week: str | None, day: str | None, member: str | None) -> None:
        self.view = "day" if view == "day" else "week"
        self.member = member or None
        if self.view == "day":
            self.first = day_named(day) if day else session.now.astimezone(session.zone).date()
            self.days = [self.first]
        else:
            self.first = monday_of(week, session) if week or not day else monday_of(iso_week(day_named(day)), session)
            self.days = [self.first + timedelta(days=i) for i in range(7)]

    @property
    def week(self) -> str:
        return iso_week(self.first) if self.view == "week" else ""

    @property
    def day(self) -> str:
        return self.first.isoformat() if self.view == "day" else ""

    def query(self, **changed: Any) -> str:
        query = {"view": self.view, "member": self.member, "week": self.week, "day": self.day, **changed}
        return urlencode({k: v for k, v in query.items() if v})

    def url(self, **changed: Any) -> str:
        return "/calendar?" + self.query(**changed)


def day_named(text: str) -> date:
    from aostime.errors import BadInput

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"there is no day {text}: give one such as 2026-03-02") from None


@router.get("/calendar")
def calendar_page(session: Signed, view: Annotated[str, Query(pattern="^(week|day)$")] = "week",
                  week: Annotated[str | None, Query(pattern=WEEK)] = None,
                  day: Annotated[str | None, Query(pattern=DAY)] = None,
                  member: Annotated[str | None, Query(max_length=200)] = None,
                  focus: Annotated[int | None, Query(ge=1, le=2**53 - 1)] = None) -> Response:  # fmt: skip
    if session is None:
        return redirect("/login")
    return guarded_page(lambda: _answer(session, Shown(session, view, week, day, member), focus=focus))


def guarded_page(act) -> Response:
    from aostime.errors import BadInput

    try:
        return guarded(act)
    except BadInput as exc:
        return page("error.html", 400, message=sentence(exc), signed_in=True)


def _answer(session, shown: Shown, status: int = 200, said: str | None = None, error: str | None = None,
            focus: int | None = None) -> Response:  # fmt: skip
    from aostime.domain.calendar import lay_out
    from aostime.domain.timeparse import zone_name
    from aostime.server.web.timer_region import timer_region
    from aostime.services import access, listing, reading

    me = session.actor.user
    whose = shown.member or str(me.id)
    if shown.member is not None and shown.member not in (str(me.id), me.name):
        access.require(session, "everyones_time")  # a member's calendar holds her own time only
    since, until = shown.days[0] - timedelta(days=1), shown.days[-1]  # an entry begun the night before shows too
    from aostime.services.entry_guard import closed

    with reading(session):
        entries = listing.list_entries(session, user=whose, since=since.isoformat(), until=until.isoformat())
        shut = closed(session, entries)
    members, person = member_choice(session, whose)
    laid_out = lay_out(shown.days, session.zone, entries, session.now)
    days = [_day_shown(d, session, shown, shut) for d in laid_out]
    step = timedelta(days=1 if shown.view == "day" else 7)
    return page("calendar.html", status, title=N_("Calendar"), member=me, csrf=session.csrf, timer=timer_region(session),
                days=days, shown=shown, person=person, members=members, said=said, error=error, focus=focus,
                snap=int(session.setting("calendar_snap")), zone=zone_name(session.zone),
                axis=next((d["hours"] for d in days if d["minutes"] == 1440), days[0]["hours"]),
                axis_minutes=max(d["minutes"] for d in days),
                previous=shown.url(**_anchor(shown, shown.first - step)),
                next=shown.url(**_anchor(shown, shown.first + step)),
                today=shown.url(week=None, day=None), other_view=_other_view(shown))  # fmt: skip


def _anchor(shown: Shown, first: date) -> dict[str, str]:
    return {"week": iso_week(first)} if shown.view == "week" else {"day": first.isoformat()}


def _other_view(shown: Shown) -> dict[str, str]:
    if shown.view == "week":
        return {"label": "Day", "url": shown.url(view="day", week=None, day=shown.first.isoformat())}
    return {"label": "Week", "url": shown.url(view="week", day=None, week=iso_week(shown.first))}


def _day_shown(laid, session, shown: Shown, shut: dict[int, str]) -> dict[str, Any]:
    label = day(laid.day, "weekday day month")
    return {"date": laid.day.isoformat(), "label": label, "heading": label + day_length_note(laid.day, session.zone),
            "start_ms": int(laid.start.timestamp() * 1000), "minutes": laid.minutes, "hours": laid.hours,
            "url": shown.url(view="day", week=None, day=laid.day.isoformat()),
            "blocks": [_block(b, session, shut.get(b.entry.id)) for b in laid.blocks]}  # fmt: skip


def _block(block, session, closed_by: str | None) -> dict[str, Any]:
    """A block as the calendar draws it; `closed_by`: the refusal the lock or an approved week
    gives a change of its entry (the block says "locked" and a move is refused in those words)."""
    from aostime.domain.versions import version_of

    entry = block.entry
    locked = "running" if entry.end is None else ""
    if entry.invoiced:
        locked = f"invoiced{' ' + entry.invoice_number if entry.invoice_number else ''}, locked"
    note = locked
    if closed_by and not entry.invoiced:
        locked, note = closed_by, "locked"
    where = entry.project_name + (f" / {entry.task_name}" if entry.task_name else "")
    notes = [n for n in (note, "overlaps another entry" if block.lanes > 1 else "") if n]
    return {"id": entry.id, "version": version_of(entry), "top": block.top, "length": block.length,
            "lane": block.lane, "lanes": block.lanes, "before": block.before, "after": block.after,
            "start_ms": int(entry.start.timestamp() * 1000),
            "end_ms": int(entry.end.timestamp() * 1000) if entry.end else "",
            "span": time_span(entry, session.zone), "description": entry.description or "(no description)",
            "where": where, "notes": ", ".join(notes), "locked": locked, "tags": ", ".join(entry.tags)}  # fmt: skip


def view_of(session, view: str, week: str, day: str, member: str) -> Shown:
    """The calendar the form was sent from (its hidden fields), to show again after the change."""
    import re

    return Shown(session, view, week if re.match(WEEK, week) else None, day if re.match(DAY, day) else None,
                 member or None)  # fmt: skip


def _changed(request: Request, session, csrf: str, shown_as, change) -> Response:
    """Runs one change (a move or a copy) and answers with the calendar as it is after it, the
    entry to focus and what was done; a refusal answers with the calendar unchanged."""
    if not form_allowed(request, session, csrf):
        return redirect("/login")

    def act() -> Response:
        shown = shown_as()
        try:
            said, focus = change()
        except Stale:
            said = _(
                "Someone changed this entry since the calendar showed it: here it is as it is now. Nothing was saved."
            )
            return _answer(session, shown, 409, error=said)
        except (Forbidden, NotFound):
            raise
        except AosError as exc:
            return _answer(session, shown, 409 if exc.exit_code == 1 else 400, error=sentence(exc))
        return _answer(session, shown, said=said, focus=focus)

    return guarded_page(act)


def _where_now(saved, session) -> str:
    local = saved.entry.start.astimezone(session.zone)
    return f"{day(local, 'short weekday day month')} {time_span(saved.entry, session.zone)}"


@router.post("/calendar/{entry_id:int}/move")
def move(request: Request, session: Signed, entry_id: int, start: Short = "", end: Short = "", day: Short = "",
         version: Short = "", csrf: Short = "", view: Short = "week", week: Short = "", shown_day: Short = "",
         member: Short = "") -> Response:  # fmt: skip
    """Moves or resizes an entry: its new start and end (instants), or the day it moves to
    keeping its times of day; only from the version the calendar showed."""
    from aostime.services import tracking

    def change():
        saved = tracking.edit_entry(session, str(entry_id), start=start or None, end=end or None, date=day or None,
                                    if_version=version or None)  # fmt: skip
        return _(
            "Moved “%(what)s” to %(when)s.", what=saved.entry.description or _("entry"), when=_where_now(saved, session)
        ), entry_id

    return _changed(request, session, csrf, lambda: view_of(session, view, week, shown_day, member), change)


@router.post("/calendar/{entry_id:int}/copy")
def copy(request: Request, session: Signed, entry_id: int, start: Short = "", end: Short = "", day: Short = "",
         csrf: Short = "", view: Short = "week", week: Short = "", shown_day: Short = "",
         member: Short = "") -> Response:  # fmt: skip
    """A copy of the entry at other times (or on another day at its times of day)."""
    from aostime.services import tracking

    def change():
        saved = tracking.copy_entry(session, str(entry_id), start=start or None, end=end or None, date=day or None)
        return _(
            "Copied “%(what)s” to %(when)s.",
            what=saved.entry.description or _("entry"),
            when=_where_now(saved, session),
        ), saved.entry.id

    return _changed(request, session, csrf, lambda: view_of(session, view, week, shown_day, member), change)
