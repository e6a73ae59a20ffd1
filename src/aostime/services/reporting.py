"""aos report: hours and money grouped by client, project, task, user and period."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime

from aostime.domain import reports
from aostime.errors import BadInput
from aostime.services import Session
from aostime.services.declared import use_case
from aostime.services.listing import entry_query


@dataclass(frozen=True)
class Report:
    group_by: list[str]
    start: datetime | None
    end: datetime | None
    rows: list[dict]
    totals: dict  # figures over all rows; money figures None when the rows are in several currencies
    totals_by_currency: list[tuple[str, dict]]
    project_labels: dict[int, str] = dataclass_field(default_factory=dict)  # "Client / Project" where names repeat


@use_case()
def make_report(
    session: Session, by: str = "project", since: str | None = None, until: str | None = None,
    period: str | None = None, project: str | None = None, task: str | None = None,
    client: str | None = None, user: str | None = None, billable: bool | None = None,
    tags: list[str] | None = None,
) -> Report:  # fmt: skip
    """Grouped by `by`; with tag among them an entry counts in the group of each tag it carries
    (groups overlap) and the totals still count it once; `tags`: entries carrying any of them."""
    fields = reports.parse_group_by(by)
    week_start = reports.week_start_index(session.setting("week_start"))
    if period is not None and (since is not None or until is not None):
        raise BadInput("give either --period or --from/--to, not both")
    query = entry_query(session, project, task, client, user, billable, None, since, until, tags=tags)
    filters = dict(query.filters)
    start, end = query.start_from, query.start_before
    if period is not None:
        start, end = reports.period_bounds(period.lower(), session.now, session.zone, week_start)
        filters.update(start_from=start, start_before=end)
    # grouped by project too (the covering index serves it), then folded by currency below:
    # every row is in one currency, whatever the fields
    with session.store.snapshot() as store:
        raw = store.report_rows(fields, week_start, filters, session.now, session.zone)
        # tag groups overlap: the totals come from the same entries grouped without the tags
        whole = store.report_rows([], week_start, filters, session.now, session.zone) if "tag" in fields else None
        names = {kind: store.names(kind) for kind in ("client", "project", "task", "user") if kind in fields}
        if "tag" in fields:
            at = fields.index("tag")
            names["tag"] = store.tag_spellings(sorted({r[at] for r in raw if r[at] is not None}))
        currency_of = store.project_currencies()
        labels = _project_labels(store) if "project" in fields else {}
    rows = _folded(fields, raw, names, currency_of)
    sums = reports.add_up(rows if whole is None else _folded([], whole, names, currency_of))
    return Report(fields, start, end, rows, sums.overall(), sums.per_currency(), labels)


def _folded(fields: list[str], raw, names: dict, currency_of: dict) -> list[dict]:
    """The store's rows folded by currency (each project's), in the order of their keys."""
    folded: dict[tuple, dict] = {}
    n = len(fields)
    for record in raw:
        key = (*record[:n], currency_of.get(record[n]))
        row = folded.get(key)
        if row is None:
            row = folded[key] = _labelled(fields, record[:n], names) | {"currency": key[-1]}
            row.update(dict.fromkeys(reports.FIGURES, 0))
        for figure, value in zip(reports.FIGURES, record[n + 1 :]):
            row[figure] += value
    return [folded[key] for key in sorted(folded, key=_sort_key)]


def _project_labels(store) -> dict[int, str]:
    return reports.project_labels(store.names("project"), store.names("client"), store.project_clients())


def _labelled(fields: list[str], keys, names: dict) -> dict:
    row: dict = {}
    for field, key in zip(fields, keys):
        if field == "tag":  # no id: the tag as spelled (None: the entries without tags)
            row["tag"] = names["tag"].get(key, key) if key is not None else None
        elif field in names:
            row[f"{field}_id"] = key
            row[f"{field}_name"] = names[field].get(key) if key is not None else None
        else:
            row[field] = key
    return row


def _sort_key(key: tuple) -> tuple:
    """The SQL order of the group keys (NULL first), then the currency."""
    return tuple((value is not None, value) for value in key)
