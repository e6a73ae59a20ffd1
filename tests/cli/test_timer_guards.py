"""The timer's guards: no entry longer than max_entry_hours without --force, no time recorded
in the future, a clear outcome for a stop in the second the timer started. The clock is fixed
with AOS_NOW at Monday 2026-11-30 10:00 in Berlin."""

from __future__ import annotations

import pytest

NOW = "2026-11-30T10:00:00+01:00"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    monkeypatch.setenv("AOS_NOW", NOW)


@pytest.fixture
def forgotten(acme):
    """A timer started 30 hours ago (Sunday 04:00)."""
    acme("start", "Forgot to stop", "-p", "1", "--at", "-30h")
    return acme


def test_stopping_a_timer_that_ran_30_hours_is_refused_and_it_keeps_running(forgotten, db_dump):
    before = db_dump()
    refused = forgotten("stop", expect=1)
    assert "30:00 h, longer than max_entry_hours (24 h)" in refused.err
    assert "the timer is still running" in refused.err and "--at" in refused.err and "--force" in refused.err
    assert db_dump() == before
    assert forgotten("status", "--json").json["running"] is True


def test_the_forgotten_timer_is_stopped_at_the_real_end_as_the_warning_suggests(forgotten):
    warning = forgotten("status").err
    assert "aos stop --at" in warning
    saved = forgotten("stop", "--at", "yesterday 18:30", "--json").json
    assert saved["start_time"] == "2026-11-29T04:00:00+01:00"
    assert saved["end_time"] == "2026-11-29T18:30:00+01:00" and saved["duration"] == 14.5 * 3600


def test_stop_force_saves_the_whole_run(forgotten):
    saved = forgotten("stop", "--force", "--json").json
    assert saved["duration"] == 30 * 3600 and saved["end_time"] == NOW


def test_a_stop_in_the_future_is_refused_and_the_timer_keeps_running(forgotten, db_dump):
    before = db_dump()
    refused = forgotten("stop", "--at", "+3h", expect=2)
    assert "'+3h' (2026-11-30 13:00:00+01:00) is in the future" in refused.err
    assert db_dump() == before


def test_switching_away_from_a_forgotten_timer_needs_its_real_end_or_force(forgotten, db_dump):
    before = db_dump()
    forgotten("start", "Next", "-p", "1", "--switch", expect=1)
    forgotten("restart", "--switch", expect=1)
    assert db_dump() == before
    switched = forgotten("start", "Next", "-p", "1", "--switch", "--force", "--json").json
    assert switched["description"] == "Next"
    assert forgotten("list", "--json").json["entries"][-1]["duration"] == 30 * 3600


def test_restart_switch_force_stops_the_long_timer_too(forgotten):
    forgotten("restart", "--switch", "--force")
    entries = forgotten("list", "--json").json["entries"]
    assert [e["duration"] for e in entries][::-1][0] == 30 * 3600 and entries[0]["running"] is True


def test_an_edit_that_makes_an_entry_too_long_is_refused_unless_forced(acme, db_dump):
    eid = str(acme("add", "-p", "1", "--start", "yesterday 9:00", "--end", "yesterday 17:00", "--json").json["id"])
    before = db_dump()
    assert "longer than max_entry_hours" in acme("edit", eid, "--start", "friday 9:00", expect=1).err
    assert db_dump() == before
    assert acme("edit", eid, "--start", "friday 9:00", "--force", "--json").json["duration"] == 56 * 3600


@pytest.mark.parametrize(
    "args",
    [
        ["start", "x", "-p", "1", "--at", "+5m"],
        ["start", "x", "-p", "1", "--at", "11:00"],
        ["add", "-p", "1", "--start", "9:00", "--end", "+10m"],
        ["add", "-p", "1", "--start", "9:00", "--end", "tomorrow 9:00"],
        ["add", "-p", "1", "--hours", "2", "--date", "tomorrow"],
    ],
)
def test_time_in_the_future_is_refused_and_nothing_is_written(acme, db_dump, args):
    before = db_dump()
    refused = acme(*args, expect=2)
    assert "in the future" in refused.err and ("+01:00" in refused.err or "(2026-12-01)" in refused.err)
    assert db_dump() == before


def test_an_edit_into_the_future_is_refused(acme, db_dump):
    eid = str(acme("add", "-p", "1", "--start", "8:00", "--end", "9:00", "--json").json["id"])
    before = db_dump()
    acme("edit", eid, "--end", "11:00", expect=2)
    acme("edit", eid, "--date", "tomorrow", expect=2)
    acme("edit", eid, "--hours", "3", expect=2)  # 08:00 + 3 h ends at 11:00, after now (10:00)
    assert db_dump() == before
    acme("edit", eid, "-d", "description only")  # an unchanged end is not checked again


def test_a_minute_of_clock_skew_is_tolerated(acme):
    assert acme("add", "-p", "1", "--start", "9:00", "--end", "+1m", "--json").json["duration"] == 3660


def test_stop_in_the_second_the_timer_started_is_explained_and_keeps_the_timer(acme, db_dump):
    acme("start", "x", "-p", "1")
    before = db_dump()
    same_second = acme("stop", expect=1)
    assert "started this second" in same_second.err and "aos cancel" in same_second.err
    assert db_dump() == before
    assert acme("status", "--json").json["running"] is True


def test_messages_show_local_time_with_its_offset(acme):
    err = acme("add", "-p", "1", "--start", "9:00", "--end", "8:00", expect=2).err
    assert "end 2026-11-30 08:00:00+01:00 is not after start 2026-11-30 09:00:00+01:00" in err


def test_an_entry_of_no_length_is_refused_by_the_rule_not_by_the_database(acme):
    err = acme("add", "-p", "1", "--start", "9:00", "--end", "9:00", expect=2).err
    assert "is not after start" in err and "constraint" not in err
