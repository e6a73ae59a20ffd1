"""The notes a page's use cases leave for the person (the CLI prints them on stderr: "budget of
Website reached 80%: ..."), shown in the page's status region. A form that saves answers with a
redirect (post, redirect, get), so its notes ride along in a short-lived cookie to the page it
redirects to, which shows them once and drops the cookie.

As the page's language (web.language), the notes belong to the request: the middleware puts a
fresh holder in the request's context, the session's dependency points the Session's notify at
it, and the page reads it when it renders."""

from __future__ import annotations

import json
from contextvars import ContextVar
from urllib.parse import quote, unquote

COOKIE = "aos_notes"
KEEP_SECONDS = 60  # long enough to follow a redirect, short enough never to surprise later
MOST = 5  # notes carried at once
LONGEST = 500  # characters of a note carried
REDIRECTS = (301, 302, 303, 307, 308)
_REQUEST: ContextVar[dict | None] = ContextVar("aos_page_notes", default=None)


def note(text: str) -> None:
    """A note for the person (the Session's notify in the web app)."""
    holder = _REQUEST.get()
    if holder is not None and len(holder["new"]) < MOST:
        holder["new"].append(text[:LONGEST])


def shown() -> list[str]:
    """The notes the page being rendered shows in its status region (base.html asks, so a
    fragment without the region leaves them for the next page): those carried to it, then its own."""
    holder = _REQUEST.get()
    if holder is None:
        return []
    holder["shown"] = True
    return [*holder["carried"], *holder["new"]]


def _carried(cookie_header: str | None) -> list[str]:
    for part in (cookie_header or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE:
            try:
                notes = json.loads(unquote(value))
            except ValueError:
                return []
            if isinstance(notes, list):
                return [str(n)[:LONGEST] for n in notes[:MOST]]
    return []


class Middleware:
    """ASGI: each request gets its own holder of the notes carried to it and of its own; a
    redirect carries the new ones on in the cookie, a page that showed them drops it."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookies = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"cookie"), None)
        holder = {"carried": _carried(cookies), "new": [], "shown": False, "had": f"{COOKIE}=" in (cookies or "")}
        token = _REQUEST.set(holder)

        async def send_with_notes(message) -> None:
            if message["type"] == "http.response.start":
                cookie = _cookie(holder, message["status"])
                if cookie is not None:
                    message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie)]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_notes)
        finally:
            _REQUEST.reset(token)


def _cookie(holder: dict, status: int) -> bytes | None:
    flags = "; Path=/; HttpOnly; SameSite=Lax"
    if status in REDIRECTS and (holder["carried"] or holder["new"]):  # carried on, to where it leads
        value = quote(json.dumps([*holder["carried"], *holder["new"]][-MOST:]))
        return f"{COOKIE}={value}{flags}; Max-Age={KEEP_SECONDS}".encode("latin-1")
    if holder["had"] and (holder["shown"] or status in REDIRECTS):  # shown, or a stale empty one
        return f"{COOKIE}=; Max-Age=0{flags}".encode("latin-1")
    return None
