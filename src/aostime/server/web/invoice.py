"""One invoice (/invoices/{id}, managers and admins): its document as the client gets it (the
page `aos invoice show --format html` writes, from the one InvoiceContent the PDF and the
e-invoices are made of), its lines, and what `aos invoice` does to it: add and remove lines of a
draft, issue it, void it; record a payment of an issued one, cancel it by a credit note; download
the PDF and the e-invoices. Each action is the declared use case its command calls; a success
answers with a redirect to the page (post/redirect/get: a reload sends nothing again), a refusal
with the page and the CLI's words beside the form, the field it names marked."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from aostime.errors import AosError, BadInput, Forbidden, NotFound
from aostime.server.web.auth import form_allowed, with_session
from aostime.server.web.language import N_
from aostime.server.web.render import SECURITY_HEADERS, guarded, page, redirect, sentence

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
# each form's fields: the use case's options, named as the CLI names them (--unit-price ...)
FORMS = {"line": ("description", "quantity", "unit_price", "unit", "tax"),
         "issue": ("issue_date", "exchange_rate", "order_reference"), "pay": ("amount", "date"),
         "remove": (), "void": (), "cancel": ()}  # fmt: skip
# (what the status line says, the control a keyboard goes on from) after each action
DONE = {"created": (N_("Draft created."), "add-line-description"), "line": (N_("Line added."), "add-line-description"),
        "removed": (N_("Line removed."), "lines-title"), "issued": (N_("Issued: the invoice is final now."),
        "download-pdf"), "paid": (N_("Payment recorded."), "payments-title"),
        "cancelled": (N_("Cancelled by a credit note."), "credit-note"),
        "voided": (N_("The draft is void; its entries are unbilled again."), "invoice-title")}  # fmt: skip
DOWNLOADS = {"pdf": ("application/pdf", ".pdf"), "facturx": ("application/pdf", "-facturx.pdf"),
             "xrechnung": ("application/xml", "-xrechnung.xml"), "ubl": ("application/xml", "-peppol.xml")}  # fmt: skip
# the preview is the document a client is sent, whole: its own inline style, nothing else, inside this page only
PREVIEW_HEADERS = {**SECURITY_HEADERS, "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                   "img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"}  # fmt: skip


@router.get("/invoices/{invoice_id:int}")
def invoice_page(session: Signed, invoice_id: int, said: Annotated[str, Query(max_length=40)] = "") -> Response:
    if session is None:
        return redirect("/login")
    return guarded(lambda: _answer(session, invoice_id, said=said))


def _answer(session, invoice_id: int, status: int = 200, said: str = "", refused: dict | None = None) -> Response:
    from aostime.server.web.timer_region import timer_region
    from aostime.services import billing

    invoice = billing.get_invoice(session, str(invoice_id))  # the right first, then the invoice
    message, focus = DONE.get(said, ("", None))
    return page("invoice.html", status, title="Invoices", member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), invoice=_view(session, invoice), said=message,
                focus=focus if refused is None else None, refused=refused or {},
                typed=(refused or {}).get("typed", {}))  # fmt: skip


def _view(session, invoice) -> dict[str, Any]:
    """The invoice's figures as `aos invoice show --json` has them, and whether its document can be made."""
    from aostime.domain.money import hours
    from aostime.server.web.language import money, number
    from aostime.services.invoice_content import invoice_content

    cur = invoice.currency
    try:
        invoice_content(session, str(invoice.id))
        blocked = None
    except BadInput as exc:  # a party's data missing: said once, with where to give each
        blocked = {"message": sentence(exc), "fixes": _fixes(session, str(exc))}
    return {"id": invoice.id, "number": invoice.number, "status": invoice.status, "kind": invoice.kind,
            "client": invoice.client_name, "client_id": invoice.client_id, "issue_date": invoice.issue_date,
            "due_date": invoice.due_date or "", "tax_rate": invoice.tax_rate, "tax_mode": invoice.tax_mode,
            "subtotal": money(invoice.subtotal_cents, cur), "tax": money(invoice.tax_cents, cur),
            "total": money(invoice.total_cents, cur), "paid": money(invoice.paid_cents, cur),
            "open": money(invoice.total_cents - invoice.paid_cents, cur), "currency": cur,
            "credits": invoice.credits_number, "credited_by": invoice.credited_by,
            "credit_note_id": _id_of(session, invoice.credited_by), "credits_id": _id_of(session, invoice.credits_number),
            "draft": invoice.status == "draft", "payable": invoice.kind == "invoice" and invoice.status == "sent",
            "cancellable": invoice.kind == "invoice" and invoice.status in ("sent", "paid"),
            "issued": invoice.status in ("sent", "paid", "cancelled"), "blocked": blocked,
            "lines": [{"position": n, "description": line.description,
                       "quantity": line.quantity if line.unit is not None else number(hours(line.seconds)),
                       "unit": line.unit or "hours", "price": money(line.hourly_rate_cents, cur),
                       "amount": money(line.amount_cents, cur)} for n, line in enumerate(invoice.lines, 1)]}  # fmt: skip


def _id_of(session, number: str | None) -> int | None:
    from aostime.services.invoice_lookup import find_invoice

    return find_invoice(session, number).id if number else None


def _fixes(session, message: str) -> list[dict[str, str]]:
    """Where the web app takes what a refusal says is missing: the sender's settings (an admin's
    page), the client's billing fields (its record on Clients)."""
    fixes = []
    keys = sorted(set(re.findall(r"aos config set (\w+)", message)))
    if keys:
        from aostime.domain.permissions import permitted

        where = "/settings" if permitted(session.actor.user.role, "settings") else None
        fixes.append({"href": where, "text": f"Settings: {', '.join(keys)}"
                      + ("" if where else " (an admin sets them)")})  # fmt: skip
    for client_id in sorted(set(re.findall(r"aos client edit (\d+)", message))):
        fields = sorted(set(re.findall(rf"aos client edit {client_id} --([\w-]+)", message)))
        fixes.append({"href": f"/clients/client/{client_id}", "text": f"The client's {', '.join(fields)}"})
    return fixes


@router.get("/invoices/{invoice_id:int}/preview")
def preview(session: Signed, invoice_id: int) -> Response:
    """The document itself, as `aos invoice show --format html` writes it (the page shows it in a frame)."""
    if session is None:
        return redirect("/login")

    def act() -> Response:
        from aostime.render.invoice_formats import document
        from aostime.services.invoice_content import invoice_content

        try:
            data = document(invoice_content(session, str(invoice_id)), "html")
        except BadInput as exc:
            return page("error.html", 400, message=sentence(exc), signed_in=True)
        return Response(data, 200, media_type="text/html; charset=utf-8", headers=PREVIEW_HEADERS)

    return guarded(act)


@router.get("/invoices/{invoice_id:int}/download/{fmt}")
def download(session: Signed, invoice_id: int, fmt: str) -> Response:
    """`aos invoice show N --format pdf|facturx|xrechnung|ubl`, byte for byte, as a file."""
    if session is None:
        return redirect("/login")

    def act() -> Response:
        from aostime.render.invoice_formats import document
        from aostime.services.invoice_content import invoice_content

        if fmt not in DOWNLOADS:
            return page("error.html", 404, message="No such document.", signed_in=True)
        try:
            content = invoice_content(session, str(invoice_id))
            data = document(content, fmt)
        except (Forbidden, NotFound):
            raise
        except AosError as exc:
            return page("error.html", 400 if isinstance(exc, BadInput) else 409, message=sentence(exc),
                        signed_in=True)  # fmt: skip
        kind, suffix = DOWNLOADS[fmt]
        name = re.sub(r"[^A-Za-z0-9._-]", "_", content.number) + suffix
        return Response(data, 200, media_type=kind,
                        headers={**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip

    return guarded(act)


@router.post("/invoices/{invoice_id:int}/{action}")
async def act_on(request: Request, session: Signed, invoice_id: int, action: str) -> Response:
    return await _act(request, session, invoice_id, action, None)


@router.post("/invoices/{invoice_id:int}/lines/{position:int}/remove")
async def remove(request: Request, session: Signed, invoice_id: int, position: int) -> Response:
    return await _act(request, session, invoice_id, "remove", position)


async def _act(request: Request, session, invoice_id: int, action: str, position: int | None) -> Response:
    form = await request.form(max_fields=20)
    if not form_allowed(request, session, str(form.get("csrf", ""))):
        return redirect("/login")
    if action not in FORMS:
        return page("error.html", 404, message="No such action.", signed_in=True)
    typed = {key: str(form.get(key, ""))[:2000].strip() for key in FORMS[action]}

    def act() -> Response:
        try:
            done, to = _run(session, str(invoice_id), action, typed, position)
        except (Forbidden, NotFound):
            raise
        except AosError as exc:
            field = _field_of(str(exc), FORMS[action])
            refused = {"form": action, "field": field, "message": sentence(exc), "typed": typed,
                       "fixes": _fixes(session, str(exc))}  # fmt: skip
            return _answer(session, invoice_id, 400 if isinstance(exc, BadInput) else 409, refused=refused)
        return redirect(f"/invoices/{to}?said={done}")

    return guarded(act)


def _run(session, ref: str, action: str, typed: dict[str, str], position: int | None) -> tuple[str, int]:
    """The use case of `action`: (what was done, the invoice to show next)."""
    from aostime.services import billing, invoice_lifecycle

    given = lambda key: typed.get(key) or None  # empty: as the option left out
    if action == "line":
        invoice_lifecycle.add_line(session, ref, typed["description"], typed["quantity"], typed["unit_price"],
                                   typed["unit"] or "units", given("tax"))  # fmt: skip
        return "line", int(ref)
    if action == "remove":
        invoice_lifecycle.remove_line(session, ref, position or 0)
        return "removed", int(ref)
    if action == "issue":
        invoice_lifecycle.issue(session, ref, given("issue_date"), given("exchange_rate"), given("order_reference"))
        return "issued", int(ref)
    if action == "pay":
        invoice_lifecycle.pay(session, ref, given("amount"), given("date"))
        return "paid", int(ref)
    if action == "cancel":
        invoice_lifecycle.cancel(session, ref)
        return "cancelled", int(ref)
    billing.void_invoice(session, ref)
    return "voided", int(ref)


def _field_of(message: str, fields: tuple[str, ...]) -> str:
    """The field a refusal names by its CLI option (--unit-price, --date ...); '' for the form as a whole."""
    for field in sorted(fields, key=len, reverse=True):
        option = "--" + field.replace("_", "-")
        if f"{option} " in message or message.startswith(option) or message.endswith(option):
            return field
    return ""
