"""Idempotency-Key on a POST: a retried request (the answer was lost, the client timed out, the
server died before answering) gets the first answer again instead of making a second record.

The key and its answer are kept IN THE SAME TRANSACTION as the write they guard (server/keyed.py
holds it open from the key's look-up to the commit): after any crash the key is either stored
with the answer of a committed write, or absent with the write rolled back. There is no
"reserved, not yet answered" state left behind. A concurrent request with the same key waits
for the write lock and then finds the answer. Only a successful (2xx) answer is kept: a refused
request wrote nothing, and the key may be sent again.

Answers are kept for KEEP, far longer than the team client's journal holds a change it has
begun to send (remote.sync refuses to send again one first sent longer than RESEND_WITHIN ago)."""

from __future__ import annotations

import json
from datetime import timedelta

from aostime.errors import BadInput, Conflict
from aostime.services import Session

KEEP = timedelta(days=30)
RESEND_WITHIN = KEEP - timedelta(days=2)  # the team client's margin for a clock off by a day or so
MAX_KEY = 255
UNSETTLED = 0  # the status of a key an older server reserved before answering


class Replay:
    """The stored first answer: status, headers (dict) and body (text)."""

    def __init__(self, status: int, headers: dict[str, str], body: str) -> None:
        self.status, self.headers, self.body = status, headers, body


def check_key(key: str) -> None:
    if not 0 < len(key) <= MAX_KEY or not key.isascii() or not key.isprintable():
        raise BadInput(f"Idempotency-Key must be 1 to {MAX_KEY} printable ASCII characters")


def first_answer(session: Session, user_id: int, key: str, request_hash: str) -> Replay | None:
    """Inside the request's write transaction: the first answer to this member's key, or None
    when the request is to run now (its answer is then kept by `keep`, in the same transaction)."""
    row = session.store.idempotency_answer(user_id, key, session.now - KEEP)
    if row is None:
        return None
    stored_hash, status, headers, body = row
    if stored_hash != request_hash:
        raise Conflict("this Idempotency-Key was used for a different request; send a new key for a new request")
    if status == UNSETTLED:
        # Left by an older server between its reservation and its answer (it settled keys in a
        # second transaction). Whether that write committed cannot be known: refused, never run
        # twice; a person checks and sends the change with a new key.
        raise Conflict("the request with this Idempotency-Key was never answered; check it was done, then "
                         "send it with a new key")  # fmt: skip
    return Replay(status, json.loads(headers), body)


def keep(session: Session, user_id: int, key: str, request_hash: str, status: int, headers: dict[str, str],
         body: str) -> None:  # fmt: skip
    """Inside the request's write transaction, before its commit: a successful answer kept."""
    if 200 <= status < 300:
        session.store.keep_idempotency_answer(user_id, key, request_hash, status, json.dumps(headers), body,
                                              session.now)  # fmt: skip
