"""What the remote use cases share: names resolved by the server (as -p/-c/-t/-u are locally),
the keys a command was given, times made absolute for the offline journal, paged lists."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aostime.remote.models import entry_from

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.services import Session


KIND_PATH = {"client": "clients", "project": "projects", "task": "tasks", "user": "users"}


PARENT = {"project": "client", "task": "project"}


def ref_id(session: Session, kind: str, ref: str | None, parent: str | None = None) -> int | None:
    """The id of the record an id or name names, resolved by the server as -p/-c/-t/-u are."""
    if ref is None:
        return None
    params = {"ref": ref, f"{PARENT[kind]}_id": ref_id(session, PARENT[kind], parent)} if parent else {"ref": ref}
    return session.remote.call("GET", f"/{KIND_PATH[kind]}", params=params)[0]["id"]


def saved(session: Session, doc: dict[str, Any]):
    """The Saved a change's answer stands for: the entry, and the warnings and the timer a switch
    stopped that the server sent beside it (X-Aos-Saved), as the local command has them."""
    from aostime.services.tracking import Saved

    said = session.remote.said or {}
    stopped = said.get("stopped")
    stopped_entry = entry_from(session.remote.call("GET", f"/time-entries/{int(stopped)}")) if stopped else None
    return Saved(entry_from(doc), tuple(said.get("warnings", ())), stopped_entry)


def acting_for(session: Session) -> dict[str, Any]:
    """--user: another member's timer (a manager's right, checked by the server)."""
    return {"user_id": ref_id(session, "user", session.user_ref)} if session.user_ref else {}


def queueable_id(session: Session, kind: str, ref: str | None):
    """The id a reference names; offline, the reference itself ({"ref": ...}), which the
    journal resolves when it sends the change (remote.sync.resolved_refs)."""
    from aostime.remote.client import Unreachable

    try:
        return ref_id(session, kind, ref)
    except Unreachable:
        return {"ref": ref}


def resolved_refs(session: Session, body: dict[str, Any] | None) -> dict[str, Any] | None:
    """A queued body with the names it was made with resolved to ids, now that the server answers."""
    if not body or not isinstance(body.get("project_id"), dict):
        return body
    return dict(body, project_id=ref_id(session, "project", body["project_id"]["ref"]))


def absolute(session: Session, text: str | None) -> str:
    """A time as typed, made absolute here and now (queued changes keep their real times)."""
    return (session.time(text) if text is not None else session.now).isoformat(timespec="seconds")


def shown(session: Session, text: str | None) -> str:
    from aostime.domain.timer import local_text

    return local_text(session.time(text) if text is not None else session.now, session.zone)


def task_id_of(session: Session, task: str | None, project_id: int | None) -> int | None:
    if task is None:
        return None
    return session.remote.call("GET", "/tasks", params={"ref": task, "project_id": project_id})[0]["id"]


def rate_of(rate: str | None):
    from aostime.domain.money import parse_money

    return None if rate is None else float(Decimal(parse_money(rate)) / 100)


def given(body: dict[str, Any]) -> dict[str, Any]:
    """The keys the command was given (a None is 'not given', as in the CLI's options)."""
    return {key: value for key, value in body.items() if value is not None}


def entry_id_of(ref) -> int:
    from aostime.services import parse_id

    return parse_id(ref, "entry id")


def pages(session: Session, path: str, params: dict[str, Any], per_page: int, limit: int | None = None):
    """The JSON answers of a paged list, page after page (bounded by X-WP-TotalPages)."""
    from aostime.remote.client import answer_of, error_of

    page, last, left = 1, 1, limit
    while page <= last and (left is None or left > 0):
        size = per_page if left is None else min(per_page, left)
        response = session.remote.http.get(path, params=given(dict(params, page=page, per_page=size)))
        if response.status_code >= 400:
            raise error_of(response)
        last = int(response.headers.get("x-wp-totalpages", "1"))
        answer = answer_of(response)
        yield answer
        count = len(answer if isinstance(answer, list) else answer["entries"])
        left = None if left is None else left - count
        page += 1
        if count == 0:
            return


def not_remote(what: str):
    from aostime.errors import BadInput

    return BadInput(f"{what} is not available against a team server; run it where the database is")


def entry_ids(refs: list[str]) -> list[int]:
    if not refs:
        from aostime.errors import BadInput

        raise BadInput("give at least one entry id")
    return list(dict.fromkeys(entry_id_of(r) for r in refs))
