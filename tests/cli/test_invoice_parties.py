"""Who bills whom (SPEC §9): the sender's settings and a client's billing fields are checked as
they are given, a client's tax mode decides the VAT of its invoices, and an invoice becomes a
document only when its parties are complete, naming what is missing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from aostime.domain.invoice_content import REVERSE_CHARGE, STANDARD

NOW = "2026-03-31T12:00:00+00:00"
SENDER = {"company_name": "Müller & Söhne GmbH", "company_address": "Torstraße 12\\n10119 Berlin",
          "company_country": "de", "company_vat_id": "DE 123 456 789", "bank_iban": "DE89 3704 0044 0532 0130 00",
          "bank_bic": "cobadeffxxx", "payment_terms": "30 days net"}  # fmt: skip


@pytest.fixture
def billed(aos, monkeypatch):
    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme AG", "--rate", "95", "--currency", "EUR", "--address", "Hauptstraße 1\\n80331 München",
        "--country", "DE", "--vat-id", "DE987654321", "--language", "de")  # fmt: skip
    aos("project", "add", "Web", "-c", "Acme AG")
    aos("add", "-p", "Web", "--hours", "2.5", "--date", "2026-03-02", "-d", "Konzept")
    aos("add", "-p", "Web", "--hours", "1", "--date", "2026-03-05")
    return aos


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [("bank_iban", "de89 3704 0044 0532 0130 00", "DE89370400440532013000"), ("company_country", "fr", "FR"),
     ("company_vat_id", "DE 123.456.789", "DE123456789"), ("bank_bic", "cobadeffxxx", "COBADEFFXXX"),
     ("company_address", "Torstraße 12\\nHinterhaus\\n10119 Berlin", "Torstraße 12\nHinterhaus\n10119 Berlin"),
     ("invoice_language", "DE", "de"), ("invoice_line_template", "{date} {description}", "{date} {description}")],
)  # fmt: skip
def test_sender_settings_are_stored_checked_and_normalised(aos, key, value, stored):
    aos("config", "set", key, value)
    assert aos("config", "get", key).out.rstrip("\n") == stored


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [("bank_iban", "DE89 3704 0044 0532 0130 01", "check digits"), ("company_country", "XX", "ISO 3166"),
     ("company_vat_id", "123", "VAT id"), ("bank_bic", "COBA", "BIC"), ("invoice_language", "es", "en, de, fr"),
     ("company_email", "not-an-address", "e-mail"), ("invoice_line_template", "{date} {secret}", "may use")],
)  # fmt: skip
def test_a_wrong_sender_setting_is_refused_in_one_line_and_not_stored(aos, key, value, says):
    refused = aos("config", "set", key, value, expect=2)
    assert says in refused.err and refused.err.count("\n") == 1
    assert aos("config", "get", key).out.strip() in ("", "en")  # the default, nothing stored


def test_a_clients_billing_fields_are_kept_checked_and_cleared(billed):
    doc = billed("client", "list", "--json").json[0]
    assert (doc["address"], doc["country"], doc["vat_id"], doc["language"], doc["tax_mode"]) == (
        "Hauptstraße 1\n80331 München", "DE", "DE987654321", "de", None)  # fmt: skip
    assert "tax mode 'vat-free'" in billed("client", "edit", "Acme AG", "--tax-mode", "vat-free", expect=2).err
    cleared = billed("client", "edit", "Acme AG", "--vat-id", "", "--tax-mode", "exempt", "--json").json
    assert (cleared["vat_id"], cleared["tax_mode"]) == (None, "exempt")


def test_a_reverse_charge_client_is_invoiced_without_vat_and_an_explicit_rate_is_refused(billed):
    billed("client", "edit", "Acme AG", "--tax-mode", "reverse-charge")
    refused = billed("invoice", "create", "-c", "Acme AG", "--tax", "19", expect=2)
    assert "tax mode reverse-charge" in refused.err
    invoice = billed("invoice", "create", "-c", "Acme AG", "--json").json
    assert (invoice["tax"], invoice["total"]) == (0, Decimal("332.50"))


def test_the_line_template_says_what_the_client_reads(billed):
    billed("config", "set", "invoice_line_template", "{date}: {description} ({hours} h)")
    lines = billed("invoice", "create", "-c", "Acme AG", "--json").json["lines"]
    assert [line["description"] for line in lines] == ["2026-03-02: Konzept (2.50 h)", "2026-03-05: (1.00 h)"]


def _content(db, ref="INV-2026-0001"):
    from aostime.services import Session
    from aostime.services.invoice_content import invoice_content
    from aostime.storage import open_storage

    return invoice_content(Session(open_storage(str(db))), ref)


def test_an_invoice_becomes_a_document_only_with_its_parties_naming_what_is_missing(billed, isolated):
    from aostime.errors import BadInput

    billed("invoice", "create", "-c", "Acme AG", "--tax", "19")
    with pytest.raises(BadInput) as refused:
        _content(isolated)
    for missing in ("company_name", "company_address", "company_country", "company_vat_id"):
        assert f"aos config set {missing}" in str(refused.value)
    for key, value in SENDER.items():
        billed("config", "set", key, value)
    content = _content(isolated)
    assert (content.seller.name, content.seller.address.city, content.seller.vat_id) == (
        "Müller & Söhne GmbH", "Berlin", "DE123456789")  # fmt: skip
    assert (content.buyer.address.postcode, content.buyer.address.city, content.language) == ("80331", "München", "de")
    assert [(line.quantity, line.net_cents) for line in content.lines] == [(Decimal("2.5"), 23750), (1, 9500)]
    assert (content.period_start, content.period_end) == (date(2026, 3, 2), date(2026, 3, 5))
    assert content.taxes[0].category == STANDARD and content.tax_total_cents == 6318  # 332.50 x 19 % = 63.175
    assert content.bank.iban == "DE89370400440532013000" and content.payment_terms == "30 days net"


def test_reverse_charge_needs_both_vat_ids_and_carries_its_legal_note(billed, isolated):
    from aostime.errors import BadInput

    for key, value in SENDER.items():
        billed("config", "set", key, value)
    billed("client", "edit", "Acme AG", "--tax-mode", "reverse-charge", "--vat-id", "")
    billed("invoice", "create", "-c", "Acme AG")
    with pytest.raises(BadInput, match="--vat-id"):
        _content(isolated)
    billed("client", "edit", "Acme AG", "--vat-id", "ATU12345678")
    content = _content(isolated)
    assert content.taxes[0].category == REVERSE_CHARGE and content.tax_total_cents == 0
    assert "Steuerschuldnerschaft des Leistungsempfängers" in content.taxes[0].exemption_reason
