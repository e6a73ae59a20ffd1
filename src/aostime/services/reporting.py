"""aos report: hours and money grouped by client, project, task, user and period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aostime import reports
from aostime.errors import BadInput
from aostime.services import Session
from aostime.services.tracking import entry_query


@dataclass(frozen=True)
class Report:
    group_by: list[str]
    start: datetime | None
    end: datetime | None
    rows: list[dict]
    totals: dict


def make_report(
    session: Session, by: str = "project", since: str | None = None, until: str | None = None,
    period: str | None = None, project: str | None = None, task: str | None = None,
    client: str | None = None, user: str | None = None, billable: bool | None = None,
) -> Report:  # fmt: skip
    fields = reports.parse_group_by(by)
    week_start = reports.week_start_index(session.setting("week_start"))
    if period is not None and (since is not None or until is not None):
        raise BadInput("give either --period or --from/--to, not both")
    query = entry_query(session, project, task, client, user, billable, None, since, until)
    filters = dict(query.filters)
    start, end = query.start_from, query.start_before
    if period is not None:
        start, end = reports.period_bounds(period.lower(), session.now, session.zone, week_start)
        filters.update(start_from=start, start_before=end)
    keys = [reports.group_key_sql(field, week_start) for field in fields]
    needs_project = "client" in fields or filters.get("client_id") is not None
    with session.store.snapshot() as store:
        raw = store.report_rows(keys, filters, session.now, needs_project)
        names = {kind: store.names(kind) for kind in ("client", "project", "task", "user") if kind in fields}
    rows = []
    for record in raw:
        row: dict = {}
        for field, key in zip(fields, record[: len(fields)]):
            if field in names:
                row[f"{field}_id"] = key
                row[f"{field}_name"] = names[field].get(key) if key is not None else None
            else:
                row[field] = key
        row.update(zip(reports.FIGURES, record[len(fields) :]))
        rows.append(row)
    return Report(fields, start, end, rows, reports.add_up(rows))
