"""Invoices (/invoices, managers and admins): the unbilled time per client, with the figures of
`aos unbilled --json` (hours, amount in the client's currency), and the invoices as `aos invoice
list --json` lists them; from a client's unbilled row, a draft made with `aos invoice create`'s
options (/invoices/new). Each is the declared use case its command calls (services.billing), a
refusal shown beside its field in the CLI's words. One invoice's page is server/web/invoice.py."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from aostime.errors import AosError, Forbidden
from aostime.server.web.auth import form_allowed, with_session
from aostime.server.web.language import N_
from aostime.server.web.render import guarded, page, redirect, sentence

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
RecordId = Annotated[int | None, Query(ge=1, le=2**53 - 1)]
# what `aos invoice create` is asked, by the form's field names (each names its CLI option)
# The words the domain hands the pages to show (invoice statuses, line units, the draft's
# groupings and rounding modes), marked here for the catalogs; the templates translate them.
SHOWN_WORDS = (N_("draft"), N_("sent"), N_("paid"), N_("void"), N_("cancelled"), N_("credit note"), N_("hours"),
               N_("units"), N_("entry"), N_("task"), N_("project"), N_("day"), N_("up"), N_("nearest"),
               N_("down"))  # fmt: skip
DRAFT_FIELDS = {"project": "project", "to": "to", "group_by": "group-by", "round": "round", "rounding": "rounding",
                "tax": "tax", "due": "due", "notes": "notes", "order_reference": "order-reference"}  # fmt: skip


@dataclass(frozen=True)
class Draft:
    """The draft form as typed: empty is the CLI's default (the setting it names)."""

    client: str = ""
    project: str = ""
    to: str = ""
    group_by: str = "entry"
    round: str = ""
    rounding: str = "up"
    tax: str = ""
    due: str = ""
    notes: str = ""
    order_reference: str = ""


def unbilled_rows(session) -> list[dict[str, Any]]:
    """One row per client with unbilled time: `aos unbilled --client C --json`'s entries,
    total_hours and total_amount (a client's entries are in its one currency)."""
    from aostime.domain.money import hours
    from aostime.server.web.language import money, number
    from aostime.services import billing

    return [{"client_id": client.id, "client": client.name, "entries": sums["count"],
             "hours": number(hours(sums["seconds"])), "amount": money(sums["cents"], client.currency, "—")}
            for client, sums in billing.unbilled_by_client(session)]  # fmt: skip


def invoice_rows(session) -> list[dict[str, Any]]:
    """The invoices as `aos invoice list --json` has them, newest first as listed there."""
    from aostime.server.web.language import money
    from aostime.services import billing

    return [{"id": i.id, "number": i.number, "status": i.status, "kind": i.kind, "client": i.client_name,
             "total": money(i.total_cents, i.currency), "open": money(i.total_cents - i.paid_cents, i.currency),
             "issue_date": i.issue_date, "due_date": i.due_date or ""}
            for i in billing.list_invoices(session)]  # fmt: skip


@router.get("/invoices")
def invoices_page(session: Signed, said: Annotated[str, Query(max_length=200)] = "") -> Response:
    if session is None:
        return redirect("/login")
    return guarded(lambda: _list_answer(session, said))


def _list_answer(session, said: str = "") -> Response:
    from aostime.server.web.timer_region import timer_region
    from aostime.services import access

    access.require(session, "invoices")
    return page("invoices.html", title="Invoices", member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), unbilled=unbilled_rows(session), invoices=invoice_rows(session),
                said=_SAID.get(said, ""))  # fmt: skip


_SAID = {"voided": "The draft is void; its entries are unbilled again."}


@router.get("/invoices/new")
def draft_page(session: Signed, client: RecordId = None) -> Response:
    """The draft form for a client (?client=ID, its unbilled row's "Invoice" link)."""
    if session is None:
        return redirect("/login")
    return guarded(lambda: _draft_answer(session, Draft(client=str(client or ""))))


def _draft_answer(session, draft: Draft, status: int = 200, errors: dict[str, str] | None = None,
                  preview=None) -> Response:  # fmt: skip
    from aostime.domain.invoicing import GROUPINGS, ROUNDING_MODES
    from aostime.domain.settings import ROUNDING_STEPS
    from aostime.server.web.timer_region import timer_region
    from aostime.services import access, catalog

    access.require(session, "invoices")
    clients = [c for c in catalog.list_records(session, "client") if not c.archived]
    projects = [p for p in catalog.list_records(session, "project") if str(p.client_id) == draft.client]
    defaults = {key: session.setting(key) for key in ("tax_rate", "invoice_rounding", "invoice_due_days")}
    return page("invoice_new.html", status, title="Invoices", member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), draft=draft, clients=clients, projects=projects, groupings=GROUPINGS,
                steps=list(ROUNDING_STEPS), modes=ROUNDING_MODES, defaults=defaults, errors=errors or {},
                preview=preview and _preview_view(preview))  # fmt: skip


def _preview_view(invoice) -> dict[str, Any]:
    from aostime.domain.money import hours
    from aostime.server.web.language import money, number

    cur = invoice.currency
    return {"number": invoice.number, "subtotal": money(invoice.subtotal_cents, cur),
            "tax": money(invoice.tax_cents, cur), "total": money(invoice.total_cents, cur),
            "lines": [{"description": line.description, "hours": number(hours(line.seconds)),
                       "amount": money(line.amount_cents, cur)} for line in invoice.lines]}  # fmt: skip


@router.post("/invoices/new")
async def create_draft(request: Request, session: Signed) -> Response:
    """`aos invoice create` with the form's options; "Preview" is its --dry-run (nothing saved)."""
    from aostime.server.web.refusals import refused_field
    from aostime.services import billing

    form = await request.form(max_fields=20)
    if not form_allowed(request, session, str(form.get("csrf", ""))):
        return redirect("/login")
    draft = Draft(**{key: str(form.get(key, ""))[:2000].strip() for key in asdict(Draft())})
    dry_run = form.get("preview") == "true"

    def act() -> Response:
        given = lambda value: value or None  # empty: the CLI's default, as an option left out
        try:
            if not draft.client:
                raise _Refused("client", "--client: choose the client to invoice")
            # a day is read by the rule the use case reads it with, so its refusal stands beside it
            refused = refused_field([("to", lambda: draft.to and session.range_end(draft.to))])
            if refused:
                raise _Refused(*refused)
            invoice = billing.create_invoice(session, draft.client, given(draft.project), given(draft.to),
                                             draft.group_by or "entry", given(draft.round), draft.rounding or "up",
                                             given(draft.tax),
                                             given(draft.due), draft.notes, dry_run,
                                             given(draft.order_reference))  # fmt: skip
        except _Refused as refused:
            return _draft_answer(session, draft, 400, {refused.field: sentence(refused)})
        except Forbidden:
            raise
        except AosError as exc:  # a client or project not there too: beside its field, not a page of its own
            return _draft_answer(session, draft, 400, {_field_of(str(exc)): sentence(exc)})
        if dry_run:
            return _draft_answer(session, draft, preview=invoice)
        return redirect(f"/invoices/{invoice.id}?said=created")

    return guarded(act)


class _Refused(AosError):
    """A refusal of one field of the form, read before the use case is asked."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _field_of(message: str) -> str:
    """The form field a refusal names by its CLI option (--group-by ...); the client's otherwise
    (nothing unbilled, a client not there)."""
    for field, option in sorted(DRAFT_FIELDS.items(), key=lambda item: -len(item[1])):
        if f"--{option} " in message or message.startswith(f"--{option}"):
            return field
    return "project" if message.lower().startswith("project") else "client"
