"""Money is exact: integer cents, half-up per entry, never float."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aostime.domain.money import amount_cents, entry_amount_cents, format_money, hours, parse_money, percent_of
from aostime.errors import BadInput


def test_three_twenty_minute_entries_at_100_01_are_33_34_each():
    assert amount_cents(20 * 60, parse_money("100.01")) == 3334


def test_the_seed_example_is_525_00():
    assert format_money(amount_cents(12600, parse_money("150.00"))) == "525.00"


def test_half_a_cent_rounds_up():
    # 18 s at 1.00/h = 0.5 cent
    assert amount_cents(18, 100) == 1
    assert amount_cents(17, 100) == 0


def test_a_non_billable_entry_is_worth_nothing_but_keeps_its_rate_for_later():
    assert entry_amount_cents(3600, 15000, False) == 0
    assert entry_amount_cents(3600, 15000, True) == 15000


@pytest.mark.parametrize("text", ["-10", "NaN", "inf", "1e308", "abc", "", "1.005", "-0.001"])
def test_bad_rates_are_refused(text):
    with pytest.raises(BadInput):
        parse_money(text)


def test_minus_zero_is_zero():
    assert parse_money("-0") == 0


@given(seconds=st.integers(1, 10**7), cents=st.integers(0, 10**7))
def test_amount_is_the_exact_decimal_product_rounded_half_up(seconds, cents):
    exact = Decimal(seconds) * Decimal(cents) / Decimal(3600)
    expected = int(exact.quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    assert amount_cents(seconds, cents) == expected


def test_hours_and_percent_are_rounded_half_up():
    assert hours(16200) == Decimal("4.50")
    assert hours(1200) == Decimal("0.33")
    assert hours(90) == Decimal("0.03")  # 0.025 h: a tie goes up, not to the even 0.02
    assert hours(18) == Decimal("0.01")  # 0.005 h
    assert percent_of(86250, Decimal(19)) == 16388  # 163.875 -> 163.88
