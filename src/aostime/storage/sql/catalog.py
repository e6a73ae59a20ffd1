"""Settings and the catalog (clients, projects, tasks, team members)."""

from __future__ import annotations

from datetime import datetime

from aostime.errors import BadInput, Conflict, NotFound
from aostime.storage.sql.common import (
    CATALOG_COLUMNS,
    CATALOG_PARENT,
    CATALOG_SELECT,
    CATALOG_TABLE,
    record_from_row,
    with_name_key,
)

TYPE_CHECKING = False  # typing and the models cost milliseconds at every prompt
if TYPE_CHECKING:
    from typing import Any


class CatalogSql:
    """SQL of one aggregate, mixed into a backend's Store (which provides the Dialect)."""

    # -- settings ---------------------------------------------------------------------------

    def get_setting(self, key: str) -> str | None:
        row = self._one("SELECT value FROM settings WHERE key = ?", (key,))
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        self._run(
            "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def delete_setting(self, key: str) -> None:
        self._run("DELETE FROM settings WHERE key = ?", (key,))

    def all_settings(self) -> dict[str, str]:
        return dict(self._all("SELECT key, value FROM settings ORDER BY key"))

    # -- the catalog: clients, projects, tasks, users ---------------------------------------

    def insert_record(self, kind: str, values: dict[str, Any], now: datetime) -> int:
        values = self._encoded(with_name_key(values))
        columns = [k for k in values if k in CATALOG_COLUMNS[kind]]
        stamp = self._time(now)
        sql = (
            f"INSERT INTO {CATALOG_TABLE[kind]} ({', '.join(columns)}, created_at, updated_at) "
            f"VALUES ({', '.join('?' for _ in columns)}, ?, ?)"
        )
        try:
            return self._insert(sql, [values[c] for c in columns] + [stamp, stamp])
        except Conflict as exc:
            raise self._name_conflict(kind, values, exc.__cause__) from exc.__cause__

    def update_record(self, kind: str, record_id: int, values: dict[str, Any], now: datetime):
        values = self._encoded(with_name_key(values))
        columns = [k for k in values if k in CATALOG_COLUMNS[kind]]
        if not columns:
            return
        assignments = ", ".join(f"{c} = ?" for c in columns)
        sql = f"UPDATE {CATALOG_TABLE[kind]} SET {assignments}, updated_at = ? WHERE id = ?"
        try:
            self._run(sql, [values[c] for c in columns] + [self._time(now), record_id])
        except Conflict as exc:
            raise self._name_conflict(kind, values, exc.__cause__, record_id) from exc.__cause__

    def _name_conflict(self, kind: str, values: dict[str, Any], exc, record_id: int | None = None) -> Exception:
        """The integrity error of a catalog write (exc, the driver's) as a message about names."""
        name = values.get("name")
        violation = self._violation(exc) if isinstance(exc, self.IntegrityError) else "other"
        if violation in ("name", "unique"):
            where = {"project": " for this client", "task": " in this project"}.get(kind, "")
            parent = CATALOG_PARENT.get(kind)
            sql = f"SELECT name FROM {CATALOG_TABLE[kind]} WHERE name_key = ? AND id != ?"
            params: list[Any] = [values.get("name_key"), record_id or 0]
            if parent and values.get(parent) is not None:
                sql += f" AND {parent} = ?"
                params.append(values[parent])
            row = self._one(sql, params) if name is not None else None
            same = (
                f" (as {row[0]!r}: names that differ only in case are the same name)" if row and row[0] != name else ""
            )
            return Conflict(f"a {kind} named {name!r} already exists{where}{same}")
        if violation == "check":
            return BadInput(f"{kind} values are not valid ({exc})")
        return Conflict(f"{kind} cannot be saved: {exc}")

    def get_record(self, kind: str, record_id: int):
        row = self._one(f"{CATALOG_SELECT[kind]} WHERE x.id = ?", (record_id,))
        return None if row is None else record_from_row(kind, row)

    def find_records(self, kind: str, name: str, parent_id: int | None = None, prefix: bool = False) -> list:
        """Records whose name is `name` (or starts with it), compared as aostime.domain.names.fold does."""
        from aostime.domain.names import fold

        key = fold(name)
        if prefix:
            sql = f"{CATALOG_SELECT[kind]} WHERE substr(x.name_key, 1, ?) = ?"
            params: list[Any] = [len(key), key]
        else:
            sql = f"{CATALOG_SELECT[kind]} WHERE x.name_key = ?"
            params = [key]
        if parent_id is not None and kind in CATALOG_PARENT:
            sql += f" AND x.{CATALOG_PARENT[kind]} = ?"
            params.append(parent_id)
        return [record_from_row(kind, r) for r in self._all(sql + " ORDER BY x.archived, x.id", params)]

    def list_records(
        self, kind: str, include_archived: bool = False, parent_id: int | None = None,
        prefix: str | None = None,
    ) -> list:  # fmt: skip
        clauses, params = [], []
        if not include_archived:
            clauses.append("x.archived = 0")
        if parent_id is not None and kind in CATALOG_PARENT:
            clauses.append(f"x.{CATALOG_PARENT[kind]} = ?")
            params.append(parent_id)
        if prefix:
            clauses.append(f"x.name {self.LIKE_ANY_CASE} ? ESCAPE '\\'")
            escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(escaped + "%")
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return [record_from_row(kind, r) for r in self._all(f"{CATALOG_SELECT[kind]}{where} ORDER BY x.id", params)]

    def rate_chain(self, project_id: int, task_id: int | None, user_id: int) -> dict[str, Any]:
        """Everything the rate and billable rules look at, in one query."""
        row = self._one(
            """SELECT t.hourly_rate_cents, p.hourly_rate_cents, c.hourly_rate_cents,
                      u.hourly_rate_cents, t.billable,
                      (SELECT value FROM settings WHERE key = 'default_rate')
               FROM projects p JOIN clients c ON c.id = p.client_id
               JOIN users u ON u.id = ?
               LEFT JOIN tasks t ON t.id = ?
               WHERE p.id = ?""",
            (user_id, task_id, project_id),
        )
        if row is None:
            raise NotFound(f"project {project_id} not found")
        return {
            "task": row[0], "project": row[1], "client": row[2], "user": row[3],
            "task_billable": row[4], "default": row[5],
        }  # fmt: skip

    def entry_counts(self, kind: str, record_id: int) -> tuple[int, int]:
        """(entries, invoiced entries) of a client or project."""
        column = {"project": "e.project_id", "client": "p.client_id"}[kind]
        row = self._one(
            f"""SELECT count(*), CAST(coalesce(sum(e.invoiced), 0) AS BIGINT)
                FROM time_entries e JOIN projects p ON p.id = e.project_id WHERE {column} = ?""",
            (record_id,),
        )
        return row[0], row[1]
