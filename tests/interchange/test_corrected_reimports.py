"""A source that corrected a record: importing its file again updates that record's entry, in
every format, instead of adding a second one beside it. Rows the file no longer holds are listed
(and with --prune deleted, never an invoiced one, never another file's or a typed entry), and a
file whose times carry no offset is not read again in another zone."""

from __future__ import annotations

import json

import pytest

TOGGL_HEAD = (
    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags\n"
)
CLOCKIFY_HEAD = ("Project,Client,Description,Task,User,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,"
                 "Duration (h),Duration (decimal),Billable Rate (EUR),Billable Amount (EUR)\n")  # fmt: skip
HARVEST_HEAD = ("Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,"
                "First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,"
                "External Reference URL\n")  # fmt: skip
KIMAI_HEAD = (
    "Date,From,To,Duration,Currency,Price,Hourly price,Name,User,E-mail,Customer,Project,Activity,Description\n"
)


def _toggl(*rows: tuple[str, str, str, str]) -> str:
    """(description, start, end, duration) rows of Jane's 2 March 2026 on Acme / Web."""
    return TOGGL_HEAD + "".join(f"Jane Doe,jane@example.com,Acme,Web,,{d},Yes,2026-03-02,{s},2026-03-02,{e},{n},\n"
                                for d, s, e, n in rows)  # fmt: skip


# (format argument, file name, the file, the file as the source corrected it, the corrected entry)
CORRECTED = {
    "toggl end": ("csv", "toggl.csv",
                  _toggl(("Design", "09:00:00", "10:00:00", "01:00:00"), ("Review", "11:00:00", "12:00:00", "01:00:00")),
                  _toggl(("Design", "09:00:00", "10:00:00", "01:00:00"), ("Review", "11:00:00", "12:30:00", "01:30:00")),
                  ("2026-03-02T11:00:00+00:00", "2026-03-02T12:30:00+00:00")),
    "clockify end": ("csv", "clockify.csv",
                     CLOCKIFY_HEAD + "Web,Acme,Design,,Jane,jane@example.com,,Yes,2026-03-02,09:00,2026-03-02,10:00,"
                     "1:00:00,1.00,80.00,80.00\nWeb,Acme,Review,,Jane,jane@example.com,,Yes,2026-03-02,11:00,"
                     "2026-03-02,12:00,1:00:00,1.00,80.00,80.00\n",
                     CLOCKIFY_HEAD + "Web,Acme,Design,,Jane,jane@example.com,,Yes,2026-03-02,09:00,2026-03-02,10:00,"
                     "1:00:00,1.00,80.00,80.00\nWeb,Acme,Review,,Jane,jane@example.com,,Yes,2026-03-02,11:00,"
                     "2026-03-02,11:45,0:45:00,0.75,80.00,60.00\n",
                     ("2026-03-02T11:00:00+00:00", "2026-03-02T11:45:00+00:00")),
    "harvest hours": ("csv", "harvest.csv",  # the last row of the day: a row's hours move the rows after it
                      HARVEST_HEAD + "2026-03-02,Acme,Web,,Design,Call,1.0,1.0,Yes,No,No,Jane,Doe,,Yes,120.00,120.00,,,"
                      "Euro - EUR,\n2026-03-02,Acme,Web,,Design,Mockups,0.94,1.0,Yes,No,No,Jane,Doe,,Yes,120.00,112.80,"
                      ",,Euro - EUR,\n",
                      HARVEST_HEAD + "2026-03-02,Acme,Web,,Design,Call,1.0,1.0,Yes,No,No,Jane,Doe,,Yes,120.00,120.00,,,"
                      "Euro - EUR,\n2026-03-02,Acme,Web,,Design,Mockups,1.00,1.0,Yes,No,No,Jane,Doe,,Yes,120.00,120.00,"
                      ",,Euro - EUR,\n",
                      ("2026-03-02T10:00:00+00:00", "2026-03-02T11:00:00+00:00")),
    "kimai start": ("csv", "kimai.csv",
                    KIMAI_HEAD + "2026-03-02,09:00,10:30,1.50,EUR,120.00,80.00,Anna,anna,anna@example.com,Acme,Web,Design,"
                    "Concepts\n2026-03-02,13:00,14:00,1.00,EUR,80.00,80.00,Anna,anna,anna@example.com,Acme,Web,Design,"
                    "Review\n",
                    KIMAI_HEAD + "2026-03-02,09:00,10:30,1.50,EUR,120.00,80.00,Anna,anna,anna@example.com,Acme,Web,Design,"
                    "Concepts\n2026-03-02,12:30,14:00,1.50,EUR,120.00,80.00,Anna,anna,anna@example.com,Acme,Web,Design,"
                    "Review\n",
                    ("2026-03-02T12:30:00+00:00", "2026-03-02T14:00:00+00:00")),
    "timetrap end": ("timetrap", "display.csv",
                     ('start,end,note,sheet\n"2026-03-02 09:00:00","2026-03-02 10:00:00","Draft","Web"\n'
                     '"2026-03-02 11:00:00","2026-03-02 12:00:00","Review","Web"\n'),
                     ('start,end,note,sheet\n"2026-03-02 09:00:00","2026-03-02 10:00:00","Draft","Web"\n'
                     '"2026-03-02 11:00:00","2026-03-02 12:20:00","Review","Web"\n'),
                     ("2026-03-02T11:00:00+00:00", "2026-03-02T12:20:00+00:00")),
    "timeclock start": ("timeclock", "work.timeclock",
                        ("i 2026-03-02 09:00 acme:web  Draft\no 2026-03-02 10:00\ni 2026-03-02 11:00 acme:web  Review\n"
                        "o 2026-03-02 12:00\n"),
                        ("i 2026-03-02 09:00 acme:web  Draft\no 2026-03-02 10:00\ni 2026-03-02 13:00 acme:web  Review\n"
                        "o 2026-03-02 14:00\n"),
                        ("2026-03-02T13:00:00+00:00", "2026-03-02T14:00:00+00:00")),
    "klog range": ("klog", "times.klg",
                   "2026-03-02\n    9:00 - 10:00 Draft #web\n    11:00 - 12:00 Review #web\n",
                   "2026-03-02\n    9:00 - 10:00 Draft #web\n    11:00 - 12:40 Review #web\n",
                   ("2026-03-02T11:00:00+00:00", "2026-03-02T12:40:00+00:00")),
    "timewarrior start": ("timewarrior", "export.json",
                          json.dumps([{"id": 2, "start": "20260302T090000Z", "end": "20260302T100000Z", "tags": ["web"]},
                                      {"id": 1, "start": "20260302T110000Z", "end": "20260302T120000Z", "tags": ["web"]}]),
                          json.dumps([{"id": 2, "start": "20260302T090000Z", "end": "20260302T100000Z", "tags": ["web"]},
                                      {"id": 1, "start": "20260302T104500Z", "end": "20260302T120000Z", "tags": ["web"]}]),
                          ("2026-03-02T10:45:00+00:00", "2026-03-02T12:00:00+00:00")),
    "watson-log csv stop": ("watson-log", "log.csv",
                            ("id,start,stop,project,tags\na1b2c3d,2026-03-02 09:00:00,2026-03-02 10:00:00,Web,\n"
                            "e4f5a6b,2026-03-02 11:00:00,2026-03-02 12:00:00,Web,\n"),
                            ("id,start,stop,project,tags\na1b2c3d,2026-03-02 09:00:00,2026-03-02 10:00:00,Web,\n"
                            "e4f5a6b,2026-03-02 11:00:00,2026-03-02 11:30:00,Web,\n"),
                            ("2026-03-02T11:00:00+00:00", "2026-03-02T11:30:00+00:00")),
}  # fmt: skip


def _entries(aos, *db: str) -> list[tuple]:
    return sorted((e["start_time"], e["end_time"], e["project_name"], e["description"])
                  for e in aos(*db, "list", "--json").json["entries"])  # fmt: skip


def _import(aos, fmt: str, path, *args: str, expect: int = 0):
    return aos("import", fmt, str(path), *args, "--json", expect=expect)


@pytest.mark.parametrize("case", CORRECTED)
def test_a_record_whose_times_the_source_corrected_updates_its_entry(aos, tmp_path, case):
    fmt, name, text, corrected, (start, end) = CORRECTED[case]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert _import(aos, fmt, path).json["entries"]["created"] == 2
    path.write_text(corrected, encoding="utf-8")
    again = _import(aos, fmt, path).json
    assert again["entries"] == {"created": 0, "updated": 1, "unchanged": 1, "skipped": 0, "dropped": 0}
    assert again["removed"]["count"] == 0
    listed = _entries(aos)
    assert len(listed) == 2 and (start, end) in [(s, e) for s, e, *_ in listed]
    assert _import(aos, fmt, path).json["entries"]["unchanged"] == 2  # and known so from now on


def test_the_harvest_row_fixed_from_0_94_to_1_00_hours_bills_1_00_hours_once(aos, tmp_path):
    fmt, name, text, corrected, _ = CORRECTED["harvest hours"]
    path = tmp_path / name
    path.write_text(text)
    _import(aos, fmt, path)
    path.write_text(corrected)
    _import(aos, fmt, path)
    document = aos("list", "--json").json
    assert sorted(e["duration"] for e in document["entries"]) == [3600, 3600]
    assert sorted(e["amount"] for e in document["entries"]) == [120.0, 120.0]


def test_rows_that_swap_places_after_a_corrected_time_stay_two_entries(aos, tmp_path):
    """Toggl lists a day's rows by start: moving Review before Design changes both positions."""
    path = tmp_path / "toggl.csv"
    path.write_text(
        _toggl(("Design", "09:00:00", "10:00:00", "01:00:00"), ("Review", "11:00:00", "12:00:00", "01:00:00"))
    )
    _import(aos, "csv", path)
    path.write_text(
        _toggl(("Review", "07:00:00", "08:00:00", "01:00:00"), ("Design", "09:00:00", "10:00:00", "01:00:00"))
    )
    again = _import(aos, "csv", path).json
    assert (again["entries"]["created"], again["entries"]["updated"], again["removed"]["count"]) == (0, 1, 0)
    assert [(s[11:16], d) for s, _, _, d in _entries(aos)] == [("07:00", "Review"), ("09:00", "Design")]


def test_a_row_moved_to_another_project_is_the_same_entry(aos, tmp_path):
    path = tmp_path / "toggl.csv"
    text = _toggl(("Design", "09:00:00", "10:00:00", "01:00:00"), ("Review", "11:00:00", "12:00:00", "01:00:00"))
    path.write_text(text)
    _import(aos, "csv", path)
    path.write_text(text.replace("Acme,Web,,Design", "Acme,App,,Design"))
    again = _import(aos, "csv", path).json
    assert (again["entries"]["created"], again["entries"]["updated"], again["removed"]["count"]) == (0, 1, 0)
    assert [p for _, _, p, _ in _entries(aos)] == ["App", "Web"]


def test_a_corrected_record_whose_entry_is_invoiced_is_left_alone_and_nothing_is_added(aos, tmp_path):
    fmt, name, text, corrected, _ = CORRECTED["toggl end"]
    path = tmp_path / name
    path.write_text(text)
    _import(aos, fmt, path)
    review = next(e for e in aos("list", "--json").json["entries"] if e["description"] == "Review")
    aos("invoice", "mark", str(review["id"]))
    path.write_text(corrected)
    again = _import(aos, fmt, path).json
    assert (again["entries"]["created"], again["entries"]["updated"], again["entries"]["skipped"]) == (0, 0, 1)
    assert any(f"entry {review['id']} is invoiced" in w for w in again["warnings"])
    assert len(_entries(aos)) == 2


# -- rows removed from the source -----------------------------------------------------------


def _three_days(*skip: str) -> str:
    rows = [("2026-03-02", "Design"), ("2026-03-03", "Review"), ("2026-03-04", "Deploy")]
    return TOGGL_HEAD + "".join(f"Jane Doe,jane@example.com,Acme,Web,,{d},Yes,{day},09:00:00,{day},10:00:00,01:00:00,\n"
                                for day, d in rows if d not in skip)  # fmt: skip


def test_a_row_removed_from_the_source_is_listed_and_kept_unless_pruned(aos, tmp_path):
    path = tmp_path / "toggl.csv"
    path.write_text(_three_days())
    _import(aos, "csv", path)
    path.write_text(_three_days("Review"))
    listed = _import(aos, "csv", path).json
    assert listed["removed"]["count"] == 1 and listed["removed"]["deleted"] == 0
    (gone,) = listed["removed"]["entries"]
    assert (gone["description"], gone["project"], gone["start"][:16]) == ("Review", "Web", "2026-03-03T09:00")
    assert (gone["deleted"], gone["kept_because"]) == (False, "no --prune")
    assert len(_entries(aos)) == 3
    text = aos("import", "csv", str(path)).out
    assert "1 entry imported from this file before is no longer in it" in text and "Review" in text
    dry = _import(aos, "csv", path, "--prune", "--dry-run").json
    assert dry["removed"]["deleted"] == 1 and len(_entries(aos)) == 3
    pruned = _import(aos, "csv", path, "--prune").json
    assert pruned["removed"]["deleted"] == 1
    assert [d for *_, d in _entries(aos)] == ["Design", "Deploy"]
    assert _import(aos, "csv", path, "--prune").json["removed"]["count"] == 0


def test_prune_never_deletes_an_invoiced_entry_and_says_so(aos, tmp_path):
    path = tmp_path / "toggl.csv"
    path.write_text(_three_days())
    _import(aos, "csv", path)
    review = next(e for e in aos("list", "--json").json["entries"] if e["description"] == "Review")
    aos("invoice", "mark", str(review["id"]))
    path.write_text(_three_days("Review"))
    pruned = _import(aos, "csv", path, "--prune").json
    assert pruned["removed"]["deleted"] == 0
    assert pruned["removed"]["entries"][0]["kept_because"] == "invoiced"
    assert "kept: invoiced" in aos("import", "csv", str(path), "--prune").out
    assert len(_entries(aos)) == 3


def test_prune_stays_within_the_files_imports_and_never_touches_typed_entries(aos, tmp_path):
    march = tmp_path / "march.csv"
    march.write_text(_three_days())
    _import(aos, "csv", march)
    other = tmp_path / "app.csv"  # another export of the same person, days and tool: the App project
    other.write_text(_three_days().replace("Acme,Web,", "Acme,App,").replace("09:00:00", "14:00:00")
                     .replace("10:00:00", "15:00:00"))  # fmt: skip
    _import(aos, "csv", other)
    aos("add", "-p", "Web", "--start", "2026-03-03 16:00", "--end", "2026-03-03 17:00", "-d", "typed")
    march.write_text(_three_days("Review"))
    pruned = _import(aos, "csv", march, "--prune").json
    assert [(r["description"], r["project"]) for r in pruned["removed"]["entries"]] == [("Review", "Web")]
    left = [(p, d) for _, _, p, d in _entries(aos)]
    assert ("App", "Review") in left and ("Web", "typed") in left and ("Web", "Review") not in left
    assert len(left) == 6


def test_a_row_the_source_removed_from_the_files_last_day_is_listed_though_the_file_ends_before_it(aos, tmp_path):
    """The file's days are its first row's to its last's: the file imported before covered 4 March,
    so its Deploy gone from there (and with it the file's last day) is removed from the source."""
    march = tmp_path / "march.csv"
    march.write_text(_three_days())
    _import(aos, "csv", march)
    march.write_text(_three_days("Deploy"))
    listed = _import(aos, "csv", march).json
    assert [(r["description"], r["start"][:10]) for r in listed["removed"]["entries"]] == [("Deploy", "2026-03-04")]
    listed = _import(aos, "csv", march).json  # listed again, as long as it is kept
    assert [r["description"] for r in listed["removed"]["entries"]] == ["Deploy"]
    assert _import(aos, "csv", march, "--prune").json["removed"]["deleted"] == 1
    assert [d for *_, d in _entries(aos)] == ["Design", "Review"]
    assert _import(aos, "csv", march, "--prune").json["removed"]["count"] == 0


def test_a_row_moved_off_the_files_first_day_in_a_file_of_corrected_rows_leaves_nothing_behind(aos, tmp_path):
    """No row is as it was: the first row moved from 2 to 5 March (a day the file did not cover),
    the others' times were corrected. The entry of 2 March is the moved row's, listed and pruned."""
    path = tmp_path / "toggl.csv"
    path.write_text(_three_days())
    _import(aos, "csv", path)
    path.write_text(TOGGL_HEAD + "".join(
        f"Jane Doe,jane@example.com,Acme,Web,,{d},Yes,{day},{s},{day},{e},{n},\n"
        for day, d, s, e, n in (("2026-03-03", "Review", "09:15:00", "10:00:00", "00:45:00"),
                                ("2026-03-04", "Deploy", "09:00:00", "10:30:00", "01:30:00"),
                                ("2026-03-05", "Design", "13:00:00", "14:00:00", "01:00:00"))))  # fmt: skip
    pruned = _import(aos, "csv", path, "--prune").json
    assert (pruned["entries"]["updated"], pruned["entries"]["created"]) == (2, 1)
    assert [(r["description"], r["start"][:10], r["deleted"]) for r in pruned["removed"]["entries"]] == [
        ("Design", "2026-03-02", True)
    ]
    assert [(s[:16], d) for s, _, _, d in _entries(aos)] == [
        ("2026-03-03T09:15", "Review"), ("2026-03-04T09:00", "Deploy"), ("2026-03-05T13:00", "Design")]  # fmt: skip


def test_an_export_of_fewer_days_is_compared_with_all_the_days_its_file_covered_before(aos, tmp_path):
    """A file does not say which days it was exported for: a later export of the same rows is
    taken to cover at least what its previous import did, and lists the days it lost."""
    march = tmp_path / "march.csv"
    march.write_text(_three_days())
    _import(aos, "csv", march)
    later = tmp_path / "later.csv"  # its last day only
    later.write_text(_three_days("Review", "Design"))
    listed = _import(aos, "csv", later).json
    assert [(r["description"], r["deleted"]) for r in listed["removed"]["entries"]] == [
        ("Design", False), ("Review", False)]  # fmt: skip
    assert len(_entries(aos)) == 3
    march.write_text(_three_days())  # the whole month imported again takes them in again
    again = _import(aos, "csv", march).json
    assert (again["entries"]["unchanged"], again["removed"]["count"]) == (3, 0)


def test_an_export_filtered_to_one_project_prunes_nothing_of_the_others(aos, tmp_path):
    whole = tmp_path / "all.csv"
    web = _three_days()
    whole.write_text(web + _three_days().replace(TOGGL_HEAD, "").replace("Acme,Web,", "Acme,App,")
                     .replace("09:00:00", "14:00:00").replace("10:00:00", "15:00:00"))  # fmt: skip
    _import(aos, "csv", whole)
    only_web = tmp_path / "web.csv"  # the same report filtered to Web, which lost Review since
    only_web.write_text(_three_days("Review"))
    pruned = _import(aos, "csv", only_web, "--prune").json
    assert [(r["project"], r["description"]) for r in pruned["removed"]["entries"]] == [("Web", "Review")]
    assert sorted(p for _, _, p, _ in _entries(aos)) == ["App"] * 3 + ["Web"] * 2


# -- zones ----------------------------------------------------------------------------------


def test_a_file_without_offsets_is_not_read_again_in_another_zone(aos, tmp_path, monkeypatch):
    fmt, name, text, _, _ = CORRECTED["toggl end"]
    path = tmp_path / name
    path.write_text(text)
    monkeypatch.setenv("TZ", "Europe/Berlin")
    _import(aos, fmt, path)
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    refused = aos("import", fmt, str(path), expect=2)
    assert "read in Europe/Berlin" in refused.err and "TZ=Europe/Berlin" in refused.err
    assert len(_entries(aos)) == 2
    monkeypatch.setenv("TZ", "Europe/Berlin")
    assert _import(aos, fmt, path).json["entries"]["unchanged"] == 2


@pytest.mark.parametrize("case", ["timetrap end", "timeclock start", "klog range", "harvest hours"])
def test_other_files_without_offsets_are_refused_in_another_zone_too(aos, tmp_path, monkeypatch, case):
    fmt, name, text, _, _ = CORRECTED[case]
    path = tmp_path / name
    path.write_text(text)
    _import(aos, fmt, path)
    monkeypatch.setenv("TZ", "America/New_York")
    assert "TZ=UTC" in aos("import", fmt, str(path), expect=2).err
    assert len(_entries(aos)) == 2


def test_a_file_whose_times_carry_their_instant_imports_the_same_in_any_zone(aos, tmp_path, monkeypatch):
    fmt, name, text, _, _ = CORRECTED["timewarrior start"]
    path = tmp_path / name
    path.write_text(text)
    _import(aos, fmt, path)
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert _import(aos, fmt, path).json["entries"]["unchanged"] == 2
