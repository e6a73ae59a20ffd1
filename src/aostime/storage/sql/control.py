"""Who changed what, the weeks and the lock: the entries' history (written by the entry writes
of EntriesSql and InvoicesSql, in their transaction), the members' weeks, the team's lock.

Every write of an entry passes two seams here: `_guard` before it (the session checks the lock
and the approved weeks: services.entry_control) and `_record` after it (a history row). The
session that opened the work is `entry_changes`; a store used without one (a copy, the bench's
generator) writes no history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from aostime.storage.sql.common import where_equal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# the stored columns an entry's history shows, in the entry documents' order
HISTORY_COLUMNS = ("project_id", "task_id", "user_id", "start_time", "end_time", "duration", "description", "notes",
                   "billable", "hourly_rate_cents", "amount_cents", "invoiced", "invoice_id")  # fmt: skip
_FLAGS = ("billable", "invoiced")
_SELECT = f"SELECT id, {', '.join(HISTORY_COLUMNS)} FROM time_entries"
_INSERT = ("INSERT INTO entry_history (entry_id, at, user_id, user_name, via, action, before, after) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")  # fmt: skip


class ControlSql:
    """SQL of the history, the weeks and the lock, mixed into a backend's Store."""

    entry_changes = None  # the services.Session changing entries: entry_author(), check_entry_changes(rows)

    # -- the seams of the entry writes ---------------------------------------------------------

    def _stored_entries(self, where: str, params: Sequence[Any]) -> dict[int, dict[str, Any]]:
        """Entries as the history keeps them (UTC text times, flags as booleans), by id."""
        if self.entry_changes is None:
            return {}
        found = {}
        for row in self._all(f"{_SELECT} WHERE {where}", params):
            found[row[0]] = self._history_values(dict(zip(HISTORY_COLUMNS, row[1:], strict=True)))
        return found

    def _history_values(self, values: dict[str, Any]) -> dict[str, Any]:
        from aostime.domain.timeparse import UTC

        out = {}
        for key, value in values.items():
            if key not in HISTORY_COLUMNS:
                continue
            if key in ("start_time", "end_time") and value is not None:
                instant = value if isinstance(value, datetime) else self._instant(value)
                value = instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            elif key in _FLAGS and value is not None:
                value = bool(value)
            out[key] = value
        return out

    def _guard(self, rows: Iterable[tuple[int | None, int, Any]]) -> None:
        """(entry id or None, member id, start) of every entry a write touches, before and after:
        the session refuses (Locked) what the lock or an approved week closes to its author."""
        if self.entry_changes is not None:
            self.entry_changes.check_entry_changes([(i, user, _instant_of(start)) for i, user, start in rows])

    def _guard_stored(self, stored: dict[int, dict[str, Any]]) -> None:
        from aostime.domain.timeparse import UTC

        self._guard(
            (i, v["user_id"], datetime.strptime(v["start_time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC))
            for i, v in stored.items()
        )

    def _record(self, action: str, changes: Iterable[tuple[int, dict | None, dict | None]],
                now: datetime | None = None) -> None:  # fmt: skip
        """History rows (entry id, before, after) written by the session's author at `now` (by
        default the session's clock); an edit that changed nothing writes none."""
        if self.entry_changes is None:
            return
        user_id, name, via = self.entry_changes.entry_author()
        at = self._time(now or self.entry_changes.now)
        rows = []
        for entry_id, before, after in changes:
            if before is not None and after is not None:
                keys = [k for k in after if before.get(k) != after[k]]
                if not keys:
                    continue
                before, after = {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
            rows.append((entry_id, at, user_id, name, via, action, _text(before), _text(after)))
        if rows:
            self._many(_INSERT, rows)

    def _record_tags(self, entry_id: int, before: list[str], after: list[str]) -> None:
        """A change of an entry's tags: part of the change the same command just recorded (its
        creation, its edit: same author, same instant), else an edit of its own."""
        if self.entry_changes is None:
            return
        _, name, via = self.entry_changes.entry_author()
        at = self.entry_changes.now
        row = self._one("SELECT id, at, user_name, via, action, before, after FROM entry_history WHERE entry_id = ? "
                        "ORDER BY id DESC LIMIT 1", (entry_id,))  # fmt: skip
        if row is not None and self._instant(row[1]) == at and (row[2], row[3]) == (name, via) \
                and row[4] in ("create", "edit"):  # fmt: skip
            old, new = _value(row[5]), _value(row[6]) or {}
            if old is not None:
                old["tags"] = before
            new["tags"] = after
            self._run("UPDATE entry_history SET before = ?, after = ? WHERE id = ?", (_text(old), _text(new), row[0]))
            return
        self._record("edit", [(entry_id, {"tags": before}, {"tags": after})])

    def record_entry_event(self, action: str, user_id: int, since: datetime | None, until: datetime,
                           before: dict, after: dict, now: datetime) -> int:  # fmt: skip
        """One history row for each entry of a member starting in [since, until) (an approved or
        returned week, a lock moved): one statement, whatever their number."""
        if self.entry_changes is None:
            return 0
        author_id, name, via = self.entry_changes.entry_author()
        lower = "" if since is None else " AND start_time >= ?"
        params = [self._time(now), author_id, name, via, action, _text(before), _text(after), user_id]
        params += [] if since is None else [self._time(since)]
        return self._run(
            f"""INSERT INTO entry_history (entry_id, at, user_id, user_name, via, action, before, after)
                SELECT id, ?, ?, ?, ?, ?, ?, ? FROM time_entries WHERE user_id = ?{lower} AND start_time < ?""",
            [*params, self._time(until)],
        ).rowcount

    # -- reading the history -----------------------------------------------------------------------

    def entry_history(self, entry_id: int) -> list[tuple]:
        """(at, user_name, via, action, before, after) of an entry's changes, oldest first."""
        rows = self._all(
            "SELECT at, user_name, via, action, before, after FROM entry_history WHERE entry_id = ? ORDER BY id",
            (entry_id,),
        )
        return [(self._instant(r[0]), r[1], r[2], r[3], _value(r[4]), _value(r[5])) for r in rows]

    # -- the lock ----------------------------------------------------------------------------------

    def period_lock(self) -> tuple[str, str | None, datetime] | None:
        """(the first day not locked, who set it, when) or None."""
        row = self._one(
            "SELECT l.before_day, u.name, l.set_at FROM period_lock l LEFT JOIN users u ON u.id = l.set_by WHERE l.id = 1"
        )
        return None if row is None else (row[0], row[1], self._instant(row[2]))

    def set_period_lock(self, before_day: str | None, user_id: int | None, now: datetime) -> None:
        self._run("DELETE FROM period_lock")
        if before_day is not None:
            self._run("INSERT INTO period_lock (id, before_day, set_by, set_at) VALUES (1, ?, ?, ?)",
                      (before_day, user_id, self._time(now)))  # fmt: skip

    # -- the weeks ---------------------------------------------------------------------------------

    def week_state(self, user_id: int, week: str) -> tuple | None:
        """(status, note, submitted_at, decided_at, decided_by name) of a member's week, or None (open)."""
        row = self._one(
            """SELECT w.status, w.note, w.submitted_at, w.decided_at, u.name FROM week_approvals w
               LEFT JOIN users u ON u.id = w.decided_by WHERE w.user_id = ? AND w.week = ?""",
            (user_id, week),
        )
        return None if row is None else (row[0], row[1], self._instant(row[2]), self._instant(row[3]), row[4])

    def save_week(self, user_id: int, week: str, status: str, note: str | None, now: datetime,
                  decided_by: int | None = None) -> None:  # fmt: skip
        """A week submitted (again: the decision forgotten) or decided (approved, returned)."""
        stamp = self._time(now)
        if status == "submitted":
            self._run("DELETE FROM week_approvals WHERE user_id = ? AND week = ?", (user_id, week))
            self._run("INSERT INTO week_approvals (user_id, week, status, note, submitted_at) VALUES (?, ?, ?, ?, ?)",
                      (user_id, week, status, note, stamp))  # fmt: skip
            return
        self._run("UPDATE week_approvals SET status = ?, note = ?, decided_at = ?, decided_by = ? "
                  "WHERE user_id = ? AND week = ?", (status, note, stamp, decided_by, user_id, week))  # fmt: skip

    def weeks(self, status: str | None, user_id: int | None) -> list[tuple]:
        """(user id, user name, week, status, note, submitted_at, decided_at, decided_by name) of
        the weeks submitted at least once, newest week first."""
        where, params = where_equal({"w.status": status, "w.user_id": user_id})
        rows = self._all(
            f"""SELECT w.user_id, m.name, w.week, w.status, w.note, w.submitted_at, w.decided_at, d.name
                FROM week_approvals w JOIN users m ON m.id = w.user_id LEFT JOIN users d ON d.id = w.decided_by
                {where} ORDER BY w.week DESC, m.name_key""",
            params,
        )
        return [(*r[:5], self._instant(r[5]), self._instant(r[6]), r[7]) for r in rows]

    def approved_weeks(self, user_id: int) -> set[str]:
        rows = self._all("SELECT week FROM week_approvals WHERE user_id = ? AND status = 'approved'", (user_id,))
        return {r[0] for r in rows}


def _instant_of(value: datetime | str) -> datetime:
    """A start as a write gives it: an aware instant, or stored UTC text (2026-03-02 09:00:00)."""
    from aostime.domain.timeparse import UTC

    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _text(value: dict | None) -> str | None:
    if value is None:
        return None
    import json  # here: a prompt's `aos stop` need not load it

    return json.dumps(value, separators=(",", ":"))


def _value(text: str | None) -> dict | None:
    import json

    return None if text is None else json.loads(text)
