"""A POST with an Idempotency-Key (services/idempotency.py), answered in ONE write transaction on
the request's one store: in the route's own thread, the key is looked up, the route runs (its
use case's transaction nests in this one as a savepoint), its answer is rendered in full, kept
beside the key, and only then is everything committed; the answer is sent afterwards. A crash
before the commit leaves neither the write nor the key; after it, a retry gets the kept answer.
A refused request (not 2xx) is rolled back whole. Two requests with one key queue on the write
lock; the later finds the earlier's answer.

The guard (server/guard.py) reads the body and names the key in KEYED, a context variable the
route's thread sees; request_session (server/common.py) leaves the request's session there, and
every POST route of the API runs through `keyed_endpoint`, which does the rest."""

from __future__ import annotations

import contextvars
import functools
import hashlib
from typing import Any

from starlette.responses import Response

from aostime.errors import AosError

KEEP_OUT = ("content-length", "x-request-id")  # headers a replay gets anew
NOTES_HEADER = "X-Aos-Notes"  # the notes of a request's use cases (server/common.py NotesHeader)


class Keyed:
    """One keyed request: its key, the hash of what was asked, who asks; and the session the
    route got (request_session sets it), whose store the whole request runs on."""

    def __init__(self, key: str, request_hash: str, actor, stores) -> None:
        self.key, self.request_hash, self.actor, self.stores = key, request_hash, actor, stores
        self.session = None
        self.notes: list[str] = []


KEYED: contextvars.ContextVar[Keyed | None] = contextvars.ContextVar("aostime_keyed", default=None)


def request_hash(scope, body: bytes) -> str:
    """What makes two requests the same request: the path, the query and the body."""
    request = f"{scope['path']}?{scope.get('query_string', b'').decode('latin-1')}".encode() + b"\n" + body
    return hashlib.sha256(request).hexdigest()


async def answer_keyed(app, scope, send, actor, key: str, body: bytes) -> None:
    """The request (its body read whole, its key checked) through `app`, with its key in KEYED."""
    delivered = False

    async def receive():
        nonlocal delivered
        if delivered:
            return await _left()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    token = KEYED.set(Keyed(key, request_hash(scope, body), actor, scope["app"].state.stores))
    try:
        await app(scope, receive, send)
    finally:
        KEYED.reset(token)


async def _left():
    return {"type": "http.disconnect"}


def keyed_endpoint(endpoint):
    """A POST route's function, answering a keyed request once (see the module's docstring)."""

    @functools.wraps(endpoint)
    def route(*args: Any, **kwargs: Any) -> Any:
        keyed = KEYED.get()
        if keyed is None:
            return endpoint(*args, **kwargs)
        if keyed.session is not None:
            return _answer_once(keyed, keyed.session, endpoint, args, kwargs)
        from aostime.services import Session

        with keyed.stores.acquire() as store:  # a route that reads no session: its own store
            session = Session(store)
            session.actor = keyed.actor
            return _answer_once(keyed, session, endpoint, args, kwargs)

    return route


class _Refused(Exception):
    """Raised through the transaction to roll back a request answered with an error."""

    def __init__(self, response) -> None:
        self.response = response


def _answer_once(keyed: Keyed, session, endpoint, args, kwargs) -> Any:
    from aostime.services import idempotency

    user_id = keyed.actor.user.id  # who sent the key, whoever the request acts for
    try:
        with session.store.transaction():
            replay = idempotency.first_answer(session, user_id, keyed.key, keyed.request_hash)
            if replay is not None:
                return Response(replay.body, replay.status, dict(replay.headers, **{"Idempotent-Replayed": "true"}))
            response = endpoint(*args, **kwargs)
            status = getattr(response, "status_code", 200)
            if not 200 <= status < 300:
                raise _Refused(response)
            body = getattr(response, "body", None)
            if body is None:  # an answer not rendered whole (a stream) cannot be kept: not a keyed write
                raise _NotKept()
            headers = {k: v for k, v in response.headers.items() if k.lower() not in KEEP_OUT}
            if keyed.notes:  # what NotesHeader will add: a replay says it too
                import json

                headers[NOTES_HEADER] = json.dumps(keyed.notes, ensure_ascii=True)
            idempotency.keep(session, user_id, keyed.key, keyed.request_hash, status, headers,
                             bytes(body).decode("utf-8", "replace"))  # fmt: skip
    except _Refused as refused:
        return refused.response
    return response


class _NotKept(AosError):
    """A 409 (AosError's), its write rolled back."""

    def __init__(self) -> None:
        super().__init__("this request's answer is a stream, which an Idempotency-Key cannot keep; send it without one")
