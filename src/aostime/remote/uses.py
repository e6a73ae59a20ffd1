"""The use cases the CLI calls, run on the team server: each sends the command's own text
(names, times as typed; the request carries the CLI's zone) to the endpoint of the same use case
and turns the answer back into the models the CLI prints, so a remote command prints what the
local one does (remote/models.py). Names are resolved by the server, as -p/-c/-t/-u are locally."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aostime.domain.models import Entry, Invoice
from aostime.remote.models import cents, entry_from, instant, invoice_from, record_from, summary_from, token_from

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


def saved(doc: dict[str, Any]):
    from aostime.services.tracking import Saved

    return Saved(entry_from(doc))


# -- the timer -------------------------------------------------------------------------------


def _for(session: Session) -> dict[str, Any]:
    """--user: another member's timer (a manager's right, checked by the server)."""
    return {"user_id": ref_id(session, "user", session.user_ref)} if session.user_ref else {}


def current_timer(session: Session) -> Entry | None:
    """The running timer, after sending what was queued; the server down, one line that also
    says what is queued (a prompt's status never waits longer than the connect timeout)."""
    from aostime.remote.client import Unreachable
    from aostime.remote.sync import flush

    try:
        flush(session)
        doc = session.remote.call("GET", "/timer", params=_for(session))
    except Unreachable as down:
        queued = [summary for *_, summary in session.journal.pending()]
        if queued:
            raise Unreachable(f"{down}; queued offline: {'; '.join(queued)}") from None
        raise
    if session.status_cache:
        from aostime.remote import prompt

        prompt.remember(session.status_cache, session.remote.target.server, session.user_ref, doc["entry"])
    return entry_from(doc["entry"]) if doc["running"] else None


def start_timer(session: Session, project, task=None, description="", billable=None, rate=None, at=None,
                switch=False, notes="", force=False):  # fmt: skip
    from aostime.remote.sync import write

    project_id = _queueable_id(session, "project", project)
    if task is not None and not isinstance(project_id, int):
        raise not_remote("starting with -t while the team server cannot be reached")
    task_id = _task_id(session, task, project_id) if task is not None else None
    body = _given({"project_id": project_id, "task_id": task_id, "description": description, "notes": notes,
                   "billable": billable, "hourly_rate": _rate(rate), "start_time": at, "switch": switch,
                   "force": force, **_for(session)})  # fmt: skip
    started = dict(body, start_time=_absolute(session, at))
    return saved(write(session, "POST", "/timer", body, f"start {project} at {_shown(session, at)}", lambda: started))


def stop_timer(session: Session, at=None, start=None, description=None, notes=None, billable=None, force=False):
    from aostime.remote.sync import write

    body = _given({"end_time": at, "start_time": start, "description": description, "notes": notes,
                   "billable": billable, "force": force, **_for(session)})  # fmt: skip
    offline = dict(body, end_time=_absolute(session, at))
    if start is not None:
        offline["start_time"] = _absolute(session, start)
    return saved(write(session, "POST", "/timer/stop", body, f"stop at {_shown(session, at)}", lambda: offline))


def cancel_timer(session: Session) -> Entry:
    from aostime.remote.sync import write

    path = "/timer" + (f"?user_id={_for(session)['user_id']}" if session.user_ref else "")
    return entry_from(write(session, "DELETE", path, None, "cancel the timer", lambda: None)["cancelled"])


def _queueable_id(session: Session, kind: str, ref: str | None):
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


def _absolute(session: Session, text: str | None) -> str:
    """A time as typed, made absolute here and now (queued changes keep their real times)."""
    return (session.time(text) if text is not None else session.now).isoformat(timespec="seconds")


def _shown(session: Session, text: str | None) -> str:
    from aostime.domain.timer import local_text

    return local_text(session.time(text) if text is not None else session.now, session.zone)


def restart_timer(session: Session, entry_ref=None, at=None, switch=False, force=False):
    body = {"entry_id": _entry_id(entry_ref) if entry_ref is not None else None, "start_time": at,
            "switch": switch, "force": force, **_for(session)}  # fmt: skip
    return saved(session.remote.call("POST", "/timer/restart", _given(body)))


def _task_id(session: Session, task: str | None, project_id: int) -> int | None:
    if task is None:
        return None
    return session.remote.call("GET", "/tasks", params={"ref": task, "project_id": project_id})[0]["id"]


def _rate(rate: str | None):
    from aostime.domain.money import parse_money

    return None if rate is None else float(Decimal(parse_money(rate)) / 100)


def _given(body: dict[str, Any]) -> dict[str, Any]:
    """The keys the command was given (a None is 'not given', as in the CLI's options)."""
    return {key: value for key, value in body.items() if value is not None}


# -- entries ---------------------------------------------------------------------------------


def add_entry(session: Session, project, task=None, hours=None, date=None, start=None, end=None, description="",
              notes="", billable=None, rate=None, force=False, user=None):  # fmt: skip
    """`aos add` remotely, with its own options: --hours [--date] or --start/--end, as typed."""
    from aostime.remote.sync import write

    project_id = _queueable_id(session, "project", project)
    if task is not None and not isinstance(project_id, int):
        raise not_remote("adding with -t while the team server cannot be reached")
    task_id = _task_id(session, task, project_id) if task is not None else None
    body = _given({"project_id": project_id, "task_id": task_id, "hours": hours, "date": date, "start_time": start,
                   "end_time": end, "description": description, "notes": notes, "billable": billable,
                   "hourly_rate": _rate(rate), "user_id": ref_id(session, "user", user), "force": force or None})  # fmt: skip
    offline = dict(body)
    if start is not None:
        offline.update(start_time=_absolute(session, start), end_time=_absolute(session, end))
    if hours is not None:
        offline["date"] = (
            session.day(date) if date is not None else session.now.astimezone(session.zone).date()
        ).isoformat()
    what = f"add {hours} h on {offline['date']}" if hours is not None else f"add {start} - {end}"
    return saved(write(session, "POST", "/time-entries", body, f"{what} ({project})", lambda: offline))


def edit_entry(session: Session, ref, start=None, end=None, hours=None, date=None, project=None, task=None,
               description=None, notes=None, billable=None, rate=None, reset_rate=False, force=False):  # fmt: skip
    project_id = ref_id(session, "project", project)
    task_id = None
    if task is not None:
        task_id = _task_id(session, task, project_id or get_entry(session, ref).project_id)
    body = {"start_time": start, "end_time": end, "hours": hours, "date": date, "project_id": project_id,
            "task_id": task_id, "description": description, "notes": notes, "billable": billable,
            "hourly_rate": _rate(rate), "reset_rate": reset_rate or None, "force": force or None}  # fmt: skip
    return saved(session.remote.call("PUT", f"/time-entries/{_entry_id(ref)}", _given(body)))


def _entry_id(ref) -> int:
    from aostime.services import parse_id

    return parse_id(ref, "entry id")


def get_entry(session: Session, ref) -> Entry:
    return entry_from(session.remote.call("GET", f"/time-entries/{_entry_id(ref)}"))


def entries_named(session: Session, refs: list[str]) -> list[Entry]:
    """The entries named, each once; an unknown one refuses them all (as locally)."""
    return [get_entry(session, entry_id) for entry_id in dict.fromkeys(_entry_id(r) for r in refs)]


def delete_entries(session: Session, refs: list[str]) -> list[Entry]:
    """One entry per request: several at once would not be all or nothing over HTTP."""
    ids = list(dict.fromkeys(_entry_id(r) for r in refs))
    if len(ids) != 1:
        raise not_remote("deleting several entries in one command")
    entry = get_entry(session, ids[0])
    session.remote.call("DELETE", f"/time-entries/{entry.id}")
    return [entry]


def pages(session: Session, path: str, params: dict[str, Any], per_page: int, limit: int | None = None):
    """The JSON answers of a paged list, page after page (bounded by X-WP-TotalPages)."""
    from aostime.remote.client import answer_of, error_of

    page, last, left = 1, 1, limit
    while page <= last and (left is None or left > 0):
        size = per_page if left is None else min(per_page, left)
        response = session.remote.http.get(path, params=_given(dict(params, page=page, per_page=size)))
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


def list_entries(session: Session, project, task, client, user, billable, invoiced, since, until, limit) -> list[Entry]:
    project_id = ref_id(session, "project", project)
    params = {"project_id": project_id, "task_id": _task_id(session, task, project_id) if project_id else None,
              "client_id": ref_id(session, "client", client), "user_id": ref_id(session, "user", user),
              "billable": billable, "invoiced": invoiced, "from_date": since, "to_date": until}  # fmt: skip
    if task is not None and project_id is None:
        raise not_remote("-t without -p (name the task's project too)")
    return [entry_from(doc) for page in pages(session, "/time-entries", params, 100, limit) for doc in page]


def unbilled(session: Session, client=None, project=None, until=None) -> list[Entry]:
    if until is not None:
        raise not_remote("unbilled --to")
    params = {"client_id": ref_id(session, "client", client), "project_id": ref_id(session, "project", project)}
    return [
        entry_from(doc) for page in pages(session, "/time-entries/unbilled", params, 1000) for doc in page["entries"]
    ]


def not_remote(what: str):
    from aostime.errors import BadInput

    return BadInput(f"{what} is not available against a team server; run it where the database is")


# -- invoices and the catalog ----------------------------------------------------------------


def create_invoice(session: Session, client, project=None, until=None, group_by="entry", round_to=None,
                   rounding="up", tax=None, due_days=None, notes="", dry_run=False) -> Invoice:  # fmt: skip
    body = {"client_id": ref_id(session, "client", client), "project_id": ref_id(session, "project", project),
            "to_date": until, "group_by": group_by, "round": round_to, "rounding": rounding, "tax_rate": tax,
            "due_days": int(due_days) if due_days is not None else None, "notes": notes or None,
            "dry_run": dry_run or None}  # fmt: skip
    return invoice_from(session.remote.call("POST", "/invoices", _given(body)))


def list_invoices(session: Session, client=None, status=None) -> list[Invoice]:
    params = {"client_id": ref_id(session, "client", client), "status": status}
    return [invoice_from(doc) for doc in session.remote.call("GET", "/invoices", params=params)]


def get_invoice(session: Session, ref) -> Invoice:
    raw = str(ref).strip()
    if not raw.isdigit():  # a number such as INV-2026-0001: find its id
        found = [i for i in list_invoices(session) if i.number == raw]
        if not found:
            from aostime.errors import NotFound

            raise NotFound(f"invoice {raw!r} not found; see 'aos invoice list'")
        raw = str(found[0].id)
    return invoice_from(session.remote.call("GET", f"/invoices/{int(raw)}"))


def add_record(session: Session, kind: str, **fields: Any):
    body = {"name": fields.get("name"), "hourly_rate": _rate(fields.get("rate")), "email": fields.get("email"),
            "currency": fields.get("currency"), "role": fields.get("role"), "time_zone": fields.get("time_zone")}  # fmt: skip
    if kind == "project":
        body["client_id"] = ref_id(session, "client", fields.get("client"))
    if kind == "task":
        body["project_id"] = ref_id(session, "project", fields.get("project"))
        body["billable"] = fields.get("billable")
    allowed = {"client": {"name", "hourly_rate", "email", "currency"}, "project": {"name", "hourly_rate", "client_id"},
               "task": {"name", "hourly_rate", "project_id", "billable"},
               "user": {"name", "hourly_rate", "email", "role", "time_zone"}}[kind]  # fmt: skip
    return record_from(kind, session.remote.call("POST", f"/{KIND_PATH[kind]}", _given(
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
        body["hourly_rate"] = None if rate.lower() in ("", "none") else _rate(rate)
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


def create_token(session: Session, user=None, name="", expires=None, read_only=False):
    member = user or session.user_ref
    body = _given({"user_id": ref_id(session, "user", member), "name": name or None, "expires": expires,
                   "read_only": read_only or None})  # fmt: skip
    doc = session.remote.call("POST", "/tokens", body)
    return token_from(doc), doc["token"]


def list_tokens(session: Session) -> list[dict[str, Any]]:
    return [token_from(doc) for doc in session.remote.call("GET", "/tokens")]


def revoke_token(session: Session, ref: str) -> dict[str, Any]:
    from aostime.services import parse_id

    return token_from(session.remote.call("DELETE", f"/tokens/{parse_id(ref, 'token id')}"))


def _invoice_id(session: Session, ref) -> int:
    return get_invoice(session, ref).id


def void_invoice(session: Session, ref: str, paid_too: bool = False) -> Invoice:
    path = f"/invoices/{_invoice_id(session, ref)}/void"
    return invoice_from(session.remote.call("POST", path, {"paid_too": True} if paid_too else {}))


def set_invoice_status(session: Session, ref: str, status: str) -> Invoice:
    path = f"/invoices/{_invoice_id(session, ref)}/status"
    return invoice_from(session.remote.call("PUT", path, {"status": status.lower()}))


def mark_entries(session: Session, refs: list[str], invoice: str | None = None) -> list[Entry]:
    ids = list(dict.fromkeys(_entry_id(r) for r in refs))
    if len(ids) != 1:
        raise not_remote("marking several entries in one command")
    body = {"invoice_id": int(invoice) if invoice and str(invoice).isdigit() else invoice} if invoice else None
    return [entry_from(session.remote.call("PUT", f"/time-entries/{ids[0]}/mark-invoiced", body))]


def unmark_entries(session: Session, refs: list[str]) -> list[Entry]:
    ids = list(dict.fromkeys(_entry_id(r) for r in refs))
    if len(ids) != 1:
        raise not_remote("unmarking several entries in one command")
    return [entry_from(session.remote.call("PUT", f"/time-entries/{ids[0]}/unmark-invoiced"))]


def report_from(session: Session, document: dict[str, Any]):
    """The Report a report document was made from (services.reporting.Report), for the table:
    figures back in seconds and cents (the document carries both exactly), and the projects'
    "Client / Project" labels from the server's project list, by the same rule as locally."""
    from aostime.domain.reports import project_labels
    from aostime.services.reporting import Report

    def figures(doc: dict[str, Any]) -> dict[str, Any]:
        return {"seconds": doc["duration"], "billable_seconds": doc["billable_duration"], "cents": cents(doc["amount"]),
                "unbilled_cents": cents(doc["unbilled_amount"]), "entries": doc["entries"], "running": doc["running"]}  # fmt: skip

    figure_keys = ("hours", "billable_hours", "non_billable_hours", "amount", "unbilled_amount", "entries",
                   "duration", "billable_duration", "running", "currency")  # fmt: skip
    rows = [{**{k: v for k, v in row.items() if k not in figure_keys}, **figures(row), "currency": row["currency"]}
            for row in document["rows"]]  # fmt: skip
    labels: dict[int, str] = {}
    if "project" in document["group_by"]:
        projects = session.remote.call("GET", "/projects", params={"archived": True})
        labels = project_labels({p["id"]: p["name"] for p in projects}, {p["client_id"]: p["client_name"] for p in projects},
                                {p["id"]: p["client_id"] for p in projects})  # fmt: skip
    return Report(document["group_by"], instant(document["from"]), instant(document["to"]), rows,
                  figures(document["totals"]),
                  [(doc["currency"], figures(doc)) for doc in document["totals_by_currency"]], labels)  # fmt: skip


# -- import ----------------------------------------------------------------------------------


def import_batch(session: Session, batch, client=None, default_project=None, project_tag_prefix=None,
                 dry_run=False, progress=None):  # fmt: skip
    """`aos import` remotely: the records parsed here, imported by the server in one write (its
    POST /import), answered with the summary the local import prints."""
    from dataclasses import asdict

    from aostime.remote.sync import write

    entries = [dict(e._asdict(), start=e.start.isoformat(), end=e.end.isoformat() if e.end else None,
                    tags=list(e.tags)) for e in batch.entries]  # fmt: skip
    body = {
        "batch": {"format": batch.format, "path": batch.path, "entries": entries,
                  "clients": [asdict(c) for c in batch.clients], "projects": [asdict(p) for p in batch.projects],
                  "tasks": [asdict(t) for t in batch.tasks], "users": [asdict(u) for u in batch.users],
                  "settings": batch.settings, "warnings": batch.warnings, "dropped": batch.dropped},
        "client": client, "default_project": default_project, "project_tag_prefix": project_tag_prefix,
        "dry_run": dry_run,
    }  # fmt: skip
    if dry_run:
        return summary_from(session.remote.call("POST", "/import", body))
    return summary_from(write(session, "POST", "/import", body, f"import {len(entries)} records", lambda: body))
