"""Named report periods are computed in local time from the week_start setting."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from aostime.domain.reports import period_bounds, week_start_index

BERLIN = ZoneInfo("Europe/Berlin")
WEDNESDAY = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("week_start", "first_day"),
    [("monday", "2026-11-23"), ("sunday", "2026-11-22"), ("wednesday", "2026-11-25"), ("thursday", "2026-11-19")],
)
def test_a_week_starts_on_the_week_start_setting(week_start, first_day):
    start, end = period_bounds("week", WEDNESDAY, BERLIN, week_start_index(week_start))
    assert start.astimezone(BERLIN).date().isoformat() == first_day
    assert (end - start).days == 7
    last_start, last_end = period_bounds("last-week", WEDNESDAY, BERLIN, week_start_index(week_start))
    assert last_end == start and (start - last_start).days == 7


def test_a_month_and_a_year_in_local_time():
    start, end = period_bounds("month", datetime(2026, 10, 31, 23, 30, tzinfo=UTC), BERLIN, 0)
    assert start.astimezone(BERLIN).isoformat() == "2026-11-01T00:00:00+01:00"  # already November in Berlin
    assert end.astimezone(BERLIN).isoformat() == "2026-12-01T00:00:00+01:00"
