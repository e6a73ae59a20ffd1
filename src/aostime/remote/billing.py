"""Unbilled time and invoices through the team server (services/billing.py's use cases)."""

from __future__ import annotations

from typing import Any

from aostime.domain.models import Entry, Invoice
from aostime.remote.common import (
    entry_ids,
    given,
    pages,
    ref_id,
)
from aostime.remote.models import entry_from, invoice_from

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.services import Session


def unbilled(session: Session, client=None, project=None, until=None) -> list[Entry]:
    params = {"client_id": ref_id(session, "client", client), "project_id": ref_id(session, "project", project),
              "to_date": until}  # fmt: skip
    return [
        entry_from(doc) for page in pages(session, "/time-entries/unbilled", params, 1000) for doc in page["entries"]
    ]


def create_invoice(session: Session, client, project=None, until=None, group_by="entry", round_to=None,
                   rounding="up", tax=None, due_days=None, notes="", dry_run=False) -> Invoice:  # fmt: skip
    body = {"client_id": ref_id(session, "client", client), "project_id": ref_id(session, "project", project),
            "to_date": until, "group_by": group_by, "round": round_to, "rounding": rounding, "tax_rate": tax,
            "due_days": int(due_days) if due_days is not None else None, "notes": notes or None,
            "dry_run": dry_run or None}  # fmt: skip
    return invoice_from(session.remote.call("POST", "/invoices", given(body)))


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


def _invoice_id(session: Session, ref) -> int:
    return get_invoice(session, ref).id


def void_invoice(session: Session, ref: str, paid_too: bool = False) -> Invoice:
    path = f"/invoices/{_invoice_id(session, ref)}/void"
    return invoice_from(session.remote.call("POST", path, {"paid_too": True} if paid_too else {}))


def set_invoice_status(session: Session, ref: str, status: str) -> Invoice:
    path = f"/invoices/{_invoice_id(session, ref)}/status"
    return invoice_from(session.remote.call("PUT", path, {"status": status.lower()}))


def mark_entries(session: Session, refs: list[str], invoice: str | None = None) -> list[Entry]:
    body: dict[str, Any] = {"ids": entry_ids(refs)}
    if invoice:
        body["invoice_id"] = int(invoice) if str(invoice).isdigit() else invoice
    return [entry_from(doc) for doc in session.remote.call("PUT", "/time-entries/mark-invoiced", body)]


def unmark_entries(session: Session, refs: list[str]) -> list[Entry]:
    body = {"ids": entry_ids(refs)}
    return [entry_from(doc) for doc in session.remote.call("PUT", "/time-entries/unmark-invoiced", body)]
