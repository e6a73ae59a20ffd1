"""Budgets: set on a project, a task or a member of a project (aos project|task edit --budget-*), and
what is used of each (aos budget). The used figures are the report's own sums (store.report_rows,
the GROUP BY `aos report` runs) over the budget's entries and period: running timers count up to
now, as they do in a report, so `aos budget` and `aos report` agree to the cent and second."""

from __future__ import annotations

from datetime import datetime, tzinfo

from aostime.domain import budgets
from aostime.domain.budgets import Budget, Usage
from aostime.errors import BadInput, NotFound
from aostime.services import Session, access, resolve
from aostime.services.declared import use_case

# the report grouping that gives each kind of budget its figures, keyed by the budget's target
GROUPING = {"project": ["project"], "task": ["task"], "member": ["project", "user"]}


def team_zone() -> tzinfo:
    """The zone a month budget's months are counted in: the team's, which is the zone of the
    machine keeping the books (the server's, or this machine's TZ for a database opened
    directly), whoever is asking and from wherever: a month must begin at one instant for all."""
    from aostime.domain.timeparse import local_zone

    return local_zone()


@use_case(needs="edit_catalog", writes=True)
def set_budget(
    session: Session, project: str | None, task: str | None = None, member: str | None = None,
    hours: str | None = None, amount: str | None = None, period: str | None = None, alert: str | None = None,
    remove: bool = False,
) -> Budget:  # fmt: skip
    """Set (or with `remove`, remove) the budget of a project, of one of its tasks (a task id
    alone names its project), or of one member's time on it; returns the budget set or removed.
    Changing the period or alert alone keeps the budget's figure; hours replace an amount and the
    other way round. The removed budget's alerts go with it."""
    if hours is not None and amount is not None:
        raise BadInput("give either --budget-hours or --budget-amount, not both")
    if remove and (hours, amount, period, alert) != (None, None, None, None):
        raise BadInput("--no-budget removes the budget: give it without --budget-hours, --budget-amount, "
                       "--budget-period or --budget-alert")  # fmt: skip
    if task is not None and member is not None:
        raise BadInput("a member's budget covers their time on a whole project: give --budget-member on "
                       "'aos project edit', not on a task")  # fmt: skip
    seconds = budgets.parse_hours(hours) if hours is not None else None
    cents = budgets.parse_amount(amount) if amount is not None else None
    new_period = budgets.parse_period(period) if period is not None else None
    new_alert = budgets.parse_alert(alert) if alert is not None else None
    access.require(session, "edit_catalog", writes=True)
    with session.store.transaction() as store:
        if project is None:
            if task is None:
                raise BadInput("which project? give the project (or the task) whose budget to set")
            task_record = resolve(session, "task", task)
            project_record = resolve(session, "project", str(task_record.project_id))
        else:
            project_record = resolve(session, "project", project)
            task_record = resolve(session, "task", task, project_record.id) if task is not None else None
        task_id = task_record.id if task_record is not None else None
        user_id = resolve(session, "user", member).id if member is not None else None
        old = store.find_budget(project_record.id, task_id, user_id)
        if remove:
            if old is None:
                raise NotFound(f"{_what(project_record.name, task, member)} has no budget")
            store.delete_budget(old.id)
            return old
        if old is None and seconds is None and cents is None:
            raise BadInput(f"{_what(project_record.name, task, member)} has no budget yet: "
                           "give --budget-hours H or --budget-amount A")  # fmt: skip
        if old is not None and seconds is None and cents is None:
            seconds, cents = old.budget_seconds, old.budget_cents
        values = {
            "period": new_period or (old.period if old else "total"), "budget_seconds": seconds,
            "budget_cents": cents,
            "alert_percent": new_alert or (old.alert_percent if old else budgets.DEFAULT_ALERT_PERCENT),
        }  # fmt: skip
        store.save_budget(project_record.id, task_id, user_id, values, session.now)
        return store.find_budget(project_record.id, task_id, user_id)


def _what(project: str, task: str | None, member: str | None) -> str:
    return f"project {project!r}" + (f", task {task!r}" if task else "") + (f", member {member!r}" if member else "")


@use_case(needs="everyones_time")
def list_budgets(session: Session, project: str | None = None) -> list[Usage]:
    """Every budget (or a project's) with what is used of it in its current period."""
    access.require(session, "everyones_time")
    with session.store.snapshot() as store:
        project_id = resolve(session, "project", project).id if project is not None else None
        return usages(store, store.list_budgets(project_id), session.now, team_zone())


def usages(store, found: list[Budget], now: datetime, zone: tzinfo, month: str | None = None) -> list[Usage]:
    """What is used of each budget in its period containing `now` (a month budget: in `month`,
    "2026-11", when given; running timers count up to `now` either way): one report GROUP BY per
    kind of target and period among them (at most six, whatever the number of budgets)."""
    from aostime.domain.reports import period_bounds

    in_month = now
    if month is not None:  # an instant inside that month in the team's zone gives its bounds
        in_month = datetime(int(month[:4]), int(month[5:7]), 15, 12, tzinfo=zone)

    groups: dict[tuple[str, str], list[Budget]] = {}
    for budget in found:
        groups.setdefault((_kind(budget), budget.period), []).append(budget)
    figures: dict[tuple, tuple[int, int]] = {}
    for (kind, period), members in groups.items():
        filters: dict = {}
        if period == "month":
            filters["start_from"], filters["start_before"] = period_bounds("month", in_month, zone, 0)
        projects = {b.project_id for b in members}
        if len(projects) == 1:  # one project's entries only: its part of the covering index
            filters["project_id"] = next(iter(projects))
        fields = GROUPING[kind]
        n = len(fields)
        for row in store.report_rows(fields, 0, filters, now, zone):
            # row: the fields' keys, project id, seconds, billable seconds, cents, ... (ReportsSql)
            figures[(kind, period, *row[:n])] = (row[n + 1], row[n + 3])
    return [Usage(b, *figures.get(_key(b), (0, 0)), budgets.period_key(b.period, in_month, zone)) for b in found]


def _kind(budget: Budget) -> str:
    if budget.user_id is not None:
        return "member"
    return "task" if budget.task_id is not None else "project"


def _key(budget: Budget) -> tuple:
    kind = _kind(budget)
    if kind == "member":
        return (kind, budget.period, budget.project_id, budget.user_id)
    return (kind, budget.period, budget.task_id if kind == "task" else budget.project_id)
