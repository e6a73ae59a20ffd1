"""timeparse reads a bare YYYY-MM-DD itself (dateutil's import costs ~10 ms a command); this
holds it to what dateutil makes of the same text, valid day or not, at any default time."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from dateutil import parser
from hypothesis import given
from hypothesis import strategies as st

from aostime import timeparse
from aostime.errors import BadInput

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def dateutil_reading(text, zone, default_time):
    h, m, s = default_time
    default = NOW.astimezone(zone).replace(hour=h, minute=m, second=s, microsecond=0, tzinfo=None)
    try:
        return parser.parse(text, default=default)
    except (ValueError, OverflowError):
        return "refused"


def aostime_reading(text, zone, default_time):
    try:
        return timeparse._parse_absolute(text, NOW, zone, default_time)
    except BadInput:
        return "refused"


@given(
    year=st.integers(0, 9999),
    month=st.integers(0, 13),
    day=st.integers(0, 32),
    zone=st.sampled_from([UTC, ZoneInfo("America/New_York"), ZoneInfo("Pacific/Kiritimati")]),
    default_time=st.sampled_from([(0, 0, 0), (23, 59, 59), (9, 15, 0)]),
)
def test_a_bare_iso_date_reads_as_dateutil_reads_it(year, month, day, zone, default_time):
    text = f"{year:04d}-{month:02d}-{day:02d}"
    assert aostime_reading(text, zone, default_time) == dateutil_reading(text, zone, default_time)


def test_a_bare_iso_date_does_not_import_dateutil():
    import subprocess
    import sys

    code = (
        "import sys; from datetime import datetime, UTC; from aostime import timeparse; "
        "timeparse.parse_range_end('2026-10-31', datetime(2026, 11, 25, tzinfo=UTC), UTC); "
        "print('dateutil' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
