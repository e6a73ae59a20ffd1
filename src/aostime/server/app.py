"""The REST API: WordPress-style (base /wp-json/agency-os-ai/v1, its error shape, X-WP-Total
paging) over the same use cases as the CLI. Routes live by subject (entries, timer, catalog,
invoices, team) and parse, call one use case, and shape the answer with aostime.domain.documents;
aostime.render.json writes it, so money keeps its two decimals (675.00).

In front of every route, server/guard.py checks the body size and the token before a byte of
the body is read. Each request runs in FastAPI's threadpool (plain `def`) with its own store.
Errors become WordPress REST errors in one place: the handlers registered in `create_app`,
keyed by exception class."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from aostime import __version__
from aostime.errors import NotFound
from aostime.server.common import ERRORS, NotesHeader, status_of, wp_error

WORKER_DATABASE = "AOS_SERVE_DATABASE"  # how `aos serve --workers N` tells its workers the database
WORKER_OPTIONS = "AOS_SERVE_OPTIONS"  # ... and create_app's options, as JSON


async def _aos_error(request: Request, exc: Exception) -> Response:
    status, code = status_of(exc)
    if isinstance(exc, NotFound) and not _names_the_missing_resource(request):
        # An unknown id given in the query or the body (project_id, invoice_id...): the URL's
        # resource exists, the request is what is wrong.
        status, code = 400, "rest_invalid_param"
    message = str(exc).replace("\n", " ").strip() or type(exc).__name__
    if not _from_the_team_client(request):
        from aostime.server.invalid import in_api_terms

        message = in_api_terms(message)
    params = {} if status == 400 else None
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return wp_error(status, code, message, params, headers, kind=getattr(exc, "slug", None))


def _from_the_team_client(request: Request) -> bool:
    """The team client (its derived routes, its User-Agent) shows the CLI's words to a person at
    the CLI; anyone else reads the API's."""
    return "/uses/" in request.url.path or request.headers.get("user-agent", "").startswith("aostime-cli")


def _names_the_missing_resource(request: Request) -> bool:
    """True when the request names a resource that the route has not found yet: a path id, the
    entry ids of a request on several entries, a ?ref= lookup."""
    if getattr(request.state, "body_names_resources", False):
        return True
    return bool(request.path_params) and not getattr(request.state, "resource_found", False)


async def _validation_error(request: Request, exc: Exception) -> Response:
    from aostime.server.invalid import in_words

    params: dict[str, str] = {}
    for error in exc.errors():  # type: ignore[attr-defined]
        where = [str(part) for part in error.get("loc", ())]
        name = ".".join(where[1:]) if len(where) > 1 else (where[0] if where else "body")
        if error.get("type") == "json_invalid":
            name = "body"
        message = in_words(error)
        if name == "body" and "json" not in request.headers.get("content-type", "").lower():
            message = "send the body as JSON, with 'Content-Type: application/json'"
        params[name] = f"{params[name]}; {message}" if name in params else message
    said = "; ".join(f"{name} {message}" for name, message in params.items()) or "body"
    return wp_error(400, "rest_invalid_param", f"Invalid parameter(s): {said}", params)


async def _http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    headers = getattr(exc, "headers", None)
    if status == 405:
        from aostime.server.methods import allowed_methods

        headers = {"Allow": ", ".join(allowed_methods(request.scope))}
    if status in (404, 405):
        return wp_error(
            status, "rest_no_route", "No route was found matching the URL and request method.", None, headers
        )
    return wp_error(status, "rest_error", str(getattr(exc, "detail", "")) or "request failed", None, headers)


async def _unexpected(request: Request, exc: Exception) -> Response:
    # The traceback goes to the server's log, never into the response.
    return wp_error(500, "rest_internal_error", f"internal error ({type(exc).__name__}); see the server log")


# -- the app --------------------------------------------------------------------------------


MAX_BODY = 1024 * 1024  # bytes of a request body, unless `aos serve --max-body` says otherwise


def create_app(db_path: str, max_body: int = MAX_BODY, public_docs: bool = False, access_log: bool = True) -> FastAPI:
    """The API over one database (opened and migrated by the caller first)."""
    from contextlib import asynccontextmanager

    from aostime.server.guard import Guard
    from aostime.server.methods import Methods
    from aostime.storage import request_stores

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.stores = request_stores(str(db_path))
        try:
            yield
        finally:
            app.state.stores.close()

    app = FastAPI(
        title="aostime",
        version=__version__,
        description=(
            "The time-tracking REST API of an aostime database. Every request but GET /health needs "
            "'Authorization: Bearer <token>' (aos token create); the token acts as its team member, with "
            "that member's role (member, manager, admin). Errors are WordPress REST errors: "
            '{"code", "message", "data": {"status", "params"}}.'
        ),
        lifespan=lifespan,
    )
    for cls in ERRORS:
        app.add_exception_handler(cls, _aos_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
    from aostime.server.routers import routers

    for router in routers():
        app.include_router(router)
    _add_web_app(app)
    app.add_middleware(Methods)
    app.add_middleware(NotesHeader)
    from aostime.server.web.language import Middleware as PageLanguage
    from aostime.server.web.notes import Middleware as PageNotes

    app.add_middleware(PageNotes)
    app.add_middleware(PageLanguage)
    app.add_middleware(Guard, max_body=max_body, public_docs=public_docs, access_log=access_log)
    from aostime.server.openapi_document import openapi_document

    app.openapi = lambda: openapi_document(app)  # type: ignore[method-assign]
    return app


def app_for_worker() -> FastAPI:
    """The app of one worker process of `aos serve --workers N` (the database was opened,
    checked and migrated by the parent, which names it and the options in the environment)."""
    import json
    import os

    return create_app(os.environ[WORKER_DATABASE], **json.loads(os.environ.get(WORKER_OPTIONS, "{}")))


def _add_web_app(app: FastAPI) -> None:
    """The web app's pages and its stylesheet, beside the API."""
    from importlib.resources import files

    from starlette.staticfiles import StaticFiles

    from aostime.server.web import (
        auth,
        calendar,
        calendar_new,
        catalog,
        catalog_budget,
        dashboard,
        entries,
        export_page,
        import_page,
        invoice,
        invoices,
        manual,
        offline,
        pages,
        profile,
        reports,
        search,
        settings,
        team,
        timer,
        timesheet,
        weeks,
    )
    from aostime.server.web import palette as command_palette

    app.include_router(auth.router)
    app.include_router(calendar.router)
    app.include_router(calendar_new.router)
    app.include_router(catalog_budget.router)  # before catalog's /clients/{kind}/{id}/{action}
    app.include_router(catalog.router)
    app.include_router(dashboard.router)
    app.include_router(entries.router)
    app.include_router(export_page.router)
    app.include_router(import_page.router)
    app.include_router(invoices.router)
    app.include_router(invoice.router)
    app.include_router(manual.router)
    app.include_router(offline.router)
    app.include_router(pages.router)
    app.include_router(command_palette.router)
    app.include_router(reports.router)
    app.include_router(search.router)
    app.include_router(settings.router)
    app.include_router(team.router)
    app.include_router(profile.router)
    app.include_router(timer.router)
    app.include_router(timesheet.router)
    app.include_router(weeks.router)
    app.mount("/static", StaticFiles(directory=str(files("aostime") / "static")), name="static")
