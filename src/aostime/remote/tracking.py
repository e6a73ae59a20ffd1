"""Entries through the team server (services/tracking.py's use cases): add (queued offline),
edit, read, list and delete; several entries in one request, all or nothing."""

from __future__ import annotations

from aostime.domain.models import Entry
from aostime.remote.common import (
    absolute,
    entry_id_of,
    entry_ids,
    given,
    not_remote,
    pages,
    queueable_id,
    rate_of,
    ref_id,
    saved,
    task_id_of,
)
from aostime.remote.models import entry_from

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.services import Session


def add_entry(session: Session, project, task=None, hours=None, date=None, start=None, end=None, description="",
              notes="", billable=None, rate=None, force=False, user=None):  # fmt: skip
    """`aos add` remotely, with its own options: --hours [--date] or --start/--end, as typed."""
    from aostime.remote.sync import write

    project_id = queueable_id(session, "project", project)
    if task is not None and not isinstance(project_id, int):
        raise not_remote("adding with -t while the team server cannot be reached")
    task_id = task_id_of(session, task, project_id) if task is not None else None
    body = given({"project_id": project_id, "task_id": task_id, "hours": hours, "date": date, "start_time": start,
                   "end_time": end, "description": description, "notes": notes, "billable": billable,
                   "hourly_rate": rate_of(rate), "user_id": ref_id(session, "user", user), "force": force or None})  # fmt: skip
    offline = dict(body)
    if start is not None:
        offline.update(start_time=absolute(session, start), end_time=absolute(session, end))
    if hours is not None:
        offline["date"] = (
            session.day(date) if date is not None else session.now.astimezone(session.zone).date()
        ).isoformat()
    what = f"add {hours} h on {offline['date']}" if hours is not None else f"add {start} - {end}"
    return saved(session, write(session, "POST", "/time-entries", body, f"{what} ({project})", lambda: offline))


def edit_entry(session: Session, ref, start=None, end=None, hours=None, date=None, project=None, task=None,
               description=None, notes=None, billable=None, rate=None, reset_rate=False, force=False):  # fmt: skip
    project_id = ref_id(session, "project", project)
    task_id = None
    if task is not None:
        task_id = task_id_of(session, task, project_id or get_entry(session, ref).project_id)
    body = {"start_time": start, "end_time": end, "hours": hours, "date": date, "project_id": project_id,
            "task_id": task_id, "description": description, "notes": notes, "billable": billable,
            "hourly_rate": rate_of(rate), "reset_rate": reset_rate or None, "force": force or None}  # fmt: skip
    return saved(session, session.remote.call("PUT", f"/time-entries/{entry_id_of(ref)}", given(body)))


def get_entry(session: Session, ref) -> Entry:
    return entry_from(session.remote.call("GET", f"/time-entries/{entry_id_of(ref)}"))


def entries_named(session: Session, refs: list[str]) -> list[Entry]:
    """The entries named, each once; an unknown one refuses them all (as locally)."""
    return [get_entry(session, entry_id) for entry_id in entry_ids(refs)]


def delete_entries(session: Session, refs: list[str]) -> list[Entry]:
    """All or nothing, in one request (POST /time-entries/delete)."""
    entries = entries_named(session, refs)
    session.remote.call("POST", "/time-entries/delete", {"ids": [e.id for e in entries]})
    return entries


def list_entries(session: Session, project, task, client, user, billable, invoiced, since, until, limit) -> list[Entry]:
    project_id = ref_id(session, "project", project)
    params = {"project_id": project_id, "task_id": task_id_of(session, task, project_id),
              "client_id": ref_id(session, "client", client), "user_id": ref_id(session, "user", user),
              "billable": billable, "invoiced": invoiced, "from_date": since, "to_date": until}  # fmt: skip
    return [entry_from(doc) for page in pages(session, "/time-entries", params, 100, limit) for doc in page]
