"""The team client's offline journal (aostime.remote.sync sends it): timer and entry changes made while the team server could not be
reached, kept in a small local SQLite file in the order they were made, with their real times
(resolved on this machine when they were made) and each with its own Idempotency-Key. They are
sent in order before the next command that reaches the server, or by `aos sync`; each is
removed only after the server answered it, so a sync killed half-way sends the rest later and
the server's idempotency answers a repeated one with its first answer: nothing is applied twice.
That holds while the server keeps the key: the journal notes when a change was first sent, and
remote.sync sends it again only within services.idempotency.RESEND_WITHIN of that.

A change the server refuses when it arrives (a timer started meanwhile on another device, a
stop with no timer left to stop) is never dropped: it moves to the conflicts, which `aos sync`
shows with both sides until they are cleared (`aos sync --clear-conflicts`). One rule resolves a
start: the later start wins, as on one device: sent again as a switch, it stops the other
timer when this one started."""

from __future__ import annotations

import json
import os
from contextlib import closing

TYPE_CHECKING = False  # sqlite3 only when there is a journal: a prompt's status mostly has none
if TYPE_CHECKING:
    import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS queued (
    id INTEGER PRIMARY KEY AUTOINCREMENT, server TEXT NOT NULL, key TEXT NOT NULL UNIQUE,
    method TEXT NOT NULL, path TEXT NOT NULL, body TEXT NOT NULL, summary TEXT NOT NULL, queued_at TEXT NOT NULL,
    first_sent_at TEXT
);
CREATE TABLE IF NOT EXISTS conflicts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, server TEXT NOT NULL, key TEXT NOT NULL,
    method TEXT NOT NULL, path TEXT NOT NULL, body TEXT NOT NULL, summary TEXT NOT NULL, queued_at TEXT NOT NULL,
    answer TEXT NOT NULL
);
"""


class Journal:
    def __init__(self, path: str, server: str) -> None:
        self.path, self.server = path, server

    def _connect(self) -> sqlite3.Connection:
        import sqlite3

        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        conn.executescript(SCHEMA)
        if "first_sent_at" not in {row[1] for row in conn.execute("PRAGMA table_info(queued)")}:
            conn.execute("ALTER TABLE queued ADD COLUMN first_sent_at TEXT")  # a journal of an older aostime
        return conn

    def add(self, method: str, path: str, body: dict, key: str, summary: str) -> None:
        with closing(self._connect()) as conn:
            conn.execute(
                "INSERT INTO queued (server, key, method, path, body, summary, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (self.server, key, method, path, json.dumps(body), summary, _now()),
            )

    def pending(self) -> list[tuple]:
        """(id, key, method, path, body, first_sent_at, summary) in the order the changes were
        made; first_sent_at (an aware datetime) is None for a change never sent yet."""
        if not os.path.exists(self.path):
            return []
        with closing(self._connect()) as conn:
            rows = conn.execute("SELECT id, key, method, path, body, first_sent_at, summary FROM queued "
                                "WHERE server = ? ORDER BY id", (self.server,)).fetchall()  # fmt: skip
        from datetime import datetime

        return [(i, key, method, path, json.loads(body), first and datetime.fromisoformat(first), summary)
                for i, key, method, path, body, first, summary in rows]  # fmt: skip

    def sending(self, item_id: int, now) -> None:
        """Note when a change is first sent: from then on the server may have applied it, and
        only its Idempotency-Key (kept by the server for a while) keeps a resend from applying
        it twice."""
        with closing(self._connect()) as conn:
            conn.execute("UPDATE queued SET first_sent_at = ? WHERE id = ? AND first_sent_at IS NULL",
                         (now.isoformat(timespec="seconds"), item_id))  # fmt: skip

    def conflicts(self) -> list[dict]:
        if not os.path.exists(self.path):
            return []
        with closing(self._connect()) as conn:
            rows = conn.execute("SELECT id, summary, answer, queued_at FROM conflicts WHERE server = ? ORDER BY id",
                                (self.server,)).fetchall()  # fmt: skip
        return [{"id": i, "change": summary, "server_said": answer, "made_at": at} for i, summary, answer, at in rows]

    def clear_conflicts(self) -> int:
        if not os.path.exists(self.path):
            return 0
        with closing(self._connect()) as conn:
            return conn.execute("DELETE FROM conflicts WHERE server = ?", (self.server,)).rowcount

    def sent(self, item_id: int) -> None:
        with closing(self._connect()) as conn:
            conn.execute("DELETE FROM queued WHERE id = ?", (item_id,))

    def conflicted(self, item_id: int, answer: str) -> None:
        """Moved, in one transaction, from the queue to the conflicts: kept, never lost."""
        with closing(self._connect()) as conn:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO conflicts (server, key, method, path, body, summary, queued_at, answer) "
                "SELECT server, key, method, path, body, summary, queued_at, ? FROM queued WHERE id = ?",
                (answer, item_id),
            )
            conn.execute("DELETE FROM queued WHERE id = ?", (item_id,))
            conn.execute("COMMIT")


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")
