"""Invoices (managers and admins): list, create (or a dry run), show as JSON, HTML or CSV,
move the status, void; and reports (every member: their own time; managers: everyone's)."""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import Path, Query
from starlette.responses import Response

from aostime.domain.invoicing import STATUS_MOVES
from aostime.server.bodies import InvoiceIn, InvoiceStatusIn, IssueIn, LineIn, PaymentIn, VoidIn, one_of
from aostime.server.common import (
    LOCATION,
    PAGE_HEADERS,
    Current,
    IdParam,
    TimeQuery,
    err,
    json_response,
    path_id,
    ref,
    subject_router,
)  # fmt: skip
from aostime.server.entries import created

router = subject_router("invoices and reports")
InvoiceId = path_id("Invoice")
Status = Annotated[one_of(STATUS_MOVES) | None, Query()]
Format = Annotated[str, Query(pattern="^(json|csv|figures|html|pdf|facturx|xrechnung|ubl)$",
                              description="json (default), csv (the lines) or figures (a page of them); the document "
                              "a client is sent, as `aos invoice show --format`: html, pdf, facturx (ZUGFeRD PDF), "
                              "xrechnung or ubl (Peppol).")]  # fmt: skip


@router.get("/invoices", response_model=None, responses={
    200: {"description": "Invoices without their lines, as `aos invoice list --json`", "headers": PAGE_HEADERS},
})  # fmt: skip
def list_invoices(session: Current, client_id: IdParam = None, status: Status = None) -> Response:
    from aostime.domain.documents import invoice_summary_document
    from aostime.services import billing

    invoices = billing.list_invoices(session, ref(client_id), status)
    return json_response([invoice_summary_document(i) for i in invoices],
                         headers={"X-WP-Total": str(len(invoices)), "X-WP-TotalPages": "1"})  # fmt: skip


@router.post("/invoices", status_code=201, response_model=None, responses={
    201: {"description": "The invoice, as `aos invoice create --json`", "headers": LOCATION},
    200: {"description": "dry_run: the invoice it would be, nothing saved"},
    409: err("Nothing unbilled, or the entries changed meanwhile"),
})  # fmt: skip
def create_invoice(session: Current, body: InvoiceIn) -> Response:
    """Invoice a client's unbilled entries and mark them invoiced, as `aos invoice create`."""
    from aostime.domain.documents import invoice_document
    from aostime.services import billing

    invoice = billing.create_invoice(
        session, str(body.client_id), ref(body.project_id), body.to_date, body.group_by, body.round, body.rounding,
        body.tax_rate, body.due_days, body.notes, body.dry_run, body.order_reference,
    )  # fmt: skip
    if body.dry_run:
        return json_response(invoice_document(invoice))
    return created(invoice_document(invoice), f"/invoices/{invoice.id}")


@router.get("/invoices/{invoice_id:int}", response_model=None, responses={
    200: {"description": "The invoice with its lines", "content": {"text/html": {}, "text/csv": {},
                                                                     "application/pdf": {}, "application/xml": {}}},
    400: err("The sender's or the client's data is incomplete for a document"), 404: err("No such invoice"),
})  # fmt: skip
def get_invoice(session: Current, invoice_id: InvoiceId, format: Format = "json") -> Response:
    """One invoice: JSON (as `aos invoice show --json`), a printable HTML page, or its lines as CSV."""
    from aostime.services import billing

    invoice = billing.get_invoice(session, str(invoice_id))
    if format in ("html", "pdf", "facturx", "xrechnung", "ubl"):
        from aostime.render.invoice_formats import MEDIA_TYPES, document
        from aostime.services.invoice_content import invoice_content

        return Response(document(invoice_content(session, str(invoice.id)), format), media_type=MEDIA_TYPES[format])
    if format == "figures":
        from aostime.render.invoices import invoice_html

        return Response(invoice_html(invoice), media_type="text/html; charset=utf-8")
    if format == "csv":
        from aostime.render.invoices import write_invoice_csv

        out = io.StringIO()
        write_invoice_csv(invoice, out)
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8")
    from aostime.domain.documents import invoice_document

    return json_response(invoice_document(invoice))


@router.put("/invoices/{invoice_id:int}/status", response_model=None, responses={
    200: {"description": "The invoice"}, 404: err("No such invoice"), 409: err("That move is not allowed"),
})  # fmt: skip
def set_invoice_status(session: Current, invoice_id: InvoiceId, body: InvoiceStatusIn) -> Response:
    """draft -> sent -> paid (and back a step)."""
    from aostime.domain.documents import invoice_document
    from aostime.services import billing

    return json_response(invoice_document(billing.set_invoice_status(session, str(invoice_id), body.status)))


@router.post("/invoices/{invoice_id:int}/void", response_model=None, responses={
    200: {"description": "The void invoice"}, 404: err("No such invoice"), 409: err("Already void"),
})  # fmt: skip
def void_invoice(session: Current, invoice_id: InvoiceId, body: VoidIn | None = None) -> Response:
    """Void an invoice: its entries become unbilled again; its number is never reused."""
    from aostime.domain.documents import invoice_document
    from aostime.services import billing

    paid_too = body.paid_too if body is not None else False
    return json_response(invoice_document(billing.void_invoice(session, str(invoice_id), paid_too)))


@router.post("/invoices/{invoice_id:int}/issue", response_model=None, responses={
    200: {"description": "The invoice, issued: final from now on"}, 404: err("No such invoice"),
    400: err("The sender's or the client's data is incomplete (each missing field named)"),
    409: err("Not a draft"),
})  # fmt: skip
def issue_invoice(session: Current, invoice_id: InvoiceId, body: IssueIn | None = None) -> Response:
    """Issue a draft, as `aos invoice issue`."""
    from aostime.domain.documents import invoice_document
    from aostime.services import invoice_lifecycle

    body = body or IssueIn()
    return json_response(invoice_document(invoice_lifecycle.issue(session, str(invoice_id), body.issue_date,
                                                                  body.exchange_rate, body.order_reference)))  # fmt: skip


@router.post("/invoices/{invoice_id:int}/payments", response_model=None, responses={
    200: {"description": "The invoice with the payment"}, 404: err("No such invoice"),
    409: err("Not issued, or paid in full"),
})  # fmt: skip
def pay_invoice(session: Current, invoice_id: InvoiceId, body: PaymentIn | None = None) -> Response:
    """Record a payment (default: the open balance), as `aos invoice pay`."""
    from aostime.domain.documents import invoice_document
    from aostime.services import invoice_lifecycle

    body = body or PaymentIn()
    return json_response(invoice_document(invoice_lifecycle.pay(session, str(invoice_id), body.amount, body.date)))


@router.post("/invoices/{invoice_id:int}/cancel", response_model=None, responses={
    200: {"description": '{"invoice", "credit_note"}, as `aos invoice cancel --json`'}, 404: err("No such invoice"),
    409: err("Not issued, or cancelled already"),
})  # fmt: skip
def cancel_invoice(session: Current, invoice_id: InvoiceId) -> Response:
    """Cancel an issued invoice by a credit note; its entries are unbilled again."""
    from aostime.domain.documents import invoice_document
    from aostime.services import invoice_lifecycle

    cancelled, note = invoice_lifecycle.cancel(session, str(invoice_id))
    return json_response({"invoice": invoice_document(cancelled), "credit_note": invoice_document(note)})


@router.post("/invoices/{invoice_id:int}/lines", response_model=None, responses={
    200: {"description": "The draft with the line"}, 404: err("No such invoice"), 409: err("Not a draft"),
})  # fmt: skip
def add_invoice_line(session: Current, invoice_id: InvoiceId, body: LineIn) -> Response:
    """A fixed fee, an expense or a discount on a draft, as `aos invoice add-line`."""
    from aostime.domain.documents import invoice_document
    from aostime.services import invoice_lifecycle

    return json_response(invoice_document(invoice_lifecycle.add_line(
        session, str(invoice_id), body.description, body.quantity, body.unit_price, body.unit, body.tax)))  # fmt: skip


@router.delete("/invoices/{invoice_id:int}/lines/{position:int}", response_model=None, responses={
    200: {"description": "The draft without the line"}, 404: err("No such invoice"), 409: err("Not a draft"),
})  # fmt: skip
def remove_invoice_line(
    session: Current, invoice_id: InvoiceId, position: Annotated[int, Path(ge=1, le=100_000)]
) -> Response:
    """Remove a draft's line; its entries are unbilled again."""
    from aostime.domain.documents import invoice_document
    from aostime.services import invoice_lifecycle

    return json_response(invoice_document(invoice_lifecycle.remove_line(session, str(invoice_id), position)))


@router.get("/reports", response_model=None, responses={200: {"description": "As `aos report --json`"}})
def get_report(
    session: Current,
    by: Annotated[str, Query(max_length=100, description="As --by: client,project,task,user,day,week,month,year.")]
    = "project",
    period: Annotated[str | None, Query(max_length=20, description="today, week, month, last-month, year...")]
    = None,
    from_date: TimeQuery = None, to_date: TimeQuery = None, project_id: IdParam = None, task_id: IdParam = None,
    client_id: IdParam = None, user_id: IdParam = None, billable: bool | None = None,
) -> Response:  # fmt: skip
    """Totals grouped as asked, in the member's zone; a member's report holds their own time."""
    from aostime.domain.documents import report_document
    from aostime.services.reporting import make_report

    result = make_report(session, by, from_date, to_date, period, ref(project_id), ref(task_id), ref(client_id),
                         ref(user_id), billable)  # fmt: skip
    return json_response(report_document(result, session.zone))
