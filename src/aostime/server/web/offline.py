"""What makes the web app work without a connection and installable: the service worker at the
root (its scope is then the whole app, which a script under /static/ could not have) and the web
app manifest. Both are static files of the package; the changes made offline are the page's
(static/js/offline.js), sent through the API's declared use cases when the network is back."""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter
from starlette.responses import Response

from aostime.server.web.render import SECURITY_HEADERS

router = APIRouter(include_in_schema=False)
# A new worker is taken up at the next visit: never kept by the browser's HTTP cache.
FRESH = {**SECURITY_HEADERS, "Cache-Control": "no-cache"}


@router.get("/sw.js")
def service_worker() -> Response:
    source = (files("aostime") / "static" / "sw.js").read_bytes()
    return Response(source, headers=FRESH, media_type="text/javascript")


@router.get("/manifest.webmanifest")
def manifest() -> Response:
    source = (files("aostime") / "static" / "manifest.webmanifest").read_bytes()
    return Response(source, headers=FRESH, media_type="application/manifest+json")
