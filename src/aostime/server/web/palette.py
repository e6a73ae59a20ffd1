"""The command palette's commands that name records (GET /palette): creating a client, a project
for a client, a task in a project, inviting a member, showing a member's time. Rendered by the
server for the role that may do each (a member gets none of them), as links the palette reads
when it first opens: no page pays for lists it may never need."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from starlette.responses import Response

from aostime.server.web.auth import with_session
from aostime.server.web.render import page

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]


@router.get("/palette")
def palette_commands(session: Signed) -> Response:
    from aostime.domain.permissions import permitted
    from aostime.services import catalog, reading

    if session is None:
        return page("_palette.html", 401)
    role = session.actor.user.role
    values: dict[str, Any] = {"catalog": permitted(role, "edit_catalog"), "users": permitted(role, "users")}
    with reading(session):  # one snapshot: a project's client is among the clients listed
        if values["catalog"]:
            values["clients"] = catalog.list_records(session, "client")
            values["projects"] = catalog.list_records(session, "project")
        values["members"] = catalog.list_records(session, "user") if permitted(role, "everyones_time") else []
    return page("_palette.html", **values)
