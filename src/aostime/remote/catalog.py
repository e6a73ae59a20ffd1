"""Clients, projects, tasks, users and settings through the team server (services/catalog.py)."""

from __future__ import annotations

from typing import Any

from aostime.remote.common import (
    KIND_PATH,
    PARENT,
    given,
    rate_of,
    ref_id,
)
from aostime.remote.models import record_from

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.services import Session


def add_record(session: Session, kind: str, **fields: Any):
    body = {"name": fields.get("name"), "hourly_rate": rate_of(fields.get("rate")), "email": fields.get("email"),
            "currency": fields.get("currency"), "role": fields.get("role"), "time_zone": fields.get("time_zone")}  # fmt: skip
    if kind == "project":
        body["client_id"] = ref_id(session, "client", fields.get("client"))
    if kind == "task":
        body["project_id"] = ref_id(session, "project", fields.get("project"))
        body["billable"] = fields.get("billable")
    allowed = {"client": {"name", "hourly_rate", "email", "currency"}, "project": {"name", "hourly_rate", "client_id"},
               "task": {"name", "hourly_rate", "project_id", "billable"},
               "user": {"name", "hourly_rate", "email", "role", "time_zone"}}[kind]  # fmt: skip
    return record_from(kind, session.remote.call("POST", f"/{KIND_PATH[kind]}", given(
        {k: v for k, v in body.items() if k in allowed})))  # fmt: skip


def list_records(session: Session, kind: str, include_archived: bool = False, parent: str | None = None):
    params: dict[str, Any] = {"archived": include_archived or None}
    if parent is not None:
        params[f"{PARENT[kind]}_id"] = ref_id(session, PARENT[kind], parent)
    return [record_from(kind, doc) for doc in session.remote.call("GET", f"/{KIND_PATH[kind]}", params=params)]


def edit_record(session: Session, kind: str, ref: str, **fields: Any):
    record_id = ref_id(session, kind, ref)
    body: dict[str, Any] = {"name": fields.get("name"), "email": fields.get("email"), "currency": fields.get("currency"),
                            "role": fields.get("role"), "time_zone": fields.get("time_zone"),
                            "billable": fields.get("billable")}  # fmt: skip
    if fields.get("rate") is not None:
        rate = str(fields["rate"]).strip()
        body["hourly_rate"] = None if rate.lower() in ("", "none") else rate_of(rate)
    if kind == "project" and fields.get("client") is not None:
        body["client_id"] = ref_id(session, "client", fields["client"])
    if kind == "task" and fields.get("project") is not None:
        body["project_id"] = ref_id(session, "project", fields["project"])
    sent = {k: v for k, v in body.items() if v is not None or k == "hourly_rate"}
    return record_from(kind, session.remote.call("PUT", f"/{KIND_PATH[kind]}/{record_id}", sent))


def archive_record(session: Session, kind: str, ref: str, archived: bool = True):
    record_id = ref_id(session, kind, ref)
    return record_from(kind, session.remote.call("PUT", f"/{KIND_PATH[kind]}/{record_id}", {"archived": archived}))


def all_settings(session: Session) -> dict[str, str]:
    return session.remote.call("GET", "/settings")


def get_setting(session: Session, key: str) -> str:
    from aostime.domain.settings import SETTINGS
    from aostime.errors import BadInput

    if key not in SETTINGS:
        raise BadInput(f"unknown setting {key!r}; known: {', '.join(SETTINGS)}")
    return all_settings(session)[key]


def set_setting(session: Session, key: str, value: str) -> str:
    if not value.strip():
        from aostime.errors import BadInput

        raise BadInput(f"{key} needs a value ('aos config unset {key}' resets it)")
    return session.remote.call("PUT", "/settings", {key: value})[key]


def unset_setting(session: Session, key: str) -> str:
    return session.remote.call("PUT", "/settings", {key: ""})[key]
