"""The dashboard (/dashboard; `/` for a signed-in person): this week at a glance. Hours per day,
billable and not, and the top projects are `aos report --period week --by day|project`'s figures
(one's own; a manager may ask for the team's, ?whose=team); the unbilled amount per currency and
the running timers are the use cases `unbilled_totals` and `running_timers` (a member's own, a
manager's whole team)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from aostime.server.web.auth import with_session
from aostime.server.web.language import N_, money, weekday_time
from aostime.server.web.language import day as shown_day
from aostime.server.web.render import guarded, page, redirect

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
TOP = 5  # projects shown
TOP_ALERTS = 10  # budgets past their alert shown


@router.get("/dashboard")
def dashboard_page(session: Signed, whose: Annotated[str, Query(pattern="^(mine|team)$")] = "mine") -> Response:
    if session is None:
        return redirect("/login")
    return guarded(lambda: _answer(session, whose))


def _answer(session, whose: str) -> Response:
    from aostime.domain.timeparse import zone_name
    from aostime.domain.timer import clock
    from aostime.server.web.budget_badges import budget_badges
    from aostime.server.web.timer_region import timer_region
    from aostime.services import access, reading, reporting
    from aostime.services.dashboard import running_timers, unbilled_totals

    if whose == "team":
        access.require(session, "everyones_time")
    user = None if whose == "team" else str(session.actor.user.id)
    with reading(session):
        by_day = reporting.make_report(session, by="day", period="week", user=user)
        by_project = reporting.make_report(session, by="project", period="week", user=user)
        unbilled = unbilled_totals(session)
        running = running_timers(session)
        badges = budget_badges(session)
    return page("dashboard.html", title=N_("Dashboard"), member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), whose=whose, team=access.sees_everyone(session),
                days=_days(by_day, session), projects=_top_projects(by_project, badges), badges=bool(badges),
                alerts=_past_alert(badges), zone=zone_name(session.zone),
                week=_sums(by_day), unbilled=[_money(u["cents"], u["currency"]) | {"duration": clock(u["seconds"]),
                                                                                    "entries": u["entries"]}
                                              for u in unbilled],
                running=[_running(e, session) for e in running])  # fmt: skip


def _days(report, session) -> list[dict[str, Any]]:
    """Each day of the week (the team's week_start), its hours billable and not, all currencies
    together (time adds up across currencies; money is not shown here)."""
    from aostime.domain.timer import clock

    first = report.start.astimezone(session.zone).date()
    days = []
    for offset in range(7):
        day = (first + timedelta(days=offset)).isoformat()
        rows = [r for r in report.rows if r["day"] == day]
        seconds = sum(r["seconds"] for r in rows)
        billable = sum(r["billable_seconds"] for r in rows)
        days.append({"label": shown_day(first + timedelta(days=offset), "short weekday day month"), "billable": clock(billable),
                     "other": clock(seconds - billable), "total": clock(seconds)})  # fmt: skip
    return days


def _sums(report) -> dict[str, str]:
    from aostime.domain.timer import clock

    seconds, billable = report.totals["seconds"], report.totals["billable_seconds"]
    return {"billable": clock(billable), "other": clock(seconds - billable), "total": clock(seconds)}


def _top_projects(report, badges: dict) -> list[dict[str, Any]]:
    """The projects with the most time this week, each row in its one currency, with its budget's badge."""
    from aostime.domain.timer import clock

    rows = sorted(report.rows, key=lambda r: (-r["seconds"], r["project_name"] or ""))[:TOP]
    return [{"name": report.project_labels.get(r["project_id"], r["project_name"]), "duration": clock(r["seconds"]),
             "badge": badges.get((r["project_id"], None, None)), **_money(r["cents"], r["currency"])}
            for r in rows]  # fmt: skip


def _past_alert(badges: dict) -> list:
    """The budgets used up, then those past their alert, the most used first (at most TOP_ALERTS)."""
    found = [b for b in badges.values() if b.state != "ok"]
    return sorted(found, key=lambda b: (b.state != "over", -b.percent, b.target))[:TOP_ALERTS]


def _money(cents: int, currency: str) -> dict[str, str]:

    return {"amount": money(cents, currency)}


def _running(entry, session) -> dict[str, Any]:
    from aostime.domain.timer import clock, elapsed

    seconds = elapsed(entry, session.now)
    return {"who": entry.user_name, "where": entry.project_name + (f" / {entry.task_name}" if entry.task_name else ""),
            "description": entry.description, "since": weekday_time(entry.start.astimezone(session.zone)),
            "seconds": seconds, "elapsed": clock(seconds)}  # fmt: skip
