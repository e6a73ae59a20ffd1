"""API tokens (only their sha256 is stored)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

TYPE_CHECKING = False  # typing and the models cost milliseconds at every prompt
if TYPE_CHECKING:
    from typing import Any


class TokensSql:
    """SQL of one aggregate, mixed into a backend's Store (which provides the Dialect)."""

    TOKEN_SELECT = """SELECT k.id, k.name, k.user_id, u.name, k.created_at, k.last_used_at, k.revoked_at,
               k.expires_at, k.read_only
        FROM api_tokens k JOIN users u ON u.id = k.user_id"""

    def _token(self, row: Sequence[Any]) -> dict[str, Any]:
        instant = self._instant
        return {
            "id": row[0], "name": row[1], "user_id": row[2], "user_name": row[3],
            "created_at": instant(row[4]), "last_used_at": instant(row[5]), "revoked_at": instant(row[6]),
            "expires_at": instant(row[7]), "read_only": bool(row[8]),
        }  # fmt: skip

    def insert_token(self, user_id: int, name: str, token_hash: str, now: datetime,
                     expires_at: datetime | None = None, read_only: bool = False) -> int:  # fmt: skip
        return self._insert(
            "INSERT INTO api_tokens (name, user_id, token_hash, created_at, expires_at, read_only) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (name, user_id, token_hash, self._time(now), expires_at and self._time(expires_at), int(read_only)),
        )

    def get_token(self, token_id: int) -> dict[str, Any] | None:
        row = self._one(f"{self.TOKEN_SELECT} WHERE k.id = ?", (token_id,))
        return None if row is None else self._token(row)

    def token_by_hash(self, token_hash: str) -> dict[str, Any] | None:
        row = self._one(f"{self.TOKEN_SELECT} WHERE k.token_hash = ?", (token_hash,))
        return None if row is None else self._token(row)

    def list_tokens(self, user_id: int | None = None) -> list[dict[str, Any]]:
        """Every token, or one member's."""
        if user_id is None:
            return [self._token(r) for r in self._all(f"{self.TOKEN_SELECT} ORDER BY k.id")]
        return [self._token(r) for r in self._all(f"{self.TOKEN_SELECT} WHERE k.user_id = ? ORDER BY k.id", (user_id,))]

    def revoke_token(self, token_id: int, now: datetime) -> None:
        self._run(
            "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", (self._time(now), token_id)
        )

    def touch_token(self, token_id: int, now: datetime) -> None:
        self._run("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", (self._time(now), token_id))

    # -- Idempotency-Key: the first answer to a member's POST, kept with the write it guards ----

    def idempotency_answer(self, user_id: int, key: str, keep_since: datetime):
        """The row kept for this key, (request_hash, status, headers, body), or None; a member's
        keys older than keep_since go first. Inside the request's write transaction."""
        self._run(
            "DELETE FROM idempotency_keys WHERE user_id = ? AND created_at < ?", (user_id, self._time(keep_since))
        )
        return self._one(
            "SELECT request_hash, status, headers, body FROM idempotency_keys WHERE user_id = ? AND key = ?",
            (user_id, key),
        )

    def keep_idempotency_answer(self, user_id: int, key: str, request_hash: str, status: int, headers: str,
                                body: str, now: datetime) -> None:  # fmt: skip
        self._run(
            "INSERT INTO idempotency_keys (user_id, key, request_hash, status, headers, body, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (user_id, key, request_hash, status, headers, body, self._time(now)),
        )
