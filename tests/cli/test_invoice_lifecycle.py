"""The lifecycle EU rules expect (SPEC §9), through the real commands: lines beyond time on a
draft, issuing (final from then on, refused while a party's data is missing), payments, and
cancelling by a credit note; and the documents a client is sent, checked offline against the
XSD and the EN 16931 Schematron rules."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from billing_support import SENDER, ready_to_issue

pytest.importorskip("fpdf")
pytest.importorskip("saxonche")

NOW = "2026-03-31T12:00:00+00:00"
# Acme's Austrian branch: reverse charge is between two member states only
AUSTRIAN_BRANCH = ("--vat-id", "ATU12345678", "--country", "AT", "--address", "Kärntner Straße 1\\n1010 Wien")


@pytest.fixture
def drafted(aos, monkeypatch):
    """Acme (Germany, EUR, 19 %): 12.5 h and 3.25 h at 95.00, a fixed fee and a discount."""
    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme AG", "--rate", "95", "--currency", "EUR", "--vat-id", "DE987654321", "--email",
        "ap@acme.example", "--language", "de")  # fmt: skip
    aos("project", "add", "Web", "-c", "Acme AG")
    aos("add", "-p", "Web", "--hours", "12.5", "--date", "2026-03-02", "-d", "Konzept")
    aos("add", "-p", "Web", "--hours", "3.25", "--date", "2026-03-05", "-d", "Review")
    aos("invoice", "create", "-c", "Acme AG", "--tax", "19")
    aos("invoice", "add-line", "1", "-d", "Hosting (Pauschale)", "-q", "1", "--unit-price", "250")
    return aos


def test_lines_beyond_time_change_a_draft_and_its_totals_by_the_same_rules(drafted):
    discounted = drafted("invoice", "add-line", "1", "-d", "Rabatt", "-q", "1", "--unit-price", "-100", "--json").json
    # 1187.50 + 308.75 + 250 - 100 = 1646.25; 19 % = 312.7875 -> 312.79 (half-up)
    assert (discounted["subtotal"], discounted["tax"], discounted["total"]) == (1646.25, 312.79, 1959.04)
    assert discounted["lines"][3]["unit_price"] == -100 and discounted["lines"][3]["quantity"] == 1
    removed = drafted("invoice", "remove-line", "1", "1", "--json").json
    assert [line["description"] for line in removed["lines"]] == ["2026-03-05 Web: Review", "Hosting (Pauschale)",
                                                                  "Rabatt"]  # fmt: skip
    assert len(drafted("unbilled", "--json").json["entries"]) == 1  # the removed line's entry is unbilled again


def test_issuing_names_each_missing_field_and_then_nothing_changes_the_invoice(drafted):
    refused = drafted("invoice", "issue", "1", expect=2)
    for field in ("company_name", "company_address", "company_country", "company_vat_id", "--address", "--country"):
        assert field in refused.err
    assert drafted("invoice", "show", "1", "--json").json["status"] == "draft"
    ready_to_issue(drafted, "Acme AG")
    issued = drafted("invoice", "issue", "1", "--issue-date", "2026-03-31", "--json").json
    assert (issued["status"], issued["issue_date"], issued["due_date"]) == ("sent", "2026-03-31", "2026-04-30")
    for change in (["invoice", "add-line", "1", "-d", "x", "-q", "1", "--unit-price", "1"],
                   ["invoice", "remove-line", "1", "1"], ["invoice", "void", "1"], ["invoice", "issue", "1"]):  # fmt: skip
        assert drafted(*change, expect=1).err.count("\n") == 1
    assert "credit note" in drafted("invoice", "status", "1", "draft", expect=2).err


def test_issuing_on_another_day_keeps_the_invoices_own_payment_term(aos, monkeypatch):
    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme AG", "--rate", "95", "--currency", "EUR")
    ready_to_issue(aos, "Acme AG")
    aos("project", "add", "Web", "-c", "Acme AG")
    aos("add", "-p", "Web", "--hours", "2", "--date", "2026-03-02")
    made = aos("invoice", "create", "-c", "Acme AG", "--due", "14", "--json").json
    assert (made["issue_date"], made["due_date"]) == ("2026-03-31", "2026-04-14")
    issued = aos("invoice", "issue", "1", "--issue-date", "2026-03-20", "--json").json
    assert (issued["issue_date"], issued["due_date"]) == ("2026-03-20", "2026-04-03")  # 14 days, not 30


def test_payment_terms_are_printed_in_the_invoices_language(drafted, tmp_path):
    ready_to_issue(drafted, "Acme AG")  # payment_terms "30 days net"; Acme's invoices are in German
    drafted("config", "set", "payment_terms_de", "Zahlbar innerhalb von 14 Tagen ohne Abzug.")
    drafted("invoice", "issue", "1")
    page = tmp_path / "invoice.html"
    drafted("invoice", "show", "1", "--format", "html", "-o", str(page))
    assert "Zahlbar innerhalb von 14 Tagen ohne Abzug." in page.read_text() and "30 days net" not in page.read_text()
    drafted("client", "add", "Globex", "--rate", "100", "--currency", "EUR", "--language", "fr")
    ready_to_issue(drafted, "Globex")
    drafted("project", "add", "Site", "-c", "Globex")
    drafted("add", "-p", "Site", "--hours", "1", "--date", "2026-03-03")
    drafted("invoice", "create", "-c", "Globex")
    drafted("invoice", "issue", "INV-2026-0002")
    drafted("invoice", "show", "INV-2026-0002", "--format", "html", "-o", str(page))
    assert "30 days net" in page.read_text()  # no French terms set: the one text


def test_payments_leave_an_open_balance_until_paid_in_full(drafted):
    ready_to_issue(drafted, "Acme AG")
    drafted("invoice", "issue", "1")
    # 1187.50 + 308.75 + 250 = 1746.25; 19 % = 331.7875 -> 331.79; total 2078.04
    for outside in ("2026-03-30", "2026-04-01"):  # before its issue, or a day still to come
        assert "between the invoice's issue date 2026-03-31 and today" in drafted(
            "invoice", "pay", "1", "--amount", "1000", "--date", outside, expect=2).err  # fmt: skip
    partly = drafted("invoice", "pay", "1", "--amount", "1000", "--date", "2026-03-31", "--json").json
    assert (partly["status"], partly["paid"], partly["open"]) == ("sent", 1000, 1078.04)
    assert "at most the open 1078.04" in drafted("invoice", "pay", "1", "--amount", "2000", expect=2).err
    paid = drafted("invoice", "pay", "1", "--json").json
    assert (paid["status"], paid["open"]) == ("paid", 0)
    listed = drafted("invoice", "list", "--json").json[0]
    assert (listed["paid"], listed["open"]) == (2078.04, 0)


def test_cancelling_issues_a_credit_note_in_its_own_series_and_unbills_the_entries(drafted, monkeypatch):
    ready_to_issue(drafted, "Acme AG")
    assert "'aos invoice void' voids a draft" in drafted("invoice", "cancel", "1", expect=1).err
    drafted("invoice", "issue", "1")
    cancelled = drafted("invoice", "cancel", "1", "--json").json
    original, note = cancelled["invoice"], cancelled["credit_note"]
    assert (original["status"], original["credited_by"]) == ("cancelled", "CN-2026-0001")
    assert (note["number"], note["kind"], note["credits"]) == ("CN-2026-0001", "credit_note", "INV-2026-0001")
    assert (note["subtotal"], note["tax"], note["total"]) == (
        -original["subtotal"],
        -original["tax"],
        -original["total"],
    )
    assert [line["amount"] for line in note["lines"]] == [-line["amount"] for line in original["lines"]]
    assert len(drafted("unbilled", "--json").json["entries"]) == 2
    assert "cancelled" in drafted("invoice", "cancel", "1", expect=1).err
    again = drafted("invoice", "create", "-c", "Acme AG", "--json").json  # the same entries, billed anew
    assert again["number"] == "INV-2026-0002"  # never a number twice


def test_a_cancelled_invoice_and_its_credit_note_leave_open_what_is_really_owed(drafted, tmp_path):
    ready_to_issue(drafted, "Acme AG")
    drafted("invoice", "issue", "1")  # total 2078.04
    drafted("invoice", "pay", "1", "--amount", "1000")
    cancelled = drafted("invoice", "cancel", "1", "--json").json
    original, note = cancelled["invoice"], cancelled["credit_note"]
    assert (original["open"], note["total"], note["open"]) == (0, -2078.04, -1000)  # 1000.00 is owed back
    listed = {i["number"]: i["open"] for i in drafted("invoice", "list", "--json").json}
    assert listed == {"INV-2026-0001": 0, "CN-2026-0001": -1000}
    assert "Cancels invoice" not in note["notes"]  # the documents name it in their own language
    xml = tmp_path / "note.xml"
    drafted("invoice", "show", "CN-2026-0001", "--format", "xrechnung", "-o", str(xml))
    text = xml.read_text()
    assert ">1078.04</ram:TotalPrepaidAmount>" in text and ">1000.00</ram:DuePayableAmount>" in text
    for fmt in ("xrechnung", "ubl", "facturx"):
        out = tmp_path / f"note.{fmt}"
        drafted("invoice", "show", "CN-2026-0001", "--format", fmt, "-o", str(out))
        assert drafted("invoice", "validate", str(out), "--json").json["errors"] == [], fmt
    html = tmp_path / "note.html"
    drafted("invoice", "show", "CN-2026-0001", "--format", "html", "-o", str(html))
    page = html.read_text()
    assert "Zu erstatten" in page and "INV-2026-0001" in page and "Cancels invoice" not in page


def test_the_credit_note_of_an_unpaid_invoice_leaves_nothing_open_and_names_no_bank(drafted, tmp_path):
    ready_to_issue(drafted, "Acme AG")
    drafted("invoice", "issue", "1")
    note = drafted("invoice", "cancel", "1", "--json").json["credit_note"]
    assert note["open"] == 0
    xml = tmp_path / "note.xml"
    drafted("invoice", "show", "CN-2026-0001", "--format", "xrechnung", "-o", str(xml))
    text = xml.read_text()
    assert ">0.00</ram:DuePayableAmount>" in text and "DE89370400440532013000" not in text
    for fmt in ("xrechnung", "ubl", "facturx"):
        out = tmp_path / f"note.{fmt}"
        drafted("invoice", "show", "CN-2026-0001", "--format", fmt, "-o", str(out))
        assert drafted("invoice", "validate", str(out), "--json").json["errors"] == [], fmt


def test_a_cross_border_peppol_invoice_and_credit_note_with_notes_pass_the_peppol_rules(aos, monkeypatch, tmp_path):
    from lxml import etree

    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Client SARL", "--rate", "95", "--currency", "EUR", "--vat-id", "FR40303265045", "--email",
        "compta@client.example", "--language", "fr", "--tax-mode", "reverse-charge")  # fmt: skip
    ready_to_issue(aos, "Client SARL")
    aos("client", "edit", "Client SARL", "--address", "Rue de Rivoli 1\\n75001 Paris", "--country", "FR")
    aos("project", "add", "Web", "-c", "Client SARL")
    aos("add", "-p", "Web", "--hours", "3", "--date", "2026-03-02")
    aos("invoice", "create", "-c", "Client SARL", "--notes", "Projet Alpha, bon de commande 4711")
    aos("invoice", "issue", "1")
    aos("invoice", "cancel", "1")
    for number in ("INV-2026-0001", "CN-2026-0001"):  # the notes and the reverse charge's legal note: one Note
        out = tmp_path / f"{number}.xml"
        aos("invoice", "show", number, "--format", "ubl", "-o", str(out))
        root = etree.parse(str(out)).getroot()
        assert len(root.findall("{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}Note")) == 1
        assert aos("invoice", "validate", str(out), "--json").json["errors"] == [], number


@pytest.mark.parametrize("fmt", ["facturx", "xrechnung", "ubl"])
@pytest.mark.parametrize("mode", ["standard", "reverse-charge", "exempt"])
def test_every_e_invoice_passes_the_xsd_and_the_en16931_rules(drafted, tmp_path, fmt, mode):
    ready_to_issue(drafted, "Acme AG")
    drafted("client", "edit", "Acme AG", "--tax-mode", mode)
    if mode == "reverse-charge":
        drafted("client", "edit", "Acme AG", *AUSTRIAN_BRANCH)
    if mode != "standard":  # made anew: the tax mode decides the VAT when an invoice is made
        drafted("invoice", "void", "1")
        drafted("invoice", "create", "-c", "Acme AG")
        drafted("invoice", "add-line", "2", "-d", "Rabatt", "-q", "1", "--unit-price", "-100")
    number = drafted("invoice", "list", "--json").json[-1]["number"]
    drafted("invoice", "issue", number)
    out = tmp_path / f"invoice.{fmt}"
    drafted("invoice", "show", number, "--format", fmt, "-o", str(out))
    checked = drafted("invoice", "validate", str(out), "--json").json
    assert checked == {"file": str(out), "valid": True, "errors": [], "warnings": []}


def test_a_wrong_vat_total_passes_no_validation(drafted, tmp_path):
    ready_to_issue(drafted, "Acme AG")
    drafted("invoice", "issue", "1")
    good = tmp_path / "good.xml"
    drafted("invoice", "show", "1", "--format", "xrechnung", "-o", str(good))
    text = good.read_text(encoding="utf-8")
    bad = tmp_path / "bad.xml"
    bad.write_text(text.replace('<ram:TaxTotalAmount currencyID="EUR">', '<ram:TaxTotalAmount currencyID="EUR">1', 1),
                   encoding="utf-8")  # fmt: skip
    failed = drafted("invoice", "validate", str(bad), expect=1)
    assert "[BR-CO-14]" in failed.out


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_says_who_bills_whom_for_what_and_how_to_pay(drafted, tmp_path):
    ready_to_issue(drafted, "Acme AG")
    drafted("invoice", "issue", "1")
    pdf = tmp_path / "invoice.pdf"
    drafted("invoice", "show", "1", "--format", "pdf", "-o", str(pdf))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for fact in (SENDER["company_name"], "Acme AG", "INV-2026-0001", "31. März 2026", "Konzept", "Review",
                 "Hosting (Pauschale)", "1.746,25", "331,79", "2.078,04", "DE89 3704 0044 0532 0130 00"):  # fmt: skip
        assert fact in text, fact


def test_an_e_invoice_never_states_a_standard_rate_of_zero(drafted, tmp_path):
    """EN 16931 has no standard rate of 0 % (BR-S-05): refused, never written invalid."""
    ready_to_issue(drafted, "Acme AG")
    drafted("invoice", "void", "1")
    drafted("invoice", "create", "-c", "Acme AG")  # the tax_rate setting: 0
    drafted("invoice", "issue", "2")
    refused = drafted("invoice", "show", "2", "--format", "ubl", "-o", str(tmp_path / "x.xml"), expect=2)
    assert "--tax-mode outside-scope, reverse-charge or exempt" in refused.err and not (tmp_path / "x.xml").exists()


def test_an_issued_invoice_keeps_its_tax_treatment_when_the_client_s_tax_mode_changes(drafted, tmp_path):
    """The tax mode is decided when an invoice is made and kept with it: a client edited later
    changes neither the documents of its issued invoices nor their validity (BR-CO-17)."""
    ready_to_issue(drafted, "Acme AG")
    drafted("client", "edit", "Acme AG", "--tax-mode", "reverse-charge", *AUSTRIAN_BRANCH)
    drafted("invoice", "void", "1")
    drafted("invoice", "create", "-c", "Acme AG")
    drafted("invoice", "issue", "2")

    def documents(when: str) -> dict[str, bytes]:
        made = {}
        for fmt in ("xrechnung", "ubl", "html"):
            out = tmp_path / f"{when}.{fmt}"
            drafted("invoice", "show", "2", "--format", fmt, "-o", str(out))
            made[fmt] = out.read_bytes()
        return made

    before = documents("before")
    drafted("client", "edit", "Acme AG", "--tax-mode", "standard")
    assert documents("after") == before
    for fmt in ("xrechnung", "ubl"):
        assert drafted("invoice", "validate", str(tmp_path / f"after.{fmt}"), "--json").json["valid"] is True
    shown = drafted("invoice", "show", "2", "--json").json
    assert (shown["tax_mode"], shown["tax"]) == ("reverse-charge", 0)
    drafted("add", "-p", "Web", "--hours", "1", "--date", "2026-03-06")
    assert drafted("invoice", "create", "-c", "Acme AG", "--tax", "19", "--json").json["tax_mode"] == "standard"


def test_a_draft_keeps_the_tax_mode_it_was_made_with_and_its_credit_note_too(drafted):
    """Decided once, at creation: a draft issued after its client's tax mode changed keeps its
    own, and the credit note that cancels an invoice has the invoice's."""
    ready_to_issue(drafted, "Acme AG")
    drafted("client", "edit", "Acme AG", "--tax-mode", "exempt")
    issued = drafted("invoice", "issue", "1", "--json").json
    assert (issued["tax_mode"], issued["tax_rate"]) == ("standard", 19)
    note = drafted("invoice", "cancel", "1", "--json").json["credit_note"]
    assert (note["tax_mode"], note["tax"]) == ("standard", -issued["tax"])
