"""A sendable invoice as a PDF, drawn with fpdf2.

Why fpdf2 and not WeasyPrint (which would print invoice_html's page): fpdf2 is pure Python
(its dependencies are Pillow, fontTools and defusedxml, all wheels), while WeasyPrint needs
Pango, HarfBuzz and fontconfig from the system, which a `pip install` on Windows or macOS, or a
slim container, does not have. Drawing the page ourselves also settles page breaks exactly: a
line never splits, the header row repeats, and the totals come once after the last line.

The fonts are DejaVu Sans, shipped in render/fonts (their licence is beside them) and embedded
as subsets: the text stays selectable and searchable, and every viewer shows €, ä, é and the
no-break spaces Babel puts into amounts. The document is written as PDF/A-3B (fpdf2's own
checks: no standard fonts, an sRGB output intent, XMP metadata), which is the base a Factur-X or
ZUGFeRD invoice is made from, by embedding its XML into this file.

The same invoice gives the same bytes: the creation date is the issue date (midnight UTC), and
the XMP metadata, which fpdf2 would date with the current time, is written here.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from html import escape
from importlib.resources import as_file, files

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from aostime.domain.invoice_content import InvoiceContent
from aostime.render.invoice_view import InvoiceView, Row, invoice_view

FONT = "DejaVuSans"
MARGIN = 18.0  # mm, left and right
FOOTER_SPACE = 22.0  # mm kept free at the foot of each page for the page number
LINE = 4.6  # mm, the height of one line of body text
BODY, SMALL, TITLE = 9.5, 7.5, 18  # font sizes in points
GREY, BLACK, RULE = (100, 100, 100), (34, 34, 34), (200, 200, 200)
DRAFT_GREY = (226, 226, 226)  # light enough to read the page through, no transparency (PDF/A)
# widths of the fixed columns (position, quantity, unit price, amount); the description takes the rest
POSITION_W, QUANTITY_W, PRICE_W, AMOUNT_W = 11.0, 24.0, 29.0, 31.0
PADDING = 1.2  # mm above and below a line's text
LEGAL_LINE = 3.4  # mm, a line of the seller's register details above the page number


class _InvoicePDF(FPDF):
    """Pages with the seller, the document's name and number, and "page x of y" in the footer of
    every page (a page 2 read alone still says which invoice it belongs to)."""

    def __init__(self, view: InvoiceView) -> None:
        super().__init__(orientation="portrait", unit="mm", format=view.paper, enforce_compliance="PDF/A-3B")
        self.view = view
        self.set_margins(MARGIN, 15, MARGIN)
        self.alias_nb_pages()
        for style, name in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf")):
            # file by file: Python 3.11's as_file() cannot extract a whole folder from a zipped install
            with as_file(files("aostime.render").joinpath("fonts", name)) as path:
                self.add_font(FONT, style, str(path))
        self.legal: list[str] = []  # the register details, wrapped to the page's width
        if view.legal:
            self.use_font(SMALL)
            self.legal = [part for line in view.legal for part in self._wrapped(line)]
        self.set_auto_page_break(True, FOOTER_SPACE + LEGAL_LINE * len(self.legal))

    def _wrapped(self, text: str) -> list[str]:
        """`text` in lines of the page's width, broken between words (before the first page)."""
        lines, current = [], ""
        for word in text.split(" "):
            candidate = f"{current} {word}" if current else word
            if current and self.get_string_width(candidate) > self.epw:
                lines.append(current)
                candidate = word
            current = candidate
        return [*lines, current]

    def header(self) -> None:
        """A draft's watermark, drawn first on every page so that the page's text lies over it."""
        if not self.view.draft:
            return
        self.use_font(96, DRAFT_GREY, bold=True)
        x, y = self.w / 2, self.h / 2
        with self.rotation(45, x, y):
            self.text(x - self.get_string_width(self.view.draft) / 2, y + 12, self.view.draft)
        self.set_xy(self.l_margin, self.t_margin)

    def footer(self) -> None:
        """The seller's register details (a company's every page names them), then the page."""
        self.set_y(-14 - LEGAL_LINE * len(self.legal))
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y() - 1, self.w - self.r_margin, self.get_y() - 1)
        self.use_font(SMALL, GREY)
        for line in self.legal:
            self.cell(self.epw, LEGAL_LINE, line, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        page = self.view.labels["page"].format(page=self.page_no(), pages="{nb}")
        self.cell(self.epw / 2, LINE, self.view.seller_name)
        self.cell(self.epw / 2, LINE, f"{self.view.document_name} · {page}", align="R")

    def use_font(self, size: float, color: tuple[int, int, int] = BLACK, bold: bool = False) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*color)


def invoice_pdf(content: InvoiceContent) -> bytes:
    """The PDF file of an invoice or credit note, in its language and on its buyer's paper size."""
    view = invoice_view(content)
    pdf = _InvoicePDF(view)
    _refuse_missing_glyphs(pdf, view, content.number)
    _metadata(pdf, view, content)
    pdf.add_page()
    _header(pdf, view, content)
    _addresses(pdf, view)
    _table(pdf, view)
    _totals(pdf, view)
    _closing(pdf, view)
    return bytes(pdf.output())


def _refuse_missing_glyphs(pdf: _InvoicePDF, view: InvoiceView, number: str) -> None:
    """A text the font cannot draw would be left out of the page without a word (fpdf2 skips a
    glyph it does not have): refused instead, naming the letters, before anything is drawn."""
    cmap = pdf.fonts[FONT.lower()].cmap
    missing = sorted({ch for text in _texts(view) for ch in text if ord(ch) not in cmap and ch not in "\n\r\t"})
    if missing:
        from aostime.errors import Conflict

        shown = " ".join(missing[:12]) + (" …" if len(missing) > 12 else "")
        raise Conflict(f"{number} cannot be drawn as a PDF: its font ({FONT}) has no letters for {shown}; "
                       "its HTML (--format html) and its XRechnung or UBL show them")  # fmt: skip


def _texts(value) -> list[str]:
    """Every text a view holds (its fields, rows and labels, however deep)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for item in value.values() for t in _texts(item)]
    if isinstance(value, (list, tuple)):
        return [t for item in value for t in _texts(item)]
    if hasattr(value, "__dataclass_fields__"):
        return [t for name in value.__dataclass_fields__ for t in _texts(getattr(value, name))]
    return []


def _metadata(pdf: _InvoicePDF, view: InvoiceView, content: InvoiceContent) -> None:
    created = datetime(content.issue_date.year, content.issue_date.month, content.issue_date.day, tzinfo=UTC)
    pdf.set_creation_date(created)
    pdf.set_title(view.document_name)
    pdf.set_author(view.seller_name)
    pdf.set_subject(f"{view.document_name}: {content.buyer.name}")
    pdf.set_creator("aostime")
    pdf.set_producer("aostime (fpdf2)")
    pdf.set_lang(view.locale.replace("_", "-"))
    pdf.set_xmp_metadata(_xmp(view, content, created.isoformat(timespec="seconds")))


def _xmp(view: InvoiceView, content: InvoiceContent, stamp: str) -> str:
    """The XMP packet fpdf2 would write for PDF/A-3B, with every date the issue date."""
    e = escape
    return f"""<x:xmpmeta xmlns:x="adobe:ns:meta/">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
    <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
        xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
        xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
        xmp:CreateDate="{stamp}" xmp:ModifyDate="{stamp}" xmp:MetadataDate="{stamp}"
        xmp:CreatorTool="aostime" pdf:Producer="aostime (fpdf2)">
      <pdfaid:part>3</pdfaid:part>
      <pdfaid:conformance>B</pdfaid:conformance>
      <dc:format>application/pdf</dc:format>
      <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(view.document_name)}</rdf:li></rdf:Alt></dc:title>
      <dc:creator><rdf:Seq><rdf:li>{e(view.seller_name)}</rdf:li></rdf:Seq></dc:creator>
      <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(view.document_name)}: {e(content.buyer.name)}</rdf:li></rdf:Alt></dc:description>
    </rdf:Description>
  </rdf:RDF>
</x:xmpmeta>"""


def _header(pdf: _InvoicePDF, view: InvoiceView, content: InvoiceContent) -> None:
    """The logo at the top left, the seller's address and identifiers at the top right."""
    top = pdf.get_y()
    if content.logo:
        pdf.image(io.BytesIO(content.logo), x=pdf.l_margin, y=top, h=18)
    pdf.use_font(SMALL, GREY)
    block_w = 75.0
    for line in (*view.seller, *(f"{k}: {v}" for k, v in view.seller_ids)):
        pdf.set_x(pdf.w - pdf.r_margin - block_w)
        pdf.cell(block_w, 3.6, line, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(pdf.get_y(), top + 20) + 8)


def _addresses(pdf: _InvoicePDF, view: InvoiceView) -> None:
    """The recipient on the left (where a window envelope shows it), title and dates on the right."""
    top = pdf.get_y()
    pdf.use_font(SMALL, GREY)
    pdf.cell(90, LINE, view.labels["bill_to"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for i, line in enumerate((*view.buyer, *(f"{k}: {v}" for k, v in view.buyer_ids))):
        pdf.use_font(BODY, bold=i == 0)
        pdf.cell(90, LINE, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    left_end = pdf.get_y()
    x = pdf.w - pdf.r_margin - 80
    pdf.set_xy(x, top)
    pdf.use_font(TITLE, bold=True)
    pdf.cell(80, 9, view.title, new_x=XPos.LEFT, new_y=YPos.NEXT)
    for label, value in view.meta:
        pdf.set_x(x)
        pdf.use_font(SMALL, GREY)
        pdf.cell(32, LINE, label)
        pdf.use_font(BODY)
        pdf.multi_cell(48, LINE, value, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_y(max(left_end, pdf.get_y()) + 6)
    if view.cancels:
        pdf.use_font(BODY, bold=True)
        pdf.multi_cell(0, LINE, view.cancels, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)


def _widths(pdf: _InvoicePDF) -> tuple[float, ...]:
    return POSITION_W, pdf.epw - POSITION_W - QUANTITY_W - PRICE_W - AMOUNT_W, QUANTITY_W, PRICE_W, AMOUNT_W


def _table(pdf: _InvoicePDF, view: InvoiceView) -> None:
    """The lines; one that would not fit starts the next page, under the header row again."""
    _table_header(pdf, view)
    for row in view.rows:
        height = _row_height(pdf, row)
        if pdf.will_page_break(height):
            pdf.add_page()
            _table_header(pdf, view)
        _table_row(pdf, row, height)


def _table_header(pdf: _InvoicePDF, view: InvoiceView) -> None:
    pdf.use_font(SMALL, bold=True)
    for i, (name, width) in enumerate(zip(view.columns, _widths(pdf), strict=True)):
        pdf.cell(width, 6, name, align="L" if i == 1 else "R")
    pdf.ln(6)
    pdf.set_draw_color(*BLACK)
    pdf.set_line_width(0.4)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.set_line_width(0.2)


def _description_lines(pdf: _InvoicePDF, row: Row) -> list[str]:
    pdf.use_font(BODY)
    return pdf.multi_cell(_widths(pdf)[1], LINE, row.description, dry_run=True, output="LINES")


def _row_height(pdf: _InvoicePDF, row: Row) -> float:
    lines = len(_description_lines(pdf, row)) + (1 if row.detail else 0)
    return lines * LINE + 2 * PADDING


def _table_row(pdf: _InvoicePDF, row: Row, height: float) -> None:
    top = pdf.get_y()
    widths = _widths(pdf)
    pdf.set_xy(pdf.l_margin, top + PADDING)
    pdf.use_font(BODY)
    pdf.cell(widths[0], LINE, row.position, align="R")
    x_description = pdf.get_x()
    for line in _description_lines(pdf, row):
        pdf.set_x(x_description)
        pdf.cell(widths[1], LINE, line, new_x=XPos.LEFT, new_y=YPos.NEXT)
    if row.detail:
        pdf.use_font(SMALL, GREY)
        pdf.set_x(x_description)
        pdf.cell(widths[1], LINE, row.detail)
    pdf.use_font(BODY)
    pdf.set_xy(x_description + widths[1], top + PADDING)
    for text, width in ((row.quantity, widths[2]), (row.unit_price, widths[3]), (row.amount, widths[4])):
        pdf.cell(width, LINE, text, align="R")
    pdf.set_y(top + height)
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())


def _totals(pdf: _InvoicePDF, view: InvoiceView) -> None:
    """Once, after the last line, kept together: on the next page if it does not fit."""
    height = 3 + len(view.totals) * (LINE + 1.4)
    if pdf.will_page_break(height):
        pdf.add_page()
    pdf.ln(3)
    amount_w, label_w = AMOUNT_W + 4, 100.0
    x = pdf.w - pdf.r_margin - amount_w - label_w
    for total in view.totals:
        if total.strong:
            pdf.set_draw_color(*BLACK)
            pdf.line(x, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.set_x(x)
        pdf.use_font(BODY, bold=total.strong)
        pdf.cell(label_w, LINE + 1.4, total.label, align="R")
        pdf.cell(amount_w, LINE + 1.4, total.amount, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _closing(pdf: _InvoicePDF, view: InvoiceView) -> None:
    """Legal notes, payment terms and the bank account, each kept on one page."""
    pdf.ln(6)
    for note in view.notes:
        _paragraph(pdf, [(None, note)])
    if view.payment_terms:
        _paragraph(pdf, [(view.labels["payment_terms"], view.payment_terms)])
    if view.late_payment_terms:
        _paragraph(pdf, [(view.labels["late_payment"], view.late_payment_terms)])
    if view.bank:
        _paragraph(pdf, [(view.labels["bank_details"], ""), *view.bank])


def _paragraph(pdf: _InvoicePDF, pairs: list[tuple[str | None, str]]) -> None:
    height = len(pairs) * LINE + 3
    if pdf.will_page_break(height):
        pdf.add_page()
    for label, value in pairs:
        if label and not value:  # a heading
            pdf.use_font(BODY, bold=True)
            pdf.cell(0, LINE, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            continue
        if label:
            pdf.use_font(SMALL, GREY)
            pdf.cell(38, LINE, f"{label}:")
        pdf.use_font(BODY)
        pdf.multi_cell(0, LINE, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
