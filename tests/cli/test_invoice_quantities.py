"""A line of time states its hours to the hundredth and charges exactly those hours at its rate
(EN 16931: a line's net amount is its quantity x its price), and every document of the invoice
says the same quantity and amount: the JSON, the CSV, the HTML page, the PDF, the Factur-X,
XRechnung and Peppol XML."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest
from lxml import etree

from billing_support import ready_to_issue

pytest.importorskip("fpdf")
pytest.importorskip("saxonche")

CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"


@pytest.fixture
def invoiced(aos, monkeypatch):
    """8 h 25 min at 100.00 (8.416667 h, 841.67 to the second) on an issued invoice."""
    monkeypatch.setenv("AOS_NOW", "2026-03-31T12:00:00+00:00")
    aos("client", "add", "Acme AG", "--rate", "100", "--currency", "EUR", "--vat-id", "DE987654321", "--email",
        "ap@acme.example", "--language", "de")  # fmt: skip
    aos("project", "add", "Web", "-c", "Acme AG")
    aos("add", "-p", "Web", "--hours", "8:25", "--date", "2026-03-02", "-d", "Konzept")
    aos("invoice", "create", "-c", "Acme AG", "--tax", "19")
    ready_to_issue(aos, "Acme AG")
    aos("invoice", "issue", "1")
    return aos


def test_a_line_of_time_bills_its_hours_to_the_hundredth(invoiced):
    shown = invoiced("invoice", "show", "1", "--json").json
    (line,) = shown["lines"]
    assert (line["hours"], line["hourly_rate"], line["amount"]) == (8.42, 100, 842)
    assert (shown["subtotal"], shown["tax"], shown["total"]) == (842, 159.98, 1001.98)
    (row,) = list(csv.DictReader(io.StringIO(invoiced("invoice", "show", "1", "--csv").out)))
    assert "8.42" in row.values() and "842.00" in row.values()


def test_every_document_states_the_same_quantity_and_amount(invoiced, tmp_path):
    def made(fmt: str):
        out = tmp_path / f"invoice.{fmt}"
        invoiced("invoice", "show", "1", "--format", fmt, "-o", str(out))
        return out

    page = made("html").read_text(encoding="utf-8")
    assert "8,42\u00a0Std." in page and "842,00\u00a0€" in page and "8,416667" not in page
    cii = etree.parse(str(made("xrechnung")))
    assert [q.text for q in cii.iter(f"{{{RAM}}}BilledQuantity")] == ["8.42"]
    assert [a.text for a in cii.iter(f"{{{RAM}}}LineTotalAmount")] == ["842.00", "842.00"]
    ubl = etree.parse(str(made("ubl")))
    assert [q.text for q in ubl.iter(f"{{{CBC}}}InvoicedQuantity")] == ["8.42"]
    for fmt in ("xrechnung", "ubl", "facturx"):
        assert invoiced("invoice", "validate", str(made(fmt)), "--json").json["errors"] == []
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(made("pdf")), "-"], capture_output=True, text=True, check=True).stdout
        assert "8,42 Std." in text and "842,00 €" in text
