"""Imports, exports and shell completion."""

from __future__ import annotations

from collections.abc import Iterator

from aostime.storage.sql.common import ENTRY_COLUMNS, ENTRY_FROM

TYPE_CHECKING = False  # typing and the models cost milliseconds at every prompt
if TYPE_CHECKING:
    from typing import Any

    from aostime.domain.models import Entry


class InterchangeSql:
    """SQL of one aggregate, mixed into a backend's Store (which provides the Dialect)."""

    def imported_entries(self, source: str) -> dict[str, tuple]:
        """The entries imported from one source, by source id, in one query (a re-import compares
        with them): (id, project_id, task_id, user_id, start, end, duration, description, notes,
        billable, hourly_rate_cents, amount_cents, invoiced)."""
        instant = self._instant
        rows = self._all(
            """SELECT source_id, id, project_id, task_id, user_id, start_time, end_time, duration, description,
                      notes, billable, hourly_rate_cents, amount_cents, invoiced
               FROM time_entries WHERE source = ?""",
            (source,),
        )
        return {r[0]: (r[1], r[2], r[3], r[4], instant(r[5]), instant(r[6]), r[7], r[8], r[9], bool(r[10]), r[11],
                       r[12], bool(r[13])) for r in rows}  # fmt: skip

    def entry_content_keys(self) -> list[tuple]:
        """(user_id, start_time, end_time, project_id, task_id, description) of every entry (twice
        for two identical ones), for re-importing aostime's own exports without duplicates."""
        rows = self._all("SELECT user_id, start_time, end_time, project_id, task_id, description FROM time_entries")
        instant = self._instant
        return [(r[0], instant(r[1]), instant(r[2]), r[3], r[4], r[5]) for r in rows]

    def iter_entries_for_export(self, filters: dict[str, Any]) -> Iterator[tuple]:
        """Entries oldest first with where each came from and when it was written: (Entry,
        source, source_id, created_at, updated_at)."""
        where, params = self._entry_filters(filters)
        sql = (f"SELECT {ENTRY_COLUMNS}, e.source, e.source_id, e.created_at, e.updated_at {ENTRY_FROM}{where} "
               "ORDER BY e.start_time, e.id")  # fmt: skip
        instant = self._instant
        for row in self._iter(sql, params):
            yield self._entry(row[:21]), row[21], row[22], instant(row[23]), instant(row[24])

    def entry_refs(self, filters: dict[str, Any]) -> dict[str, set[int]]:
        """The clients, projects, tasks and users that the matching entries use."""
        where, params = self._entry_filters(filters)
        rows = self._all(f"SELECT DISTINCT p.client_id, e.project_id, e.task_id, e.user_id {ENTRY_FROM}{where}", params)
        refs: dict[str, set[int]] = {"client": set(), "project": set(), "task": set(), "user": set()}
        for client_id, project_id, task_id, user_id in rows:
            refs["client"].add(client_id)
            refs["project"].add(project_id)
            refs["user"].add(user_id)
            if task_id is not None:
                refs["task"].add(task_id)
        return refs

    def recent_entry_ids(self, prefix: str, limit: int = 50) -> list[tuple[int, str]]:
        """(id, label) of the newest entries whose id starts with prefix, for completion."""
        rows = self._all(
            f"""SELECT e.id, p.name || coalesce(' / ' || t.name, '') || ' '
                       || substr({self._time_text("e.start_time")}, 1, 16)
                       || CASE WHEN e.description != '' THEN ': ' || e.description ELSE '' END
                {ENTRY_FROM} WHERE CAST(e.id AS TEXT) LIKE ? ORDER BY e.id DESC LIMIT ?""",
            (prefix.replace("%", "").replace("_", "") + "%", limit),
        )
        return [(r[0], r[1]) for r in rows]

    def invoice_numbers(self, prefix: str, limit: int = 50) -> list[tuple[str, str]]:
        """(number, label) of invoices whose number starts with prefix, newest first."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._all(
            f"""SELECT i.number, c.name || ', ' || i.status FROM invoices i JOIN clients c ON c.id = i.client_id
                WHERE i.number {self.LIKE_ANY_CASE} ? ESCAPE '\\' ORDER BY i.id DESC LIMIT ?""",
            (escaped + "%", limit),
        )
        return [(r[0], r[1]) for r in rows]
