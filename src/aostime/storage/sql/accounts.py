"""The web app's accounts: password hashes, sessions, invitations and failed sign-ins. Only
hashes of the secrets a browser or a link carries are stored."""

from __future__ import annotations

from datetime import datetime

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class AccountsSql:
    """SQL of one aggregate, mixed into a backend's Store (which provides the Dialect)."""

    def password_hash_of(self, user_id: int) -> str | None:
        row = self._one("SELECT password_hash FROM users WHERE id = ?", (user_id,))
        return None if row is None else row[0]

    def set_password_hash(self, user_id: int, password_hash: str | None, now: datetime) -> None:
        self._run("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
                  (password_hash, self._time(now), user_id))  # fmt: skip

    # -- sessions

    def insert_session(self, user_id: int, session_hash: str, csrf_token: str, now: datetime) -> int:
        return self._insert(
            "INSERT INTO web_sessions (user_id, session_hash, csrf_token, created_at, seen_at) VALUES (?, ?, ?, ?, ?)",
            (user_id, session_hash, csrf_token, self._time(now), self._time(now)),
        )

    def session_by_hash(self, session_hash: str) -> dict[str, Any] | None:
        row = self._one(
            "SELECT id, user_id, csrf_token, created_at, seen_at, ended_at FROM web_sessions WHERE session_hash = ?",
            (session_hash,),
        )
        if row is None:
            return None
        instant = self._instant
        return {"id": row[0], "user_id": row[1], "csrf_token": row[2], "created_at": instant(row[3]),
                "seen_at": instant(row[4]), "ended_at": instant(row[5])}  # fmt: skip

    def touch_session(self, session_id: int, now: datetime) -> None:
        self._run("UPDATE web_sessions SET seen_at = ? WHERE id = ?", (self._time(now), session_id))

    def end_session(self, session_id: int, now: datetime) -> None:
        self._run(
            "UPDATE web_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL", (self._time(now), session_id)
        )

    def end_sessions_of(self, user_id: int, now: datetime) -> int:
        """Ends every live session of a member; how many there were."""
        live = self._one("SELECT count(*) FROM web_sessions WHERE user_id = ? AND ended_at IS NULL", (user_id,))[0]
        self._run("UPDATE web_sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL",
                  (self._time(now), user_id))  # fmt: skip
        return int(live)

    # -- invitations

    def insert_invite(self, user_id: int, invite_hash: str, now: datetime, expires_at: datetime) -> int:
        # A new invitation replaces the member's earlier ones: only the last link works.
        self._run("UPDATE invites SET used_at = ? WHERE user_id = ? AND used_at IS NULL", (self._time(now), user_id))
        return self._insert(
            "INSERT INTO invites (user_id, invite_hash, created_at, expires_at) VALUES (?, ?, ?, ?)",
            (user_id, invite_hash, self._time(now), self._time(expires_at)),
        )

    def invite_by_hash(self, invite_hash: str) -> dict[str, Any] | None:
        row = self._one("SELECT id, user_id, expires_at, used_at FROM invites WHERE invite_hash = ?", (invite_hash,))
        if row is None:
            return None
        return {"id": row[0], "user_id": row[1], "expires_at": self._instant(row[2]), "used_at": self._instant(row[3])}

    def use_invite(self, invite_id: int, now: datetime) -> bool:
        """Marks an invitation used; False when it was used already (by a request in between)."""
        before = self._one("SELECT used_at FROM invites WHERE id = ?", (invite_id,))
        if before is None or before[0] is not None:
            return False
        self._run("UPDATE invites SET used_at = ? WHERE id = ? AND used_at IS NULL", (self._time(now), invite_id))
        return True

    # -- throttling

    def record_sign_in_failure(self, who: str, now: datetime) -> None:
        self._run("INSERT INTO sign_in_failures (who, at) VALUES (?, ?)", (who, self._time(now)))

    def sign_in_failures(self, who: str, since: datetime) -> list[datetime]:
        """The times of failed sign-ins for `who` since a moment, oldest first."""
        rows = self._all(
            "SELECT at FROM sign_in_failures WHERE who = ? AND at >= ? ORDER BY at", (who, self._time(since))
        )
        return [self._instant(row[0]) for row in rows]

    def forget_sign_in_failures(self, who: str) -> None:
        self._run("DELETE FROM sign_in_failures WHERE who = ?", (who,))

    def prune_sign_in_failures(self, before: datetime) -> None:
        self._run("DELETE FROM sign_in_failures WHERE at < ?", (self._time(before),))
