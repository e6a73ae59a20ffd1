"""A sendable invoice as one self-contained, printable HTML page: inline CSS, the logo inside the
page as a data: URI, no script, nothing fetched from the network (a mail client or an archive
shows it as it was sent). Every text from the invoice is escaped.

Printing: the table header repeats on each page (thead), no line is split across pages, and the
totals come once, in their own block after the last line: a tfoot would repeat them at the foot
of every printed page.
"""

from __future__ import annotations

import base64
import html

from aostime.domain.invoice_content import InvoiceContent
from aostime.render.invoice_view import InvoiceView, invoice_view

MIME_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "svg": "image/svg+xml"}

STYLE = """
  @page { size: %(paper)s; margin: 18mm 18mm 20mm; }
  body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #222;
         font-size: 10pt; line-height: 1.4; margin: 2cm auto; max-width: 18cm; }
  header { display: flex; justify-content: space-between; align-items: flex-start; }
  .logo { max-height: 2.5cm; max-width: 6cm; }
  .sender { font-size: 8.5pt; color: #555; text-align: right; }
  .parties { display: flex; justify-content: space-between; margin: 1.5em 0; }
  .label { color: #666; font-size: 8.5pt; }
  h1 { font-size: 18pt; margin: .5em 0 .2em; }
  .meta td { padding: .1em 1em .1em 0; }
  .cancels { font-weight: bold; margin: .5em 0; }
  table.lines { width: 100%%; border-collapse: collapse; margin-top: 1em; }
  table.lines th, table.lines td { padding: .4em .5em; border-bottom: 1px solid #ddd; text-align: left;
                                   vertical-align: top; }
  table.lines th { border-bottom: 2px solid #222; }
  .num { text-align: right; white-space: nowrap; }
  .detail { color: #666; font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  .totals { break-inside: avoid; page-break-inside: avoid; margin: 1em 0 0 auto; width: auto; }
  .totals td { padding: .2em .5em; }
  .totals tr.strong td { font-weight: bold; border-top: 2px solid #222; }
  .notes, .payment { margin-top: 1.5em; break-inside: avoid; page-break-inside: avoid; }
  .draft { position: fixed; top: 40%%; left: 0; right: 0; text-align: center; transform: rotate(-30deg);
           font-size: 72pt; font-weight: bold; color: rgba(0, 0, 0, .09); pointer-events: none; z-index: 1; }
  @media print { body { margin: 0 auto; } }
"""


def invoice_document_html(content: InvoiceContent) -> str:
    """The whole page, in the invoice's language."""
    view = invoice_view(content)
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(view.language)}">',
        f'<head>\n<meta charset="utf-8">\n<title>{e(view.document_name)}</title>',
        f"<style>{STYLE % {'paper': 'letter' if view.paper == 'Letter' else 'A4'}}</style>\n</head>",
        "<body>",
        f'<div class="draft" role="note">{e(view.draft)}</div>' if view.draft else "",
        _header(view, content),
        _parties(view),
        _lines(view),
        _totals(view),
        _notes(view),
        _payment(view),
        _footer(view),
        "</body>\n</html>\n",
    ]
    return "\n".join(part for part in parts if part)


def _logo(content: InvoiceContent) -> str:
    if not content.logo:
        return ""
    mime = MIME_TYPES.get((content.logo_type or "png").lower(), "image/png")
    data = base64.b64encode(content.logo).decode("ascii")
    return f'<img class="logo" alt="{html.escape(content.seller.name)}" src="data:{mime};base64,{data}">'


def _lines_of(lines: tuple[str, ...], pairs: tuple[tuple[str, str], ...]) -> str:
    """Address lines, then labelled identifiers, one per line."""
    out = [html.escape(line) for line in lines]
    out += [f'<span class="label">{html.escape(k)}:</span> {html.escape(v)}' for k, v in pairs]
    return "<br>\n".join(out)


def _header(view: InvoiceView, content: InvoiceContent) -> str:
    return (
        f"<header>\n<div>{_logo(content)}</div>\n"
        f'<div class="sender">{_lines_of(view.seller, view.seller_ids)}</div>\n</header>'
    )


def _parties(view: InvoiceView) -> str:
    meta = "\n".join(f"<tr><td class=label>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>" for k, v in view.meta)
    cancels = f'<p class="cancels">{html.escape(view.cancels)}</p>' if view.cancels else ""
    return (
        f'<div class="parties">\n<div class="recipient"><div class="label">{html.escape(view.labels["bill_to"])}</div>\n'
        f"{_lines_of(view.buyer, view.buyer_ids)}</div>\n"
        f'<div><h1>{html.escape(view.title)}</h1>\n<table class="meta">\n{meta}\n</table>\n{cancels}</div>\n</div>'
    )


def _lines(view: InvoiceView) -> str:
    heads = "".join(
        f"<th{' class=num' if i != 1 else ''}>{html.escape(name)}</th>" for i, name in enumerate(view.columns)
    )
    rows = []
    for row in view.rows:
        detail = f'<br><span class="detail">{html.escape(row.detail)}</span>' if row.detail else ""
        rows.append(
            f"<tr><td class=num>{html.escape(row.position)}</td><td>{html.escape(row.description)}{detail}</td>"
            f"<td class=num>{html.escape(row.quantity)}</td><td class=num>{html.escape(row.unit_price)}</td>"
            f"<td class=num>{html.escape(row.amount)}</td></tr>"
        )
    body = "\n".join(rows)
    return f'<table class="lines">\n<thead><tr>{heads}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>'


def _totals(view: InvoiceView) -> str:
    rows = "\n".join(
        f"<tr{' class=strong' if t.strong else ''}><td class=num>{html.escape(t.label)}</td>"
        f"<td class=num>{html.escape(t.amount)}</td></tr>"
        for t in view.totals
    )
    return f'<table class="totals">\n{rows}\n</table>'


def _notes(view: InvoiceView) -> str:
    if not view.notes:
        return ""
    paragraphs = "\n".join(f"<p>{html.escape(note)}</p>" for note in view.notes)
    return f'<div class="notes">\n{paragraphs}\n</div>'


def _payment(view: InvoiceView) -> str:
    parts = []
    if view.payment_terms:
        parts.append(
            f'<p><span class="label">{html.escape(view.labels["payment_terms"])}:</span> '
            f"{html.escape(view.payment_terms)}</p>"
        )
    if view.late_payment_terms:
        parts.append(
            f'<p><span class="label">{html.escape(view.labels["late_payment"])}:</span> '
            f"{html.escape(view.late_payment_terms)}</p>"
        )
    if view.bank:
        parts.append(
            f"<p><strong>{html.escape(view.labels['bank_details'])}</strong><br>\n{_lines_of((), view.bank)}</p>"
        )
    return f'<div class="payment">\n{"".join(parts)}\n</div>' if parts else ""


def _footer(view: InvoiceView) -> str:
    """The seller in the register, at the foot of the page as on a company's letters."""
    if not view.legal:
        return ""
    style = "margin-top: 2em; padding-top: .5em; border-top: 1px solid #ddd; color: #666; font-size: 8pt"
    return f'<footer class="legal" style="{style}">{"<br>".join(html.escape(line) for line in view.legal)}</footer>'
