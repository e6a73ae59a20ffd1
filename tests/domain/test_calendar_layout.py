"""The calendar's layout rule (domain.calendar): a day is as long as it really is, a position on
it is the time elapsed since its midnight, overlapping entries share the width side by side."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from aostime.domain.calendar import lay_out

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 4, 12, 0, tzinfo=UTC)


def entry(number: int, start: str, end: str | None):
    instant = datetime.fromisoformat
    return SimpleNamespace(id=number, start=instant(start), end=instant(end) if end else None)


def placed(day) -> list[tuple]:
    return [(b.entry.id, b.top, b.length, b.lane, b.lanes, b.before, b.after) for b in day.blocks]


def test_the_nights_the_clocks_change_are_23_and_25_hours_and_their_hours_say_so():
    spring, fall = lay_out([date(2026, 3, 29), date(2026, 10, 25)], BERLIN, [], NOW)
    assert (spring.minutes, fall.minutes) == (23 * 60, 25 * 60)
    assert [label for _, label in spring.hours[:4]] == ["00:00", "01:00", "03:00", "04:00"]
    assert [label for _, label in fall.hours[1:5]] == ["01:00", "02:00 +02:00", "02:00 +01:00", "03:00"]
    assert [minute for minute, _ in fall.hours][-1] == 24 * 60  # the 25th hour's line


def test_a_position_is_the_time_elapsed_since_midnight_not_the_wall_clock():
    (day,) = lay_out(
        [date(2026, 3, 29)], BERLIN, [entry(1, "2026-03-29T04:00:00+02:00", "2026-03-29T05:00:00+02:00")], NOW
    )
    assert placed(day) == [(1, 3 * 60, 60, 0, 1, False, False)]  # 04:00 is three hours after midnight that day


def test_overlapping_entries_take_lanes_side_by_side_and_a_group_ends_where_they_stop_overlapping():
    entries = [
        entry(1, "2026-03-02T09:00:00+01:00", "2026-03-02T10:00:00+01:00"),
        entry(2, "2026-03-02T09:30:00+01:00", "2026-03-02T11:00:00+01:00"),
        entry(3, "2026-03-02T10:00:00+01:00", "2026-03-02T10:30:00+01:00"),  # lane 0 is free again at 10:00
        entry(4, "2026-03-02T12:00:00+01:00", "2026-03-02T13:00:00+01:00"),  # alone: the whole width
    ]
    (day,) = lay_out([date(2026, 3, 2)], BERLIN, entries, NOW)
    assert placed(day) == [(1, 540, 60, 0, 2, False, False), (2, 570, 90, 1, 2, False, False),
                           (3, 600, 30, 0, 2, False, False), (4, 720, 60, 0, 1, False, False)]  # fmt: skip


def test_an_entry_past_midnight_is_drawn_on_both_days_and_a_running_timer_up_to_now():
    entries = [entry(1, "2026-11-03T23:00:00+01:00", "2026-11-04T01:30:00+01:00"),
               entry(2, "2026-11-04T12:30:00+01:00", None)]  # fmt: skip
    tuesday, wednesday = lay_out([date(2026, 11, 3), date(2026, 11, 4)], BERLIN, entries, NOW)
    assert placed(tuesday) == [(1, 23 * 60, 60, 0, 1, False, True)]
    assert placed(wednesday) == [(1, 0, 90, 0, 1, True, False), (2, 750, 30, 0, 1, False, False)]  # now: 13:00
