"""The summary an import prints: a table for people, one JSON document with --json."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from aostime.domain.documents import currency_totals, money
from aostime.domain.money import hours
from aostime.domain.timeparse import show


def _sums(summary):
    """The imported entries' count, seconds and cents per currency (never one mixed sum)."""
    from aostime.domain.documents import entry_sums

    sums = entry_sums(())
    for t in summary.totals.values():
        sums.add(t.currency, count=t.entries, seconds=t.seconds, cents=t.cents)
    return sums


def summary_document(summary, zone: tzinfo) -> dict[str, Any]:
    sums = _sums(summary)
    return {
        "format": summary.format,
        "path": summary.path,
        "dry_run": summary.dry_run,
        "entries": {
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "skipped": summary.skipped,
            "dropped": summary.dropped,
        },
        "removed": {  # entries imported from this file before that it no longer holds (services/removed.py)
            "count": len(summary.removed),
            "deleted": summary.pruned,
            "entries": [dict(r, start=show(r["start"], zone), end=show(r["end"], zone)) for r in summary.removed],
        },
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
        "total_amount": money(sums.overall()["cents"]),
        "totals_by_currency": currency_totals(sums),
        "projects": [
            {
                "client_name": t.client,
                "project_name": t.project,
                "entries": t.entries,
                "duration": t.seconds,
                "hours": hours(t.seconds),
                "amount": money(t.cents),
                "currency": t.currency,
            }
            for t in summary.totals.values()
        ],
        "warnings": summary.warnings,
    }


def print_summary(summary, zone: tzinfo) -> None:

    from aostime.render.console import out
    from aostime.render.tables import local

    console = out()
    would = "would be " if summary.dry_run else ""
    if summary.dry_run:
        console.print("Dry run: nothing was written.", markup=False)
    console.print(
        f"{summary.created} entr{'y' if summary.created == 1 else 'ies'} {would}imported from {summary.format} "
        f"({summary.path}); {summary.updated} {would}updated, {summary.unchanged} unchanged (imported before)"
        + (f", {summary.skipped} skipped" if summary.skipped else "")
        + (f", {summary.dropped} left out (see warnings)" if summary.dropped else ""),
        markup=False,
    )
    for kind, names in (("client", summary.clients), ("project", summary.projects), ("task", summary.tasks),
                        ("user", summary.users), ("setting", summary.settings)):  # fmt: skip
        if names:
            plural = kind + ("s" if len(names) != 1 else "")
            console.print(f"{len(names)} {plural} {would}created: {', '.join(names)}", markup=False)
    _print_removed(console, summary, zone)
    for timer in summary.running:
        console.print(
            f"Running timer {would}started for {timer['user']}: {timer['project']} since {local(timer['start'], zone)}",
            markup=False,
        )
    if summary.totals:
        from aostime.render.layout import figure, money_in, new_table, text, total_label

        table = new_table()
        text(table, "Client")
        text(table, "Project")
        for header in ("Entries", "Hours", "Amount"):
            figure(table, header)
        for t in summary.totals.values():
            table.add_row(t.client, t.project, str(t.entries), str(hours(t.seconds)), money_in(t.cents, t.currency))
        table.rows[-1].end_section = True
        for currency, sums in _sums(summary).per_currency():  # one total per currency
            table.add_row(total_label(currency), "", str(sums["count"]),
                          str(hours(sums["seconds"])), f"[bold]{money_in(sums['cents'], currency)}[/bold]")  # fmt: skip
        console.print(table)


def _print_removed(console, summary, zone: tzinfo) -> None:
    """The entries of the file's scope it no longer holds: deleted (--prune), or kept and why."""
    from aostime.render.tables import local

    if not summary.removed:
        return
    would = "would be " if summary.dry_run else ""
    count = len(summary.removed)
    console.print(f"{count} entr{'y' if count == 1 else 'ies'} imported from this file before "
                  f"{'is' if count == 1 else 'are'} no longer in it (removed from the source):", markup=False)  # fmt: skip
    for r in summary.removed:
        if r["deleted"]:
            fate = f"{would}deleted"
        elif r["kept_because"] == "invoiced":
            fate = "kept: invoiced"
        else:
            fate = "kept (--prune deletes it)"
        text = f": {r['description']}" if r["description"] else ""
        console.print(f"  #{r['entry_id']} {local(r['start'], zone)} - {local(r['end'], zone)} {r['project']}{text}"
                      f" ({fate})", markup=False)  # fmt: skip
