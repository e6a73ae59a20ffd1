"""Report sums, grouped in SQL."""

from __future__ import annotations

from datetime import datetime, tzinfo

from aostime.storage.sql.common import CATALOG_TABLE, number_params

CALENDAR_FIELDS = {"day", "week", "month", "year"}  # grouped in the asker's zone

TYPE_CHECKING = False  # typing and the models cost milliseconds at every prompt
if TYPE_CHECKING:
    from typing import Any


class ReportsSql:
    """SQL of one aggregate, mixed into a backend's Store (which provides the Dialect and
    _local_start(zone), the SQL of an entry's start in the asker's zone with its parameters, and
    _period_key(field, week_start, local), the SQL of its day, week, month or year)."""

    @classmethod
    def _group_key(cls, field: str, week_start: int, local: str) -> str:
        if field == "client":
            return "p.client_id"
        if field in ("project", "task", "user"):
            return f"e.{field}_id"
        if field == "tag":  # the folded name (NULL: no tag) of each of the entry's tags, joined below
            return "g.name_key"
        return cls._period_key(field, week_start, local)

    def report_rows(
        self, fields: list[str], week_start: int, filters: dict[str, Any], now: datetime, zone: tzinfo | None = None
    ) -> list[tuple]:  # fmt: skip
        """GROUP BY in SQL over integer seconds and cents, on time_entries alone (the covering
        index time_entries_report serves it); names are looked up afterwards. Grouped by the
        `fields` (reports.GROUPS: each an SQL expression from the fixed table of _group_key,
        never user text) and then by project, so that every row is in one currency. Each row:
        the fields' keys..., project id, seconds, billable seconds, cents, unbilled cents,
        entries, running entries.

        Finished entries are summed per group and (billable, invoiced), three plain sums that
        Python folds into the figures; the few running entries are counted up to `now` by a
        second query over the running-timer index and added in."""
        # Every row lies in one project (one currency). When project is one of the fields its key
        # is that project: grouping by the same column twice would cost SQLite a sort of every row.
        local, zone_params = self._local_start(zone) if set(fields) & CALENDAR_FIELDS else ("", {})
        keys = [self._group_key(field, week_start, local) for field in fields]
        if "project" not in fields:
            keys.append("e.project_id")
        needs_project = "client" in fields or filters.get("client_id") is not None
        where, params = self._entry_filters(filters)
        n = len(keys)
        select_keys = ", ".join(f"{key} AS g{i}" for i, key in enumerate(keys))
        group = ", ".join(f"g{i}" for i in range(n))
        join = " JOIN projects p ON p.id = e.project_id" if needs_project else ""
        if "tag" in fields:  # an entry counts once per tag it carries, once (NULL) when it has none
            join += " LEFT JOIN entry_tags g ON g.entry_id = e.id"
        named: dict[str, Any] = {f"p{i}": value for i, value in enumerate(params)}
        named.update(zone_params)
        finished = number_params(f"""
            SELECT {select_keys}, e.billable, e.invoiced, CAST(coalesce(sum(e.duration), 0) AS BIGINT),
                   CAST(coalesce(sum(e.amount_cents), 0) AS BIGINT), count(*)
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
        live = self._live_seconds("e.start_time")
        money = f"({live} * e.hourly_rate_cents * 2 + 3600) / 7200 * e.billable"
        running = number_params(f"""
            SELECT {select_keys}, CAST(sum({live}) AS BIGINT), CAST(sum({live} * e.billable) AS BIGINT),
                   CAST(sum({money}) AS BIGINT), CAST(sum({money} * (1 - e.invoiced)) AS BIGINT), count(*)
            FROM time_entries e {self.RUNNING_INDEX_HINT}{join}{where}
                 {"AND" if where else "WHERE"} e.end_time IS NULL
            GROUP BY {group}""")
        named["now"] = int(now.timestamp())
        for row in self._all(running, named):
            target = rows[tuple(row[:n])]
            for offset, value in enumerate(row[n : n + 4]):
                target[n + offset] += value
            target[n + 5] = row[n + 4]
        if "project" in fields:  # the project id column after the fields' keys
            at = fields.index("project")
            return [(*row[:n], row[at], *row[n:]) for row in rows.values()]
        return [tuple(row) for row in rows.values()]

    def tag_spellings(self, keys: list[str]) -> dict[str, str]:
        """folded tag name -> one spelling of it (the first in code point order), for report rows."""
        found: dict[str, str] = {}
        for at in range(0, len(keys), 500):
            part = keys[at : at + 500]
            found.update(self._all(f"SELECT name_key, min(name) FROM entry_tags WHERE name_key IN "
                                   f"({', '.join('?' for _ in part)}) GROUP BY name_key", part))  # fmt: skip
        return found

    def names(self, kind: str) -> dict[int, str]:
        """id -> name of every record of a kind (archived too), for labelling report rows."""
        return dict(self._all(f"SELECT id, name FROM {CATALOG_TABLE[kind]}"))

    def project_clients(self) -> dict[int, int]:
        return dict(self._all("SELECT id, client_id FROM projects"))

    def client_currencies(self) -> dict[int, str]:
        """client id -> its currency (every client has one)."""
        return dict(self._all("SELECT id, currency FROM clients"))

    def project_currencies(self) -> dict[int, str]:
        """project id -> its client's currency, for keeping report sums apart by currency."""
        return dict(self._all("SELECT p.id, c.currency FROM projects p JOIN clients c ON c.id = p.client_id"))
