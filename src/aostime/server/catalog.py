"""Clients, projects, tasks and team members: list, add, read, change (archiving is a change).
Members read the catalog; managers change it; team members and roles are the admins'."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from pydantic import BaseModel
from starlette.responses import Response

from aostime.server.bodies import (
    ClientEditIn,
    ClientIn,
    ProjectEditIn,
    ProjectIn,
    TaskEditIn,
    TaskIn,
    UserEditIn,
    UserIn,
)  # fmt: skip
from aostime.server.common import (
    ETAG,
    LOCATION,
    PAGE_HEADERS,
    Current,
    IdParam,
    IfMatch,
    err,
    etag,
    json_response,
    path_id,
    ref,
    subject_router,
    version_in,
)  # fmt: skip
from aostime.server.entries import created

router = subject_router("catalog")
Archived = Annotated[bool, Query(description="Include archived records.")]
Ref = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Only the record this id or name names, resolved as "
        "the CLI resolves -p/-c/-t/-u (a unique beginning counts; ambiguous: 400).",
    ),
]

# body field -> the use case's option (services.catalog._values)
OPTION = {"hourly_rate": "rate", "client_id": "client", "project_id": "project"}


def _options(body: BaseModel) -> dict[str, Any]:
    """The keys the request gave, as the use case's options (a null rate clears it)."""
    given = body.model_dump(exclude_unset=True)
    return {OPTION.get(key, key): _option(key, value) for key, value in given.items()}


def _option(key: str, value: Any) -> Any:
    if key == "hourly_rate":
        return "none" if value is None else str(value)
    return ref(value) if key in OPTION else value


def _list(
    request: Request, session, kind: str, archived: bool, parent: int | None, named: str | None = None
) -> Response:
    from aostime.domain.documents import record_document
    from aostime.services import catalog

    if named is not None:
        # ?ref= looks a record up, as -p/-c/-t/-u do: nothing by that name is a 404 (exit 1 in
        # the team client, as locally), not a bad parameter
        request.state.body_names_resources = True
        records = [catalog.find_record(session, kind, named, ref(parent))]
    else:
        records = catalog.list_records(session, kind, archived, ref(parent))
    return json_response([record_document(r) for r in records],
                         headers={"X-WP-Total": str(len(records)), "X-WP-TotalPages": "1"})  # fmt: skip


def _add(session, kind: str, plural: str, body: BaseModel) -> Response:
    from aostime.domain.documents import record_document
    from aostime.services import catalog

    record = catalog.add_record(session, kind, **_options(body))
    return created(record_document(record), f"/{plural}/{record.id}")


def _get(session, kind: str, record_id: int) -> Response:
    from aostime.domain.documents import record_document
    from aostime.services import catalog

    record = catalog.get_record(session, kind, str(record_id))
    return json_response(record_document(record), headers=etag(record))


def _edit(session, kind: str, record_id: int, body: BaseModel, if_match: str | None) -> Response:
    from aostime.domain.documents import record_document
    from aostime.services import catalog

    record = catalog.edit_record(session, kind, str(record_id), if_version=version_in(if_match), **_options(body))
    return json_response(record_document(record), headers=etag(record))


LISTED = {
    200: {"description": "The records, as `aos KIND list --json`", "headers": PAGE_HEADERS},
    404: err("?ref= names no record"),
}
ADDED = {201: {"description": "The new record", "headers": LOCATION}, 409: err("The name is taken")}
ONE = {200: {"description": "The record", "headers": ETAG}, 404: err("No such record")}
CHANGED = {200: {"description": "The record as saved", "headers": ETAG}, 404: err("No such record"),
           409: err("The name is taken"), 412: err("If-Match names a version the record no longer has")}  # fmt: skip
ClientId, ProjectId, TaskId, UserId = path_id("Client"), path_id("Project"), path_id("Task"), path_id("User")


@router.get("/clients", response_model=None, responses=LISTED)
def list_clients(request: Request, session: Current, archived: Archived = False, ref: Ref = None) -> Response:
    return _list(request, session, "client", archived, None, ref)


@router.post("/clients", status_code=201, response_model=None, responses=ADDED)
def add_client(session: Current, body: ClientIn) -> Response:
    return _add(session, "client", "clients", body)


@router.get("/clients/{client_id:int}", response_model=None, responses=ONE)
def get_client(session: Current, client_id: ClientId) -> Response:
    return _get(session, "client", client_id)


@router.put("/clients/{client_id:int}", response_model=None, responses=CHANGED)
def edit_client(session: Current, client_id: ClientId, body: ClientEditIn, if_match: IfMatch = None) -> Response:
    return _edit(session, "client", client_id, body, if_match)


@router.get("/projects", response_model=None, responses=LISTED)
def list_projects(
    request: Request, session: Current, archived: Archived = False, client_id: IdParam = None, ref: Ref = None
) -> Response:
    return _list(request, session, "project", archived, client_id, ref)


@router.post("/projects", status_code=201, response_model=None, responses=ADDED)
def add_project(session: Current, body: ProjectIn) -> Response:
    return _add(session, "project", "projects", body)


@router.get("/projects/{project_id:int}", response_model=None, responses=ONE)
def get_project(session: Current, project_id: ProjectId) -> Response:
    return _get(session, "project", project_id)


@router.put("/projects/{project_id:int}", response_model=None, responses=CHANGED)
def edit_project(session: Current, project_id: ProjectId, body: ProjectEditIn, if_match: IfMatch = None) -> Response:
    return _edit(session, "project", project_id, body, if_match)


@router.get("/tasks", response_model=None, responses=LISTED)
def list_tasks(
    request: Request, session: Current, archived: Archived = False, project_id: IdParam = None, ref: Ref = None
) -> Response:
    return _list(request, session, "task", archived, project_id, ref)


@router.post("/tasks", status_code=201, response_model=None, responses=ADDED)
def add_task(session: Current, body: TaskIn) -> Response:
    return _add(session, "task", "tasks", body)


@router.get("/tasks/{task_id:int}", response_model=None, responses=ONE)
def get_task(session: Current, task_id: TaskId) -> Response:
    return _get(session, "task", task_id)


@router.put("/tasks/{task_id:int}", response_model=None, responses=CHANGED)
def edit_task(session: Current, task_id: TaskId, body: TaskEditIn, if_match: IfMatch = None) -> Response:
    return _edit(session, "task", task_id, body, if_match)


@router.get("/users", response_model=None, responses=LISTED)
def list_users(request: Request, session: Current, archived: Archived = False, ref: Ref = None) -> Response:
    return _list(request, session, "user", archived, None, ref)


@router.post("/users", status_code=201, response_model=None, responses=ADDED)
def add_user(session: Current, body: UserIn) -> Response:
    return _add(session, "user", "users", body)


@router.get("/users/{user_id:int}", response_model=None, responses=ONE)
def get_user(session: Current, user_id: UserId) -> Response:
    return _get(session, "user", user_id)


@router.put("/users/{user_id:int}", response_model=None, responses=CHANGED)
def edit_user(session: Current, user_id: UserId, body: UserEditIn, if_match: IfMatch = None) -> Response:
    return _edit(session, "user", user_id, body, if_match)
