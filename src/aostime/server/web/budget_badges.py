"""Budget badges: what is used of a budget, shown wherever the web app names its project (the
clients table, a project's or task's page, the timesheet's rows, the dashboard). The figures are
`aos budget`'s (services.budgets.list_budgets, one report GROUP BY per kind and period for the
whole page), so they are the report's to the cent; who may not list budgets (a member, as in
Harvest by default) sees no badge rather than a refusal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from aostime.server.web.language import gettext as _
from aostime.server.web.language import money, number

# a badge's meter runs 0-100 (%): its value is capped there and its "low" mark is the alert
# threshold (its "high" mark, just below the top, is _budget.html's)
METER_TOP = 100


class Badge(NamedTuple):
    project_id: int
    task_id: int | None
    user_id: int | None
    target: str  # "Website / Design (ann)"
    text: str  # "12.50 h of 40.00 h (31.25 %)"
    state: str  # ok | alert | over (domain.budgets.Usage.state)
    warning: str  # what the state says in words ("" when ok): colour is never the only sign
    percent: Decimal  # of the budget used, as `aos budget` gives it (150.00 past the budget)
    value: float  # the meter's: percent, capped at METER_TOP
    low: int  # the meter's: the alert threshold, capped at METER_TOP


def budget_badges(session, project_id: int | None = None) -> dict[tuple[int, int | None, int | None], Badge]:
    """Every budget's badge (or one project's) by (project id, task id, member id); empty for
    whoever may not list budgets."""
    from aostime.services import access
    from aostime.services.budgets import list_budgets

    if not access.sees_everyone(session):
        return {}
    found = list_budgets(session, None if project_id is None else str(project_id))
    return {(u.budget.project_id, u.budget.task_id, u.budget.user_id): badge(u) for u in found}


def entry_badge(session, entry) -> Badge | None:
    """The badge of the narrowest budget one entry counts against (row_badge), its project's
    budgets alone computed: the timer's region shows it on every page, so it may not cost a
    GROUP BY over every project."""
    return row_badge(budget_badges(session, entry.project_id), entry.project_id, entry.task_id, entry.user_id)


def badge(usage) -> Badge:
    from aostime.domain.money import hours

    budget = usage.budget
    if budget.budget_seconds is not None:
        used, allowed = (
            _("%(hours)s h", hours=number(hours(usage.seconds))),
            _("%(hours)s h", hours=number(hours(budget.budget_seconds))),
        )
    else:
        used, allowed = money(usage.cents, budget.currency), money(budget.budget_cents, budget.currency)
    percent = number(usage.percent)
    if budget.period == "month":
        text = _("%(used)s of %(allowed)s in %(month)s (%(percent)s %%)", used=used, allowed=allowed,
                 month=usage.period_key, percent=percent)  # fmt: skip
    else:
        text = _("%(used)s of %(allowed)s (%(percent)s %%)", used=used, allowed=allowed, percent=percent)
    warning = {
        "over": _("over budget"),
        "alert": _("past the alert at %(alert)s %%", alert=budget.alert_percent),
    }.get(usage.state, "")
    return Badge(budget.project_id, budget.task_id, budget.user_id, budget.target(), text, usage.state, warning,
                 usage.percent, float(min(usage.percent, METER_TOP)), min(budget.alert_percent, METER_TOP))  # fmt: skip


def row_badge(badges: dict, project_id: int, task_id: int | None, user_id: int | None) -> Badge | None:
    """The badge a row of one member's time on a project or task shows: the task's budget, else
    that member's on the project, else the project's (the narrowest budget the time counts against)."""
    return next((badges[key] for key in _narrowest(project_id, task_id, user_id) if key in badges), None)


def _narrowest(project_id: int, task_id: int | None, user_id: int | None) -> list[tuple]:
    """The keys of the budgets a member's time on a project or task counts against, narrowest first."""
    keys = [(project_id, task_id, None)] if task_id is not None else []
    return [*keys, (project_id, None, user_id), (project_id, None, None)]


def budget_section(session, kind: str, record, typed: dict[str, str] | None) -> dict[str, Any] | None:
    """What the page's budget section shows: None on a client's page; `typed` is the form as sent
    and its refusal ("error") when it was refused."""
    from aostime.services import catalog

    if kind not in ("project", "task"):
        return None
    project_id = record.id if kind == "project" else record.project_id
    badges = budget_badges(session, project_id).values()  # the page's one project, not every project's
    shown = [b for b in badges if kind == "project" or b.task_id == record.id]
    members = catalog.list_records(session, "user") if kind == "project" else []
    return {"badges": shown, "members": members, "typed": typed or {}}
