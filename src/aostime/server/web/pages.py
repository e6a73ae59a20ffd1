"""The pages of a signed-in member: the week of entries (/time, the home page)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from aostime.server.web.auth import with_session
from aostime.server.web.language import N_, money, week_label
from aostime.server.web.language import day as shown_day
from aostime.server.web.language import gettext as _
from aostime.server.web.render import page, redirect, sentence

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
WEEK = r"^\d{4}-W\d{2}$"


@router.get("/")
def home(session: Signed) -> Response:
    return redirect("/dashboard" if session is not None else "/login")


@router.get("/time")
def week(session: Signed, week: Annotated[str | None, Query(pattern=WEEK)] = None,
         member: Annotated[str | None, Query(max_length=200)] = None,
         focus: Annotated[int | None, Query(ge=1, le=2**53 - 1)] = None) -> Response:  # fmt: skip
    """A member's entries of one week, by day, with day and week totals per currency: one's own;
    a manager picks any member (?member=)."""
    from aostime.errors import BadInput, Forbidden, NotFound

    if session is None:
        return redirect("/login")
    try:
        return week_page(session, week, of=member, focus=focus)
    except (Forbidden, NotFound, BadInput) as exc:
        status = 403 if isinstance(exc, Forbidden) else 404 if isinstance(exc, NotFound) else 400
        return page("error.html", status, message=sentence(exc), signed_in=True)


def week_page(session, week: str | None, error: str | None = None, status: int = 200, deleted=None,
              of: str | None = None, saved: str | None = None, focus: int | None = None) -> Response:  # fmt: skip
    """The week's rows are `aos list`'s entries; its day and week totals are `aos report --by day`'s
    (a running timer counted up to now), both read in one snapshot, in the session's zone. `saved`
    says what was just saved, `focus` names the entry whose "Edit" takes the focus (the row just
    edited in place)."""
    from aostime.domain.timeparse import zone_name
    from aostime.server.web.timer_region import timer_region
    from aostime.services import access, listing, reading, reporting

    monday = monday_of(week, session)
    whose = of or str(session.actor.user.id)
    if of is not None and of not in (str(session.actor.user.id), session.actor.user.name):
        access.require(session, "everyones_time")  # a member's lists hold her own time only
    since, until = monday.isoformat(), (monday + timedelta(days=6)).isoformat()
    from aostime.server.web.week_approval import week_approval
    from aostime.services.entry_guard import closed

    with reading(session):
        entries = listing.list_entries(session, user=whose, since=since, until=until)
        report = reporting.make_report(session, by="day", since=since, until=until, user=whose)
        shut = closed(session, entries)
    members, shown = member_choice(session, whose)
    days = _by_day(entries, report, session, monday, shut)
    return page("time.html", status, title=N_("Time"), member=session.actor.user, csrf=session.csrf, days=days,
                members=members, shown=shown,
                week=_figures(report.totals["seconds"], report.totals_by_currency), timer=timer_region(session),
                error=error, deleted=_undo(deleted), saved=saved, focus=focus, this_week=iso_week(monday),
                approval=week_approval(session, shown, iso_week(monday)),
                previous=iso_week(monday - timedelta(days=7)), next=iso_week(monday + timedelta(days=7)),
                label=week_label(monday) + _(", times in %(zone)s", zone=zone_name(session.zone)))  # fmt: skip


def member_choice(session, whose: str) -> tuple[list, Any]:
    """The members a manager may pick from (none for a member) and the one shown (id or name)."""
    from aostime.services import access, catalog

    members = catalog.list_records(session, "user") if access.sees_everyone(session) else []
    return members, next((m for m in members if str(m.id) == whose or m.name == whose), session.actor.user)


def monday_of(week: str | None, session) -> date:
    if week:
        from aostime.errors import BadInput

        year, number = week.split("-W")
        try:
            monday = date.fromisocalendar(int(year), int(number), 1)
            monday - timedelta(days=7), monday + timedelta(days=13)  # its neighbours and its Sunday exist too
        except (ValueError, OverflowError):
            raise BadInput(f"there is no week {week} (a year has 52 or 53 weeks): give one such as 2026-W13") from None
        return monday
    today = session.now.astimezone(session.zone).date()
    return today - timedelta(days=today.weekday())


def iso_week(day: date) -> str:
    year, number, _weekday = day.isocalendar()
    return f"{year}-W{number:02d}"


def _by_day(entries, report, session, monday: date, shut: dict[int, str]) -> list[dict[str, Any]]:
    """Each day's rows (an entry on the day it counts on, as the report counts it) and figures."""
    from aostime.domain.reports import day_of

    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        rows = sorted((e for e in entries if day_of(e.start, session.zone) == day), key=lambda e: e.start)
        figures = [row for row in report.rows if row["day"] == day.isoformat()]  # one row per currency
        days.append({
            "date": day, "label": shown_day(day, "weekday day month") + day_length_note(day, session.zone),
            "rows": [_row(e, session, shut.get(e.id)) for e in rows],
            **_figures(sum(row["seconds"] for row in figures), [(row["currency"], row) for row in figures]),
        })  # fmt: skip
    return days


def day_length_note(day: date, zone) -> str:
    """A day the clocks change says how long it is: " (23 hours)", " (25 hours)"."""
    from aostime.domain.timeparse import day_start

    hours = (day_start(day + timedelta(days=1), zone) - day_start(day, zone)).total_seconds() / 3600
    return "" if hours == 24 else " " + _("(%(hours)s hours)", hours=format(hours, "g"))


def _row(entry, session, closed_why: str | None = None) -> dict[str, Any]:
    from aostime.domain.timer import amount_so_far, clock, elapsed

    running = entry.end is None
    cents = amount_so_far(entry, session.now) if running else entry.amount_cents
    return {
        "id": entry.id, "locked": bool(entry.invoiced) or closed_why is not None, "closed_why": closed_why,
        "description": entry.description, "project": entry.project_name, "task": entry.task_name or "",
        "tags": entry.tags, "span": time_span(entry, session.zone),
        "duration": clock(elapsed(entry, session.now) if running else entry.duration or 0),
        "amount": money(cents, entry.currency),
        "invoiced": entry.invoice_number or (_("invoiced") if entry.invoiced else ""),
    }  # fmt: skip


def time_span(entry, zone) -> str:
    """Start–end in local time; with their offsets when the offset changed in between, or when a
    wall time occurs twice that night (02:30 before and after the clocks go back)."""
    from aostime.domain.timeparse import repeated

    start = entry.start.astimezone(zone)
    end = entry.end.astimezone(zone) if entry.end else None
    marked = any(repeated(t) for t in (start, end) if t) or (end is not None and end.utcoffset() != start.utcoffset())
    shown = [f"{t:%H:%M}" + (f" {t.isoformat(timespec='minutes')[-6:]}" if marked else "") for t in (start, end) if t]
    return "–".join(shown) if end else shown[0] + "–" + _("now")


def _figures(seconds: int, by_currency) -> dict[str, Any]:
    """A day's or the week's time (H:MM:SS) and its amounts per currency, never added across
    currencies: the report's figures as they are."""
    from aostime.domain.timer import clock

    ordered = sorted(by_currency, key=lambda pair: pair[0])
    return {
        "duration": clock(seconds),
        "totals": [money(figures["cents"], currency) for currency, figures in ordered],
    }


def _undo(entry) -> dict[str, Any] | None:
    """What "Undo" sends back to put a deleted entry back as it was: its instants with their
    offset, its rate (not the rate of today). A running timer deleted has no end to put back:
    none (as "Discard")."""
    if entry is None or entry.end is None:
        return None
    from aostime.domain.money import format_money

    return {"description": entry.description, "notes": entry.notes, "project": str(entry.project_id),
            "task": str(entry.task_id or ""), "start": entry.start.isoformat(), "end": entry.end.isoformat(),
            "billable": entry.billable, "rate": format_money(entry.hourly_rate_cents),
            "tags": ", ".join(entry.tags)}  # fmt: skip
