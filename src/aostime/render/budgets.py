"""The table of `aos budget`."""

from __future__ import annotations


def print_budgets(usages: list) -> None:
    from rich.markup import escape

    from aostime.domain.money import hours
    from aostime.render.console import message, out
    from aostime.render.layout import figure, money_in, new_table, text

    if not usages:
        message("No budgets; 'aos project edit P --budget-hours H' sets one")
        return
    table = new_table()
    for header in ("Project", "Task", "Member", "Period"):
        text(table, header)
    for header in ("Budget", "Used", "%", "Alert at"):
        figure(table, header)
    for usage in usages:
        budget = usage.budget
        if budget.budget_seconds is not None:
            allowed, used = f"{hours(budget.budget_seconds)} h", f"{hours(usage.seconds)} h"
        else:
            allowed, used = money_in(budget.budget_cents, budget.currency), money_in(usage.cents, budget.currency)
        style = {"over": "red", "alert": "yellow"}.get(usage.state, "")
        table.add_row(escape(budget.project_name), escape(budget.task_name or ""), escape(budget.user_name or ""),
                      "total" if budget.period == "total" else usage.period_key, allowed, used,
                      f"[{style}]{usage.percent}[/{style}]" if style else str(usage.percent),
                      f"{budget.alert_percent}%")  # fmt: skip
    out().print(table)
