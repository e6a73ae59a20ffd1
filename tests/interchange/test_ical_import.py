"""`aos import ical`: the VEVENTs of an ordinary calendar file as entries (aostime's own export
comes back whole: tests/interchange/test_export_formats.py). Times in UTC, in a TZID or floating;
all-day, recurring and cancelled events left out with a warning each; an unknown TZID refused."""

from __future__ import annotations

import pytest

pytest.importorskip("icalendar")

CALENDAR = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Example//Calendar//EN\r
BEGIN:VEVENT\r
UID:standup-1@example.org\r
DTSTAMP:20260301T000000Z\r
DTSTART;TZID=America/New_York:20260302T090000\r
DTEND;TZID=America/New_York:20260302T091500\r
SUMMARY:Stand-up\r
DESCRIPTION:Daily sync\\nwith the team\r
CATEGORIES:Website Redesign,meeting\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:review-2@example.org\r
DTSTAMP:20260301T000000Z\r
DTSTART:20260302T130000Z\r
DURATION:PT1H30M\r
SUMMARY:Design review\r
CATEGORIES:Website Redesign\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:floating-3@example.org\r
DTSTAMP:20260301T000000Z\r
DTSTART:20260303T100000\r
DTEND:20260303T110000\r
SUMMARY:Floating time\r
CATEGORIES:Ops\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:holiday-4@example.org\r
DTSTAMP:20260301T000000Z\r
DTSTART;VALUE=DATE:20260304\r
SUMMARY:Holiday\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:weekly-5@example.org\r
DTSTAMP:20260301T000000Z\r
DTSTART:20260305T090000Z\r
DTEND:20260305T100000Z\r
RRULE:FREQ=WEEKLY\r
SUMMARY:Weekly planning\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture
def calendar(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    path = tmp_path / "work.ics"
    path.write_text(CALENDAR, encoding="utf-8", newline="")
    return path


def test_timed_events_become_entries_at_their_instants(aos, calendar):
    result = aos("import", "ical", str(calendar), "--json").json
    assert result["entries"]["created"] == 3 and result["entries"]["dropped"] == 2
    entries = {e["description"]: e for e in aos("list", "--json").json["entries"]}
    standup = entries["Stand-up"]
    assert (standup["start_time"], standup["end_time"]) == ("2026-03-02T15:00:00+01:00", "2026-03-02T15:15:00+01:00")
    assert (
        standup["project_name"] == "Website Redesign"
        and standup["notes"] == "Daily sync\nwith the team"
        and standup["tags"] == ["meeting"]
    )
    review = entries["Design review"]
    assert (review["start_time"], review["duration"]) == ("2026-03-02T14:00:00+01:00", 5400)
    floating = entries["Floating time"]  # no zone: the session's
    assert (floating["start_time"], floating["project_name"]) == ("2026-03-03T10:00:00+01:00", "Ops")


def test_all_day_and_recurring_events_are_left_out_with_a_line_each(aos, calendar):
    result = aos("import", "ical", str(calendar))
    assert "'Holiday'): an all-day event (no times of day) was left out" in result.err
    assert "'Weekly planning'): a recurring event was left out" in result.err


def test_importing_the_calendar_again_adds_nothing(aos, calendar):
    aos("import", "ical", str(calendar))
    again = aos("import", "ical", str(calendar), "--json").json
    assert again["entries"]["created"] == 0 and again["entries"]["unchanged"] == 3


def test_a_zone_the_system_does_not_know_is_refused(aos, tmp_path):
    path = tmp_path / "odd.ics"
    path.write_text(CALENDAR.replace("TZID=America/New_York", "TZID=Mars/Olympus_Mons"), encoding="utf-8")
    result = aos("import", "ical", str(path), expect=2)
    assert (
        result.err
        == f"Error: {path}: event 1: DTSTART names the zone 'Mars/Olympus_Mons', which this system does not know\n"
    )
    assert aos("list", "--json").json["entries"] == []


def test_a_file_that_is_not_icalendar_is_refused(aos, tmp_path):
    path = tmp_path / "not.ics"
    path.write_text("hello\n", encoding="utf-8")
    assert aos("import", "ical", str(path), expect=2).err.startswith(f"Error: {path}: is not an iCalendar file")


def test_a_moved_event_updates_its_entry_and_a_deleted_one_is_listed_and_pruned(aos, calendar):
    aos("import", "ical", str(calendar))
    moved = CALENDAR.replace("DTSTART:20260302T130000Z", "DTSTART:20260302T140000Z")
    start = moved.index("BEGIN:VEVENT\r\nUID:standup-1")
    moved = moved[:start] + moved[moved.index("BEGIN:VEVENT", start + 10) :]  # the stand-up deleted
    calendar.write_text(moved, encoding="utf-8", newline="")
    again = aos("import", "ical", str(calendar), "--json").json
    assert (again["entries"]["created"], again["entries"]["updated"]) == (0, 1)
    assert [r["description"] for r in again["removed"]["entries"]] == ["Stand-up"]
    pruned = aos("import", "ical", str(calendar), "--prune", "--json").json
    assert pruned["removed"]["deleted"] == 1
    assert sorted(e["description"] for e in aos("list", "--json").json["entries"]) == ["Design review", "Floating time"]
