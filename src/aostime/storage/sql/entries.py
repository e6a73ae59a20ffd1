"""Time entries: writes, lookups, the overlap check, filtered listings and their totals, and the
lean rows of the streamed listing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta

from aostime.domain.timeparse import UTC
from aostime.errors import BadInput, Conflict
from aostime.storage.sql.common import ENTRY_COLUMNS, ENTRY_FROM, entry_from_row

TYPE_CHECKING = False  # typing and the models cost milliseconds at every prompt
if TYPE_CHECKING:
    from typing import Any

    from aostime.domain.models import Entry


TIME_COLUMNS = frozenset({"start_time", "end_time", "created_at", "updated_at"})
FLAG_COLUMNS = frozenset({"billable", "invoiced"})
NO_END = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)  # stands for "open-ended" in the overlap check


class EntriesSql:
    """SQL of one aggregate, mixed into a backend's Store (which provides the Dialect)."""

    # -- time entries -----------------------------------------------------------------------

    def _entry(self, row: Sequence[Any]) -> Entry:
        return entry_from_row(row, self._instant)

    def _entry_columns(self) -> str:
        """ENTRY_COLUMNS and the entry's tags: what entry_from_row reads."""
        return f"{ENTRY_COLUMNS}, {self._tags_column()}"

    def _tags_column(self) -> str:
        """The tags of entry e as one text (NULL for none), looked up only for the entries whose ids lie
        between the lowest and highest a tag is on: a history from before tags were used (or one
        without any) costs a listing no lookup per row. The bounds are integers read here."""
        low, high = self._one("SELECT min(entry_id), max(entry_id) FROM entry_tags")
        if low is None:
            return "NULL"
        return f"CASE WHEN e.id BETWEEN {int(low)} AND {int(high)} THEN {self._tags_of('e.id')} END"

    def set_entry_tags(self, entry_id: int, names: Sequence[str]) -> None:
        """The entry's tags become `names` (cleaned by domain.tags, each folded name once)."""
        from aostime.domain.names import fold
        from aostime.domain.tags import sorted_tags

        before = list(self.tags_of([entry_id]).get(entry_id, ()))
        after = list(sorted_tags(names))
        if before == after:
            return
        self._guard_stored(self._stored_entries("id = ?", (entry_id,)))
        self._run("DELETE FROM entry_tags WHERE entry_id = ?", (entry_id,))
        if names:
            self._many("INSERT INTO entry_tags (entry_id, name, name_key) VALUES (?, ?, ?)",
                       [(entry_id, name, fold(name)) for name in names])  # fmt: skip
        self._record_tags(entry_id, before, after)

    def tags_of(self, entry_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        """The tags of these entries (sorted, domain.tags), for those that have any."""
        from aostime.domain.tags import sorted_tags

        found: dict[int, list[str]] = {}
        for at in range(0, len(entry_ids), 500):
            part = list(entry_ids[at : at + 500])
            for entry_id, name in self._all(
                f"SELECT entry_id, name FROM entry_tags WHERE entry_id IN ({', '.join('?' for _ in part)})", part
            ):
                found.setdefault(entry_id, []).append(name)
        return {entry_id: sorted_tags(names) for entry_id, names in found.items()}

    def insert_entry(self, values: dict[str, Any], now: datetime) -> int:
        stamp = self._time(now)
        row = dict(self._encoded(self._times(values)), created_at=stamp, updated_at=stamp)
        columns = list(row)
        sql = f"INSERT INTO time_entries ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"
        self._guard([(None, values["user_id"], values["start_time"])])
        try:
            entry_id = self._insert(sql, row)
        except Conflict as exc:
            raise self._entry_conflict(exc) from exc.__cause__
        self._record("create", [(entry_id, None, v) for v in self._stored_entries("id = ?", (entry_id,)).values()], now)
        return entry_id

    def _times(self, values: dict[str, Any]) -> dict[str, Any]:
        return {key: self._time(v) if isinstance(v, datetime) else v for key, v in values.items()}

    def _entry_conflict(self, exc: Conflict) -> Exception:
        cause = exc.__cause__
        if not isinstance(cause, self.IntegrityError):
            return exc
        violation = self._violation(cause)
        if violation == "running_timer":
            return Conflict("a timer is already running for this user; stop it first or use --switch")
        if violation == "source":
            return Conflict("this entry was imported already")
        if violation == "check":
            return BadInput(f"the entry is not valid ({cause})")
        return Conflict(f"the entry cannot be saved: {cause}")

    def update_entry(self, entry_id: int, values: dict[str, Any], now: datetime) -> None:
        if not values:
            return
        assignments = ", ".join(f"{c} = :{c}" for c in values)
        params = dict(self._encoded(self._times(values)), _id=entry_id, _now=self._time(now))
        before = self._stored_entries("id = ?", (entry_id,))
        self._guard_stored(before)
        if before and ("user_id" in values or "start_time" in values):  # where it moves to must be open too
            old = before[entry_id]
            self._guard([(entry_id, values.get("user_id", old["user_id"]),
                          values.get("start_time") or self._stored_start(old))])  # fmt: skip
        try:
            self._run(f"UPDATE time_entries SET {assignments}, updated_at = :_now WHERE id = :_id", params)
        except Conflict as exc:
            raise self._entry_conflict(exc) from exc.__cause__
        after = self._stored_entries("id = ?", (entry_id,))
        self._record("edit", [(i, before[i], after[i]) for i in after if i in before], now)

    @staticmethod
    def _stored_start(stored: dict[str, Any]) -> datetime:
        return datetime.strptime(stored["start_time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)

    def delete_entry(self, entry_id: int) -> None:
        """Delete an entry; a voided invoice's lines forget it (their totals stay as issued). Its
        history stays, with the deletion in it."""
        before = self._stored_entries("id = ?", (entry_id,))
        self._guard_stored(before)
        self._run(
            """DELETE FROM invoice_line_entries WHERE entry_id = ? AND line_id IN (
                   SELECT l.id FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.status = 'void')""",
            (entry_id,),
        )
        self._run("DELETE FROM time_entries WHERE id = ?", (entry_id,))
        self._record("delete", [(entry_id, v, None) for v in before.values()])

    def get_entry(self, entry_id: int) -> Entry | None:
        row = self._one(f"SELECT {self._entry_columns()} {ENTRY_FROM} WHERE e.id = ?", (entry_id,))
        return None if row is None else self._entry(row)

    def running_entry(self, user_id: int) -> Entry | None:
        row = self._one(
            f"SELECT {self._entry_columns()} {ENTRY_FROM} WHERE e.user_id = ? AND e.end_time IS NULL",
            (user_id,),
        )
        return None if row is None else self._entry(row)

    def last_entry(self, user_id: int) -> Entry | None:
        row = self._one(
            f"SELECT {self._entry_columns()} {ENTRY_FROM} WHERE e.user_id = ? ORDER BY e.start_time DESC, e.id DESC LIMIT 1",
            (user_id,),
        )
        return None if row is None else self._entry(row)

    def last_end_between(self, user_id: int, start: datetime, end: datetime) -> datetime | None:
        row = self._one(
            "SELECT max(end_time) FROM time_entries WHERE user_id = ? AND start_time >= ? AND start_time < ?",
            (user_id, self._time(start), self._time(end)),
        )
        return self._instant(row[0]) if row and row[0] else None

    LONG_ENTRY_SECONDS = 86400  # the partial index time_entries_long holds longer entries

    def overlapping_entries(
        self, user_id: int, start: datetime, end: datetime | None, exclude_id: int | None
    ) -> list[Entry]:
        """Entries of this user that share any instant with [start, end); a running entry
        counts as open-ended, and so does [start, None). Three index lookups, whatever the
        length of the history: entries of at most a day that start within a day before
        `start`, the longer ones (partial index time_entries_long) and the running timer."""
        params = {
            "user": user_id, "exclude": exclude_id or 0, "start": self._time(start),
            "day_before": self._time(start - timedelta(seconds=self.LONG_ENTRY_SECONDS)),
            "end": self._time(end if end is not None else NO_END),
        }  # fmt: skip
        rows = self._all(
            f"""SELECT {self._entry_columns()} {ENTRY_FROM}
                WHERE e.id IN (
                    SELECT id FROM time_entries WHERE user_id = :user
                      AND start_time >= :day_before AND start_time < :end AND end_time > :start
                    UNION SELECT id FROM time_entries WHERE user_id = :user
                      AND duration > {self.LONG_ENTRY_SECONDS} AND start_time < :end AND end_time > :start
                    UNION SELECT id FROM time_entries {self.RUNNING_INDEX_HINT}
                      WHERE user_id = :user AND end_time IS NULL AND start_time < :end
                ) AND e.id != :exclude
                ORDER BY e.start_time LIMIT 5""",
            params,
        )
        return [self._entry(r) for r in rows]

    def _entry_filters(self, f: dict[str, Any]) -> tuple[str, list[Any]]:
        clauses, params = [], []
        for key, column in (("project_id", "e.project_id"), ("task_id", "e.task_id"),
                            ("user_id", "e.user_id"), ("client_id", "p.client_id"),
                            ("currency", "c.currency")):  # fmt: skip
            if f.get(key) is not None:
                clauses.append(f"{column} = ?")
                params.append(f[key])
        if f.get("billable") is not None:
            clauses.append("e.billable = ?")
            params.append(int(f["billable"]))
        if f.get("invoiced") is not None:
            clauses.append("e.invoiced = ?")
            params.append(int(f["invoiced"]))
        if f.get("finished"):
            clauses.append("e.end_time IS NOT NULL")
        if f.get("start_from") is not None:
            clauses.append("e.start_time >= ?")
            params.append(self._time(f["start_from"]))
        if f.get("start_before") is not None:
            clauses.append("e.start_time < ?")
            params.append(self._time(f["start_before"]))
        if f.get("search"):  # domain.search's words, by the backend's own index
            clauses.append(self.SEARCH_CLAUSE)
            params.append(self.search_query(f["search"]))
        if f.get("tag_keys"):  # any of these tags (domain.tags), through the index by folded name
            keys = f["tag_keys"]
            clauses.append(
                f"e.id IN (SELECT entry_id FROM entry_tags WHERE name_key IN ({', '.join('?' for _ in keys)}))"
            )
            params.extend(keys)
        if f.get("ids"):
            clauses.append(f"e.id IN ({', '.join('?' for _ in f['ids'])})")
            params.extend(f["ids"])
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def search_latest(self, words: tuple[str, ...], user_id: int | None, limit: int) -> list[int]:
        """The ids of the `limit` entries recorded last whose descriptions match domain.search's
        words (of one member, or everyone's for None), the last first."""
        sql = self.SEARCH_LATEST.format(user="" if user_id is None else "AND e.user_id = ?")
        params = [self.search_query(words), *([] if user_id is None else [user_id]), limit]
        return [row[0] for row in self._all(sql, params)]

    def iter_entries(
        self, filters: dict[str, Any], limit: int | None = None, newest_first: bool = True, offset: int = 0,
        by_client: bool = False,
    ) -> Iterator[Entry]:  # fmt: skip
        for row in self.iter_entry_rows(filters, limit, newest_first, offset, by_client=by_client):
            yield self._entry(row)

    def entry_totals(
        self, filters: dict[str, Any], limit: int | None = None, offset: int = 0
    ) -> list[tuple[str, int, int, int]]:
        """(currency, count, seconds, cents) per currency over what iter_entries returns for the
        same arguments; running entries count with no seconds and no money."""
        where, params = self._entry_filters(filters)
        inner = f"SELECT e.duration, e.amount_cents, c.currency {ENTRY_FROM}{where}"
        if limit is not None or offset:
            inner += " ORDER BY e.start_time DESC, e.id DESC LIMIT ? OFFSET ?"
            params.extend([self.NO_LIMIT if limit is None else limit, offset])
        rows = self._all(
            f"""SELECT currency, count(*), CAST(coalesce(sum(duration), 0) AS BIGINT),
                       CAST(coalesce(sum(amount_cents), 0) AS BIGINT)
                FROM ({inner}) AS listed GROUP BY currency ORDER BY currency""",
            params,
        )
        return [tuple(row) for row in rows]

    def mark_invoiced(self, entry_ids: Sequence[int], invoice_id: int | None, now: datetime) -> int:
        """Billing a locked or approved week is what locking it is for: marking is not refused."""
        total = 0
        for chunk_start in range(0, len(entry_ids), 500):
            chunk = list(entry_ids[chunk_start : chunk_start + 500])
            where = (
                f"invoiced = 0 AND end_time IS NOT NULL AND billable = 1 AND id IN ({', '.join('?' for _ in chunk)})"
            )
            changing = self._stored_entries(where, chunk)
            cursor = self._run(f"UPDATE time_entries SET invoiced = 1, invoice_id = ?, updated_at = ? WHERE {where}",
                               [invoice_id, self._time(now), *chunk])  # fmt: skip
            total += cursor.rowcount
            after = {"invoiced": True, "invoice_id": invoice_id}
            self._record("mark", [(i, {"invoiced": False, "invoice_id": None}, after) for i in changing], now)
        return total

    def unmark_invoiced(self, entry_ids: Sequence[int], now: datetime) -> int:
        """Entries marked invoiced without an invoice (aos invoice mark, imports) become unbilled."""
        total = 0
        for chunk_start in range(0, len(entry_ids), 500):
            chunk = list(entry_ids[chunk_start : chunk_start + 500])
            where = f"invoiced = 1 AND invoice_id IS NULL AND id IN ({', '.join('?' for _ in chunk)})"
            changing = self._stored_entries(where, chunk)
            total += self._run(f"UPDATE time_entries SET invoiced = 0, updated_at = ? WHERE {where}",
                               [self._time(now), *chunk]).rowcount  # fmt: skip
            self._record_unmarked(changing, now)
        return total

    def _record_unmarked(self, changing: dict[int, dict[str, Any]], now: datetime) -> None:
        after = {"invoiced": False, "invoice_id": None}
        self._record("unmark", [(i, {"invoiced": True, "invoice_id": v["invoice_id"]}, after)
                                for i, v in changing.items()], now)  # fmt: skip

    def release_invoice_entries(self, invoice_id: int, now: datetime) -> int:
        changing = self._stored_entries("invoice_id = ?", (invoice_id,))
        released = self._run(
            "UPDATE time_entries SET invoiced = 0, invoice_id = NULL, updated_at = ? WHERE invoice_id = ?",
            (self._time(now), invoice_id),
        ).rowcount
        self._record_unmarked(changing, now)
        return released

    # -- fast paths: bulk loads, listing rows --------------------------------------------------

    def insert_entries_many(self, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Many entries given as tuples in `columns` order, in the current transaction, through
        one prepared statement (executemany): 100,000 rows in 0.14 s on SQLite, where
        sqlite-utils' insert_all of the same rows as dicts takes 0.39 s (imports and the
        benchmark generator write this way)."""
        if not columns or not all(c.isidentifier() for c in columns):
            raise BadInput(f"bad column list {list(columns)!r}")
        sql = f"INSERT INTO time_entries ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        times = [i for i, column in enumerate(columns) if column in TIME_COLUMNS]
        flags = [i for i, column in enumerate(columns) if column in FLAG_COLUMNS]
        to_db, is_time = self._time, datetime

        def encoded(row: Sequence[Any]) -> Sequence[Any]:
            """Only the time and flag columns need encoding: a big import pays for a few checks
            a row, not one per column."""
            row = list(row)
            for i in times:
                if isinstance(row[i], is_time):
                    row[i] = to_db(row[i])
            for i in flags:
                row[i] = int(row[i])
            return row

        if self.entry_changes is not None:  # the rows are read twice: checked, then written
            rows = list(rows)
            at = {name: columns.index(name) for name in ("user_id", "start_time")}
            self._guard((None, row[at["user_id"]], row[at["start_time"]]) for row in rows)
            last = self._one("SELECT coalesce(max(id), 0) FROM time_entries")[0]
        try:
            written = self._many(sql, map(encoded, rows))
        except Conflict as exc:
            raise self._entry_conflict(exc) from exc.__cause__
        if self.entry_changes is not None:
            self._record("create", [(i, None, v) for i, v in self._stored_entries("id > ?", (last,)).items()])
        return written

    def _row_columns(self) -> str:
        """The listing's lean row: the entry's own columns and its project's client; names come
        from names() (a few hundred rows), so each listed entry costs one join instead of five.
        Instants as SQLite stores them (UTC text to the second) on every backend."""
        return f"""e.id, e.project_id, e.task_id, p.client_id, e.user_id, {self._time_text("e.start_time")},
            {self._time_text("e.end_time")}, e.duration, e.description, e.notes, e.billable,
            e.hourly_rate_cents, e.amount_cents, e.invoiced, e.invoice_id, {self._tags_column()}"""

    ROW_FROM = "FROM time_entries e JOIN projects p ON p.id = e.project_id"

    def iter_entry_rows(
        self, filters: dict[str, Any], limit: int | None = None, newest_first: bool = True, offset: int = 0,
        columns: str | None = None, joins: str = ENTRY_FROM, by_client: bool = False,
    ) -> Iterator[Sequence[Any]]:  # fmt: skip
        """The rows iter_entries lists (same filters, order, limit and offset), as plain tuples of
        `columns` (_entry_columns() by default, or the lean row with joins=ROW_FROM). by_client: in
        the order of the unbilled list (client, project, by their folded names, then oldest first)."""
        columns = columns or self._entry_columns()
        where, params = self._entry_filters(filters)
        way = "DESC" if newest_first else "ASC"
        order = f"ORDER BY e.start_time {way}, e.id {way}"
        if by_client:
            order = (f"ORDER BY c.name_key{self.BYTE_ORDER}, c.id, p.name_key{self.BYTE_ORDER}, p.id, "
                     "e.start_time, e.id")  # fmt: skip
        if offset:
            # A deep page: the rows skipped are found on time_entries' own indexes alone, and
            # only the page's rows are joined (page 10,000 costs about what page 1 does).
            join = " JOIN projects p ON p.id = e.project_id" if filters.get("client_id") is not None else ""
            if by_client:
                join = " JOIN projects p ON p.id = e.project_id JOIN clients c ON c.id = p.client_id"
            page = f"SELECT e.id FROM time_entries e{join}{where} {order} LIMIT ? OFFSET ?"
            params.extend([self.NO_LIMIT if limit is None else limit, offset])
            return self._iter(f"SELECT {columns} {joins} WHERE e.id IN ({page}) {order}", params)
        sql = f"SELECT {columns} {joins}{where} {order}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return self._iter(sql, params)

    def count_entries(self, filters: dict[str, Any]) -> int:
        """How many entries iter_entries lists for these filters (no limit): on time_entries'
        indexes, joined to projects only for a client filter."""
        where, params = self._entry_filters(filters)
        join = " JOIN projects p ON p.id = e.project_id" if filters.get("client_id") is not None else ""
        return self._one(f"SELECT count(*) FROM time_entries e{join}{where}", params)[0]

    def iter_listing_rows(self, filters: dict[str, Any], limit: int | None = None, offset: int = 0):
        """The entries iter_entries lists, as lean tuples for the streamed listing: (id, project_id,
        task_id, client_id, user_id, start, end, duration, description, notes, billable (0/1),
        hourly_rate_cents, amount_cents, invoiced (0/1), invoice_id, tags (domain.tags.SEPARATOR between them, or
        None)), start and end as UTC text
        'YYYY-MM-DD HH:MM:SS' (the listing turns that into JSON without a datetime)."""
        return self.iter_entry_rows(filters, limit, offset=offset, columns=self._row_columns(), joins=self.ROW_FROM)

    def invoice_number_map(self) -> dict[int, str]:
        return dict(self._all("SELECT id, number FROM invoices"))
