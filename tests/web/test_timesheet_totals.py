"""The timesheet's figures are the books' figures: after any sequence of cell writes (the use case
the page calls, in the CLI's duration grammar), each cell's total equals what `aos report --json`
says of that project, task and local day of the member, to the second; a write the use case
refuses changes nothing. The week is Berlin's of the spring DST change (Sunday has 23 hours), with
entries made by hand around midnight and across the change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aostime.domain.timesheet import read_total
from aostime.errors import AosError

NOW = "2026-04-01T10:00:00+00:00"
MONDAY = date(2026, 3, 23)
ROWS = [("Site", None), ("Site", "Design"), ("Intranet", None)]
DAYS = [(MONDAY + timedelta(days=n)).isoformat() for n in range(7)]


@pytest.fixture
def books(aos, isolated, monkeypatch):
    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme", "--rate", "100", "--currency", "EUR")
    aos("project", "add", "Site", "--client", "Acme")
    aos("project", "add", "Intranet", "--client", "Acme")
    aos("task", "add", "Design", "--project", "Site")
    aos("user", "add", "ann", "--time-zone", "Europe/Berlin")
    for start, end, project in (
        ("2026-03-24T09:00:00+01:00", "2026-03-24T11:00:00+01:00", ("-p", "Site", "-t", "Design")),
        ("2026-03-28T22:00:00+01:00", "2026-03-29T01:00:00+01:00", ("-p", "Site")),  # into Sunday: Saturday's
        ("2026-03-29T01:30:00+01:00", "2026-03-29T03:30:00+02:00", ("-p", "Intranet")),  # across the change: 1 h
    ):
        aos("add", *project, "--start", start, "--end", end, "-u", "ann")
    return isolated


def spelled(seconds: int, style: str) -> str:
    """A total as a person types it, in one of the CLI's forms (exact to the second where it can be)."""
    if style == "clock":
        return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    if style == "minutes":
        return f"{seconds // 60}m"
    if style == "hours":
        return f"{seconds / 3600:.4f}h".replace(".0000h", "h")
    return "0" if seconds == 0 else f"{seconds // 3600}h{seconds // 60 % 60}m{seconds % 60}s"


STYLES = ["clock", "minutes", "hours", "units"]
WRITE = st.tuples(st.sampled_from(ROWS), st.sampled_from(DAYS), st.integers(0, 9 * 3600), st.sampled_from(STYLES))
WRITES = st.lists(WRITE, min_size=1, max_size=8)


def cells(session) -> dict[tuple, int]:
    from aostime.services.timesheet import timesheet

    sheet = timesheet(session, MONDAY.isoformat())
    return {(row.project_id, row.task_id, c.day.isoformat()): c.seconds for row in sheet.rows for c in row.cells}


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(writes=WRITES)
def test_each_cell_equals_the_reports_duration_for_its_project_task_and_day(books, aos, monkeypatch, writes):
    from aostime.services import Session
    from aostime.services.timesheet import set_timesheet_cell
    from aostime.storage import open_storage

    store = open_storage(str(books))
    try:
        session = Session(store, user_ref="ann")  # the session's zone is UTC: the days are ann's own
        for (project, task), day, seconds, style in writes:
            typed = spelled(seconds, style)
            before = cells(session)
            try:
                cell = set_timesheet_cell(session, project, day, typed, task=task)
            except AosError:
                assert cells(session) == before  # refused: nothing changed
                continue
            assert (cell.day.isoformat(), cell.seconds) == (day, read_total(typed))
        shown = {key: seconds for key, seconds in cells(session).items() if seconds}
    finally:
        store.close()
    monkeypatch.setenv("TZ", "Europe/Berlin")
    report = aos("report", "--by", "project,task,day", "--from", DAYS[0], "--to", DAYS[-1], "-u", "ann", "--json")
    booked = {(r["project_id"], r["task_id"], r["day"]): r["duration"] for r in report.json["rows"]}
    assert shown == booked


@pytest.fixture
def session(books):
    from aostime.services import Session
    from aostime.storage import open_storage

    store = open_storage(str(books))
    yield Session(store, user_ref="ann")
    store.close()


def test_an_entry_an_edit_moved_out_of_its_cell_stays_and_the_cell_gets_a_new_one(session, aos):
    from aostime.services.timesheet import set_timesheet_cell

    first = set_timesheet_cell(session, "Site", "2026-03-23", "2h")
    aos("edit", str(first.entry_id), "-p", "Intranet")  # now Intranet's time, still with the cell's key
    again = set_timesheet_cell(session, "Site", "2026-03-23", "1h")
    assert again.entry_id != first.entry_id and again.seconds == 3600
    moved = aos("list", "--json", "-u", "ann", "--project", "Intranet", "--from", "2026-03-23", "--to", "2026-03-23")
    assert [e["duration"] for e in moved.json["entries"]] == [7200]  # untouched
    assert cells(session)[(2, None, "2026-03-23")] == 7200  # counted in its new cell, as another's entry
    with pytest.raises(AosError, match="already holds 2:00 h in entries made by the timer or by hand"):
        set_timesheet_cell(session, "Intranet", "2026-03-23", "1h")


def test_a_future_day_takes_no_time_and_a_member_writes_only_her_own_sheet(session, aos):
    from aostime.errors import BadInput, Forbidden
    from aostime.services.access import Actor
    from aostime.services.timesheet import set_timesheet_cell, timesheet

    with pytest.raises(BadInput, match="Site, Thu 2 Apr 2026 is in the future; record time once it is worked"):
        set_timesheet_cell(session, "Site", "2026-04-02", "1h")
    aos("user", "add", "bob")
    session.actor = Actor(session.store.find_records("user", "ann")[0])
    with pytest.raises(Forbidden):
        set_timesheet_cell(session, "Site", "2026-03-23", "1h", user="bob")
    with pytest.raises(Forbidden):
        timesheet(session, "2026-03-23", user="bob")
