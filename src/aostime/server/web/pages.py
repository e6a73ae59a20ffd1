"""The pages of a signed-in member: the week of entries (/time, the home page)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from aostime.server.web.auth import with_session
from aostime.server.web.render import page, redirect

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
WEEK = r"^\d{4}-W\d{2}$"


@router.get("/")
def home(session: Signed) -> Response:
    return redirect("/time" if session is not None else "/login")


@router.get("/time")
def week(session: Signed, week: Annotated[str | None, Query(pattern=WEEK)] = None,
         member: Annotated[str | None, Query(max_length=200)] = None,
         focus: Annotated[int | None, Query(ge=1, le=2**53 - 1)] = None) -> Response:  # fmt: skip
    """A member's entries of one week, by day, with day and week totals per currency: one's own;
    a manager picks any member (?member=)."""
    from aostime.errors import Forbidden, NotFound

    if session is None:
        return redirect("/login")
    try:
        return week_page(session, week, of=member, focus=focus)
    except (Forbidden, NotFound) as exc:
        return page("error.html", 403 if isinstance(exc, Forbidden) else 404, message=str(exc).capitalize() + ".")


def week_page(session, week: str | None, error: str | None = None, status: int = 200, deleted=None,
              of: str | None = None, saved: str | None = None, focus: int | None = None) -> Response:  # fmt: skip
    """The week page; `saved` says what was just saved, `focus` names the entry whose "Edit"
    takes the focus (the row just edited in place)."""
    from aostime.server.web.timer_region import timer_region
    from aostime.services import access, listing

    monday = monday_of(week, session)
    whose = of or str(session.actor.user.id)
    if of is not None and of not in (str(session.actor.user.id), session.actor.user.name):
        access.require(session, "everyones_time")  # a member's lists hold her own time only
    entries = listing.list_entries(session, user=whose, since=monday.isoformat(),
                                   until=(monday + timedelta(days=6)).isoformat())  # fmt: skip
    members, shown = member_choice(session, whose)
    days = _by_day(entries, session, monday)
    return page("time.html", status, title="Time", member=session.actor.user, csrf=session.csrf, days=days,
                members=members, shown=shown,
                week=_totals(entries), timer=timer_region(session), error=error, deleted=_undo(deleted),
                saved=saved, focus=focus, this_week=iso_week(monday),
                previous=iso_week(monday - timedelta(days=7)), next=iso_week(monday + timedelta(days=7)),
                label=f"Week {monday.isocalendar().week}, {monday:%d %b} – {monday + timedelta(days=6):%d %b %Y}")  # fmt: skip


def member_choice(session, whose: str) -> tuple[list, Any]:
    """The members a manager may pick from (none for a member) and the one shown (id or name)."""
    from aostime.services import access, catalog

    members = catalog.list_records(session, "user") if access.sees_everyone(session) else []
    return members, next((m for m in members if str(m.id) == whose or m.name == whose), session.actor.user)


def monday_of(week: str | None, session) -> date:
    if week:
        year, number = week.split("-W")
        return date.fromisocalendar(int(year), max(1, min(int(number), 53)), 1)
    today = session.now.astimezone(session.zone).date()
    return today - timedelta(days=today.weekday())


def iso_week(day: date) -> str:
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def _by_day(entries, session, monday: date) -> list[dict[str, Any]]:
    from aostime.domain.timer import hours_minutes

    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        rows = [e for e in entries if e.start.astimezone(session.zone).date() == day]
        rows.sort(key=lambda e: e.start)
        days.append({"date": day, "label": f"{day:%A %d %B}", "rows": [_row(e, session) for e in rows],
                     "totals": _totals(rows), "duration": hours_minutes(sum(e.duration or 0 for e in rows))})  # fmt: skip
    return days


def _row(entry, session) -> dict[str, Any]:
    from aostime.domain.timer import hours_minutes
    from aostime.render.layout import money_in

    local = entry.start.astimezone(session.zone)
    end = entry.end.astimezone(session.zone) if entry.end else None
    return {
        "id": entry.id, "locked": bool(entry.invoiced),
        "description": entry.description, "project": entry.project_name, "task": entry.task_name or "",
        "span": f"{local:%H:%M}–{end:%H:%M}" if end else f"{local:%H:%M}–",
        "duration": hours_minutes(entry.duration or 0),
        "amount": money_in(entry.amount_cents, entry.currency),
        "invoiced": entry.invoice_number or ("invoiced" if entry.invoiced else ""),
    }  # fmt: skip


def _totals(entries) -> list[str]:
    """Amounts per currency, never added across currencies."""
    from aostime.render.layout import money_in

    sums: dict[str, int] = {}
    for entry in entries:
        if entry.amount_cents is not None:
            sums[entry.currency] = sums.get(entry.currency, 0) + entry.amount_cents
    return [money_in(cents, currency) for currency, cents in sorted(sums.items())]


def _undo(entry) -> dict[str, Any] | None:
    """What "Undo" sends back to put a deleted entry back as it was: its instants with their
    offset, its rate (not the rate of today)."""
    if entry is None:
        return None
    from aostime.domain.money import format_money

    return {"description": entry.description, "notes": entry.notes, "project": str(entry.project_id),
            "task": str(entry.task_id or ""), "start": entry.start.isoformat(), "end": entry.end.isoformat(),
            "billable": entry.billable, "rate": format_money(entry.hourly_rate_cents)}  # fmt: skip
