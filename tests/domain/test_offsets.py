"""A zone's offsets over a stretch of time: every instant in it lies in a span whose offset is
the zone's offset at that instant, and the spans change exactly where the zone does."""

from __future__ import annotations

import bisect
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from aostime.domain.offsets import offset_at, offset_spans

SINCE, UNTIL = 1_262_304_000, 1_893_456_000  # 2010 .. 2030
ZONES = ["Europe/Berlin", "America/Santiago", "Australia/Lord_Howe", "Asia/Tehran", "Africa/Casablanca", "UTC"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ZONES), st.integers(SINCE, UNTIL), st.integers(0, 400 * 86400))
def test_every_instant_in_the_stretch_lies_in_the_span_of_its_offset(name, since, length):
    zone = ZoneInfo(name)
    until = min(since + length, UNTIL)
    spans = offset_spans(zone, since, until)
    starts = [start for start, _ in spans]
    assert starts[0] == since and starts == sorted(set(starts))
    for instant in (since, until, (since + until) // 2, *(start - 1 for start in starts[1:]), *starts):
        if since <= instant <= until:
            assert spans[bisect.bisect_right(starts, instant) - 1][1] == offset_at(zone, instant)


def test_berlin_changes_twice_a_year_at_one_in_the_morning_utc():
    spans = offset_spans(ZoneInfo("Europe/Berlin"), 1_767_225_600, 1_798_761_600)  # 2026
    assert [(start, offset) for start, offset in spans[1:]] == [(1_774_746_000, 7200), (1_792_890_000, 3600)]
