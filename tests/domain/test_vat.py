"""The VAT rules of domain/vat.py, as a bookkeeper states them: the breakdown per rate, which
treatment a new invoice gets, the note each prints under the sender's law, reverse charge only
across a border, and the exchange rate of a foreign-currency invoice."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aostime.domain import vat
from aostime.errors import BadInput


def test_each_rate_is_rounded_once_on_its_own_sum_not_line_by_line():
    # three lines of 0.05 at 19 %: 0.0095 each would round to 0.01 three times; the sum 0.15 gives 0.03
    rows = vat.breakdown([(5, Decimal(19)), (5, Decimal(19)), (5, Decimal(19)), (3705, Decimal(7))])
    assert rows == [(Decimal(19), 15, 3), (Decimal(7), 3705, 259)]


def test_19_and_19_point_0_are_one_rate():
    assert len(vat.breakdown([(100, Decimal(19)), (100, Decimal("19.0"))])) == 1


@given(st.lists(st.tuples(st.integers(-(10**9), 10**9), st.sampled_from([Decimal(19), Decimal(7), Decimal("5.5")]))))
def test_a_credit_note_s_breakdown_is_the_invoice_s_negated(lines):
    negated = vat.breakdown([(-cents, rate) for cents, rate in lines])
    assert negated == [(rate, -basis, -tax) for rate, basis, tax in vat.breakdown(lines)]


def test_a_small_business_charges_no_vat_where_it_would_and_keeps_what_is_taxed_elsewhere():
    mode = lambda client_mode, small: vat.invoice_mode("C", 1, client_mode, "FR", "DE", small)
    assert [mode(m, True) for m in (None, "standard", "exempt", "reverse-charge", "outside-scope")] == [
        "small-business", "small-business", "small-business", "reverse-charge", "outside-scope"]  # fmt: skip
    assert mode(None, False) == "standard"


def test_a_client_outside_the_eu_without_a_tax_mode_is_asked_about_not_guessed():
    with pytest.raises(BadInput, match="outside the EU.*--tax-mode outside-scope.*--tax-mode standard"):
        vat.invoice_mode("Globex", 4, None, "US", "DE", False)
    assert vat.invoice_mode("Globex", 4, "outside-scope", "US", "DE", False) == "outside-scope"
    assert vat.invoice_mode("Swiss sender's client", 4, None, "CH", "CH", False) == "standard"  # at home


def test_each_note_cites_the_sender_s_law_in_the_invoice_s_language():
    assert vat.exemption("small-business", "DE", "de") == ("Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.", None)
    assert vat.exemption("small-business", "FR", "fr") == ("TVA non applicable, art. 293 B du CGI.",
                                                          "VATEX-FR-FRANCHISE")  # fmt: skip
    assert "Art. 284" in vat.exemption("small-business", "AT", "en")[0]
    assert vat.exemption("outside-scope", "FR", "fr") == ("TVA non applicable, article 259-1 du CGI.", "VATEX-EU-O")
    assert "§ 3a Abs. 2 UStG" in vat.exemption("outside-scope", "DE", "de")[0]
    assert "§ 4 UStG" in vat.exemption("exempt", "DE", "en")[0]
    assert vat.exemption("reverse-charge", "DE", "fr")[1] == "VATEX-EU-AE"
    assert vat.exemption("standard", "DE", "de") == (None, None)
    every = {(mode, language) for mode in vat.INVOICE_MODES if mode != "standard" for language in ("en", "de", "fr")}
    assert all(vat.exemption(mode, country, language)[0] for mode, language in every for country in ("DE", "FR", "IT"))


@pytest.mark.parametrize(("seller", "buyer", "refused"), [
    ("DE123456789", "FR40303265045", None),
    ("DE123456789", "EL123456789", None),  # Greece's VAT ids begin with EL
    ("DE123456789", "DE987654321", "two member states"),
    ("DE123456789", None, "client's EU VAT id"),
    ("DE123456789", "CHE123456789", "client's EU VAT id"),  # Switzerland is not in the EU
    (None, "FR40303265045", "sender's EU VAT id"),
])  # fmt: skip
def test_reverse_charge_is_between_two_member_states(seller, buyer, refused):
    if refused is None:
        vat.check_reverse_charge("INV-1", seller, buyer, 3)
    else:
        with pytest.raises(BadInput, match=refused):
            vat.check_reverse_charge("INV-1", seller, buyer, 3)


def test_an_exchange_rate_is_positive_with_at_most_six_decimals_and_converts_the_vat_once():
    assert vat.parse_exchange_rate("0.92") == Decimal("0.92")
    for bad in ("0", "-1", "abc", "0.1234567", "nan", "inf"):
        with pytest.raises(BadInput, match="--exchange-rate"):
            vat.parse_exchange_rate(bad)
    assert vat.in_accounting_currency(32823, Decimal("0.92")) == 30197  # 301.9716 -> 301.97
    assert vat.in_accounting_currency(-32823, Decimal("0.92")) == -30197
