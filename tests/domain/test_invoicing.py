"""Invoice arithmetic: lines always add up to the subtotal, to the cent."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from aostime.domain.invoicing import build_lines, round_seconds, totals
from aostime.domain.models import Entry
from aostime.domain.money import amount_cents, percent_of


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
        expected = sum(amount_cents(round_seconds(e.duration, step, mode), e.hourly_rate_cents) for e in covered)
        assert line.amount_cents == expected
    if step == 0:
        assert subtotal == sum(e.amount_cents for e in entries)
    assert percent_of(0, tax) == 0


def test_round_seconds():
    assert round_seconds(7 * 60, 900, "up") == 900
    assert round_seconds(50 * 60, 900, "up") == 3600
    assert round_seconds(7 * 60, 900, "nearest") == 0
    assert round_seconds(450, 900, "nearest") == 900
    assert round_seconds(899, 900, "down") == 0
    assert round_seconds(900, 900, "up") == 900
