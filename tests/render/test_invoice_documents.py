"""The printed faces of a sendable invoice (render.invoice_html, render.invoice_pdf), from the
sample invoices: what a client reads on them, in their language's formats, on their paper.
Every expected string is written out by hand here: "2.055,73 €" is what a German reader expects,
whatever Babel's version says.

The PDF is read back with poppler's pdftotext, pdffonts and pdfinfo, which print a no-break
space as a plain one."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from io import BytesIO

import pytest

pytest.importorskip("fpdf", reason="the pdf extra (fpdf2) is not installed")
pytest.importorskip("babel", reason="the pdf extra (babel) is not installed")

from tests.invoice_samples import (
    credit_note,
    foreign_currency_vat,
    long_invoice,
    multi_rate,
    outside_scope,
    outside_scope_fr,
    reverse_charge,
    small_business,
    small_business_fr,
    standard_eur,
    standard_usd,
)

from aostime.errors import BadInput
from aostime.render.invoice_html import invoice_document_html
from aostime.render.invoice_labels import locale_for, paper_size
from aostime.render.invoice_money import LocaleFormat
from aostime.render.invoice_pdf import invoice_pdf

NBSP, NNBSP = "\u00a0", "\u202f"
LINE_DESCRIPTIONS = ("Website redesign: concepts and layout", "Code review", "Hosting setup (fixed fee)",
                     "Loyalty discount")  # fmt: skip
SELLER, IBAN = "Müller & Söhne Webdesign GmbH", "DE89 3704 0044 0532 0130 00"

# sample -> what its PDF must say, as pdftotext prints it (every no-break space a plain space)
FACTS = {
    "standard_eur": (standard_eur, [
        SELLER, "Torstraße 12", "10119 Berlin", "DE123456789", "Acme Deutschland AG", "80331 München",
        "Rechnung", "INV-2026-0007", "31. März 2026", "30. April 2026", "2.–27. März 2026", "04011000-12345-34",
        "12,50 Std.", "3,25 Std.", "95,00 €", "1.187,50 €", "-100,00 €",
        "Zwischensumme", "1.727,50 €", "USt. 19 % auf 1.727,50 €", "328,23 €", "Gesamtbetrag", "2.055,73 €",
        "Zahlbar innerhalb von 30 Tagen ohne Abzug.", IBAN, "COBADEFFXXX", "Seite 1 von 1",
    ]),
    "standard_usd": (standard_usd, [
        SELLER, "Globex Corporation", "1 Infinite Loop", "95014 Cupertino", "United States", "Invoice",
        "INV-2026-0008", "March 31, 2026", "April 30, 2026", "12.50 h", "$95.00", "$1,187.50", "-$100.00",
        "Subtotal", "$1,727.50", "VAT 20% on $1,727.50", "$345.50", "Total", "$2,073.00", "Net 30.", IBAN,
        "Page 1 of 1",
    ]),
    "reverse_charge": (reverse_charge, [
        SELLER, "Société Générale de Logiciels SARL", "75002 Paris", "France", "FR40303265045", "Facture",
        "INV-2026-0009", "31 mars 2026", "30 avril 2026", "2–27 mars 2026", "12,50 h", "1 187,50 €",
        "Total HT", "1 727,50 €", "Autoliquidation sur 1 727,50 €", "0,00 €", "Total TTC",
        "Reverse charge: VAT to be accounted for by the recipient (Art. 196 Directive 2006/112/EC).", IBAN,
        "Page 1 sur 1",
    ]),
    "small_business": (small_business, [
        "Jana Kleinfeld Design", "04109 Leipzig", "231/456/78901", "Acme Deutschland AG", "INV-2026-0010",
        "31. März 2026", "14. April 2026", "Steuerfrei auf 1.727,50 €", "0,00 €", "Gesamtbetrag", "1.727,50 €",
        "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.", "DE02 1203 0000 0000 2020 51", "BYLADEM1001",
    ]),
    "credit_note": (credit_note, [
        SELLER, "Acme Deutschland AG", "Rechnungskorrektur", "CN-2026-0001", "10. April 2026",
        "Storniert die Rechnung INV-2026-0007 vom 31. März 2026", "-12,50 Std.", "-1.187,50 €",
        "-1.727,50 €", "-328,23 €", "-2.055,73 €", IBAN,
    ]),
}  # fmt: skip


def _poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def pdf_file(tmp_path):
    def write(content) -> str:
        path = tmp_path / f"{content.number}.pdf"
        path.write_bytes(invoice_pdf(content))
        return str(path)

    return write


def _text(path: str) -> str:
    return _poppler("pdftotext", "-enc", "UTF-8", path, "-")


@pytest.mark.parametrize("sample", sorted(FACTS))
def test_the_pdf_says_who_bills_whom_for_what_and_how_much(sample, pdf_file):
    make, facts = FACTS[sample]
    text = _text(pdf_file(make()))
    missing = [fact for fact in (*facts, *LINE_DESCRIPTIONS) if fact not in text]
    assert missing == []


def test_a_long_invoice_runs_over_pages_with_the_header_on_each_and_the_totals_once_at_the_end(pdf_file):
    text = _text(pdf_file(long_invoice()))
    pages = text.rstrip("\f").split("\f")
    assert len(pages) == 3
    assert len(re.findall(r"\bTotal\b", text)) == 1
    assert "Total" in pages[-1] and "€16,065.00" in pages[-1]  # 90 x €150.00 + 19 % (€2,565.00)
    assert text.index("Support ticket #1090") < text.index("Total")
    for number, page in enumerate(pages, 1):
        assert "Description" in page and "Unit price" in page  # the header row, repeated
        assert f"Page {number} of 3" in page
        assert re.search(r"Invoice \S+ · Page", page)  # a page read alone still names its invoice
    for n in range(1, 91):
        assert text.count(f"Support ticket #{1000 + n}") == 1


def test_every_font_is_embedded(pdf_file):
    fonts = _poppler("pdffonts", pdf_file(reverse_charge())).splitlines()[2:]
    assert len(fonts) == 2  # DejaVu Sans and DejaVu Sans Bold, nothing from the viewer
    for row in fonts:
        assert "DejaVuSans" in row and row.split()[-5] == "yes", row  # the "emb" column


def test_paper_is_letter_for_a_us_client_and_a4_otherwise(pdf_file):
    assert "612 x 792 pts (letter)" in _poppler("pdfinfo", pdf_file(standard_usd()))
    assert "595.28 x 841.89 pts (A4)" in _poppler("pdfinfo", pdf_file(standard_eur()))
    assert [paper_size(c) for c in ("US", "ca", "DE", "FR", "GB", None)] == ["Letter", "Letter", "A4", "A4", "A4", "A4"]


def test_the_pdf_names_its_title_and_its_author_and_claims_pdfa_3b(pdf_file):
    meta = _poppler("pdfinfo", "-meta", pdf_file(standard_eur()))
    assert '<rdf:li xml:lang="x-default">Rechnung INV-2026-0007</rdf:li>' in meta
    assert "<rdf:li>Müller &amp; Söhne Webdesign GmbH</rdf:li>" in meta
    assert "<pdfaid:part>3</pdfaid:part>" in meta and "<pdfaid:conformance>B</pdfaid:conformance>" in meta
    assert 'xmp:CreateDate="2026-03-31T00:00:00+00:00"' in meta


def test_the_same_invoice_gives_the_same_bytes():
    assert invoice_pdf(standard_eur()) == invoice_pdf(standard_eur())
    assert invoice_pdf(standard_eur()) != invoice_pdf(small_business())


def test_the_logo_is_drawn_into_the_pdf():
    image = pytest.importorskip("PIL.Image")
    png = BytesIO()
    image.new("RGB", (40, 20), (200, 30, 30)).save(png, format="PNG")
    with_logo = invoice_pdf(replace(standard_eur(), logo=png.getvalue(), logo_type="png"))
    assert b"/Subtype /Image" in with_logo
    assert b"/Subtype /Image" not in invoice_pdf(standard_eur())


def test_money_dates_and_quantities_in_the_locale_of_the_language():
    from datetime import date
    from decimal import Decimal

    de, fr, gb, us = (LocaleFormat(x) for x in ("de_DE", "fr_FR", "en_GB", "en_US"))
    assert de.money(205573, "EUR") == f"2.055,73{NBSP}€"
    assert fr.money(205573, "EUR") == f"2{NNBSP}055,73{NBSP}€"
    assert gb.money(123450, "EUR") == "€1,234.50"
    assert us.money(-10000, "USD") == "-$100.00"
    assert de.date(date(2026, 3, 31)) == "31. März 2026"
    assert fr.date(date(2026, 3, 31)) == "31 mars 2026"
    assert gb.date(date(2026, 3, 31)) == "31 March 2026"
    assert us.date(date(2026, 3, 31)) == "March 31, 2026"
    assert de.period(date(2026, 3, 2), date(2026, 3, 27)) == "2.–27. März 2026"
    assert [de.quantity(Decimal("12.5")), fr.quantity(Decimal("3.25")), gb.quantity(Decimal("1.5"))] == [
        "12,5", "3,25", "1.5"]  # fmt: skip
    hours = [de.quantity(Decimal("12.5"), 2), gb.quantity(Decimal(1), 2), de.quantity(Decimal("26.416667"), 2)]
    assert hours == ["12,50", "1.00", "26,416667"]  # hours to two decimals at least, never fewer than the value has
    assert [de.percent(Decimal(19)), gb.percent(Decimal(19)), de.percent(Decimal("7.7"))] == [
        f"19{NBSP}%", "19%", f"7,7{NBSP}%"]  # fmt: skip


def test_the_locale_follows_the_language_and_the_buyers_country():
    assert locale_for("de") == "de_DE" and locale_for("fr", "FR") == "fr_FR"
    assert locale_for("en", "DE") == "en_GB" and locale_for("en", "US") == "en_US"
    assert locale_for("de", "AT") == "de_AT" and locale_for("fr", "CA") == "fr_CA"
    with pytest.raises(BadInput):
        locale_for("es")


# every tax case: its breakdown rows, its note, and a foreign currency's VAT in the books' currency
TAX_CASES = {
    "multi_rate": (multi_rate, ["USt. 19 % auf 1.245,55 €", "236,65 €", "USt. 7 % auf 116,85 €", "8,18 €",
                                "1.607,23 €"]),
    "outside_scope": (outside_scope, ["Not subject to VAT on $1,727.50", "$0.00",
                                      "Not taxable in Germany: the place of supply is the recipient's (§ 3a (2) UStG)."]),
    "outside_scope_fr": (outside_scope_fr, ["Non soumis à la TVA sur", "TVA non applicable, article 259-1 du CGI."]),
    "small_business_fr": (small_business_fr, ["TVA non applicable, art. 293 B du CGI.", "0,00 €"]),
    "foreign_currency_vat": (foreign_currency_vat, ["VAT 19% on US$1,727.50", "US$328.23",
                                                    "VAT in EUR (1 USD = 0.92 EUR)", "€301.97"]),
}  # fmt: skip


@pytest.mark.parametrize("sample", sorted(TAX_CASES))
def test_every_tax_case_prints_its_breakdown_and_its_note_on_the_pdf_and_the_html(sample, pdf_file):
    make, facts = TAX_CASES[sample]
    text, page = _text(pdf_file(make())), invoice_document_html(make()).replace(NBSP, " ").replace(NNBSP, " ")
    assert [fact for fact in facts if fact not in text] == []
    assert [fact for fact in facts if fact.replace("'", "&#x27;") not in page] == []


def test_the_html_page_says_the_same_in_the_locale_of_its_language():
    page = invoice_document_html(standard_eur())
    for fact in ("Müller &amp; Söhne Webdesign GmbH", "Acme Deutschland AG", "INV-2026-0007", "31. März 2026",
                 "30. April 2026", "2.–27. März 2026", f"2.055,73{NBSP}€", f"USt. 19{NBSP}% auf 1.727,50{NBSP}€",
                 IBAN, "Zahlbar innerhalb von 30 Tagen ohne Abzug.", *LINE_DESCRIPTIONS):  # fmt: skip
        assert fact in page, fact
    assert '<html lang="de">' in page and "size: A4" in page
    french = invoice_document_html(reverse_charge())
    assert f"1{NNBSP}727,50{NBSP}€" in french and "31 mars 2026" in french and "size: letter" not in french
    assert "size: letter" in invoice_document_html(standard_usd())


def test_the_html_totals_come_once_after_the_lines_and_print_as_a_block():
    page = invoice_document_html(long_invoice())
    assert len(re.findall(r">Total<", page)) == 1 and page.count('class="totals"') == 1
    assert page.index("Support ticket #1090") < page.index(">Total<")
    assert "<thead>" in page and "<tfoot>" not in page
    assert "thead { display: table-header-group; }" in page
    assert "tr { break-inside: avoid;" in page and ".totals { break-inside: avoid;" in page


def test_the_html_escapes_every_text_and_fetches_nothing():
    hostile = replace(standard_eur().buyer, name='<script>alert("x")</script> & Co')
    content = replace(credit_note(), buyer=hostile, payment_terms="<b>net</b>")
    page = invoice_document_html(content)
    assert "<script>" not in page and "<b>net</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in page
    assert "&lt;b&gt;net&lt;/b&gt;" in page
    assert "Storniert die Rechnung INV-2026-0007 vom 31. März 2026" in page and "<h1>Rechnungskorrektur</h1>" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page


def test_the_html_logo_is_a_data_uri():
    page = invoice_document_html(replace(standard_eur(), logo=b"logo", logo_type="png"))
    assert 'src="data:image/png;base64,bG9nbw=="' in page  # base64 of b"logo"
    svg = invoice_document_html(replace(standard_eur(), logo=b"<svg/>", logo_type="svg"))
    assert 'src="data:image/svg+xml;base64,PHN2Zy8+"' in svg
    assert "<img" not in invoice_document_html(standard_eur())


def test_a_line_of_several_text_lines_is_never_split_across_pages(pdf_file):
    content = long_invoice()
    wrapped = "Design workshop, analysis, meetings, implementation and review of every page template " * 3
    lines = tuple(
        replace(line, description=f"{wrapped}END-{line.position:02d}-") if line.position % 7 == 0 else line
        for line in content.lines
    )
    pages = _text(pdf_file(replace(content, lines=lines))).rstrip("\f").split("\f")
    assert len(pages) > 3
    for position in range(7, 91, 7):
        holding = [n for n, page in enumerate(pages) if f"END-{position:02d}-" in page]
        assert len(holding) == 1
        assert f"{position} Design workshop" in pages[holding[0]]  # its first text line on the same page


def test_a_prepayment_shows_what_was_paid_and_what_is_still_due():
    page = invoice_document_html(replace(standard_usd(), paid_cents=50000))
    assert "<td class=num>Paid</td><td class=num>$500.00</td>" in page
    assert "<tr class=strong><td class=num>Amount due</td><td class=num>$1,573.00</td></tr>" in page
