"""Time zones zoneinfo cannot load, and time input found by fuzzing, through real processes:
the CLI (aos as its own process, so the C library and SQLite read TZ as they do for a user) and
`aos serve` over loopback."""

from __future__ import annotations

import pytest

from db_query import query
from server_support import start_server, stop_server, wp_error_of

# (TZ, the offset the C library gives on 2026-07-01: POSIX counts UTC+14 as 14 hours *behind*)
POSIX_RULES = [
    ("UTC+14", "-14:00"),
    ("JST-9", "+09:00"),
    ("CET-1CEST,M3.5.0,M10.5.0/3", "+02:00"),
    ("<+0530>-5:30", "+05:30"),
    (":Europe/Berlin", "+02:00"),
    ("/usr/share/zoneinfo/Europe/Berlin", "+02:00"),
    ("CET-1CEST", "+02:00"),  # no rules given: glibc's default (second Sunday of March...)
]
UNKNOWN_ZONES = ["Nowhere/Land", "Europe/Berlin ", "abc", "XYZ+24", "XYZ5ABC,M13.1.0,M11.1.0"]


def world(aos_proc, env):
    aos_proc("client", "add", "Acme", "--rate", "100", env=env)
    aos_proc("project", "add", "Site", "--client", "Acme", env=env)


@pytest.mark.parametrize("tz, offset", POSIX_RULES)
def test_posix_zone_rules_are_honoured_as_the_c_library_reads_them(aos_proc, tz, offset):
    env = {"TZ": tz}
    world(aos_proc, env)
    added = aos_proc("add", "-p", "Site", "--start", "2026-07-01 09:00", "--end", "2026-07-01 10:00", "--json",
                     env=env)  # fmt: skip
    assert added.json["start_time"] == f"2026-07-01T09:00:00{offset}" and added.err == ""
    assert aos_proc("status", env=env, expect=0).err == ""
    day = aos_proc("report", "--by", "day", "--from", "2026-07-01", "--to", "2026-07-01", "--json", env=env).json
    assert [row["day"] for row in day["rows"]] == ["2026-07-01"]


@pytest.mark.parametrize("tz", UNKNOWN_ZONES)
def test_an_unknown_zone_gives_one_warning_and_utc(aos_proc, tz):
    env = {"TZ": tz}
    world(aos_proc, env)
    added = aos_proc("add", "-p", "Site", "--start", "2026-07-01 09:00", "--end", "2026-07-01 10:00", "--json",
                     env=env)  # fmt: skip
    assert added.json["start_time"] == "2026-07-01T09:00:00+00:00"
    assert added.err == f"Warning: TZ={tz!r} is not a zone this system knows; times are shown in UTC\n"
    for args in (["status"], ["report"], ["list"]):
        result = aos_proc(*args, env=env)
        assert result.err.count("Warning: TZ=") == 1 and "Traceback" not in result.err


FUZZ = [
    ["add", "-p", "1", "--hours", "99999999h"],
    ["add", "-p", "1", "--hours", "৩৩৩h"],
    ["add", "-p", "1", "--hours", "1e308"],
    ["add", "-p", "1", "--start", "", "--end", "now"],
    ["add", "-p", "1", "--start", "9:00", "--end", ""],
    ["edit", "1", "--date", ""],
    ["edit", "1", "--start", "9:00-25"],
    ["list", "--from", "9:00-25"],
    ["list", "--to", "9999-12-31"],
    ["report", "--from", "2026-01-01T09:00+25:00"],
    ["start", "-p", "1", "--at", "-99999999999h"],
    ["stop", "--at", "৩:৩০"],
]


def test_inputs_found_by_fuzzing_are_usage_errors_and_write_nothing(aos_proc, db_dump):
    world(aos_proc, None)
    aos_proc("add", "-p", "1", "--start", "2026-07-01 09:00", "--end", "2026-07-01 10:00")
    aos_proc("start", "-p", "1", "--at", "-5m")
    before = db_dump()
    for args in FUZZ:
        result = aos_proc(*args, expect=2)
        assert result.err.startswith("Error: ") and result.err.count("\n") == 1, (args, result.err)
        assert "unexpected" not in result.err
    assert db_dump() == before


def entries(db) -> list[tuple]:
    return query(db, "SELECT * FROM time_entries ORDER BY id")


def test_the_same_inputs_over_the_api_are_400_never_500(tmp_path, isolated, aos_proc):
    world(aos_proc, None)
    token = aos_proc("token", "create", "--name", "fuzz").out.strip().splitlines()[-1]
    server = start_server(tmp_path)
    try:
        with server.client(token) as api:
            before = entries(isolated)
            for start_time in ["9:00-25", "", "৩৩৩", "2026-01-01T09:00+25:00", "9999-12-31", "32", "03/11/2026"]:
                body = {"project_id": 1, "start_time": start_time, "duration": 60}
                wp_error_of(api.post("/time-entries", json=body), 400)
            for end_time in ["9:00-25", "", "2026-07-01T10:00+25:00", "24:30"]:
                body = {"project_id": 1, "start_time": "2026-07-01T09:00", "end_time": end_time}
                wp_error_of(api.post("/time-entries", json=body), 400)
            for params in ({"from_date": "9:00-25"}, {"to_date": "9999-12-31"}, {"from_date": "৩৩৩"}):
                wp_error_of(api.get("/time-entries", params=params), 400)
            assert entries(isolated) == before
            # the connection still serves the next request
            assert api.get("/time-entries").status_code == 200
    finally:
        log = stop_server(server)
    assert "Traceback" not in log, log
