"""HEAD and OPTIONS on every route, as HTTP expects of a server: HEAD is a GET without its body
(same status and headers, Content-Length included), OPTIONS says in `Allow` which methods the
path takes. FastAPI's routes name only the methods they were declared with."""

from __future__ import annotations

from typing import Any


class Methods:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            await self._options(scope, receive, send)
            return

        async def headers_only(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return  # the rest of a streamed body: HEAD sends none of it
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(dict(scope, method="GET"), receive, headers_only)

    async def _options(self, scope, receive, send) -> None:
        allowed = allowed_methods(scope)
        if not allowed:  # no such path: the router's own 404
            await self.app(scope, receive, send)
            return
        if "GET" in allowed:
            allowed.append("HEAD")
        allow = ", ".join(sorted({*allowed, "OPTIONS"}))
        await send({"type": "http.response.start", "status": 204, "headers": [(b"allow", allow.encode())]})
        await send({"type": "http.response.body", "body": b""})


def allowed_methods(scope) -> list[str]:
    """Every method some route takes at this path (Starlette names only the first route's)."""
    from starlette.routing import Match

    from aostime.server.routers import routers

    methods: set[str] = set()
    for router in routers():  # each module's own routes (the app's are wrapped per router)
        for route in router.routes:
            if route.matches(dict(scope, method="GET"))[0] != Match.NONE:
                methods |= getattr(route, "methods", None) or set()
    return sorted(methods - {"HEAD"})
