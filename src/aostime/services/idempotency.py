"""Idempotency-Key on a POST: a retried request (the answer was lost, the client timed out)
gets the first answer again instead of making a second record. The key is reserved before the
request runs, so a concurrent retry is refused rather than run twice; a successful answer is
kept for a day; anything else frees the key (the use cases write all or nothing, so a failed
request wrote nothing and may be retried)."""

from __future__ import annotations

import json
from datetime import timedelta

from aostime.errors import BadInput, Conflict
from aostime.services import Session

KEEP = timedelta(hours=24)
MAX_KEY = 255


class Replay:
    """The stored first answer: status, headers (dict) and body (text)."""

    def __init__(self, status: int, headers: dict[str, str], body: str) -> None:
        self.status, self.headers, self.body = status, headers, body


def begin(session: Session, key: str, request_hash: str) -> Replay | None:
    """None: the key is new and now reserved for this request. Else the first answer to it."""
    if not 0 < len(key) <= MAX_KEY or not key.isascii() or not key.isprintable():
        raise BadInput(f"Idempotency-Key must be 1 to {MAX_KEY} printable ASCII characters")
    user = session.user()
    with session.store.transaction() as store:
        row = store.reserve_idempotency_key(user.id, key, request_hash, session.now, session.now - KEEP)
    if row is None:
        return None
    stored_hash, status, headers, body = row
    if stored_hash != request_hash:
        raise Conflict("this Idempotency-Key was used for a different request; send a new key for a new request")
    if status == 0:
        raise Conflict("the request with this Idempotency-Key is still being answered; retry in a moment")
    return Replay(status, json.loads(headers), body)


def finish(session: Session, key: str, status: int, headers: dict[str, str], body: str) -> None:
    """Keep a successful answer; free the key after any other."""
    user = session.user()
    with session.store.transaction() as store:
        if 200 <= status < 300:
            store.finish_idempotency_key(user.id, key, status, json.dumps(headers), body)
        else:
            store.drop_idempotency_key(user.id, key)
