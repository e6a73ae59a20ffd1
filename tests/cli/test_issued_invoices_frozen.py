"""Issued means frozen: an issued invoice's documents (HTML, PDF, Factur-X, XRechnung, Peppol
UBL) are kept as they were issued, so that every later rendering is the same bytes, whatever
changes afterwards in the sender's settings, the client, or the clock. A draft follows the
settings until it is issued."""

from __future__ import annotations

import io

import pytest

from billing_support import ready_to_issue

pytest.importorskip("facturx", reason="the e-invoice extra is not installed")
FORMATS = ("html", "pdf", "facturx", "xrechnung", "ubl")

AFTERWARDS = {  # every setting a document shows, changed after issue
    "company_name": "Neue Firma AG", "company_address": "Rue de Rivoli 1\\n75001 Paris", "company_country": "FR",
    "company_vat_id": "FR40303265045", "company_tax_number": "99/999/99999", "company_email": "new@example.fr",
    "company_phone": "+33 1 23 45 67 89", "bank_account_holder": "Neue Firma AG", "bank_iban": "FR7630006000011234567890189",
    "bank_bic": "AGRIFRPPXXX", "payment_terms": "Paiement à 45 jours", "invoice_language": "fr",
    "invoice_line_template": "{description}!", "tax_rate": "7", "invoice_due_days": "10", "currency": "USD",
    # the mandatory mentions: register details, SIREN/SIRET, late-payment terms, the Peppol id
    "company_register_court": "RCS Paris", "company_register_number": "732 829 320", "company_seat": "Lyon",
    "company_managing_directors": "Claire Dupont", "company_siren": "732829320", "company_siret": "73282932000074",
    "company_peppol_id": "0009:73282932000074", "late_payment_terms": "Pénalités : 3 fois le taux légal.",
    "late_payment_terms_de": "Verzugszinsen: 12 %.", "late_payment_terms_fr": "Pénalités : 15 %.",
}  # fmt: skip
MENTIONS = {"company_register_court": "Amtsgericht Charlottenburg", "company_register_number": "HRB 12345 B",
            "company_managing_directors": "Anna Müller", "late_payment_terms": "Verzugszinsen: 9 Prozentpunkte.",
            "company_peppol_id": "0088:4035811991014"}  # fmt: skip
CLIENT_AFTERWARDS = ("--name", "Acme Holding", "--email", "billing@acme.example", "--address",
                     "Avenue Louise 54\\n1050 Bruxelles", "--country", "BE", "--vat-id", "BE0123456749",
                     "--language", "de", "--tax-mode", "reverse-charge", "--buyer-reference", "991-33333-44",
                     "--peppol-id", "9925:BE0123456749")  # fmt: skip


def documents(aos, tmp_path, ref: str) -> dict[str, bytes]:
    found = {}
    for fmt in FORMATS:
        path = tmp_path / f"{ref}-{len(list(tmp_path.iterdir()))}.{fmt}"
        aos("invoice", "show", ref, "--format", fmt, "-o", str(path))
        found[fmt] = path.read_bytes()
    return found


def png_logo() -> str:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def issued(acme, tmp_path, monkeypatch):
    aos = acme
    monkeypatch.setenv("AOS_NOW", "2026-03-10T12:00:00+00:00")
    ready_to_issue(aos, "Acme Corp")
    aos(
        "client", "edit", "Acme Corp", "--email", "ap@acme.example", "--vat-id", "DE811569869"
    )  # XRechnung's electronic address
    aos("config", "set", "tax_rate", "19")
    aos("add", "-p", "Website", "-t", "Design", "--start", "2026-03-02 09:00", "--end", "2026-03-02 11:20",
        "-d", "Homepage concepts")  # fmt: skip
    aos("invoice", "create", "--client", "Acme Corp")
    return aos


def change_everything(aos, tmp_path, monkeypatch) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_logo())
    for key, value in AFTERWARDS.items():
        aos("config", "set", key, value)
    aos("config", "set", "company_logo", str(logo))
    aos("client", "edit", "Acme Corp", *CLIENT_AFTERWARDS)
    monkeypatch.setenv("AOS_NOW", "2027-01-15T08:30:00+00:00")  # rendered much later


def test_every_document_of_an_issued_invoice_is_the_same_bytes_after_everything_changed(issued, tmp_path, monkeypatch):
    aos = issued
    aos("invoice", "issue", "1", "--exchange-rate", "0.92")  # USD with German VAT: its VAT in EUR too
    before = documents(aos, tmp_path, "1")
    change_everything(aos, tmp_path, monkeypatch)
    after = documents(aos, tmp_path, "1")
    for fmt in FORMATS:
        assert after[fmt] == before[fmt], f"the {fmt} document of an issued invoice changed"
    assert b"M\xc3\xbcller" in before["html"] or "Müller".encode() in before["html"]


def test_a_multi_rate_invoice_keeps_its_rates_exemption_notes_and_exchange_rate(issued, tmp_path, monkeypatch):
    """19 % and 7 % lines, the VAT in EUR at the rate of the day it was issued: the same bytes
    after the settings (the accounting currency, small_business, the rates) all changed."""
    aos = issued
    aos("invoice", "add-line", "1", "-d", "Handbook", "-q", "2", "--unit-price", "39.90", "--tax", "7")
    aos("invoice", "issue", "1", "--exchange-rate", "0.92")
    before = documents(aos, tmp_path, "1")
    html = before["html"].decode().replace("\u00a0", " ")
    assert "VAT 19%" in html and "VAT 7%" in html and "VAT in EUR (1 USD = 0.92 EUR)" in html
    change_everything(aos, tmp_path, monkeypatch)
    aos("config", "set", "small_business", "true")
    aos("config", "set", "accounting_currency", "CHF")
    after = documents(aos, tmp_path, "1")
    for fmt in FORMATS:
        assert after[fmt] == before[fmt], f"the {fmt} document of an issued multi-rate invoice changed"


def test_the_mandatory_mentions_and_references_of_an_issued_invoice_stay_as_they_were_issued(
    issued, tmp_path, monkeypatch
):
    aos = issued
    for key, value in MENTIONS.items():
        aos("config", "set", key, value)
    aos("client", "edit", "Acme Corp", "--buyer-reference", "04011000-1234512345-06", "--peppol-id", "0060:987654321")
    aos("invoice", "issue", "1", "--exchange-rate", "0.92")  # USD with German VAT: its VAT in EUR too
    before = documents(aos, tmp_path, "1")
    page = before["html"].decode()
    assert "Amtsgericht Charlottenburg HRB 12345 B" in page and "04011000-1234512345-06" in page
    assert "Verzugszinsen: 9 Prozentpunkte." in page and b"0060" in before["ubl"]
    change_everything(aos, tmp_path, monkeypatch)
    after = documents(aos, tmp_path, "1")
    for fmt in FORMATS:
        assert after[fmt] == before[fmt], f"the {fmt} document of an issued invoice changed"


def test_a_credit_note_is_kept_as_it_was_made_and_its_invoice_as_it_was_issued(issued, tmp_path, monkeypatch):
    aos = issued
    aos("invoice", "issue", "1", "--exchange-rate", "0.92")  # USD with German VAT: its VAT in EUR too
    invoice = documents(aos, tmp_path, "1")
    aos("invoice", "cancel", "1")
    note = documents(aos, tmp_path, "CN-2026-0001")
    change_everything(aos, tmp_path, monkeypatch)
    assert documents(aos, tmp_path, "1") == invoice
    assert documents(aos, tmp_path, "CN-2026-0001") == note


def page_of(aos, tmp_path, ref: str, fmt: str = "html") -> bytes:
    path = tmp_path / f"{ref}-{len(list(tmp_path.iterdir()))}.{fmt}"
    aos("invoice", "show", ref, "--format", fmt, "-o", str(path))
    return path.read_bytes()


def test_a_draft_follows_the_settings_until_it_is_issued_and_says_it_is_a_draft(issued, tmp_path):
    aos = issued
    draft = page_of(aos, tmp_path, "1")
    aos("config", "set", "company_phone", "+49 30 7654321")
    changed = page_of(aos, tmp_path, "1")
    assert changed != draft and b"7654321" in changed
    assert b'class="draft"' in changed and b">DRAFT<" in changed
    refused = aos("invoice", "show", "1", "--format", "xrechnung", expect=1)
    assert "is a draft" in refused.err and "aos invoice issue" in refused.err
    aos("invoice", "issue", "1", "--exchange-rate", "0.92")  # USD with German VAT: its VAT in EUR too
    assert b'class="draft"' not in page_of(aos, tmp_path, "1")


def test_a_drafts_pdf_is_marked_on_every_page_in_its_language(issued, tmp_path):
    from pypdf import PdfReader  # factur-x's own PDF library

    aos = issued
    aos("client", "edit", "Acme Corp", "--language", "de")

    def pages(pdf: bytes) -> list[str]:
        return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]

    assert all("ENTWURF" in text for text in pages(page_of(aos, tmp_path, "1", "pdf")))
    aos("invoice", "issue", "1", "--exchange-rate", "0.92")  # USD with German VAT: its VAT in EUR too
    issued_pages = pages(page_of(aos, tmp_path, "1", "pdf"))
    assert not any("ENTWURF" in text for text in issued_pages) and "Rechnung" in issued_pages[0]


def test_an_invoice_issued_before_documents_were_kept_is_kept_at_its_first_rendering(
    issued, tmp_path, monkeypatch, isolated
):
    from db_query import execute

    aos = issued
    aos("invoice", "issue", "1", "--exchange-rate", "0.92")  # USD with German VAT: its VAT in EUR too
    execute(isolated, "UPDATE invoices SET document = NULL")  # as an older version left it
    first = documents(aos, tmp_path, "1")
    change_everything(aos, tmp_path, monkeypatch)
    assert documents(aos, tmp_path, "1") == first


def test_a_whole_file_copy_carries_the_documents_as_they_were_issued(issued, tmp_path, monkeypatch):
    aos = issued
    aos("invoice", "issue", "1", "--exchange-rate", "0.92")  # USD with German VAT: its VAT in EUR too
    before = documents(aos, tmp_path, "1")
    whole = tmp_path / "whole.json"
    aos("export", "-o", str(whole))
    change_everything(aos, tmp_path, monkeypatch)
    copy = tmp_path / "copy.db"
    aos("--db", str(copy), "import", "json", str(whole))
    restored = {}
    for fmt in FORMATS:
        path = tmp_path / f"restored.{fmt}"
        aos("--db", str(copy), "invoice", "show", "1", "--format", fmt, "-o", str(path))
        restored[fmt] = path.read_bytes()
    assert restored == before  # the settings that came with the file were changed after issue


def test_a_whole_file_with_a_document_that_does_not_read_is_refused(issued, tmp_path):
    import json

    aos = issued
    aos("invoice", "issue", "1", "--exchange-rate", "0.92")  # USD with German VAT: its VAT in EUR too
    whole = tmp_path / "whole.json"
    aos("export", "-o", str(whole))
    doc = json.loads(whole.read_text())
    doc["invoices"][0]["issued_document"]["content"]["fields"]["issue_date"] = {"date": "the 3rd"}
    whole.write_text(json.dumps(doc))
    refused = aos("--db", str(tmp_path / "copy.db"), "import", "json", str(whole), expect=2)
    assert "issued_document" in refused.err and refused.err.count("\n") == 1
