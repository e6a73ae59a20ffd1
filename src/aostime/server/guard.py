"""The gate in front of every route: a request id and one log line per request, the body size
limit and the token, all before a route reads a byte of the body. An unauthenticated or
oversized request is answered without being parsed, so it costs the server no memory."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from aostime.errors import StorageError
from aostime.server.common import API_PREFIX, wp_error

log = logging.getLogger("aostime.requests")
DOCS = ("/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json")
OPEN = (f"{API_PREFIX}/health",)
# Pages that read their body themselves, bounded and counted as it arrives, and refuse an
# oversized one in their own words beside their form: the web app's upload (server/web/uploads.py).
SELF_BOUNDED = ("/import",)
CSRF_HEADER = "x-csrf-token"  # a page's script calling the API with its session (Guard._page_session)


def is_api(path: str) -> bool:
    """The API and its documents need a token; the web app's pages check their own session."""
    return path.startswith(API_PREFIX) or path in DOCS


class BodyTooLarge(Exception):
    pass


class Guard:
    """ASGI middleware. `max_body` bytes at most per request body (413 above it, whether the
    client declared the length or streams chunks); `public_docs` lets /docs and /openapi.json
    through without a token. The token's Actor goes to request.state.actor."""

    def __init__(self, app, max_body: int, public_docs: bool = False, access_log: bool = True) -> None:
        self.app = app
        self.max_body = max_body
        self.public_docs = public_docs
        self.access_log = access_log

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex[:16]
        started = time.monotonic()
        status: list[int] = [0]

        async def send_logged(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self._guarded(scope, receive, send_logged)
        finally:
            if self.access_log:
                # The path without the query string and never a header: no token reaches the log.
                log.info("%s %s %s %s %.1fms", request_id, scope["method"], scope["path"], status[0] or "-",
                         (time.monotonic() - started) * 1000)  # fmt: skip

    async def _guarded(self, scope, receive, send) -> None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        path = scope["path"]
        if path in SELF_BOUNDED and scope["method"] == "POST":
            await self.app(scope, receive, send)
            return
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            await self._answer(scope, receive, send, _too_large(self.max_body))
            return
        if is_api(path) and path not in OPEN and not (self.public_docs and path in DOCS):
            if headers.get(CSRF_HEADER) is not None and not headers.get("authorization"):
                actor = await self._page_session(scope, headers)
            else:
                actor = await self._authenticate(scope, headers.get("authorization", ""))
            if not hasattr(actor, "user"):  # a Response: refused
                await self._answer(scope, receive, send, actor)
                return
            scope.setdefault("state", {})["actor"] = actor
            key = headers.get("idempotency-key")
            if key is not None and scope["method"] == "POST":
                await self._idempotent(scope, receive, send, actor, key)
                return
        await self._app_with_limit(scope, receive, send)

    async def _authenticate(self, scope, header: str):
        from starlette.concurrency import run_in_threadpool

        from aostime.services import Session
        from aostime.services.tokens import Unauthorized, authenticate

        scheme, _, secret = header.partition(" ")
        secret = secret.strip() if scheme.lower() == "bearer" else ""

        def check():
            with scope["app"].state.stores.acquire() as store:
                return authenticate(Session(store), secret or None)

        try:
            return await run_in_threadpool(check)
        except Unauthorized as exc:
            return wp_error(401, "rest_forbidden", str(exc), headers={"WWW-Authenticate": "Bearer"})
        except StorageError as exc:
            return wp_error(503, "rest_storage_unavailable", str(exc))

    async def _page_session(self, scope, headers: dict[str, str]):
        """A page's own script (the offline queue, static/js/offline.js) calls the API as the signed-in
        member: the session cookie, its CSRF token in CSRF_HEADER and a same-origin Origin, as a form
        of the pages must carry; another site's page can send the cookie but knows no token."""
        from starlette.concurrency import run_in_threadpool
        from starlette.requests import Request

        from aostime.server.web.auth import SESSION_COOKIE, same_origin, tokens_match
        from aostime.services import Session
        from aostime.services.accounts import SignedOut, signed_in

        request = Request(scope)

        def check():
            with scope["app"].state.stores.acquire() as store:
                return signed_in(Session(store), request.cookies.get(SESSION_COOKIE))

        try:
            actor, csrf, _ = await run_in_threadpool(check)
        except SignedOut as exc:
            return wp_error(401, "rest_forbidden", str(exc))
        except StorageError as exc:
            return wp_error(503, "rest_storage_unavailable", str(exc))
        if not (tokens_match(csrf, headers[CSRF_HEADER]) and same_origin(request)):
            return wp_error(403, "rest_forbidden", "this request did not come from this site's page")
        return actor

    async def _app_with_limit(self, scope, receive, send) -> None:
        """Count the body as the route reads it: past the limit, answer 413 and let the route
        see the client gone (whatever it sends afterwards is dropped)."""
        received = 0
        answered = False

        async def limited_receive():
            nonlocal received, answered
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body and not answered:
                    answered = True
                    await _too_large(self.max_body)(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message):
            if not answered:
                await send(message)

        await self.app(scope, limited_receive, guarded_send)

    async def _idempotent(self, scope, receive, send, actor, key: str) -> None:
        """A POST with an Idempotency-Key: its body read whole (within the limit), then answered
        once per key in one write transaction (server/keyed.py)."""
        from aostime.errors import AosError
        from aostime.server.common import error_response
        from aostime.server.keyed import answer_keyed
        from aostime.services.idempotency import check_key

        try:
            check_key(key)
        except AosError as exc:
            await self._answer(scope, receive, send, error_response(exc))
            return

        body = b""
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client left
            body += message.get("body", b"")
            if len(body) > self.max_body:
                await self._answer(scope, receive, send, _too_large(self.max_body))
                return
            if not message.get("more_body"):
                break
        await answer_keyed(self.app, scope, send, actor, key, body)

    @staticmethod
    async def _answer(scope, receive, send, response) -> None:
        await response(scope, receive, send)


def _too_large(limit: int):
    return wp_error(413, "rest_payload_too_large", f"the request body is over the limit of {limit:,} bytes")
