"""What the team client's own transports share (the export's stream): names resolved by the
server as -p/-c/-t/-u are locally, and the keys a command was given."""

from __future__ import annotations

from typing import Any

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.services import Session


KIND_PATH = {"client": "clients", "project": "projects", "task": "tasks", "user": "users"}


def ref_id(session: Session, kind: str, ref: str | None) -> int | None:
    """The id of the record an id or name names, resolved by the server as -p/-c/-t/-u are."""
    if ref is None:
        return None
    return session.remote.call("GET", f"/{KIND_PATH[kind]}", params={"ref": ref})[0]["id"]


def task_id_of(session: Session, task: str | None, project_id: int | None) -> int | None:
    if task is None:
        return None
    return session.remote.call("GET", "/tasks", params={"ref": task, "project_id": project_id})[0]["id"]


def given(body: dict[str, Any]) -> dict[str, Any]:
    """The keys the command was given (a None is 'not given', as in the CLI's options)."""
    return {key: value for key, value in body.items() if value is not None}
