"""The invoice lifecycle through the team server (services/invoice_lifecycle.py's use cases):
issue, pay, cancel by a credit note, and lines beyond time on a draft."""

from __future__ import annotations

from aostime.domain.models import Invoice
from aostime.remote.billing import _invoice_id
from aostime.remote.common import given
from aostime.remote.models import invoice_from

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.services import Session


def add_line(session: Session, ref: str, description: str, quantity: str, unit_price: str,
             unit: str = "units") -> Invoice:  # fmt: skip
    body = {"description": description, "quantity": str(quantity), "unit_price": str(unit_price), "unit": unit}
    return invoice_from(session.remote.call("POST", f"/invoices/{_invoice_id(session, ref)}/lines", body))


def remove_line(session: Session, ref: str, position: int) -> Invoice:
    path = f"/invoices/{_invoice_id(session, ref)}/lines/{int(position)}"
    return invoice_from(session.remote.call("DELETE", path))


def issue(session: Session, ref: str, issue_date: str | None = None) -> Invoice:
    path = f"/invoices/{_invoice_id(session, ref)}/issue"
    return invoice_from(session.remote.call("POST", path, given({"issue_date": issue_date})))


def pay(session: Session, ref: str, amount: str | None = None, paid_on: str | None = None) -> Invoice:
    path = f"/invoices/{_invoice_id(session, ref)}/payments"
    return invoice_from(session.remote.call("POST", path, given({"amount": amount, "date": paid_on})))


def cancel(session: Session, ref: str) -> tuple[Invoice, Invoice]:
    answer = session.remote.call("POST", f"/invoices/{_invoice_id(session, ref)}/cancel", {})
    return invoice_from(answer["invoice"]), invoice_from(answer["credit_note"])
