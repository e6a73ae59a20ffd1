"""Every client's tax case through the real commands: a VAT rate per line (7 % beside 19 %), a
client outside the EU (never guessed: outside-scope when it is a business), the sender's
small-business exemption (German and French), reverse charge only between two member states,
and a foreign-currency invoice that states its VAT in the accounting currency too. Each issued
document passes the EN 16931 rules and XRechnung's or Peppol's."""

from __future__ import annotations

import pytest

from billing_support import SENDER, ready_to_issue

pytest.importorskip("facturx", reason="the e-invoice extra is not installed")
pytest.importorskip("saxonche")

NOW = "2026-03-31T12:00:00+00:00"
E_INVOICES = ("facturx", "xrechnung", "ubl")


@pytest.fixture
def sender(aos, monkeypatch):
    """A German sender whose books are in EUR, and a German client billed 19 %."""
    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme AG", "--rate", "100", "--currency", "EUR", "--vat-id", "DE987654321", "--email",
        "ap@acme.example", "--language", "de")  # fmt: skip
    ready_to_issue(aos, "Acme AG")
    return aos


def work_for(aos, client: str, currency: str = "EUR", hours: str = "10", **billing: str) -> None:
    """A client (unless it is Acme) with a project and `hours` of unbilled work in March."""
    if client != "Acme AG":
        extra = [item for key, value in billing.items() for item in (f"--{key.replace('_', '-')}", value)]
        aos("client", "add", client, "--rate", "100", "--currency", currency, "--email", "ap@client.example",
            "--address", billing.pop("address", "1 Main Street\\nNew York, NY 10001"), *extra)  # fmt: skip
    aos("project", "add", f"Work for {client}", "-c", client)
    aos("add", "-p", f"Work for {client}", "--hours", hours, "--date", "2026-03-02", "-d", "Consulting")


def valid_everywhere(aos, tmp_path, number: str, formats: tuple[str, ...] = E_INVOICES) -> None:
    for fmt in formats:
        out = tmp_path / f"{number}.{fmt}"
        aos("invoice", "show", number, "--format", fmt, "-o", str(out))
        assert aos("invoice", "validate", str(out), "--json").json["errors"] == [], (number, fmt)


def test_a_line_at_7_percent_beside_19_makes_a_breakdown_per_rate(sender, tmp_path):
    aos = sender
    work_for(aos, "Acme AG")
    aos("invoice", "create", "-c", "Acme AG", "--tax", "19")
    book = aos("invoice", "add-line", "1", "-d", "Fachbuch", "-q", "3", "--unit-price", "12.35", "--tax", "7",
               "--json").json  # fmt: skip
    # 19 % of 1000.00 = 190.00; 7 % of 37.05 = 2.5935 -> 2.59; the VAT is the sum of the rows
    assert (book["subtotal"], book["tax"], book["total"]) == (1037.05, 192.59, 1229.64)
    assert book["lines"][1]["tax_rate"] == 7 and "tax_rate" not in book["lines"][0]
    aos("invoice", "issue", "1")
    valid_everywhere(aos, tmp_path, "1")
    page = tmp_path / "page.html"
    aos("invoice", "show", "1", "--format", "html", "-o", str(page))
    text = page.read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "USt. 19 % auf 1.000,00 €" in text and "USt. 7 % auf 37,05 €" in text and "2,59 €" in text
    note = aos("invoice", "cancel", "1", "--json").json["credit_note"]
    assert (note["tax"], note["lines"][1]["tax_rate"]) == (-192.59, 7)
    valid_everywhere(aos, tmp_path, note["number"])


def test_a_line_of_an_invoice_without_vat_takes_no_rate(sender):
    aos = sender
    aos("client", "edit", "Acme AG", "--tax-mode", "exempt")
    work_for(aos, "Acme AG")
    aos("invoice", "create", "-c", "Acme AG")
    refused = aos("invoice", "add-line", "1", "-d", "Buch", "-q", "1", "--unit-price", "10", "--tax", "7", expect=2)
    assert refused.err.count("\n") == 1 and "exempt" in refused.err and "--tax" in refused.err
    bad = aos("invoice", "add-line", "1", "-d", "Buch", "-q", "1", "--unit-price", "10", "--tax", "abc", expect=2)
    assert "percentage" in bad.err


def test_a_client_outside_the_eu_is_not_guessed_at(sender, tmp_path):
    aos = sender
    work_for(aos, "Globex Inc", currency="USD", country="US", language="en")
    refused = aos("invoice", "create", "-c", "Globex Inc", expect=2)
    assert refused.err.count("\n") == 1
    assert "outside the EU" in refused.err and "--tax-mode outside-scope" in refused.err
    aos("client", "edit", "Globex Inc", "--tax-mode", "outside-scope")
    made = aos("invoice", "create", "-c", "Globex Inc", "--json").json
    assert (made["tax_mode"], made["tax"], made["total"]) == ("outside-scope", 0, 1000)
    issued = aos("invoice", "issue", made["number"], "--json").json  # no VAT: no exchange rate needed
    assert issued["exchange_rate"] is None
    valid_everywhere(aos, tmp_path, made["number"], ("facturx", "xrechnung"))  # Peppol: the client's Peppol id
    page = tmp_path / "o.html"
    aos("invoice", "show", made["number"], "--format", "html", "-o", str(page))
    assert "Not taxable in Germany: the place of supply is the recipient" in page.read_text(encoding="utf-8")


def test_a_private_client_outside_the_eu_is_billed_with_vat_when_the_sender_says_so(sender):
    aos = sender
    work_for(aos, "Jane Doe", currency="EUR", country="US", tax_mode="standard")
    assert aos("invoice", "create", "-c", "Jane Doe", "--tax", "19", "--json").json["tax"] == 190


def test_reverse_charge_between_two_german_companies_is_refused(sender):
    aos = sender
    aos("client", "edit", "Acme AG", "--tax-mode", "reverse-charge")
    work_for(aos, "Acme AG")
    aos("invoice", "create", "-c", "Acme AG")
    refused = aos("invoice", "issue", "1", expect=2)
    assert refused.err.count("\n") == 1 and "two member states" in refused.err and "DE" in refused.err
    spanish = ("--vat-id", "ESB12345674", "--country", "ES", "--address", "Calle de Alcalá 48\\n28014 Madrid Madrid")
    aos("client", "edit", "Acme AG", *spanish)  # its Spanish company
    assert aos("invoice", "issue", "1", "--json").json["tax_mode"] == "reverse-charge"


def test_reverse_charge_needs_the_clients_eu_vat_id(sender):
    aos = sender
    work_for(aos, "Kunde GmbH", country="AT", tax_mode="reverse-charge", address="Ring 1\\n1010 Wien")
    aos("invoice", "create", "-c", "Kunde GmbH")
    refused = aos("invoice", "issue", "1", expect=2)
    assert refused.err.count("\n") == 1 and "--vat-id" in refused.err


def test_a_small_business_charges_no_vat_and_says_why_in_its_country_s_words(sender, tmp_path):
    aos = sender
    aos("config", "set", "small_business", "true")
    work_for(aos, "Acme AG")
    made = aos("invoice", "create", "-c", "Acme AG", "--json").json
    assert (made["tax_mode"], made["tax"]) == ("small-business", 0)
    aos("invoice", "issue", made["number"])
    valid_everywhere(aos, tmp_path, made["number"])
    xml = tmp_path / f"{made['number']}.xrechnung"
    assert "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet." in xml.read_text(encoding="utf-8")
    aos("add", "-p", "Work for Acme AG", "--hours", "1", "--date", "2026-03-03")
    refused = aos("invoice", "create", "-c", "Acme AG", "--tax", "19", expect=2)
    assert "small business" in refused.err


def test_a_french_small_business_writes_art_293_b(sender, tmp_path):
    aos = sender
    for key, value in {"company_name": "Camille Martin", "company_address": "3 place Bellecour\\n69002 Lyon",
                       "company_country": "FR", "company_tax_number": "12345678900012", "small_business": "true",
                       "bank_iban": "FR7630006000011234567890189", "bank_bic": "AGRIFRPPXXX"}.items():  # fmt: skip
        aos("config", "set", key, value)
    aos("config", "unset", "company_vat_id")
    aos("client", "edit", "Acme AG", "--language", "fr")
    work_for(aos, "Acme AG")
    aos("invoice", "create", "-c", "Acme AG")
    aos("invoice", "issue", "1")
    out = tmp_path / "fr.xml"
    aos("invoice", "show", "1", "--format", "xrechnung", "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert "TVA non applicable, art. 293 B du CGI." in text and "VATEX-FR-FRANCHISE" in text
    assert aos("invoice", "validate", str(out), "--json").json["errors"] == []


def test_a_small_business_s_reverse_charge_stays_reverse_charge(sender):
    aos = sender
    aos("config", "set", "small_business", "true")
    work_for(aos, "Client SARL", country="FR", tax_mode="reverse-charge", vat_id="FR40303265045",
             address="12 rue de la Paix\\n75002 Paris")  # fmt: skip
    assert aos("invoice", "create", "-c", "Client SARL", "--json").json["tax_mode"] == "reverse-charge"


def test_a_foreign_currency_invoice_with_vat_is_issued_with_its_exchange_rate(sender, tmp_path):
    aos = sender
    work_for(aos, "Acme US Branch", currency="USD", country="DE", tax_mode="standard", vat_id="DE811569869",
             address="Hauptstraße 2\\n80331 München")  # fmt: skip
    aos("invoice", "create", "-c", "Acme US Branch", "--tax", "19")
    refused = aos("invoice", "issue", "1", expect=2)
    assert refused.err.count("\n") == 1 and "--exchange-rate" in refused.err and "EUR" in refused.err
    assert aos("invoice", "issue", "1", "--exchange-rate", "zero", expect=2).code == 2
    issued = aos("invoice", "issue", "1", "--exchange-rate", "0.92", "--json").json
    assert (issued["status"], issued["exchange_rate"], issued["tax"]) == ("sent", 0.92, 190)
    valid_everywhere(aos, tmp_path, "1")
    ubl = (tmp_path / "1.ubl").read_text(encoding="utf-8")
    # 190.00 USD x 0.92 = 174.80 EUR (BT-111), the accounting currency named (BT-6)
    assert "<cbc:TaxCurrencyCode>EUR</cbc:TaxCurrencyCode>" in ubl and '<cbc:TaxAmount currencyID="EUR">174.80' in ubl
    page = tmp_path / "usd.html"
    aos("invoice", "show", "1", "--format", "html", "-o", str(page))
    assert "VAT in EUR (1 USD = 0.92 EUR)" in page.read_text(encoding="utf-8")
    note = aos("invoice", "cancel", "1", "--json").json["credit_note"]
    assert note["exchange_rate"] == 0.92  # corrected at the rate it was issued at
    valid_everywhere(aos, tmp_path, note["number"])


def test_an_invoice_in_the_accounting_currency_takes_no_exchange_rate(sender):
    aos = sender
    work_for(aos, "Acme AG")
    aos("invoice", "create", "-c", "Acme AG", "--tax", "19")
    refused = aos("invoice", "issue", "1", "--exchange-rate", "1.1", expect=2)
    assert "accounting currency" in refused.err
    assert SENDER["company_country"] == "DE"  # a German sender's books are in EUR unless said otherwise


def test_a_whole_file_copy_keeps_each_line_s_rate_and_the_exchange_rate(sender, tmp_path):
    aos = sender
    work_for(aos, "Acme US Branch", currency="USD", country="DE", tax_mode="standard", vat_id="DE811569869",
             address="Hauptstraße 2\\n80331 München")  # fmt: skip
    aos("invoice", "create", "-c", "Acme US Branch", "--tax", "19")
    aos("invoice", "add-line", "1", "-d", "Handbook", "-q", "1", "--unit-price", "39.90", "--tax", "7")
    original = aos("invoice", "issue", "1", "--exchange-rate", "0.92", "--json").json
    whole = tmp_path / "whole.json"
    aos("export", "-o", str(whole))
    copy = str(tmp_path / "copy.db")
    aos("--db", copy, "import", "json", str(whole))
    restored = aos("--db", copy, "invoice", "show", "1", "--json").json
    assert (restored["exchange_rate"], restored["lines"][1]["tax_rate"], restored["tax"]) == (0.92, 7, original["tax"])
