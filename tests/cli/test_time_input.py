"""The time grammar of docs/times.md, input by input, through the real CLI (`aos start --at`), on two
reference days in three zones. The clock is fixed at 23:30 local with AOS_NOW, so every time of
the reference day has passed. Expected values are local wall times ("2026-11-27 09:00"), exact
instants ("=2026-11-30T09:00:00+01:00") or None: refused with exit 2, nothing written."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata"]

MONDAY = "2026-11-30"  # winter time in all three zones' northern halves
MONDAY_TABLE = [
    ("9", "2026-11-30 09:00"),
    ("09", "2026-11-30 09:00"),
    ("9:30", "2026-11-30 09:30"),
    ("9.30", "2026-11-30 09:30"),
    ("0930", "2026-11-30 09:30"),
    ("17h", "2026-11-30 17:00"),
    ("17h30", "2026-11-30 17:30"),
    ("9am", "2026-11-30 09:00"),
    ("9:30pm", "2026-11-30 21:30"),
    ("9 PM", "2026-11-30 21:00"),
    ("12am", "2026-11-30 00:00"),
    ("12pm", "2026-11-30 12:00"),
    ("noon", "2026-11-30 12:00"),
    ("midnight", "2026-11-30 00:00"),
    ("9:15:30", "2026-11-30 09:15:30"),
    ("today", "2026-11-30 00:00"),
    ("today 9:00", "2026-11-30 09:00"),
    ("yesterday", "2026-11-29 00:00"),
    ("yesterday 17:00", "2026-11-29 17:00"),
    ("yesterday at 5pm", "2026-11-29 17:00"),
    ("friday", "2026-11-27 00:00"),
    ("fri 9am", "2026-11-27 09:00"),
    ("Friday 9am", "2026-11-27 09:00"),
    ("last friday", "2026-11-27 00:00"),
    ("monday", "2026-11-30 00:00"),
    ("mon 10:00", "2026-11-30 10:00"),
    ("sunday 18:30", "2026-11-29 18:30"),
    ("tuesday", "2026-11-24 00:00"),
    ("2026-11-27", "2026-11-27 00:00"),
    ("2026-11-27 09:00", "2026-11-27 09:00"),
    ("2026-11-27T09:00:00", "2026-11-27 09:00"),
    ("27.11.2026", "2026-11-27 00:00"),
    ("27.11.2026 14:15", "2026-11-27 14:15"),
    ("27.11.", "2026-11-27 00:00"),
    ("03.11.2026", "2026-11-03 00:00"),
    ("11/27/2026", "2026-11-27 00:00"),
    ("27/11/2026 8am", "2026-11-27 08:00"),
    ("Nov 27 2026 9am", "2026-11-27 09:00"),
    ("27 November 2026", "2026-11-27 00:00"),
    ("-15m", "2026-11-30 23:15"),
    ("-1h30m", "2026-11-30 22:00"),
    ("15 minutes ago", "2026-11-30 23:15"),
    ("2h ago", "2026-11-30 21:30"),
    ("now", "2026-11-30 23:30"),
    ("2026-11-27T09:00:00Z", "=2026-11-27T09:00:00+00:00"),
    ("09:00+01:00", "=2026-11-30T09:00:00+01:00"),
    ("09:00Z", "=2026-11-30T09:00:00+00:00"),
    ("09:00 EST", "=2026-11-30T09:00:00-05:00"),
    ("2026-11-27 09:00 -0330", "=2026-11-27T09:00:00-03:30"),
    ("25", None),
    ("32", None),
    ("9:75", None),
    ("24:30", None),
    ("2026", None),
    ("27.11", None),
    ("03/11/2026", None),
    ("last monday", None),
    ("9:00 CST", None),
    ("9:00-25", None),
    ("+10m", None),  # a timer does not start in the future
    ("tomorrow", None),
    ("2026-02-30", None),
    ("soon", None),
    ("৩৩৩", None),
]
WEDNESDAY = "2026-07-15"  # summer time in Berlin and New York
WEDNESDAY_TABLE = [
    ("9", "2026-07-15 09:00"),
    ("noon", "2026-07-15 12:00"),
    ("wednesday", "2026-07-15 00:00"),
    ("thu", "2026-07-09 00:00"),
    ("friday 16:45", "2026-07-10 16:45"),
    ("yesterday 17:00", "2026-07-14 17:00"),
    ("15.7.", "2026-07-15 00:00"),
    ("13/7/2026", "2026-07-13 00:00"),
    ("7/13/2026 9:00", "2026-07-13 09:00"),
    ("09:00 CEST", "=2026-07-15T09:00:00+02:00"),
    ("09:00 EDT", "=2026-07-15T09:00:00-04:00"),
    ("last wednesday", None),
    ("7/4/2026", None),
    ("23:59:60", None),
]
CASES = [
    pytest.param(zone, day, text, expected, id=f"{zone}-{day}-{text}")
    for zone in ZONES
    for day, table in ((MONDAY, MONDAY_TABLE), (WEDNESDAY, WEDNESDAY_TABLE))
    for text, expected in table
]


def at_local(zone: str, day: str, clock: str) -> str:
    return datetime.fromisoformat(f"{day} {clock}").replace(tzinfo=ZoneInfo(zone)).isoformat()


@pytest.fixture
def clock(monkeypatch):
    def set_to(zone: str, day: str, time_of_day: str = "23:30") -> None:
        monkeypatch.setenv("TZ", zone)
        monkeypatch.setenv("AOS_NOW", at_local(zone, day, time_of_day))

    return set_to


@pytest.mark.parametrize("zone, day, text, expected", CASES)
def test_the_grammar_table_through_start_at(acme, db_dump, clock, zone, day, text, expected):
    clock(zone, day)
    if expected is None:
        dump = db_dump()
        refused = acme("start", "-p", "1", "--at", text, expect=2)
        assert refused.err.startswith("Error: ") and repr(text) in refused.err
        assert db_dump() == dump
        return
    started = datetime.fromisoformat(acme("start", "-p", "1", "--at", text, "--json").json["start_time"])
    acme("cancel")
    if expected.startswith("="):
        assert started == datetime.fromisoformat(expected[1:])
    else:
        assert started == datetime.fromisoformat(expected).replace(tzinfo=ZoneInfo(zone))
        assert started.utcoffset() == ZoneInfo(zone).utcoffset(datetime.fromisoformat(expected))


def test_a_refusal_names_the_input_and_shows_accepted_examples(acme, clock):
    clock("Europe/Berlin", MONDAY)
    err = acme("start", "-p", "1", "--at", "25", expect=2).err
    assert err.count("\n") == 1 and "'25'" in err and "accepted:" in err and "yesterday 17:00" in err
    ambiguous = acme("add", "-p", "1", "--start", "03/11/2026 9:00", "--end", "03/11/2026 10:00", expect=2).err
    assert "3 November 2026" in ambiguous and "March 11, 2026" in ambiguous and "date_order" in ambiguous


def test_the_date_order_setting_decides_slashed_dates(acme, clock):
    clock("Europe/Berlin", MONDAY)
    acme("config", "set", "date_order", "dmy")
    entry = acme("add", "-p", "1", "--start", "03/11/2026 9:00", "--end", "03/11/2026 10:00", "--json").json
    assert entry["start_time"] == "2026-11-03T09:00:00+01:00"
    acme("config", "set", "date_order", "mdy")
    entry = acme("add", "-p", "1", "--start", "03/11/2026 9:00", "--end", "03/11/2026 10:00", "--json").json
    assert entry["start_time"] == "2026-03-11T09:00:00+01:00"
    acme("config", "set", "date_order", "ymd", expect=2)
    acme("config", "unset", "date_order")
    acme("add", "-p", "1", "--start", "03/11/2026 9:00", "--end", "03/11/2026 10:00", expect=2)


def test_add_reads_bare_times_on_its_date_and_edit_on_the_entrys_own_day(acme, clock):
    clock("Europe/Berlin", MONDAY)
    entry = acme("add", "-p", "1", "--date", "2026-11-20", "--start", "9", "--end", "17:30", "--json").json
    assert (entry["start_time"], entry["end_time"]) == ("2026-11-20T09:00:00+01:00", "2026-11-20T17:30:00+01:00")
    eid = str(entry["id"])
    edited = acme("edit", eid, "--start", "14:00", "--end", "18:00", "--json").json
    assert (edited["start_time"], edited["end_time"]) == ("2026-11-20T14:00:00+01:00", "2026-11-20T18:00:00+01:00")
    moved = acme("edit", eid, "--date", "friday", "--start", "8am", "--end", "noon", "--json").json
    assert (moved["start_time"], moved["end_time"]) == ("2026-11-27T08:00:00+01:00", "2026-11-27T12:00:00+01:00")
    today = acme("add", "-p", "1", "--start", "9", "--end", "10", "--json").json
    assert today["start_time"] == "2026-11-30T09:00:00+01:00"
    overnight = acme("add", "-p", "1", "--date", "2026-11-21", "--start", "22:00", "--end", "2026-11-22 01:00",
                     "--json").json  # fmt: skip
    assert overnight["duration"] == 3 * 3600
    acme("add", "-p", "1", "--date", "2026-11-21", "--start", "2026-11-19 9:00", "--end", "10", expect=2)


def test_an_overnight_entry_keeps_its_end_day_when_only_the_end_changes(acme, clock):
    clock("Europe/Berlin", MONDAY)
    entry = acme("add", "-p", "1", "--start", "2026-11-20 22:00", "--end", "2026-11-21 01:00", "--json").json
    edited = acme("edit", str(entry["id"]), "--end", "2:30", "--json").json
    assert edited["end_time"] == "2026-11-21T02:30:00+01:00"


def test_relative_days_in_a_date_are_calendar_days_across_dst(acme, clock):
    clock("Europe/Berlin", "2026-10-25")  # 25 hours long: 24 h back is still the 25th
    assert acme("add", "-p", "1", "--hours", "1", "--date", "-1d", "--json").json["date"] == "2026-10-24"
    clock("Europe/Berlin", "2026-03-30", "00:30")  # 24 h back is the 28th, one day back the 29th
    assert acme("add", "-p", "1", "--hours", "1", "--date", "-1d", "--json").json["date"] == "2026-03-29"
    assert acme("add", "-p", "1", "--hours", "1", "--date", "1 day ago", "--json").json["date"] == "2026-03-29"
    acme("add", "-p", "1", "--hours", "1", "--date", "-15m", expect=2)


def test_the_last_day_there_is_can_end_a_range(acme, clock):
    clock("Europe/Berlin", MONDAY)
    acme("add", "-p", "1", "--start", "9", "--end", "10")
    assert acme("list", "--from", "2026-01-01", "--to", "2999-12-31", "--json").json["count"] == 1


def test_moving_an_entry_into_a_dst_gap_names_the_missing_time(acme, clock):
    clock("Europe/Berlin", MONDAY)
    eid = str(acme("add", "-p", "1", "--start", "2026-03-27 02:30", "--end", "2026-03-27 03:30", "--json").json["id"])
    err = acme("edit", eid, "--date", "2026-03-29", expect=2).err
    assert "'2026-03-29 02:30' does not exist" in err


def test_an_ambiguous_date_in_a_csv_file_is_refused_unless_date_order_says(acme, clock, tmp_path):
    clock("Europe/Berlin", MONDAY)
    csv = tmp_path / "toggl.csv"
    csv.write_text("Project,Start date,Start time,End date,End time\nWeb,03/11/2026,09:00:00,03/11/2026,10:00:00\n")
    err = acme("import", "csv", str(csv), expect=2).err
    assert "3 November 2026" in err and "March 11, 2026" in err
    acme("config", "set", "date_order", "dmy")
    acme("import", "csv", str(csv))
    assert acme("list", "--json").json["entries"][0]["start_time"] == "2026-11-03T09:00:00+01:00"
