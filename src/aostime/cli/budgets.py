"""aos budget: every budget and what is used of it; --send-alerts retries the unsent e-mails.
The body is aostime.commands.budget, which the fast path also calls."""

from typing import Annotated

import typer

from aostime import commands
from aostime.cli.options import JsonFlag, ProjectOpt


def budget(
    project: ProjectOpt = None,
    send_alerts: Annotated[
        bool, typer.Option("--send-alerts", help="E-mail the budget alerts that could not be sent yet.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Budgets with the hours and money used in their current period (set them with
    'aos project edit P --budget-hours H')."""
    code = commands.budget(**locals())  # every parameter by its name: they are the body's
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command()(budget)
