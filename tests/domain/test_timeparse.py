"""One parser for every time option: ISO, dateutil forms, words, relative offsets; DST-safe."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aostime.domain.timeparse import parse_date, parse_duration, parse_range_end, parse_time, show, typed
from aostime.errors import BadInput

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 31, 10, 0, tzinfo=UTC)  # 12:00 in Berlin (summer time)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("now", NOW),
        ("2026-03-31T09:00:00", datetime(2026, 3, 31, 7, 0, tzinfo=UTC)),
        ("2026-03-31 09:00", datetime(2026, 3, 31, 7, 0, tzinfo=UTC)),
        ("9:00", datetime(2026, 3, 31, 7, 0, tzinfo=UTC)),
        ("14:30", datetime(2026, 3, 31, 12, 30, tzinfo=UTC)),
        ("2026-03-31T09:00:00+00:00", datetime(2026, 3, 31, 9, 0, tzinfo=UTC)),
        ("today", datetime(2026, 3, 30, 22, 0, tzinfo=UTC)),
        ("yesterday", datetime(2026, 3, 29, 22, 0, tzinfo=UTC)),
        ("-15m", NOW - timedelta(minutes=15)),
        ("-1h30m", NOW - timedelta(hours=1, minutes=30)),
        ("15 minutes ago", NOW - timedelta(minutes=15)),
        ("2 hours ago", NOW - timedelta(hours=2)),
    ],
)
def test_accepted_forms(text, expected):
    assert parse_time(text, NOW, BERLIN) == expected


@pytest.mark.parametrize("text", ["soon", "2026-13-01", "2026-02-30", "", "25:00", "\x00", "99999-01-01"])
def test_unreadable_times_are_refused_naming_the_accepted_forms(text):
    with pytest.raises(BadInput, match="accepted|out of range|cannot read"):
        parse_time(text, NOW, BERLIN)


def test_a_bare_date_as_range_end_includes_the_whole_day():
    assert parse_range_end("2026-03-31", NOW, BERLIN) == datetime(2026, 3, 31, 22, 0, tzinfo=UTC)
    assert parse_range_end("2026-03-31 12:00", NOW, BERLIN) == datetime(2026, 3, 31, 10, 0, tzinfo=UTC)


def test_spring_forward_two_local_hours_are_one_real_hour():
    start = parse_time("2026-03-29 01:30", NOW, BERLIN)
    end = parse_time("2026-03-29 03:30", NOW, BERLIN)
    assert (end - start).total_seconds() == 3600
    assert show(start, BERLIN).endswith("+01:00") and show(end, BERLIN).endswith("+02:00")


def test_a_time_in_the_spring_gap_does_not_exist():
    with pytest.raises(BadInput, match="does not exist"):
        parse_time("2026-03-29 02:30", NOW, BERLIN)


def test_an_ambiguous_fall_back_time_means_its_first_occurrence():
    first = parse_time("2026-10-25 02:30", NOW, BERLIN)
    assert show(first, BERLIN) == "2026-10-25T02:30:00+02:00"
    second = parse_time("2026-10-25 02:30+01:00", NOW, BERLIN)
    assert (second - first).total_seconds() == 3600


@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2990, 1, 1)))
def test_formatted_times_parse_back_to_the_same_instant(naive):
    instant = naive.replace(tzinfo=UTC, microsecond=0)
    assert parse_time(show(instant, BERLIN), NOW, BERLIN) == instant


@given(st.integers(0, 200 * 24), st.integers(0, 200 * 24))
def test_no_duration_across_dst_is_negative_or_doubled(a, b):
    base = datetime(2026, 1, 1, tzinfo=UTC)
    start, end = sorted((base + timedelta(hours=a), base + timedelta(hours=b)))
    local_start, local_end = show(start, BERLIN), show(end, BERLIN)
    seconds = (parse_time(local_end, NOW, BERLIN) - parse_time(local_start, NOW, BERLIN)).total_seconds()
    assert seconds == (end - start).total_seconds() >= 0


@pytest.mark.parametrize(
    "text, seconds", [("4.5", 16200), ("1h30m", 5400), ("1:30", 5400), ("90m", 5400), ("0.25", 900)]
)
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["0", "-1", "NaN", "inf", "1e308", "abc", "", "0:00"])
def test_bad_durations_are_refused(text):
    with pytest.raises(BadInput):
        parse_duration(text)


def test_dates():
    assert parse_date("2026-03-28", NOW, BERLIN).isoformat() == "2026-03-28"
    assert parse_date("yesterday", NOW, BERLIN).isoformat() == "2026-03-30"
    with pytest.raises(BadInput):
        parse_date("2026-02-30", NOW, BERLIN)


@pytest.mark.parametrize(
    ("tz", "name"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        (":Europe/Berlin", "Europe/Berlin"),
        ("/usr/share/zoneinfo/America/New_York", "America/New_York"),
        ("UTC+14", "UTC+14"),
        ("JST-9", "JST-9"),
        ("<+0530>-5:30", "STD-5:30"),
        ("CET-1CEST,M3.5.0,M10.5.0/3", "CET-1CEST,M3.5.0,M10.5.0/3"),
        ("EST5EDT", "EST5EDT"),  # also an IANA name
        ("AAA3BBB", "AAA3BBB,M3.2.0,M11.1.0"),  # a DST name without rules: glibc's default rules
    ],
)
def test_a_zone_keeps_the_name_another_tz_reader_knows_it_by(tz, name):
    from aostime.domain.timeparse import zone_name, zone_named

    assert zone_name(zone_named(tz)) == name


def test_a_fixed_offset_is_named_as_a_posix_rule_counting_west():
    from datetime import timedelta, timezone

    from aostime.domain.timeparse import zone_name

    assert zone_name(timezone(timedelta(hours=5, minutes=30))) == "UTC-05:30"
    assert zone_name(timezone(timedelta(hours=-3))) == "UTC+03:00"


@pytest.mark.parametrize(
    ("tz", "iana"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("/usr/share/zoneinfo/America/New_York", "America/New_York"),
        ("JST-9", "Etc/GMT-9"),  # a fixed whole-hour offset: the tz database's Etc zone (counting west)
        ("UTC-14", "Etc/GMT-14"),
        ("UTC+14", None),  # beyond the Etc zones' -14..+12
        ("<+0530>-5:30", None),  # a fraction of an hour
        ("CET-1CEST,M3.5.0,M10.5.0/3", None),  # daylight saving time by a rule: no name stands for it
    ],
)
def test_the_zone_a_team_client_names_to_its_server_is_an_iana_name_or_none(tz, iana):
    from aostime.domain.timeparse import iana_name, iana_zone, zone_named

    assert iana_name(zone_named(tz)) == iana
    if iana is not None:
        assert iana_zone(iana).utcoffset(NOW) == zone_named(tz).utcoffset(NOW)


@pytest.mark.parametrize("name", ["/etc/localtime", ":Europe/Berlin", "../../etc/passwd", "Europe/../../x", "UTC+1",
                                  "CET-1CEST,M3.5.0,M10.5.0/3", "zone.tab", "", "x" * 200])  # fmt: skip
def test_a_zone_named_by_another_machine_is_an_iana_name_or_nothing(name):
    from aostime.domain.timeparse import iana_zone

    assert iana_zone(name) is None


@given(st.integers(min_value=0, max_value=6 * 3600), st.sampled_from(["Europe/Berlin", "America/New_York"]))
def test_a_time_typed_back_into_a_form_reads_as_the_same_instant_across_the_autumn_change(seconds, name):
    zone = ZoneInfo(name)
    first = datetime(2026, 10, 24, 22, tzinfo=UTC) if name == "Europe/Berlin" else datetime(2026, 11, 1, 3, tzinfo=UTC)
    instant = first + timedelta(seconds=seconds)
    text = typed(instant, zone)
    assert parse_time(text, NOW, zone) == instant
    if parse_time(text[:19], NOW, zone) != instant:  # the bare wall time would read as the other one
        assert len(text) == 25
    if len(text) > 19:  # an offset only on a time that occurs twice: both readings exist
        other = "+01:00" if text.endswith("+02:00") else "+02:00" if name == "Europe/Berlin" else None
        other = other or ("-05:00" if text.endswith("-04:00") else "-04:00")
        assert show(parse_time(text[:19] + other, NOW, zone), zone)[:19] == text[:19].replace(" ", "T")
