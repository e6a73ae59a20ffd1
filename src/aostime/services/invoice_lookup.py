"""Finding an invoice by what a person or a client types: its id or its number. Shared by the
use cases on invoices (billing, invoice_lifecycle, invoice_content), each of which checks the
actor's right first."""

from __future__ import annotations

from aostime.domain.models import Invoice
from aostime.errors import NotFound

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.services import Session


def find_invoice(session: Session, ref: str) -> Invoice:
    """Invoice `ref`: an id (digits) or a number (INV-2026-0001)."""
    raw = str(ref).strip()
    invoice = session.store.get_invoice(int(raw)) if raw.isdigit() and len(raw) < 19 else None
    if invoice is None:
        invoice = session.store.get_invoice(raw)
    if invoice is None:
        raise NotFound(f"invoice {raw!r} not found; see 'aos invoice list'")
    return invoice
