"""The routes derived from the use case declarations (services.declared): one per declared use
case, `POST /uses/<name>`, whose body is the use case's request (its own parameters, their types
and defaults, unknown keys refused) with `acting_as` (--user), and whose answer is its typed
result (remote.wire). The team client sends every command through these; the OpenAPI document
lists each with its request schema. The seed's REST routes beside them stay the public API."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field, create_model
from starlette.responses import Response

from aostime.remote.team_settings import VERSION_HEADER
from aostime.server.common import Current, err, json_response, subject_router
from aostime.services.queueing import CLIENT_TIME_HEADER, corrected

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.services.declared import UseCase

router = subject_router("uses")

# the types a request's fields may have, by the names the use cases' annotations use
_TYPES: dict[str, Any] = {"str": str, "bool": bool, "int": int, "list": list, "dict": dict, "None": None, "Any": Any}


def field_type(annotation: Any, names: dict[str, Any] | None = None) -> Any:
    """A parameter's annotation (text, as the modules use postponed annotations) as a type, read
    as Python reads it in the use case's module (`names`, e.g. a Literal of the choices); one
    naming anything else is refused at start-up."""
    if not isinstance(annotation, str):
        return annotation
    try:
        return eval(annotation, {"__builtins__": {}, **(names or {})}, _TYPES)
    except NameError as exc:
        raise TypeError(f"a use case's request field has a type a request cannot carry: {annotation}") from exc


def bounded(kind: Any) -> Any:
    """Text and numbers within what a person types (the body's size limit bounds the rest)."""
    from typing import Annotated

    if kind is int:
        return Annotated[int, Field(ge=0, le=10**9)]
    if kind == (int | None):
        return Annotated[int, Field(ge=0, le=10**9)] | None
    return kind


def request_model(case: UseCase) -> type[BaseModel]:
    """The request of a use case as a strict pydantic model (unknown keys are a 400)."""
    from aostime.services.declared import REQUIRED

    annotations = case.run.__annotations__
    fields: dict[str, Any] = {}
    for name, default in case.parameters():
        kind = bounded(field_type(annotations.get(name, "Any"), case.run.__globals__))
        fields[name] = (kind, ... if default is REQUIRED else default)
    for name, annotation in case.fields.items():
        fields[name] = (bounded(field_type(annotation)), None)
    camel = "".join(part.title() for part in case.name.split("_"))
    config = ConfigDict(extra="forbid", strict=True)
    request = create_model(f"{camel}Request", __config__=config, **fields)
    acting = (str | None, Field(None, max_length=200, description="The member to act for (--user); managers."))
    return create_model(f"{camel}Call", __config__=config, request=(request, ...), acting_as=acting)


ANSWERS = {
    200: {"description": '{"result": the use case\'s value, typed as remote.wire writes it}'},
    404: err("A name or id in the request names nothing"),
    409: err("The books refuse it as they stand (a timer runs, nothing to stop, invoiced, a name taken)"),
}


def settings_version(session) -> str:
    """The version of the team's settings a team client keeps (remote.team_settings)."""
    from aostime.remote.team_settings import version_of
    from aostime.services.catalog import team_settings

    return version_of(team_settings(session))


def add_route(case: UseCase) -> None:
    body_model = request_model(case)

    def handler(request: Request, session: Current, body: body_model) -> Response:  # type: ignore[valid-type]
        from aostime.remote import wire
        from aostime.services import access, act_for

        request.state.body_names_resources = True  # a name or id not found is a 404, as locally
        access.require(session, case.needs, case.writes)
        act_for(session, body.acting_as)
        values = body.request.model_dump(exclude_unset=True)
        client_time = request.headers.get(CLIENT_TIME_HEADER)
        if client_time is not None and case.queue is not None:  # a change the team client queued
            values = corrected(session, values, client_time)
        result = case.run(session, **values)
        return json_response({"result": wire.encode(result)}, headers={VERSION_HEADER: settings_version(session)})

    # the module's annotations are text; FastAPI reads these to find the body's model
    handler.__annotations__ = {"request": Request, "session": Current, "body": body_model, "return": Response}
    handler.__name__ = f"use_{case.name}"
    handler.__doc__ = (case.run.__doc__ or case.name.replace("_", " ")).strip().split("\n\n")[0]
    router.add_api_route(case.route, handler, methods=["POST"], response_model=None, name=handler.__name__,
                         responses=ANSWERS,
                         summary=f"{case.name.replace('_', ' ')} (least role: {case.role})")  # fmt: skip


def all_use_cases() -> dict[str, UseCase]:
    """Every declared use case: importing the service modules declares them."""
    from aostime.services import (  # noqa: F401
        accounts,
        billing,
        budget_alerts,
        budgets,
        catalog,
        dashboard,
        entry_control,
        exporting,
        interchange,
        invoice_lifecycle,
        listing,
        reporting,
        repricing,
        status,
        timers,
        timesheet,
        tokens,
        tracking,
        weeks,
    )
    from aostime.services.declared import USE_CASES

    return USE_CASES


for _case in all_use_cases().values():
    if not _case.streams:
        add_route(_case)
