"""The summary an import prints: a table for people, one JSON document with --json."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from aostime.money import hours
from aostime.shapes import money
from aostime.timeparse import show


def summary_document(summary, zone: tzinfo) -> dict[str, Any]:
    return {
        "format": summary.format,
        "path": summary.path,
        "dry_run": summary.dry_run,
        "entries": {"created": summary.created, "skipped": summary.skipped, "dropped": summary.dropped},
        "created": {
            "clients": summary.clients,
            "projects": summary.projects,
            "tasks": summary.tasks,
            "users": summary.users,
        },
        "settings": summary.settings,
        "running": [dict(r, start=show(r["start"], zone)) for r in summary.running],
        "total_duration": summary.seconds,
        "total_hours": hours(summary.seconds),
        "total_amount": money(summary.cents),
        "projects": [
            {
                "client_name": t.client,
                "project_name": t.project,
                "entries": t.entries,
                "duration": t.seconds,
                "hours": hours(t.seconds),
                "amount": money(t.cents),
            }
            for t in summary.totals.values()
        ],
        "warnings": summary.warnings,
    }


def print_summary(summary, zone: tzinfo) -> None:
    from rich.table import Table

    from aostime.money import format_money
    from aostime.render.console import out
    from aostime.render.tables import local

    console = out()
    would = "would be " if summary.dry_run else ""
    if summary.dry_run:
        console.print("Dry run: nothing was written.", markup=False)
    console.print(
        f"{summary.created} entr{'y' if summary.created == 1 else 'ies'} {would}imported from {summary.format} "
        f"({summary.path}); {summary.skipped} skipped (imported before)"
        + (f", {summary.dropped} left out (see warnings)" if summary.dropped else ""),
        markup=False,
    )
    for kind, names in (("client", summary.clients), ("project", summary.projects), ("task", summary.tasks),
                        ("user", summary.users), ("setting", summary.settings)):  # fmt: skip
        if names:
            plural = kind + ("s" if len(names) != 1 else "")
            console.print(f"{len(names)} {plural} {would}created: {', '.join(names)}", markup=False)
    for timer in summary.running:
        console.print(
            f"Running timer {would}started for {timer['user']}: {timer['project']} since {local(timer['start'], zone)}",
            markup=False,
        )
    if summary.totals:
        table = Table(header_style="bold", show_footer=True, footer_style="bold")
        table.add_column("Client", footer="Total")
        table.add_column("Project")
        table.add_column("Entries", justify="right", footer=str(sum(t.entries for t in summary.totals.values())))
        table.add_column("Hours", justify="right", footer=str(hours(summary.seconds)))
        table.add_column("Amount", justify="right", footer=format_money(summary.cents))
        for t in summary.totals.values():
            table.add_row(t.client, t.project, str(t.entries), str(hours(t.seconds)), format_money(t.cents))
        console.print(table)
