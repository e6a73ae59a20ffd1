"""What every route shares: the prefix, the session a request runs in (its token's member,
role and zone), JSON answers, id parameters and the error responses the OpenAPI document lists."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Header, Path, Query, Request
from fastapi.routing import APIRoute
from starlette.responses import Response

from aostime.errors import (
    Ambiguous,
    AosError,
    BadInput,
    Conflict,
    Forbidden,
    Locked,
    NotFound,
    NothingToDo,
    Stale,
    StorageError,
)  # fmt: skip
from aostime.render.json import dumps
from aostime.server.keyed import KEYED, NOTES_HEADER, keyed_endpoint
from aostime.server.schemas import MAX_ID, ErrorOut
from aostime.services import Session
from aostime.services.tokens import Unauthorized

API_PREFIX = "/wp-json/agency-os-ai/v1"


def request_session(request: Request) -> Iterator[Session]:
    """A Store for this request (app.state.stores: a pooled connection on PostgreSQL, a fresh
    one on SQLite; one a request, a keyed POST's too: server/keyed.py), acting as the token's member: the guard (server/guard.py) checked the token
    before the body was read and left its Actor in the request's state. Naive times are read in
    the member's zone when they have one."""
    actor = request.state.actor
    zone = request_zone(request.headers.get("time-zone"), actor.user.time_zone)
    notes: list[str] = []
    request.state.notes = notes  # the notes the CLI would print: NotesHeader sends them
    with request.app.state.stores.acquire() as store:
        session = Session(store, zone=zone, notify=notes.append)
        session.actor = actor
        session.via = request_face(request)
        keyed = KEYED.get()
        if keyed is not None:  # a POST with an Idempotency-Key runs on this store (server/keyed.py)
            keyed.session, keyed.notes = session, notes
        yield session


def request_face(request: Request) -> str:
    """Through which face a request came, for the entries' history: the team client (its
    User-Agent), a page's own script (the signed-in session, no token: server/guard.py), or the API."""
    if "authorization" not in request.headers:
        return "web"
    return "client" if request.headers.get("user-agent", "").startswith("aostime-cli") else "api"


class NotesHeader:
    """ASGI: the notes a request's use cases left for the person (a name completed: "project
    'sit' is 'Site'") go in X-Aos-Notes, ASCII JSON, which the team client prints as the CLI
    would. Inside the guard, so an idempotent replay carries them too."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_notes(message) -> None:
            notes = scope.get("state", {}).get("notes")
            if message["type"] == "http.response.start" and notes:
                import json

                header = (NOTES_HEADER.lower().encode(), json.dumps(notes, ensure_ascii=True).encode())
                message = dict(message, headers=[*message.get("headers", []), header])
            await send(message)

        await self.app(scope, receive, send_with_notes)


def request_zone(header: str | None, member_zone: str | None):
    """The zone naive times are read in and answers shown in: the request's Time-Zone header
    (what the team client sends: its own TZ), else the member's time zone, else the server's."""
    from aostime.domain.timeparse import iana_zone

    if header:
        zone = iana_zone(header.strip())
        if zone is None:
            shown = header if len(header) <= 60 else header[:60] + "…"
            raise BadInput(f"Time-Zone {shown!r} is not a zone: give an IANA name such as Europe/Berlin")
        return zone
    if member_zone:
        from zoneinfo import ZoneInfo

        return ZoneInfo(member_zone)
    return None


Current = Annotated[Session, Depends(request_session)]
TimeQuery = Annotated[str | None, Query(max_length=100, json_schema_extra={"format": "date-time"})]
IdParam = Annotated[int | None, Query(ge=1, le=MAX_ID)]
Page = Annotated[int, Query(ge=1, le=10**9, description="Page number, from 1.")]
PerPage = Annotated[int, Query(ge=1, le=100, description="Items per page (at most 100).")]
TagQuery = Annotated[list[str] | None, Query(description="A tag (repeatable: any of them).")]
SearchQuery = Annotated[str | None, Query(min_length=1, max_length=200,
                                          description="Words that each start a word of the description.")]  # fmt: skip


def subject_router(tag: str):
    """The router of one subject's routes: under the API's prefix, with the common errors, each
    operation named by its function (the OpenAPI operationId)."""
    from fastapi import APIRouter

    return APIRouter(prefix=API_PREFIX, tags=[tag], responses=COMMON, route_class=_Route,
                     generate_unique_id_function=lambda route: route.name)  # fmt: skip


class _Route(APIRoute):
    """A route of the API: a POST answers an Idempotency-Key once (server/keyed.py)."""

    def __init__(self, path: str, endpoint, **kwargs) -> None:
        if "POST" in (kwargs.get("methods") or ()):
            endpoint = keyed_endpoint(endpoint)
        super().__init__(path, endpoint, **kwargs)


def path_id(what: str):
    return Annotated[int, Path(ge=1, le=MAX_ID, description=f"{what} id.")]


def json_response(document: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(dumps(document), status_code=status, media_type="application/json", headers=headers)


def saved_answer(document: dict[str, Any], saved, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A saved entry's document; what the CLI prints beside it (its warnings, the timer a switch
    stopped: services.tracking.Saved) goes in X-Aos-Saved, ASCII JSON, for the team client."""
    headers = dict(headers or {})
    if status == 201:
        headers["Location"] = f"{API_PREFIX}/time-entries/{saved.entry.id}"
    if saved.warnings or saved.stopped is not None:
        import json

        said = {"warnings": list(saved.warnings), "stopped": saved.stopped.id if saved.stopped else None}
        headers[SAVED_HEADER] = json.dumps(said, ensure_ascii=True)
    return json_response(document, status, headers)


SAVED_HEADER = "X-Aos-Saved"


def ref(value: int | str | None) -> str | None:
    """An id from the query or body as the reference the use cases take."""
    return None if value is None else str(value)


def err(description: str) -> dict[str, Any]:
    return {"model": ErrorOut, "description": description}


def ok(model: Any, description: str, **more: Any) -> dict[int, dict[str, Any]]:
    return {200: {"model": model, "description": description, **more}}


PAGE_HEADERS = {
    "X-WP-Total": {"description": "How many items match, on all pages.", "schema": {"type": "integer"}},
    "X-WP-TotalPages": {"description": "How many pages there are.", "schema": {"type": "integer"}},
    "Link": {
        "description": 'The previous and next pages, as WordPress gives them: <URL>; rel="next"',
        "schema": {"type": "string"},
    },
}


def page_headers(request: Request, total: int, pages: int, page: int = 1) -> dict[str, str]:
    """X-WP-Total, X-WP-TotalPages and, where there are other pages, Link (RFC 8288) to the
    previous and next one: the same query with another ?page=."""
    headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}
    links = []
    for rel, number in (("prev", page - 1), ("next", page + 1)):
        if 1 <= number <= pages:
            url = request.url.include_query_params(page=number)
            links.append(f'<{url.path}?{url.query}>; rel="{rel}"')
    if links:
        headers["Link"] = ", ".join(links)
    return headers


LOCATION = {"Location": {"description": "The URL of the new item.", "schema": {"type": "string"}}}
ETAG = {"ETag": {"description": "The version of the item, for If-Match.", "schema": {"type": "string"}}}
IfMatch = Annotated[str | None, Header(alias="If-Match", max_length=200,
                                       description="The ETag the change was made on: 412 if it changed since.")]  # fmt: skip


def etag(record) -> dict[str, str]:
    """The ETag header of a record (strong: its version changes with anything shown of it)."""
    from aostime.domain.versions import version_of

    return {"ETag": f'"{version_of(record)}"'}


def version_in(if_match: str | None) -> str | None:
    """The version an If-Match header names; None for none or '*' (any version)."""
    if if_match is None or if_match.strip() == "*":
        return None
    tags = [tag.strip() for tag in if_match.split(",") if tag.strip()]
    if len(tags) != 1 or tags[0].startswith("W/") or not (len(tags[0]) >= 2 and tags[0][0] == tags[0][-1] == '"'):
        raise BadInput("If-Match takes one ETag, as GET gave it (in double quotes)")
    return tags[0][1:-1]


COMMON = {
    400: err("Bad input, or an unknown id in the query or body"),
    401: err("No valid token (missing, unknown, revoked, expired, or of an archived member)"),
    403: err("Not allowed for the role of the token's member, or a write with a read-only token"),
    413: err("Request body over the size limit"),
    503: err("Database busy or unreachable"),
}


def wp_error(status: int, code: str, message: str, params: dict[str, Any] | None = None, headers=None,
             kind: str | None = None) -> Response:  # fmt: skip
    """A WordPress REST error: {"code", "message", "data": {"status", "params"?, "error"?}}; `error`
    is aostime's own kind of error (errors.py's slug), so the team client exits as locally."""
    data: dict[str, Any] = {"status": status}
    if params is not None:
        data["params"] = params
    if kind is not None:
        data["error"] = kind
    body = {"code": code, "message": message, "data": data}
    return Response(dumps(body), status_code=status, media_type="application/json", headers=headers)


# aostime's error tree -> (HTTP status, WordPress error code). The most specific class wins.
ERRORS: dict[type[Exception], tuple[int, str]] = {
    BadInput: (400, "rest_invalid_param"),
    Ambiguous: (400, "rest_invalid_param"),
    Unauthorized: (401, "rest_forbidden"),
    Forbidden: (403, "rest_forbidden"),
    NotFound: (404, "rest_not_found"),
    Conflict: (409, "rest_conflict"),
    Locked: (409, "rest_locked"),
    Stale: (412, "rest_precondition_failed"),
    NothingToDo: (409, "rest_nothing_to_do"),
    StorageError: (503, "rest_storage_unavailable"),
    AosError: (409, "rest_cannot_do"),
}


def status_of(exc: Exception) -> tuple[int, str]:
    return next(ERRORS[cls] for cls in type(exc).__mro__ if cls in ERRORS)


def error_response(exc: AosError) -> Response:
    """An AosError raised outside a route (in the guard) as its WordPress error."""
    status, code = status_of(exc)
    return wp_error(status, code, str(exc).replace("\n", " ").strip() or type(exc).__name__, kind=exc.slug)
