"""Invoice arithmetic: lines always add up to the subtotal, to the cent."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from aostime.domain.invoicing import build_lines, line_cents, round_seconds, time_quantity, totals
from aostime.domain.models import Entry
from aostime.domain.money import amount_cents, hours, percent_of


def make_entry(i: int, seconds: int, rate: int, project: int, task: int | None) -> Entry:
    start = datetime(2026, 3, 1, tzinfo=UTC) + timedelta(hours=i)
    return Entry(
        id=i, project_id=project, project_name=f"P{project}", task_id=task, task_name=task and f"T{task}",
        client_id=1, client_name="C", user_id=1, user_name="u", start=start, end=start + timedelta(seconds=seconds),
        duration=seconds, description="", notes="", billable=True, hourly_rate_cents=rate,
        amount_cents=amount_cents(seconds, rate), invoiced=False, invoice_id=None,
    )  # fmt: skip


entries_strategy = st.lists(
    st.tuples(st.integers(1, 86400), st.integers(0, 50000), st.integers(1, 3), st.one_of(st.none(), st.integers(1, 3))),
    min_size=1,
    max_size=40,
)


@given(
    raw=entries_strategy,
    group_by=st.sampled_from(["entry", "task", "project", "day"]),
    step=st.sampled_from([0, 360, 900, 1800]),
    mode=st.sampled_from(["up", "nearest", "down"]),
    tax=st.decimals(min_value=0, max_value=100, places=3),
)
def test_lines_sum_to_the_subtotal_and_the_total_is_exact(raw, group_by, step, mode, tax):
    entries = [make_entry(i, *item) for i, item in enumerate(raw, 1)]
    lines = build_lines(entries, group_by, step, mode, UTC)
    subtotal, tax_cents, total = totals(lines, tax)
    assert subtotal == sum(line.amount_cents for line in lines)
    assert total == subtotal + tax_cents
    assert tax_cents == int((Decimal(subtotal) * tax / 100).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    assert sorted(i for line in lines for i in line.entry_ids) == [e.id for e in entries]
    for line in lines:
        covered = [e for e in entries if e.id in line.entry_ids]
        assert {e.hourly_rate_cents for e in covered} == {line.hourly_rate_cents}
        assert line.seconds == sum(round_seconds(e.duration, step, mode) for e in covered)
        # EN 16931: the amount is the quantity the line states (hours to the hundredth) x its price
        assert line.amount_cents == line_cents(hours(line.seconds), line.hourly_rate_cents)
        assert time_quantity(line.seconds, line.hourly_rate_cents, line.amount_cents) == hours(line.seconds)
    assert percent_of(0, tax) == 0


def test_round_seconds():
    assert round_seconds(7 * 60, 900, "up") == 900
    assert round_seconds(50 * 60, 900, "up") == 3600
    assert round_seconds(7 * 60, 900, "nearest") == 0
    assert round_seconds(450, 900, "nearest") == 900
    assert round_seconds(899, 900, "down") == 0
    assert round_seconds(900, 900, "up") == 900


@given(prefix=st.sampled_from(["", "INV", "CN", "A-B"]), year=st.integers(1000, 9999), sequence=st.integers(1, 10**6))
def test_a_number_reads_back_as_its_year_and_sequence_whatever_the_prefix(prefix, year, sequence):
    from aostime.domain.invoicing import invoice_number, number_sequence

    assert number_sequence(invoice_number(prefix, year, sequence)) == (year, sequence)


def test_a_numbering_is_raised_past_the_numbers_given_and_never_lowered():
    from aostime.domain.invoicing import numbering_past

    numbers = ["INV-2026-0003", "OLD-2026-0007", "INV-2025-0002", "custom number", "2024-0001"]
    assert numbering_past(numbers, {2026: 5, 2025: 9}) == {2026: 7, 2025: 9, 2024: 1}


def test_an_entry_on_two_lines_of_one_invoice_or_on_two_live_invoices_is_billed_twice():
    import pytest

    from aostime.domain.invoicing import check_entry_billing
    from aostime.domain.models import Invoice
    from aostime.errors import Conflict

    one = Invoice(1, "INV-2026-0001", 1, "C", "2026-03-31", None, "sent", "EUR", 0, "0", 0, 0, "")
    two = one._replace(id=2, number="INV-2026-0002", status="draft")
    check_entry_billing(7, True, 1, one)
    with pytest.raises(Conflict, match="entry 7 is on two lines of invoice INV-2026-0001"):
        check_entry_billing(7, True, 1, one, one)
    with pytest.raises(Conflict, match="on invoice INV-2026-0001 and on invoice INV-2026-0002"):
        check_entry_billing(7, True, 1, one, two)
    with pytest.raises(Conflict, match=r"entry 7 is on invoice INV-2026-0001 \(sent\) but not invoiced"):
        check_entry_billing(7, False, None, one)


def test_a_line_states_its_hours_to_the_hundredth_and_charges_them():
    """26 h 25 min at 100.00: 26.42 h (not 26.416667), and 2,642.00 (not 2,641.67)."""
    (line,) = build_lines([make_entry(1, 26 * 3600 + 25 * 60, 10000, 1, None)], "entry", 0, "up", UTC)
    assert (hours(line.seconds), line.amount_cents) == (Decimal("26.42"), 264200)


def test_a_line_made_before_states_the_hours_its_amount_comes_from():
    """An older line billed its entries' amounts (2,641.67): kept, with the hours to the millionth."""
    assert time_quantity(26 * 3600 + 25 * 60, 10000, 264167) == Decimal("26.416667")
    assert time_quantity(3600 * 100, 10000, 1000000) == Decimal("100.00")
    assert str(time_quantity(3600 * 100 + 1, 10000, 1000003)) == "100.000278"
