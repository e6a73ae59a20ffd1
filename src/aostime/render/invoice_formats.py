"""An invoice's document in each format `aos invoice show --format` and GET /invoices/{id} give:
the printable page and PDF (render), and the EU e-invoices (interchange.einvoice) — each made
from the one InvoiceContent, so that every face says the same."""

from __future__ import annotations

from aostime.domain.invoice_content import InvoiceContent
from aostime.errors import BadInput

DOCUMENT_FORMATS = ("html", "pdf", "facturx", "xrechnung", "ubl")
MEDIA_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf", "facturx": "application/pdf",
               "xrechnung": "application/xml", "ubl": "application/xml"}  # fmt: skip
SUFFIXES = {"html": ".html", "pdf": ".pdf", "facturx": ".pdf", "xrechnung": ".xml", "ubl": ".xml"}


def document(content: InvoiceContent, fmt: str) -> bytes:
    """The document's bytes; a format's library missing is one line saying how to get it."""
    if fmt in ("facturx", "xrechnung", "ubl"):
        if content.draft:  # an e-invoice is booked as sent: a draft's would be taken for the invoice
            from aostime.errors import Conflict

            raise Conflict(f"invoice {content.number} is a draft: an e-invoice is made once it is issued "
                           f"('aos invoice issue {content.number}'); --format pdf or html shows the draft, marked as one")  # fmt: skip
        _check_vat(content)
    try:
        if fmt == "html":
            from aostime.render.invoice_html import invoice_document_html

            return invoice_document_html(content).encode("utf-8")
        if fmt == "pdf":
            from aostime.render.invoice_pdf import invoice_pdf

            return invoice_pdf(content)
        if fmt == "facturx":
            from aostime.interchange.einvoice.cii import facturx_xml
            from aostime.interchange.einvoice.pdf import facturx_pdf
            from aostime.render.invoice_pdf import invoice_pdf

            return facturx_pdf(invoice_pdf(content), facturx_xml(content), content.language, content.issue_date)
        if fmt == "xrechnung":
            from aostime.interchange.einvoice.cii import xrechnung_xml

            return xrechnung_xml(content)
        if fmt == "ubl":
            from aostime.interchange.einvoice.ubl import peppol_xml

            return peppol_xml(content)
    except ImportError as missing:
        extra = "pdf" if fmt in ("pdf", "html") else "einvoice"
        raise BadInput(f"--format {fmt} needs {missing.name or 'a library'}: pip install 'aostime[{extra},einvoice]'"
                       ) from None  # fmt: skip
    raise BadInput(f"--format {fmt!r} is not one of: csv, json, {', '.join(DOCUMENT_FORMATS)}")


def _check_vat(content: InvoiceContent) -> None:
    """EN 16931 knows no standard rate of 0 % (BR-S-05): an invoice without VAT says why, by its
    client's tax mode. Refused here rather than written invalid."""
    from aostime.domain.invoice_content import STANDARD

    if any(tax.category == STANDARD and tax.rate == 0 for tax in content.taxes):
        raise BadInput(f"invoice {content.number} charges no VAT under the standard tax mode, which an e-invoice "
                       "cannot state; give the client the tax mode that says why (--tax-mode outside-scope, "
                       "reverse-charge or exempt, each with its legal note; or the small_business setting), "
                       "or invoice with --tax")  # fmt: skip
