"""Files as other trackers really write them for accounts set up otherwise than in English with a
24-hour clock: localized Billable values, 12-hour durations, Toggl's own Duration, and hledger's
clock-ins without an account."""

from __future__ import annotations

from datetime import UTC

import pytest

from aostime.errors import BadInput
from aostime.interchange import csvformats, timeclock
from aostime.interchange.records import parse_flag, parse_hours

TOGGL_HEAD = (
    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags\n"
)


@pytest.mark.parametrize(
    ("yes", "no"),
    [("Yes", "No"), ("はい", "いいえ"), ("Ja", "Nein"), ("Oui", "Non"), ("Sí", "No"), ("Sim", "Não"), ("Sì", "No")],
)
def test_billable_is_read_in_the_language_the_account_exports_it_in(yes, no):
    assert parse_flag(yes, "t.csv", "row 2", "billable") is True
    assert parse_flag(no, "t.csv", "row 3", "billable") is False


def test_a_billable_value_of_no_known_language_is_still_refused():
    with pytest.raises(BadInput, match="billable 'maybe' is not yes/no"):
        parse_flag("maybe", "t.csv", "row 2", "billable")


def test_a_toggl_export_of_a_japanese_account_imports(aos, tmp_path):
    path = tmp_path / "toggl_ja.csv"
    path.write_text(TOGGL_HEAD + "山田,yamada@example.jp,Acme,Web,,設計,はい,2026-03-02,09:00:00,2026-03-02,10:00:00,"
                    "01:00:00,\n山田,yamada@example.jp,Acme,Web,,会議,いいえ,2026-03-02,11:00:00,2026-03-02,11:30:00,"
                    "00:30:00,\n", encoding="utf-8")  # fmt: skip
    assert aos("import", "csv", str(path), "--json").json["entries"]["created"] == 2
    billable = {e["description"]: e["billable"] for e in aos("list", "--json").json["entries"]}
    assert billable == {"設計": True, "会議": False}


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("12:20:00 AM", 1200), ("1:30:00 AM", 5400), ("12:00:00 PM", 43200), ("1:05:09 PM", 13 * 3600 + 309),
     ("12:45 am", 2700), ("01:30:00", 5400)],
)  # fmt: skip
def test_durations_written_on_a_12_hour_clock_are_the_time_since_midnight(text, seconds):
    assert parse_hours(text, "t.csv", "row 2", "duration") == seconds


def test_a_12_hour_duration_that_is_no_clock_time_is_refused():
    with pytest.raises(BadInput, match="is not a duration"):
        parse_hours("13:20:00 PM", "t.csv", "row 2", "duration")


def test_a_toggl_export_of_a_12_hour_account_imports_with_its_durations():
    text = TOGGL_HEAD + ("Jo,jo@example.com,Acme,Web,,Call,Yes,03/02/2026,11:50:00 PM,03/03/2026,12:10:00 AM,12:20:00 AM,"
                         "\nJo,jo@example.com,Acme,Web,,Draft,No,03/03/2026,01:00:00 PM,03/03/2026,02:30:00 PM,"
                         "1:30:00 AM,\n")  # fmt: skip
    entries = csvformats.parse(text, "t.csv", None, UTC, explicit_order="mdy").entries
    assert [(e.start.isoformat(), int((e.end - e.start).total_seconds())) for e in entries] == [
        ("2026-03-02T23:50:00+00:00", 1200), ("2026-03-03T13:00:00+00:00", 5400)]  # fmt: skip


def test_toggls_duration_sets_the_end_where_the_times_are_a_second_off():
    """Toggl keeps fractions of a second: 09:00:00.6 to 10:00:00.4 is written 09:00:00 - 10:00:00 and
    lasted 0:59:59, the Duration it writes."""
    text = TOGGL_HEAD + ("Jo,jo@example.com,Acme,Web,,Call,Yes,2026-03-02,09:00:00,2026-03-02,10:00:00,00:59:59,\n"
                         "Jo,jo@example.com,Acme,Web,,Draft,Yes,2026-03-02,11:00:00,2026-03-02,12:00:00,01:00:01,\n"
                         "Jo,jo@example.com,Acme,Web,,Edit,Yes,2026-03-02,13:00:00,2026-03-02,14:00:00,01:20:00,\n"
                         "Jo,jo@example.com,Acme,Web,,Rounded,Yes,2026-03-02,15:00,2026-03-02,16:00,1:00:40,\n")  # fmt: skip
    entries = csvformats.parse(text, "t.csv", None, UTC).entries
    # a second off: Toggl's duration; 20 minutes off: not this entry's length, the times stand;
    # times to the minute: the duration, written to the second, is the exact one
    assert [int((e.end - e.start).total_seconds()) for e in entries] == [3599, 3601, 3600, 3640]


def test_a_timeclock_clock_in_without_an_account_goes_to_the_default_project(aos, tmp_path):
    """hledger reads such a session (it posts it to the empty account); so does aostime."""
    path = tmp_path / "work.timeclock"
    path.write_text("i 2026-03-02 09:00:00\no 2026-03-02 10:00:00\ni 2026-03-02 11:00:00 acme:web  Review\n"
                    "o 2026-03-02 12:00:00\n")  # fmt: skip
    batch = timeclock.parse(path.read_text(), str(path), UTC)
    assert [(e.client, e.project) for e in batch.entries] == [(None, None), ("acme", "web")]
    assert aos("import", "timeclock", str(path), "--json").json["entries"]["created"] == 2
    assert sorted(e["project_name"] for e in aos("list", "--json").json["entries"]) == ["Untagged", "web"]
    other = tmp_path / "more.timeclock"
    other.write_text("i 2026-03-03 09:00\no 2026-03-03 09:30\n")
    aos("import", "timeclock", str(other), "--default-project", "Admin")
    assert "Admin" in {e["project_name"] for e in aos("list", "--json").json["entries"]}


def test_two_open_clock_ins_without_an_account_are_refused_naming_the_line():
    with pytest.raises(BadInput, match="line 2: a clock-in without an account is already clocked in"):
        timeclock.parse("i 2026-03-02 09:00\ni 2026-03-02 10:00\n", "t.timeclock", UTC)


def test_a_timeclock_file_whose_every_time_has_its_offset_is_read_in_no_zone():
    """Its entries are the same under any TZ: a re-import in another zone is not refused."""
    from zoneinfo import ZoneInfo

    with_offsets = "i 2026-03-02 09:00:00+0100 acme:web\no 2026-03-02 10:00:00+0100\n"
    assert timeclock.parse(with_offsets, "t.timeclock", ZoneInfo("Asia/Tokyo")).zone is None
    mixed = with_offsets + "i 2026-03-03 09:00:00 acme:web\no 2026-03-03 10:00:00\n"
    assert timeclock.parse(mixed, "t.timeclock", ZoneInfo("Asia/Tokyo")).zone == "Asia/Tokyo"
