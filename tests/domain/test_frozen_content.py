"""An issued invoice's document kept as text comes back equal: every date, Decimal, byte and
nested party to the last digit."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from aostime.domain.frozen_content import frozen, thawed
from aostime.domain.invoice_content import Address, Bank, InvoiceContent, Line, Party, TaxSubtotal

texts = st.text(max_size=30)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
decimals = st.decimals(min_value=-(10**6), max_value=10**6, places=4, allow_nan=False, allow_infinity=False)
cents = st.integers(min_value=-(10**12), max_value=10**12)
addresses = st.builds(Address, st.tuples(texts, texts), texts, texts, st.sampled_from(["DE", "FR", "US"]),
                      region=texts, district=texts, formatted=st.lists(texts, max_size=3).map(tuple))  # fmt: skip
maybe = st.none() | texts
parties = st.builds(Party, texts, addresses, maybe, maybe, maybe, maybe, electronic_address=maybe,
                    register_court=maybe, register_number=maybe, seat=maybe, managing_directors=maybe, siren=maybe,
                    siret=maybe)  # fmt: skip
lines = st.builds(Line, st.integers(1, 999), texts, decimals, st.sampled_from(["HUR", "C62"]), cents, cents,
                  st.sampled_from(["S", "AE", "E"]), decimals, st.none() | days, st.none() | days)  # fmt: skip
contents = st.builds(
    InvoiceContent, texts, st.sampled_from(["380", "381"]), days, st.none() | days, st.sampled_from(["EUR", "USD"]),
    st.sampled_from(["en", "de", "fr"]), parties, parties, st.lists(lines, max_size=3).map(tuple),
    st.lists(st.builds(TaxSubtotal, st.just("S"), decimals, cents, cents, st.none() | texts), max_size=2).map(tuple),
    cents, cents, cents, paid_cents=cents, bank=st.none() | st.builds(Bank, texts, texts, st.none() | texts),
    notes=st.lists(texts, max_size=2).map(tuple), logo=st.none() | st.binary(max_size=40),
    extra=st.dictionaries(texts, texts, max_size=2), late_payment_terms=st.none() | texts,
    buyer_reference=st.none() | texts, order_reference=st.none() | texts,
)  # fmt: skip


@given(contents)
def test_a_kept_document_comes_back_equal(content):
    assert thawed(frozen(content)) == content


def test_a_kept_document_is_plain_json_with_its_format():
    content = InvoiceContent("2026-0001", "380", date(2026, 3, 1), None, "EUR", "de",
                             Party("A", Address(("x",), "10119", "Berlin", "DE")),
                             Party("B", Address((), "80331", "München", "DE")),
                             (), (), 0, 0, 0)  # fmt: skip
    text = frozen(content)
    assert text.startswith('{"content": ') and '"format": 1' in text and "München" in text
    assert thawed(text).issue_date == date(2026, 3, 1)
