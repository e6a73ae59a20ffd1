"""A report as the reports page's table shows it: a row per group and currency, one total per
currency (money of two currencies is never added; their hours are, as `aos report` adds them).
Times are H:MM:SS of the report's seconds, money the amounts every page shows (render.layout)."""

from __future__ import annotations

from datetime import date
from typing import Any

from aostime.server.web.language import N_, day, money
from aostime.server.web.language import gettext as _

HEADINGS = {"client": N_("Client"), "project": N_("Project"), "task": N_("Task"), "user": N_("Member"),
            "tag": N_("Tag"), "day": N_("Day"), "week": N_("Week"), "month": N_("Month"), "year": N_("Year")}  # fmt: skip


def report_view(report, zone) -> dict[str, Any]:
    from aostime.domain.timeparse import zone_name

    currencies = {row["currency"] for row in report.rows}
    rows = []
    for row in report.rows:
        labels = [_label(row, field, report.project_labels) for field in report.group_by]
        name = " / ".join(labels) + (f" ({row['currency']})" if len(currencies) > 1 else "")
        rows.append({"labels": labels, "name": name, **_figures(row, row["currency"])})
    totals = [{"label": _("Total %(currency)s", currency=currency or "").strip(), **_figures(figures, currency)}
              for currency, figures in report.totals_by_currency]  # fmt: skip
    if len(report.totals_by_currency) > 1:
        totals.append({"label": _("All currencies"), **_figures(report.totals, None), "amount": "—", "unbilled": "—"})
    return {"headings": [_(HEADINGS[field]) for field in report.group_by], "rows": rows, "totals": totals,
            "running": bool(report.totals["running"]), "zone": zone_name(zone), "overlap": "tag" in report.group_by,
            "span": _span(report, zone)}  # fmt: skip


def _label(row: dict, field: str, project_labels: dict) -> str:
    """A group's label as `aos report` shows it; a week is named by its ISO week when it starts
    on a Monday (2026-W10), else by its first day."""
    from aostime.render.reports import group_label

    if field == "week" and row.get("week"):
        first = date.fromisoformat(row["week"])
        if first.weekday() == 0:
            year, number, _weekday = first.isocalendar()
            return f"{year}-W{number:02d}"
        return _("week of %(day)s", day=first.isoformat())
    if field == "day" and row.get("day"):
        return f"{date.fromisoformat(row['day']):%a} {row['day']}"
    return group_label(row, field, project_labels)


def _figures(figures: dict, currency: str | None) -> dict[str, Any]:
    from aostime.domain.timer import clock

    return {"seconds": figures["seconds"], "hours": clock(figures["seconds"]),
            "billable": clock(figures["billable_seconds"]), "amount": money(figures["cents"], currency, "—"),
            "unbilled": money(figures["unbilled_cents"], currency, "—"),
            "entries": str(figures["entries"]) + (" *" if figures["running"] else "")}  # fmt: skip


def _span(report, zone) -> str:
    """The days the report covers, first to last (its end is exclusive)."""
    from datetime import timedelta

    if report.start is None and report.end is None:
        return _("all time")
    first = day(report.start.astimezone(zone).date(), "day month year") if report.start else _("the first entry")
    last = (
        day((report.end.astimezone(zone) - timedelta(seconds=1)).date(), "day month year") if report.end else _("now")
    )
    return f"{first} – {last}"
