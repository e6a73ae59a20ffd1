"""aos budget: every budget and what is used of it; --send-alerts retries the unsent e-mails."""

import sys
from typing import Annotated

import typer

from aostime.cli.options import JsonFlag, ProjectOpt, session


def budget(
    project: ProjectOpt = None,
    send_alerts: Annotated[
        bool, typer.Option("--send-alerts", help="E-mail the budget alerts that could not be sent yet.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Budgets with the hours and money used in their current period (set them with
    'aos project edit P --budget-hours H')."""
    run = session()
    if send_alerts:
        from aostime.render.console import message, warn
        from aostime.services.budget_alerts import send_budget_alerts

        result = send_budget_alerts(run)
        if as_json:
            from aostime.render.json import write

            write({"sent": result.sent, "failed": list(result.failed)}, sys.stdout)
        else:
            message(f"Sent {result.sent} budget alert{'s' if result.sent != 1 else ''}")
            for line in result.failed:
                warn(f"not sent: {line}")
        if result.failed:
            raise typer.Exit(1)
        return
    from aostime.services.budgets import list_budgets

    usages = list_budgets(run, project)
    if as_json:
        from aostime.domain.documents import budgets_document
        from aostime.render.json import write

        write(budgets_document(usages), sys.stdout)
        return
    print_budgets(usages)


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
        style = "red" if usage.used >= usage.allowed else ("yellow" if usage.reached() else "")
        table.add_row(escape(budget.project_name), escape(budget.task_name or ""), escape(budget.user_name or ""),
                      "total" if budget.period == "total" else usage.period_key, allowed, used,
                      f"[{style}]{usage.percent}[/{style}]" if style else str(usage.percent),
                      f"{budget.alert_percent}%")  # fmt: skip
    out().print(table)


def register(app: typer.Typer) -> None:
    app.command()(budget)
