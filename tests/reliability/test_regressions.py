"""Bugs the reliability tests found, each pinned by the smallest command that showed it."""

from __future__ import annotations

from reliability_helpers import query


def test_adding_hours_to_a_day_that_is_already_full_is_refused_not_stacked_on_the_next_day(world, aos):
    """Found by 80 concurrent `add --hours 0.25 --date D`: past midnight every further add
    started at the same instant of the next day (overlapping, double-billed)."""
    aos("add", "-p", "1", "--start", "2026-03-02 09:00", "--end", "2026-03-02 23:45")
    aos("add", "-p", "1", "--hours", "0.25", "--date", "2026-03-02")
    result = aos("add", "-p", "1", "--hours", "0.25", "--date", "2026-03-02", expect=2)
    assert "already run until 2026-03-03 00:00" in result.err and "--start and --end" in result.err
    assert query(world, "SELECT count(*) FROM time_entries")[0][0] == 2
