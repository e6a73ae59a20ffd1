"""Imports, exports and shell completion."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from aostime.storage.sql.common import ENTRY_FROM

TYPE_CHECKING = False  # typing and the models cost milliseconds at every prompt
if TYPE_CHECKING:
    from typing import Any


KEYS_PER_QUERY = 500


class InterchangeSql:
    """SQL of one aggregate, mixed into a backend's Store (which provides the Dialect)."""

    KNOWN = """source_id, id, project_id, task_id, user_id, start_time, end_time, duration, description, notes,
               billable, hourly_rate_cents, amount_cents, invoiced, import_scope, import_zone"""

    def _known(self, r: Sequence[Any]) -> tuple:
        instant = self._instant
        return (r[0], r[1], r[2], r[3], r[4], instant(r[5]), instant(r[6]), r[7], r[8], r[9], bool(r[10]), r[11],
                r[12], bool(r[13]), r[14], r[15])  # fmt: skip

    def imported_entries(self, source: str, source_ids: Sequence[str], starts: Sequence[datetime]) -> list[tuple]:
        """The entries imported from `source` under these ids or starting at these instants (a
        re-import compares with them), each once: (source_id, id, project_id, task_id, user_id,
        start, end, duration, description, notes, billable, hourly_rate_cents, amount_cents,
        invoiced, import_scope, import_zone). A few hundred keys per query: every backend takes
        that many parameters."""
        found = {}
        # By start through the start index alone (the source index would be scanned whole for each
        # part): entries of other sources at the same instants are few, and are left out here.
        for column, keys in (("source_id", list(dict.fromkeys(source_ids))),
                             ("start_time", list(dict.fromkeys(self._time(s) for s in starts)))):  # fmt: skip
            where = "source = ? AND source_id" if column == "source_id" else "start_time"
            for at in range(0, len(keys), KEYS_PER_QUERY):
                part = keys[at : at + KEYS_PER_QUERY]
                params = (source, *part) if column == "source_id" else tuple(part)
                sql = f"SELECT {self.KNOWN}, source FROM time_entries WHERE {where} IN ({', '.join('?' for _ in part)})"
                for r in self._all(sql, params):
                    if r[16] == source:
                        found[r[1]] = self._known(r)
        return list(found.values())

    def imported_entries_between(self, source: str, since: datetime, until: datetime) -> list[tuple]:
        """The finished entries imported from `source` that start in [since, until), as imported_entries
        gives them (a re-import looks among them for a record whose times were corrected)."""
        sql = (f"SELECT {self.KNOWN}, source FROM time_entries WHERE start_time >= ? AND start_time < ? "
               "AND end_time IS NOT NULL")  # fmt: skip
        rows = self._all(sql, (self._time(since), self._time(until)))
        return [self._known(r) for r in rows if r[16] == source]

    def import_scope_entries(self, source: str, scopes: Sequence[str], since: datetime, until: datetime) -> list[tuple]:
        """The finished entries of these import scopes of `source` that start in [since, until):
        (id, start, end, project name, description, invoiced, project_id, user_id), oldest first."""
        found: list[tuple] = []
        instant, scopes = self._instant, list(scopes)
        for at in range(0, len(scopes), KEYS_PER_QUERY):
            part = scopes[at : at + KEYS_PER_QUERY]
            rows = self._all(
                f"""SELECT e.id, e.start_time, e.end_time, p.name, e.description, e.invoiced, e.project_id, e.user_id
                    FROM time_entries e JOIN projects p ON p.id = e.project_id
                    WHERE e.source = ? AND e.import_scope IN ({", ".join("?" for _ in part)})
                      AND e.start_time >= ? AND e.start_time < ? AND e.end_time IS NOT NULL""",
                (source, *part, self._time(since), self._time(until)),
            )
            found += [(r[0], instant(r[1]), instant(r[2]), r[3], r[4], bool(r[5]), r[6], r[7]) for r in rows]
        return sorted(found, key=lambda r: (r[1], r[0]))

    def import_spans(self, source: str, scopes: Sequence[str]) -> list[tuple[datetime, datetime]]:
        """The days (since, until) the last import that took in entries of these scopes of `source`
        covered, each span once."""
        found: set[tuple[datetime, datetime]] = set()
        instant, scopes = self._instant, list(scopes)
        for at in range(0, len(scopes), KEYS_PER_QUERY):
            part = scopes[at : at + KEYS_PER_QUERY]
            rows = self._all(
                f"""SELECT DISTINCT since_time, until_time FROM import_spans
                    WHERE source = ? AND scope IN ({", ".join("?" for _ in part)})""",
                (source, *part),
            )
            found |= {(instant(r[0]), instant(r[1])) for r in rows}
        return sorted(found)

    def remember_import_span(self, source: str, scopes: Sequence[str], since: datetime, until: datetime) -> None:
        """These scopes of `source` were last taken in by an import covering [since, until)."""
        if not scopes:
            return
        self._many(
            """INSERT INTO import_spans (scope, source, since_time, until_time) VALUES (?, ?, ?, ?)
               ON CONFLICT (scope, source) DO UPDATE SET since_time = excluded.since_time,
                                                         until_time = excluded.until_time""",
            [(scope, source, self._time(since), self._time(until)) for scope in dict.fromkeys(scopes)],
        )

    def detach_source_ids(self, source: str, source_ids: Sequence[str]) -> None:
        """The entries holding these ids of `source` give them up (a record of the file now has
        the id): each keeps its id with '~<entry id>' appended, which no record of a file has."""
        ids = list(dict.fromkeys(source_ids))
        for at in range(0, len(ids), KEYS_PER_QUERY):
            part = ids[at : at + KEYS_PER_QUERY]
            self._run(
                f"""UPDATE time_entries SET source_id = source_id || '~' || CAST(id AS TEXT)
                    WHERE source = ? AND source_id IN ({", ".join("?" for _ in part)})""",
                (source, *part),
            )

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
        sql = (f"SELECT {self._entry_columns()}, e.source, e.source_id, e.created_at, e.updated_at {ENTRY_FROM}{where} "
               "ORDER BY e.start_time, e.id")  # fmt: skip
        instant = self._instant
        for row in self._iter(sql, params):
            yield self._entry(row[:22]), row[22], row[23], instant(row[24]), instant(row[25])

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
