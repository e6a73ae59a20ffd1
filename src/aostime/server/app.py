"""The seed's REST endpoints. Routes parse, call one service, and shape the answer with
aostime.domain.documents; aostime.render.json writes it, so money keeps its two decimals (675.00).

Each request opens its own Store (sqlite3 connections are not shared between threads), checks
the bearer token against the database, and runs in FastAPI's threadpool (plain `def`). Errors
become WordPress REST errors in one place: the handlers registered in `create_app`, keyed by
exception class."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException
from starlette.responses import Response

from aostime import __version__
from aostime.errors import (
    Ambiguous,
    AosError,
    BadInput,
    Conflict,
    Forbidden,
    Locked,
    NotFound,
    NothingToDo,
    StorageError,
)  # fmt: skip
from aostime.render.json import dumps
from aostime.server.schemas import MAX_ID, EntryIn, EntryOut, ErrorOut, MarkInvoicedIn, UnbilledOut
from aostime.services import Session
from aostime.services.tokens import Unauthorized

API_PREFIX = "/wp-json/agency-os-ai/v1"

# aostime's error tree -> (HTTP status, WordPress error code). The most specific class wins.
ERRORS: dict[type[Exception], tuple[int, str]] = {
    BadInput: (400, "rest_invalid_param"),
    Ambiguous: (400, "rest_invalid_param"),
    Unauthorized: (401, "rest_forbidden"),
    Forbidden: (403, "rest_forbidden"),
    NotFound: (404, "rest_not_found"),
    Conflict: (409, "rest_conflict"),
    Locked: (409, "rest_locked"),
    NothingToDo: (409, "rest_nothing_to_do"),
    StorageError: (503, "rest_storage_unavailable"),
    AosError: (409, "rest_cannot_do"),
}


def _error(status: int, code: str, message: str, params: dict[str, Any] | None = None, headers=None) -> Response:
    data: dict[str, Any] = {"status": status}
    if params is not None:
        data["params"] = params
    body = {"code": code, "message": message, "data": data}
    return Response(dumps(body), status_code=status, media_type="application/json", headers=headers)


def _json(document: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(dumps(document), status_code=status, media_type="application/json", headers=headers)


async def _aos_error(request: Request, exc: Exception) -> Response:
    status, code = next(ERRORS[cls] for cls in type(exc).__mro__ if cls in ERRORS)
    if isinstance(exc, NotFound) and not _names_the_missing_resource(request):
        # An unknown id given in the query or the body (project_id, invoice_id...): the URL's
        # resource exists, the request is what is wrong.
        status, code = 400, "rest_invalid_param"
    message = str(exc).replace("\n", " ").strip() or type(exc).__name__
    params = {} if status == 400 else None
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return _error(status, code, message, params, headers)


def _names_the_missing_resource(request: Request) -> bool:
    """True when the URL names a resource (a path id) that the route has not found yet."""
    return bool(request.path_params) and not getattr(request.state, "resource_found", False)


async def _validation_error(request: Request, exc: Exception) -> Response:
    params: dict[str, str] = {}
    for error in exc.errors():  # type: ignore[attr-defined]
        where = [str(part) for part in error.get("loc", ())]
        name = ".".join(where[1:]) if len(where) > 1 else (where[0] if where else "body")
        if error.get("type") == "json_invalid":
            name = "body"
        message = str(error.get("msg", "is not valid"))
        if name == "body" and "json" not in request.headers.get("content-type", "").lower():
            message = "send the body as JSON, with 'Content-Type: application/json'"
        params[name] = f"{params[name]}; {message}" if name in params else message
    names = ", ".join(params) or "body"
    return _error(400, "rest_invalid_param", f"Invalid parameter(s): {names}", params)


async def _http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    headers = getattr(exc, "headers", None)
    if status == 405:
        headers = {"Allow": ", ".join(_allowed_methods(request))}
    if status in (404, 405):
        return _error(status, "rest_no_route", "No route was found matching the URL and request method.", None, headers)
    return _error(status, "rest_error", str(getattr(exc, "detail", "")) or "request failed", None, headers)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at this path (Starlette names only the first route's)."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in router.routes:
        if route.matches(request.scope)[0] != Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return sorted(methods)


async def _unexpected(request: Request, exc: Exception) -> Response:
    # The traceback goes to the server's log, never into the response.
    return _error(500, "rest_internal_error", f"internal error ({type(exc).__name__}); see the server log")


# -- the session a request runs in ----------------------------------------------------------

bearer = HTTPBearer(
    auto_error=False, bearerFormat="aos token",
    description="A token from 'aos token create', sent as 'Authorization: Bearer <token>'.",
)  # fmt: skip


def request_session(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]
) -> Iterator[Session]:
    """A Store for this request (app.state.stores: a pooled connection on PostgreSQL, a fresh
    one on SQLite), acting as the token's team member."""
    from aostime.services import tokens

    with request.app.state.stores.acquire() as store:
        session = Session(store)
        session.actor = tokens.authenticate(session, credentials.credentials if credentials else None)
        if session.actor.user.time_zone:  # naive times sent with this token are read in its member's zone
            from zoneinfo import ZoneInfo

            session.zone = ZoneInfo(session.actor.user.time_zone)
        yield session


Current = Annotated[Session, Depends(request_session)]
IdParam = Annotated[int | None, Query(ge=1, le=MAX_ID)]
EntryId = Annotated[int, Path(ge=1, le=MAX_ID, description="Time entry id.")]


def _ref(value: int | str | None) -> str | None:
    return None if value is None else str(value)


def _err(description: str) -> dict[str, Any]:
    return {"model": ErrorOut, "description": description}


COMMON = {
    400: _err("Bad input, or an unknown id in the query or body"),
    401: _err("No valid token"),
    503: _err("Database busy or unreadable"),
}

router = APIRouter(
    prefix=API_PREFIX, tags=["time entries"], responses=COMMON, generate_unique_id_function=lambda route: route.name
)


@router.get(
    "/time-entries",
    response_model=None,
    responses={200: {"model": list[EntryOut], "description": "Entries, newest first"}},
)
def list_time_entries(
    session: Current,
    project_id: IdParam = None,
    task_id: IdParam = None,
    user_id: IdParam = None,
    client_id: IdParam = None,
    billable: bool | None = None,
    invoiced: bool | None = None,
    from_date: Annotated[str | None, Query(max_length=100, description="Started at or after (any time form).")] = None,
    to_date: Annotated[
        str | None, Query(max_length=100, description="Started before; a bare date includes that day.")
    ] = None,
    page: Annotated[int, Query(ge=1, le=10**9)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 10,
) -> Response:
    """List time entries (seed: GET time-entries), with X-WP-Total and X-WP-TotalPages headers."""
    from aostime.domain.documents import entry_document
    from aostime.services import listing

    query = listing.entry_query(
        session, _ref(project_id), _ref(task_id), _ref(client_id), _ref(user_id), billable, invoiced,
        from_date, to_date, limit=per_page, offset=(page - 1) * per_page,
    )  # fmt: skip
    total, pages, entries = listing.entry_page(session, query, per_page, page)
    documents = [entry_document(e, session.zone) for e in entries]
    return _json(documents, headers={"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)})


@router.get(
    "/time-entries/unbilled",
    response_model=None,
    responses={200: {"model": UnbilledOut, "description": "Unbilled entries"}},
)
def unbilled_time_entries(session: Current, client_id: IdParam = None, project_id: IdParam = None) -> Response:
    """Billable, finished, not yet invoiced entries (seed: GET time-entries/unbilled)."""
    from aostime.domain.documents import unbilled_document
    from aostime.services import billing

    entries = billing.unbilled(session, client=_ref(client_id), project=_ref(project_id))
    return _json(unbilled_document(entries, session.zone))


@router.get(
    "/time-entries/{entry_id}",
    response_model=None,
    responses={200: {"model": EntryOut, "description": "The entry"}, 404: _err("No such entry")},
)
def get_time_entry(session: Current, entry_id: EntryId) -> Response:
    """One time entry."""
    from aostime.domain.documents import entry_document
    from aostime.services import tracking

    return _json(entry_document(tracking.get_entry(session, entry_id), session.zone))


@router.post(
    "/time-entries",
    status_code=201,
    response_model=None,
    responses={
        201: {
            "model": EntryOut,
            "description": "The saved entry",
            "links": {
                "GetEntry": {"operationId": "get_time_entry", "parameters": {"entry_id": "$response.body#/id"}},
                "MarkInvoiced": {
                    "operationId": "mark_time_entry_invoiced",
                    "parameters": {"entry_id": "$response.body#/id"},
                },
            },
        },
        409: _err("Conflicts with stored data"),
    },
)
def create_time_entry(session: Current, body: EntryIn) -> Response:
    """Create a time entry (seed: POST time-entries). Without hourly_rate the rate comes from the
    task, project, client, user, else the default; without user_id it is the token's member."""
    from aostime.domain.documents import entry_document
    from aostime.services import tracking

    options: dict[str, Any] = {
        "task": _ref(body.task_id), "description": body.description, "notes": body.notes,
        "billable": body.billable, "rate": _ref(body.hourly_rate), "user": _ref(body.user_id),
    }  # fmt: skip
    if body.duration is not None:
        saved = tracking.add_entry_lasting(session, str(body.project_id), body.start_time, body.duration, **options)
    else:
        saved = tracking.add_entry(session, str(body.project_id), start=body.start_time, end=body.end_time, **options)
    entry = saved.entry
    return _json(
        entry_document(entry, session.zone), 201, headers={"Location": f"{API_PREFIX}/time-entries/{entry.id}"}
    )


@router.put(
    "/time-entries/{entry_id}/mark-invoiced",
    response_model=None,
    responses={
        200: {"model": EntryOut, "description": "The entry, now invoiced"},
        404: _err("No such entry"),
        409: _err("Already invoiced, running or non-billable"),
    },
)
def mark_time_entry_invoiced(
    request: Request, session: Current, entry_id: EntryId, body: MarkInvoicedIn | None = None
) -> Response:
    """Mark an entry as invoiced (seed: PUT mark-invoiced), optionally on an invoice."""
    from aostime.domain.documents import entry_document
    from aostime.services import billing, tracking

    tracking.get_entry(session, entry_id)  # 404 when the entry is absent
    request.state.resource_found = True  # from here, an unknown invoice_id is bad input
    invoice = _ref(body.invoice_id) if body is not None else None
    (entry,) = billing.mark_entries(session, [str(entry_id)], invoice)
    return _json(entry_document(entry, session.zone))


@router.put(
    "/time-entries/{entry_id}/unmark-invoiced",
    response_model=None,
    responses={
        200: {"model": EntryOut, "description": "The entry, unbilled again"},
        404: _err("No such entry"),
        409: _err("Not invoiced, or on an invoice (void the invoice instead)"),
    },
)
def unmark_time_entry_invoiced(session: Current, entry_id: EntryId) -> Response:
    """Undo mark-invoiced for an entry that is on no invoice: it becomes unbilled again."""
    from aostime.domain.documents import entry_document
    from aostime.services import billing, tracking

    tracking.get_entry(session, entry_id)  # 404 when the entry is absent
    (entry,) = billing.unmark_entries(session, [str(entry_id)])
    return _json(entry_document(entry, session.zone))


# -- the app --------------------------------------------------------------------------------


def create_app(db_path: str) -> FastAPI:
    """The API over one database (opened and migrated by the caller first)."""
    from contextlib import asynccontextmanager

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
            "The seed's time-tracking REST API over an aostime database. Every request needs "
            "'Authorization: Bearer <token>' (aos token create). Errors are WordPress REST errors: "
            '{"code", "message", "data": {"status", "params"}}.'
        ),
        lifespan=lifespan,
    )
    for cls in ERRORS:
        app.add_exception_handler(cls, _aos_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
    app.include_router(router)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def app_for_worker() -> FastAPI:
    """The app of one worker process of `aos serve --workers N` (the database was opened,
    checked and migrated by the parent, which names it in the environment)."""
    import os

    from aostime.server import WORKER_DATABASE

    return create_app(os.environ[WORKER_DATABASE])


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, less its 422 answers: bad input is a 400 here, as in WordPress."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                operation.get("responses", {}).pop("422", None)
        for name in ("HTTPValidationError", "ValidationError"):
            schema.get("components", {}).get("schemas", {}).pop(name, None)
        app.openapi_schema = schema
    return app.openapi_schema
