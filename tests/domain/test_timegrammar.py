"""The time grammar as properties: what a person types never lands on a day or in a year they
did not mean. The table of examples runs through the real CLI in tests/cli/test_time_input.py."""

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aostime.domain.timegrammar import WEEKDAYS, read_time, read_written_time
from aostime.domain.timer import local_text
from aostime.errors import BadInput

ZONES = [ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata")]
NOW = datetime(2026, 11, 30, 22, 30, tzinfo=UTC)  # 23:30 Monday in Berlin

hours = st.integers(0, 30)
minutes = st.integers(0, 70)
clock_forms = st.one_of(
    hours.map(str),
    hours.map("{:02d}".format),
    st.tuples(hours, minutes).map(lambda t: f"{t[0]}:{t[1]:02d}"),
    st.tuples(hours, minutes).map(lambda t: f"{t[0]}.{t[1]:02d}"),
    st.tuples(hours, minutes).map(lambda t: f"{t[0]:02d}{t[1]:02d}"),
    st.tuples(hours, st.sampled_from(["am", "pm", " am", " p.m."])).map(lambda t: f"{t[0]}{t[1]}"),
    hours.map("{}h".format),
    st.sampled_from(["noon", "midnight"]),
)
junk = st.text(alphabet="0123456789:.,/-+ hapmtz", max_size=10)
references = st.datetimes(min_value=datetime(1971, 1, 2), max_value=datetime(2990, 12, 30), timezones=st.just(UTC))


def reading(text, now=NOW, zone=ZONES[0], day=None, date_order=None):
    try:
        return read_time(text, now, zone, day, date_order)
    except BadInput:
        return None


@given(st.one_of(clock_forms, junk), references, st.sampled_from(ZONES))
def test_an_accepted_time_without_a_day_lands_within_the_reference_day(text, now, zone):
    found = reading(text, now.replace(microsecond=0), zone)
    if found is not None and not found.named_day:
        assert found.instant.astimezone(zone).date() == now.astimezone(zone).date()


@given(st.one_of(clock_forms, junk), st.dates(date(1971, 1, 1), date(2990, 1, 1)))
def test_a_bare_time_falls_on_the_reference_day_given(text, day):
    found = reading(text, day=day)
    if found is not None and not found.named_day:
        assert found.instant.astimezone(ZONES[0]).date() == day


@given(st.sampled_from(sorted(WEEKDAYS)), st.booleans(), st.one_of(st.none(), clock_forms), references)
def test_a_weekday_is_the_most_recent_such_day_not_after_today(name, last, clock, now):
    text = f"{'last ' if last else ''}{name}{' ' + clock if clock else ''}"
    found = reading(text, now)
    today = now.astimezone(ZONES[0]).date()
    if found is None:
        assert last and today.weekday() == WEEKDAYS[name] or clock is not None
        return
    day = found.instant.astimezone(ZONES[0]).date()
    assert today - timedelta(days=6) <= day <= today and day.weekday() == WEEKDAYS[name]


year_free = st.one_of(
    clock_forms,
    st.sampled_from(["today", "yesterday", "friday", "last sunday", "sat 9am", "yesterday 17:00", "noon"]),
    st.tuples(st.integers(1, 31), st.integers(1, 12)).map(lambda t: f"{t[0]}.{t[1]}."),
    st.tuples(st.integers(1, 31), st.integers(1, 12)).map(lambda t: f"{t[0]}/{t[1]}"),
)


@given(year_free, references)
def test_no_accepted_input_lands_in_a_year_the_user_did_not_type(text, now):
    found = reading(text, now, date_order="dmy")
    if found is not None:
        year = found.instant.astimezone(ZONES[0]).year
        this_year = now.astimezone(ZONES[0]).year
        week_ago = (now - timedelta(days=7)).astimezone(ZONES[0]).year
        assert year in (this_year, week_ago)


@given(st.integers(1970, 2999), st.integers(1, 12), st.integers(1, 28), st.sampled_from(["iso", "dots", "name"]))
def test_a_typed_year_is_the_year_read(year, month, day, form):
    text = {
        "iso": f"{year}-{month:02d}-{day:02d}",
        "dots": f"{day}.{month}.{year}",
        "name": f"{day} {date(2000, month, 1):%B} {year}",
    }[form]
    found = reading(text + " 12:00")
    assert found is not None and found.instant.astimezone(ZONES[0]).date() == date(year, month, day)


@given(references, st.sampled_from(ZONES))
def test_times_shown_in_messages_read_back_as_the_same_instant(instant, zone):
    instant = instant.replace(microsecond=0)
    assert read_time(local_text(instant, zone), NOW, zone).instant == instant
    assert read_time(instant.astimezone(zone).isoformat(), NOW, zone).instant == instant


@pytest.mark.parametrize(
    "text, why",
    [
        ("25", "not an hour"),
        ("32", "not an hour"),
        ("9:75", "minutes"),
        ("24:30", "not an hour"),
        ("2026", "could be a year"),
        ("27.11", "not an hour"),
        ("13pm", "12-hour"),
        ("03/11/2026", "3 November 2026 (day first) or March 11, 2026 (month first)"),
        ("last monday", "today is a Monday"),
        ("9:00 CST", "more than one zone"),
        ("9:00-25", "not a date, day or time"),
        ("9-10", "not a date, day or time"),
        ("9+01:00", "offset goes after hours and minutes"),
        ("at", "names no day and no time"),
        ("27.11.99", "could be 2099 or 1999"),
        ("Mon, 27 Nov 2026", "is a Friday"),
        ("9:00 9:30", "more than one time"),
        ("friday yesterday", "is a Sunday, not a friday"),
        ("today 2026-11-27", "more than one day"),
        ("৩৩৩", "ASCII"),
        ("", "empty"),
        ("9999-12-31", "out of range"),
        ("-99999999h", "out of range"),
    ],
)
def test_what_could_be_misread_is_refused_saying_why(text, why):
    with pytest.raises(BadInput, match="accepted|ambiguous|out of range") as refused:
        read_time(text, NOW, ZONES[0])
    assert why in str(refused.value)


def test_the_date_order_setting_reads_an_ambiguous_slashed_date():
    assert read_time("03/11/2026", NOW, UTC, date_order="dmy").instant.date() == date(2026, 11, 3)
    assert read_time("03/11/2026", NOW, UTC, date_order="mdy").instant.date() == date(2026, 3, 11)
    assert read_time("27/11/2026", NOW, UTC, date_order="mdy").instant.date() == date(2026, 11, 27)


def test_a_files_times_must_name_their_date_and_year():
    assert read_written_time("7/27/22 9:00 PM", "mdy") == datetime(2022, 7, 27, 21, 0)
    assert read_written_time("2026-03-31T09:00:00+02:00", None) == datetime(2026, 3, 31, 7, 0, tzinfo=UTC)
    for text in ("9:00", "yesterday 9:00", "-1h", "27.11. 9:00", "friday"):
        with pytest.raises(BadInput):
            read_written_time(text, "dmy")


def test_zone_abbreviations_are_honoured_as_their_fixed_offsets():
    assert read_time("2026-11-30 09:00 EST", NOW, ZONES[0]).instant == datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
    assert read_time("2026-07-01 09:00 CEST", NOW, ZONES[1]).instant == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)


@given(st.tuples(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99),
                 st.integers(0, 99), st.none() | st.integers(0, 99), st.sampled_from([" ", "T"])))  # fmt: skip
def test_the_plain_iso_shortcut_reads_what_the_grammar_reads(parts):
    """Exports write '2026-03-02 09:00:00' a million times: read without the grammar, the same way."""
    from aostime.domain import timegrammar
    from aostime.errors import BadInput

    year, month, day, hour, minute, second, sep = parts
    text = f"{year:04d}-{month:02d}-{day:02d}{sep}{hour:02d}:{minute:02d}" + (
        "" if second is None else f":{second:02d}"
    )
    try:
        expected = timegrammar._written_time(text, None)
    except BadInput as refused:
        with pytest.raises(BadInput, match=re.escape(str(refused))):
            timegrammar.read_written_time(text, None)
        return
    assert timegrammar.read_written_time(text, None) == expected
