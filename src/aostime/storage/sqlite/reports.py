"""Report sums, grouped in SQL."""

from __future__ import annotations

from datetime import datetime

from aostime.storage.sqlite.base import (
    CATALOG_TABLE,
    _number_params,
)

TYPE_CHECKING = False  # typing and the models cost milliseconds at every prompt
if TYPE_CHECKING:
    from typing import Any


LOCAL = "e.start_time, 'localtime'"


def group_key_sql(field: str, week_start: int) -> str:
    if field == "client":
        return "p.client_id"
    if field in ("project", "task", "user"):
        return f"e.{field}_id"
    if field == "day":
        return f"date({LOCAL})"
    if field == "week":
        # SQLite's %w counts Sunday as 0; shift so the configured first day is 0.
        sunday_based = (week_start + 1) % 7
        return f"date({LOCAL}, '-' || ((CAST(strftime('%w', {LOCAL}) AS INTEGER) - {sunday_based} + 7) % 7) || ' days')"
    if field == "month":
        return f"strftime('%Y-%m', {LOCAL})"
    return f"strftime('%Y', {LOCAL})"


class ReportsSql:
    """SQL of one aggregate, mixed into the SQLite Store (which provides _run, _one, _all, _iter)."""

    # -- reports ----------------------------------------------------------------------------

    def report_rows(
        self, fields: list[str], week_start: int, filters: dict[str, Any], now: datetime
    ) -> list[tuple]:  # fmt: skip
        """GROUP BY in SQL over integer seconds and cents, on time_entries alone (the covering
        index time_entries_report serves it); names are looked up afterwards. Grouped by the
        `fields` (reports.GROUPS: each an SQL expression from the fixed table group_key_sql,
        never user text) and then by project, so that every row is in one currency. Each row:
        the fields' keys..., project id, seconds, billable seconds, cents, unbilled cents,
        entries, running entries.

        Finished entries are summed per group and (billable, invoiced), three plain sums that
        Python folds into the figures; the few running entries are counted up to `now` by a
        second query over the running-timer index and added in."""
        keys = [group_key_sql(field, week_start) for field in fields] + ["e.project_id"]
        needs_project = "client" in fields or filters.get("client_id") is not None
        where, params = self._entry_filters(filters)
        n = len(keys)
        select_keys = ", ".join(f"{key} AS g{i}" for i, key in enumerate(keys))
        group = ", ".join(f"g{i}" for i in range(n))
        join = " JOIN projects p ON p.id = e.project_id" if needs_project else ""
        named: dict[str, Any] = {f"p{i}": value for i, value in enumerate(params)}
        finished = _number_params(f"""
            SELECT {select_keys}, e.billable, e.invoiced, coalesce(sum(e.duration), 0),
                   coalesce(sum(e.amount_cents), 0), count(*)
            FROM time_entries e{join}{where}
            GROUP BY {group}, e.billable, e.invoiced ORDER BY {group}""")
        rows: dict[tuple, list] = {}
        for *key, billable, invoiced, seconds, cents, count in self._all(finished, named):
            row = rows.setdefault(tuple(key), [*key, 0, 0, 0, 0, 0, 0])
            row[n] += seconds
            row[n + 4] += count
            if billable:
                row[n + 1] += seconds
                row[n + 2] += cents
                if not invoiced:
                    row[n + 3] += cents
        live = "max(0, :now - CAST(strftime('%s', e.start_time) AS INTEGER))"
        money = f"({live} * e.hourly_rate_cents * 2 + 3600) / 7200 * e.billable"
        running = _number_params(f"""
            SELECT {select_keys}, sum({live}), sum({live} * e.billable), sum({money}),
                   sum({money} * (1 - e.invoiced)), count(*)
            FROM time_entries e INDEXED BY one_running_timer_per_user{join}{where}
                 {"AND" if where else "WHERE"} e.end_time IS NULL
            GROUP BY {group}""")
        named["now"] = int(now.timestamp())
        for row in self._all(running, named):
            target = rows[tuple(row[:n])]
            for offset, value in enumerate(row[n : n + 4]):
                target[n + offset] += value
            target[n + 5] = row[n + 4]
        return [tuple(row) for row in rows.values()]

    def names(self, kind: str) -> dict[int, str]:
        """id -> name of every record of a kind (archived too), for labelling report rows."""
        return dict(self._all(f"SELECT id, name FROM {CATALOG_TABLE[kind]}"))

    def project_clients(self) -> dict[int, int]:
        return dict(self._all("SELECT id, client_id FROM projects"))

    def client_currencies(self) -> dict[int, str]:
        """client id -> its currency (every client has one: migration 4)."""
        return dict(self._all("SELECT id, currency FROM clients"))

    def project_currencies(self) -> dict[int, str]:
        """project id -> its client's currency, for keeping report sums apart by currency."""
        return dict(self._all("SELECT p.id, c.currency FROM projects p JOIN clients c ON c.id = p.client_id"))
