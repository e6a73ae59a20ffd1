"""The agency's catalog (/clients, managers): clients with their projects and tasks under them;
add, rename, change a rate, archive and restore; a client's billing fields (address, country,
VAT id, tax mode, language, buyer reference, Peppol id) on its own page. Each change is the use
case `aos client|project|task add|edit|archive` calls, refused in the CLI's words."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.responses import Response

from aostime.errors import AosError, Forbidden, NotFound
from aostime.server.web.auth import form_allowed, with_session
from aostime.server.web.language import N_, ngettext
from aostime.server.web.language import gettext as _
from aostime.server.web.render import guarded, page, redirect, sentence

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
KINDS = ("client", "project", "task")
# what each kind's form carries, beyond its name (the use case's own field names)
FIELDS = {
    "client": ("rate", "currency", "email", "address", "country", "vat_id", "tax_mode", "language",
               "buyer_reference", "peppol_id"),
    "project": ("rate",),
    "task": ("rate",),
}  # fmt: skip
LABELS = {"rate": N_("Hourly rate"), "vat_id": N_("VAT ID"), "tax_mode": N_("Tax mode"),
          "buyer_reference": N_("Buyer reference"), "peppol_id": N_("Peppol ID")}  # fmt: skip
# the other fields' labels (their key, capitalized) and the kinds' names, for the catalogs
MARKED = (
    N_("Currency"),
    N_("Email"),
    N_("Address"),
    N_("Country"),
    N_("Language"),
    N_("Client name"),
    N_("Project name"),
    N_("Task name"),
    N_("client"),
    N_("project"),
    N_("task"),
    N_("Client"),
)


def _money(cents: int | None) -> str:
    from aostime.domain.documents import money

    return "" if cents is None else f"{money(cents):.2f}"


def _shown(cents: int | None) -> str:
    """A rate as the table shows it: 123.45 in English (as typed), 123,45 in German and French;
    a form's field keeps the CLI's grammar (_money)."""
    from aostime.domain.documents import money
    from aostime.server.web.language import number

    return "" if cents is None else number(money(cents))


def _view(session) -> list[dict[str, Any]]:
    from aostime.services import catalog

    clients = catalog.list_records(session, "client", include_archived=True)
    projects = catalog.list_records(session, "project", include_archived=True)
    tasks = catalog.list_records(session, "task", include_archived=True)
    return [{"record": c, "rate": _shown(c.hourly_rate_cents),
             "projects": [{"record": p, "rate": _shown(p.hourly_rate_cents),
                           "tasks": [{"record": t, "rate": _shown(t.hourly_rate_cents)}
                                     for t in tasks if t.project_id == p.id]}
                          for p in projects if p.client_id == c.id]}
            for c in clients]  # fmt: skip


def _answer(session, status: int = 200, said: str | None = None, error: str | None = None,
            focus: str | None = None, adding: dict[str, str] | None = None) -> Response:  # fmt: skip
    """The catalog; `focus` names the control that takes the focus (the record just changed, so
    that a keyboard goes on from there), `adding` the add form asked for (?add=) and its parent."""
    from aostime.server.web.budget_badges import budget_badges
    from aostime.server.web.timer_region import timer_region
    from aostime.services import access

    access.require(session, "edit_catalog")
    clients = _view(session)
    adding = adding or {}
    if adding.get("kind"):
        focus, said = _add_focus(clients, adding)
    return page("catalog.html", status, title=N_("Clients"), member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), clients=clients, said=said, error=error, focus=focus,
                adding=adding, badges=budget_badges(session))  # fmt: skip


def _add_focus(clients: list[dict[str, Any]], adding: dict[str, str]) -> tuple[str, str | None]:
    """The first field of the add form asked for: its name when its parent is given (and can take
    it), else the parent's choice; the form of the parent when there is nothing to add it under."""
    active = [c for c in clients if not c["record"].archived]
    projects = [str(p["record"].id) for c in clients for p in c["projects"] if not p["record"].archived]
    kind = adding["kind"]
    if kind == "project" and not active:
        return "client-name", "A project belongs to a client: add a client first."
    if kind == "task" and not projects:
        return ("project-client", "A task belongs to a project: add a project first.") if active else (
            "client-name", "A task belongs to a project of a client: add a client first.")  # fmt: skip
    if kind == "project":
        return (
            "project-name" if adding.get("client") in [str(c["record"].id) for c in active] else "project-client"
        ), None
    if kind == "task":
        return ("task-name" if adding.get("project") in projects else "task-project"), None
    return "client-name", None


@router.get("/clients")
def catalog_page(session: Signed, add: Annotated[str | None, Query(pattern="^(client|project|task)$")] = None,
                 client: Annotated[int | None, Query(ge=1, le=2**53 - 1)] = None,
                 project: Annotated[int | None, Query(ge=1, le=2**53 - 1)] = None) -> Response:  # fmt: skip
    """The catalog; ?add=KIND puts the focus in that add form (?client= or ?project= chooses its parent)."""
    if session is None:
        return redirect("/login")
    adding = {"kind": add or "", "client": str(client or ""), "project": str(project or "")}
    return guarded(lambda: _answer(session, adding=adding))


@router.get("/clients/{kind}/{record_id:int}")
def record_page(session: Signed, kind: str, record_id: int) -> Response:
    if session is None:
        return redirect("/login")
    return guarded(lambda: _record_answer(session, kind, record_id))


def _record_answer(session, kind: str, record_id: int, typed: dict[str, str] | None = None,
                   error: str | None = None, status: int = 200, preview=None,
                   budget: dict[str, str] | None = None, said: str | None = None) -> Response:  # fmt: skip
    """A record's page; `budget`: the budget form as typed and its refusal, when it was refused."""
    from aostime.server.web.budget_badges import budget_section
    from aostime.server.web.timer_region import timer_region
    from aostime.services import access, catalog

    access.require(session, "edit_catalog")
    if kind not in KINDS:
        return page("error.html", 404, message=_("No such page."), signed_in=True)
    record = catalog.get_record(session, kind, str(record_id))
    current = {"name": record.name, "rate": _money(record.hourly_rate_cents)}
    for key in FIELDS[kind][1:]:
        current[key] = getattr(record, key) or ""
    fields = [{"key": key, "label": LABELS.get(key, key.replace("_", " ").capitalize()),
               "value": (typed or current).get(key, ""), "long": key == "address"}
              for key in ("name", *FIELDS[kind])]  # fmt: skip
    return page("catalog_record.html", status, title=N_("Clients"), member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), kind=kind, record=record, fields=fields, error=error,
                preview=preview, budget=budget_section(session, kind, record, budget), said=said)  # fmt: skip


@router.post("/clients/{kind}/{record_id:int}")
async def save_record(request: Request, session: Signed, kind: str, record_id: int) -> Response:
    from aostime.services import catalog

    form = await request.form(max_fields=40)
    if not form_allowed(request, session, str(form.get("csrf", ""))):
        return redirect("/login")
    if kind not in KINDS:
        return page("error.html", 404, message=_("No such page."), signed_in=True)
    typed = {key: str(form.get(key, ""))[:2000].replace("\r\n", "\n") for key in ("name", *FIELDS[kind])}

    def act() -> Response:
        record = catalog.get_record(session, kind, str(record_id))
        before = {"name": record.name, "rate": _money(record.hourly_rate_cents),
                  **{key: getattr(record, key) or "" for key in FIELDS[kind][1:]}}  # fmt: skip
        changed = {key: value for key, value in typed.items() if value != before.get(key, "")}
        try:
            if changed:
                catalog.edit_record(session, kind, str(record_id), **changed)
        except (Forbidden, NotFound):
            raise
        except AosError as exc:
            return _record_answer(session, kind, record_id, typed, sentence(exc), 400)
        return _answer(
            session,
            said=_("Saved %(kind)s %(name)s.", kind=_(kind), name=typed["name"] or record.name),
            focus=f"edit-{kind}-{record_id}",
        )

    return guarded(act)


@router.post("/clients/new/{kind}")
async def add_record(request: Request, session: Signed, kind: str) -> Response:
    from aostime.services import catalog

    form = await request.form(max_fields=20)
    if not form_allowed(request, session, str(form.get("csrf", ""))):
        return redirect("/login")
    if kind not in KINDS:
        return page("error.html", 404, message=_("No such page."), signed_in=True)
    given = {key: str(form.get(key, ""))[:200] for key in ("name", "rate", "currency", "client", "project")}
    fields = {key: value for key, value in given.items() if value}

    def act() -> Response:
        try:
            record = catalog.add_record(session, kind, **fields)
        except Forbidden:
            raise
        except AosError as exc:
            return _answer(session, 400, error=sentence(exc), focus=f"{kind}-name")
        return _answer(
            session,
            said=_("Added %(kind)s %(name)s.", kind=_(kind), name=record.name),
            focus=f"edit-{kind}-{record.id}",
        )

    return guarded(act)


@router.post("/clients/{kind}/{record_id:int}/reprice")
async def reprice(request: Request, session: Signed, kind: str, record_id: int) -> Response:
    """A rate from a day on: first what it would reprice (nothing saved), then, confirmed with
    the same rate and day, exactly that (services.repricing)."""
    from aostime.domain.documents import repriced_document
    from aostime.services.repricing import change_rate

    form = await request.form(max_fields=10)
    if not form_allowed(request, session, str(form.get("csrf", ""))):
        return redirect("/login")
    if kind not in KINDS:
        return page("error.html", 404, message=_("No such page."), signed_in=True)
    rate, since = str(form.get("rate", ""))[:40], str(form.get("since", ""))[:40]
    confirmed = form.get("confirm") == "true"

    def act() -> Response:
        try:
            result = change_rate(session, kind, str(record_id), rate, since or None, dry_run=not confirmed)
        except (Forbidden, NotFound):
            raise
        except AosError as exc:
            return _record_answer(session, kind, record_id, error=sentence(exc), status=400,
                                  preview={"rate": rate, "since": since})  # fmt: skip
        if confirmed:
            count = len(result.entries)
            return _answer(session, said=_("Saved %(kind)s %(name)s: %(rate)s from %(since)s, %(repriced)s.", kind=_(kind),
                                          name=result.name, rate=rate, since=since,
                                          repriced=ngettext("%(num)d entry repriced", "%(num)d entries repriced",
                                                            count)),
                           focus=f"edit-{kind}-{record_id}")  # fmt: skip
        preview = {"rate": rate, "since": since, **repriced_document(result, session.zone)}
        return _record_answer(session, kind, record_id, preview=preview)

    return guarded(act)


@router.post("/clients/{kind}/{record_id:int}/{action}")
def archive(request: Request, session: Signed, kind: str, record_id: int, action: str,
            csrf: Annotated[str, Form(max_length=200)] = "") -> Response:  # fmt: skip
    from aostime.services import catalog

    if not form_allowed(request, session, csrf):
        return redirect("/login")
    if kind not in KINDS or action not in ("archive", "restore"):
        return page("error.html", 404, message=_("No such page."), signed_in=True)

    def act() -> Response:
        try:
            record = catalog.archive_record(session, kind, str(record_id), archived=action == "archive")
        except Forbidden:
            raise
        except AosError as exc:
            return _answer(session, 400, error=sentence(exc), focus=f"toggle-{kind}-{record_id}")
        return _answer(session, said=f"{'Archived' if action == 'archive' else 'Restored'} {kind} {record.name}.",
                       focus=f"toggle-{kind}-{record_id}")  # fmt: skip

    return guarded(act)
