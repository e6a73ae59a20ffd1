"""The timesheet's rules over plain values: how a cell's total is read, shown and checked, and
where its timesheet entry goes within the day (free time first, in the day, DST days as long as
they are)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aostime.domain.timesheet import SheetCell, check_total, day_label, place, read_total, shown
from aostime.errors import BadInput, Locked

BERLIN = ZoneInfo("Europe/Berlin")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@pytest.mark.parametrize(("typed", "seconds"), [("1:30", 5400), ("1.5h", 5400), ("90m", 5400), ("1.5", 5400),
                                                ("1:30:15", 5415), ("", 0), ("0", 0), ("0:00", 0), ("0h", 0)])  # fmt: skip
def test_a_total_is_read_in_the_clis_grammar_and_zero_or_empty_is_nothing(typed, seconds):
    assert read_total(typed) == seconds


def test_a_total_the_grammar_cannot_read_is_refused_with_the_clis_words():
    with pytest.raises(BadInput, match="cannot read duration 'soon'"):
        read_total("soon")


@given(st.integers(0, 300 * 3600))
def test_a_shown_total_reads_back_as_itself(seconds):
    assert read_total(shown(seconds)) == seconds


def test_a_day_is_labelled_as_the_locale_writes_it():
    assert day_label(date(2026, 12, 7)) == "Mon 7 Dec"


def test_a_total_below_the_other_entries_or_on_invoiced_time_or_longer_than_the_day_is_refused():
    cell = SheetCell(date(2026, 3, 24), 7200 + 1800, 1800, False, 9)
    check_total(7200, cell, "Site, Tue 24 Mar 2026", 86400)  # all of the others, none of its own: fine
    with pytest.raises(BadInput, match="already holds 2:00 h in entries made by the timer or by hand"):
        check_total(7199, cell, "Site, Tue 24 Mar 2026", 86400)
    with pytest.raises(BadInput, match="longer than the day \\(23:00 h\\)"):
        check_total(23 * 3600 + 1, cell, "Site, Sun 29 Mar 2026", 23 * 3600)
    with pytest.raises(Locked, match="holds invoiced time and cannot be changed"):
        check_total(9000, cell._replace(locked=True), "Site, Tue 24 Mar 2026", 86400)


def test_an_entry_goes_at_day_start_or_after_the_entries_there_in_the_first_free_stretch():
    begin, end, nine = at("2026-03-24T00:00+01:00"), at("2026-03-25T00:00+01:00"), at("2026-03-24T09:00+01:00")
    assert place(3600, [], begin, nine, end) == nine
    busy = [(nine, at("2026-03-24T11:00+01:00")), (at("2026-03-24T12:00+01:00"), at("2026-03-24T13:00+01:00"))]
    assert place(3600, busy, begin, nine, end) == at("2026-03-24T11:00+01:00")  # the hour between fits
    assert place(7200, busy, begin, nine, end) == at("2026-03-24T13:00+01:00")
    assert place(3600, busy, begin, nine, end, keep=at("2026-03-24T20:00+01:00")) == at("2026-03-24T20:00+01:00")
    assert place(8 * 3600, busy, begin, nine, end) == at("2026-03-24T13:00+01:00")
    assert place(10 * 3600, busy, begin, nine, end) == at("2026-03-24T13:00+01:00")  # ends in the next day
    # no stretch of the day is free: after the day's last entry, overlapping it only if it must
    assert place(14 * 3600, busy, begin, nine, end) == at("2026-03-24T13:00+01:00")


def test_a_dst_day_is_as_long_as_it_is():
    begin, end = at("2026-03-29T00:00+01:00"), at("2026-03-30T00:00+02:00")
    nine = at("2026-03-29T09:00+02:00")
    assert (end - begin) == timedelta(hours=23)
    assert place(23 * 3600, [], begin, nine, end) == begin  # the whole day, from local midnight
    assert place(15 * 3600, [], begin, nine, end) == nine  # 09:00 CEST to midnight


@settings(max_examples=300, deadline=None)
@given(
    seconds=st.integers(1, 23 * 3600),
    busy=st.lists(st.tuples(st.integers(-3 * 3600, 23 * 3600), st.integers(60, 6 * 3600)), max_size=6),
    keep=st.none() | st.integers(0, 23 * 3600 - 1),
)
def test_an_entry_always_starts_in_its_day_and_overlaps_nothing_when_the_day_has_room(seconds, busy, keep):
    begin, end = at("2026-03-29T00:00+01:00"), at("2026-03-30T00:00+02:00")
    nine = at("2026-03-29T09:00+02:00")
    spans = [(begin + timedelta(seconds=s), begin + timedelta(seconds=s + n)) for s, n in busy]
    kept = None if keep is None else begin + timedelta(seconds=keep)
    start = place(seconds, spans, begin, nine, end, keep=kept)
    assert begin <= start < end
    finish = start + timedelta(seconds=seconds)
    free_at_start = not [s for s, e in spans if s < begin + timedelta(seconds=seconds) and e > begin]
    if free_at_start:  # a stretch from midnight is free: a free stretch was found
        assert all(e <= start or s >= finish for s, e in spans) and finish <= end
