"""aos import timetrap | timeclock | watson-log, against fixtures shaped as the tools write them
(timetrap's CSV formatter and its spec, hledger's timeclock docs and tests) or recorded with the
real Watson (tests/fixtures/watson_log/make_watson_log_fixtures.sh). The expected seconds below
are worked out by hand from the fixtures; a second run imports nothing."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from interchange_helpers import FIXTURES, entries, totals

TIMETRAP = str(FIXTURES / "timetrap" / "display.csv")
TIMECLOCK = str(FIXTURES / "timeclock" / "work.timeclock")
WATSON_LOG = FIXTURES / "watson_log"


def _assert_nothing_new(aos, db_dump, *args: str) -> None:
    """Re-running the import creates nothing and leaves the database as it was."""
    before = db_dump()
    again = aos("import", *args, "--json").json
    assert again["entries"]["created"] == 0
    assert again["created"]["projects"] == [] and again["running"] == []
    assert db_dump() == before


# -- timetrap -------------------------------------------------------------------------------


def test_timetrap_csv_sheets_become_projects_with_their_seconds(acme):
    result = acme("import", "timetrap", TIMETRAP, "--json").json
    assert result["entries"]["created"] == 5 and result["entries"]["dropped"] == 1
    assert "row 7: an entry of no length was left out" in result["warnings"][0]
    assert totals(acme) == {
        ("Acme Corp", "Website Redesign"): (1, 5400, Decimal("225.00")),  # 09:00-10:30 at 150/h
        ("Imported", "Mobile App"): (2, 4500 + 9630, 0),  # 11:00-12:15; 22:30-01:10:30 over midnight
        ("Imported", "default"): (2, 12000 + 2700, 0),  # 14:00-17:20; 09:00-09:45
    }
    docs = {e["start_time"]: e for e in entries(acme)}
    assert docs["2026-03-02T09:00:00+00:00"]["description"] == 'Homepage "hero" draft'
    assert docs["2026-03-05T09:00:00+00:00"]["description"] == "standup\nand planning"
    assert acme("status", "--json").json["running"] is False  # Timetrap's CSV leaves running entries out


def test_a_second_timetrap_import_adds_nothing(acme, db_dump):
    acme("import", "timetrap", TIMETRAP)
    _assert_nothing_new(acme, db_dump, "timetrap", TIMETRAP)


def test_timetrap_times_are_local_wall_time_in_TZ(aos, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    text = 'start,end,note,sheet\n"2026-03-29 01:30:00","2026-03-29 03:30:00","across the DST change","ops"\n'
    aos("import", "timetrap", "-", input=text)
    (entry,) = entries(aos)
    assert (entry["start_time"], entry["end_time"]) == ("2026-03-29T01:30:00+01:00", "2026-03-29T03:30:00+02:00")
    assert entry["duration"] == 3600


# -- timeclock ------------------------------------------------------------------------------


def test_timeclock_accounts_name_client_project_and_task(acme):
    result = acme("import", "timeclock", TIMECLOCK, "--json").json
    assert result["entries"]["created"] == 7 and result["entries"]["dropped"] == 0
    assert totals(acme) == {
        # 09:00-10:30, and 09:00-12:00 closed by the bare `o` after `internal` was closed
        ("Acme Corp", "Website Redesign"): (2, 5400 + 10800, Decimal("675.00")),
        ("Imported", "internal"): (2, 2700 + 1800, 0),  # 11:00-11:45; 09:30-10:00
        ("acme", "mobile app"): (1, 10230, 0),  # 22:15:00-01:05:30
        ("side", "blog"): (1, 5400, 0),  # 08:00-09:30 at +0100
    }
    docs = {e["start_time"]: e for e in entries(acme)}
    first = docs["2026-03-02T09:00:00+00:00"]
    assert (first["description"], first["notes"]) == ("Homepage concepts", "design, tag:value")
    assert first["task_name"] is None
    assert docs["2026-03-05T09:00:00+00:00"]["task_name"] == "Design mockups"
    assert docs["2026-03-03T22:15:00+00:00"]["task_name"] == "backend"
    assert docs["2026-03-06T07:00:00+00:00"]["notes"] == "clock-out comment"
    status = acme("status", "--json").json
    assert status["entry"]["project_name"] == "internal"
    assert status["entry"]["start_time"] == "2026-03-06T13:00:00+00:00"
    assert status["entry"]["description"] == "still going"


def test_a_second_timeclock_import_adds_nothing(acme, db_dump):
    acme("import", "timeclock", TIMECLOCK)
    _assert_nothing_new(acme, db_dump, "timeclock", TIMECLOCK)


def test_a_timeclock_account_of_one_level_goes_under_client(aos):
    text = "i 2026-03-02 09:00 website\no 2026-03-02 09:20\n"
    aos("import", "timeclock", "-", "--client", "Side Gig", input=text)
    assert totals(aos) == {("Side Gig", "website"): (1, 1200, 0)}


def test_a_running_timeclock_session_has_an_id_of_its_own_and_the_clock_in_line():
    """'running:<id of the finished session>': once clocked out, the session is a new record, as
    Watson's running frame is (the service matches it to the timer by its start)."""
    from datetime import UTC

    from aostime.interchange import timeclock

    (running,) = timeclock.parse("i 2026-03-02 09:00 website\n", "t", UTC).entries
    (done,) = timeclock.parse("i 2026/03/02 09:00:00 website\no 2026-03-02 10:00\n", "t", UTC).entries
    assert running.end is None and running.where == done.where == "line 1"
    assert running.source_id == f"running:{done.source_id}"


# -- watson log -----------------------------------------------------------------------------


def test_watson_log_json_frames_with_their_seconds_and_the_running_frame(acme):
    frames = json.loads((WATSON_LOG / "utc" / "frames").read_text())
    result = acme("import", "watson-log", str(WATSON_LOG / "utc" / "log.json"), "--json").json
    assert result["entries"]["created"] == len(frames) + 1  # and the running ("current") frame
    got = totals(acme)
    assert got[("Acme Corp", "Website Redesign")] == (3, 5400 + 4500 + 1230, Decimal("463.75"))
    assert got[("Imported", "Internal")] == (1, 12000, 0)
    assert got[("Imported", "Mobile App")] == (1, 9600, 0)
    docs = {e["start_time"]: e for e in entries(acme)}
    assert docs["2026-03-04T08:45:00+00:00"]["task_name"] == "Design mockups"
    assert docs["2026-03-02T09:00:00+00:00"]["tags"] == ["design", "review"]
    status = acme("status", "--json").json
    assert status["entry"]["project_name"] == "Mobile App"
    assert status["entry"]["start_time"] == "2026-03-06T09:00:00+00:00"


@pytest.mark.parametrize("first", ["frames", "log"])
def test_watson_log_json_and_the_frames_file_never_duplicate_each_other(acme, db_dump, first):
    """Same source ('watson') and source_id (the frame id; 'running:<start>' for the running frame)."""
    frames_args = ("watson", str(WATSON_LOG / "utc"))
    log_args = ("watson-log", str(WATSON_LOG / "utc" / "log.json"))
    before, after = (frames_args, log_args) if first == "frames" else (log_args, frames_args)
    acme("import", *before)
    _assert_nothing_new(acme, db_dump, *after)


def test_a_second_watson_log_import_adds_nothing(acme, db_dump):
    for name in ("log.json", "log.csv"):
        acme("import", "watson-log", str(WATSON_LOG / "utc" / name))
        _assert_nothing_new(acme, db_dump, "watson-log", str(WATSON_LOG / "utc" / name))


def test_watson_log_csv_gives_the_same_seconds_as_the_json(aos, tmp_path):
    other = str(tmp_path / "other.db")
    aos("import", "watson-log", str(WATSON_LOG / "utc" / "log.csv"))
    aos("--db", other, "import", "watson-log", str(WATSON_LOG / "utc" / "log.json"))
    assert totals(aos) == totals(aos, "--db", other)
    assert totals(aos) == {("Imported", "Website Redesign"): (3, 11130, 0), ("Imported", "Internal"): (1, 12000, 0),
                           ("Imported", "Mobile App"): (1, 9600, 0)}  # fmt: skip
    assert aos("status", "--json").json["entry"]["start_time"] == "2026-03-06T09:00:00+00:00"


BERLIN = {
    ("Acme Corp", "Website Redesign"): (2, 12600 + 6330, Decimal("788.75")),  # 09:00-12:30; 14:00-15:45:30 CEST
    ("Imported", "Ops"): (2, 3600 + 5400, 0),  # 01:30 CET-03:30 CEST is one hour; 23:15-00:45
}


def test_watson_log_json_recorded_in_berlin_keeps_its_instants(acme):
    acme("import", "watson-log", str(WATSON_LOG / "berlin" / "log.json"))
    assert totals(acme) == BERLIN
    docs = {e["start_time"]: e for e in entries(acme)}
    assert docs["2026-06-15T12:00:00+00:00"]["task_name"] == "Design mockups"  # 14:00 CEST
    assert acme("status", "--json").json["entry"]["start_time"] == "2026-06-16T07:00:00+00:00"  # the state file's


def test_watson_log_csv_recorded_in_berlin_needs_the_offset_watson_logged_at(acme, monkeypatch, tmp_path):
    """Watson 2.1 (arrow 1.4) wrote every CSV time at +01:00, the offset when it logged: read in
    Europe/Berlin, 02:30 on 2026-03-29 does not exist; with --utc-offset the instants are the JSON's."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    csv_path = str(WATSON_LOG / "berlin" / "log.csv")
    result = acme("import", "watson-log", csv_path, expect=2)
    assert "row 3" in result.err and "--utc-offset" in result.err
    acme("import", "watson-log", csv_path, "--utc-offset", "+01:00")
    assert totals(acme) == BERLIN
    other = str(tmp_path / "other.db")
    acme("--db", other, "import", "watson-log", str(WATSON_LOG / "berlin" / "log.json"))
    assert [e["start_time"] for e in entries(acme)] == [e["start_time"] for e in entries(acme, "--db", other)]


# -- malformed input: one line naming the place, exit 2, nothing written ---------------------

TIMETRAP_BACKWARDS = (
    'start,end,note,sheet\n"2026-03-02 09:00:00","2026-03-02 10:00:00","ok","a"\n'
    '"2026-03-02 11:00:00","2026-03-02 10:00:00","backwards","a"\n'
)
MALFORMED = [
    ("timetrap", "t.csv", TIMETRAP_BACKWARDS, "row 3: end 2026-03-02 10:00:00 is before start"),
    ("timeclock", "t.timeclock", "i 2026-03-02 09:00 website\no 2026-03-02 10:00\no 2026-03-02 11:00 website\n",
     "line 3: no open clock-in of website matches this clock-out"),
    ("watson-log", "log.json", json.dumps([{"id": "abc", "project": "P", "start": "2026-03-02T10:00:00+00:00",
                                            "stop": "2026-03-02T09:00:00+00:00", "tags": []}]),
     "frame 1 (id abc): stop is not after start"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "name", "text", "where"), MALFORMED)
def test_malformed_input_exits_2_with_one_line_and_writes_nothing(acme, db_dump, tmp_path, kind, name, text, where):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    before = db_dump()
    result = acme("import", kind, str(path), expect=2)
    assert result.err.startswith(f"Error: {path}: {where}")
    assert result.err.count("\n") == 1
    assert result.out == ""
    assert db_dump() == before
