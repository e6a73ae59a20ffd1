"""The parsers are pure: text in, records out, no database."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from aostime.errors import BadInput
from aostime.interchange import csvformats, klog, records, timewarrior, watson


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# -- klog -----------------------------------------------------------------------------------


def test_klog_times_am_pm_24_00_and_shifts():
    text = "2026/03/02 (8h30m!)\n\t8:00am - 12:30pm a\n\t11:00pm - 24:00 b\n\t<22:00 - <23:00 c\n\t0:30> - 1:00> d\n"
    got = [(e.start, e.end, e.description) for e in klog.parse(text, "t.klg", UTC).entries]
    assert got == [
        (at("2026-03-02 08:00"), at("2026-03-02 12:30"), "a"),
        (at("2026-03-02 23:00"), at("2026-03-03 00:00"), "b"),
        (at("2026-03-01 22:00"), at("2026-03-01 23:00"), "c"),
        (at("2026-03-03 00:30"), at("2026-03-03 01:00"), "d"),
    ]


def test_klog_durations_follow_each_other_from_day_start():
    text = "2026-03-02\n  1h\n  45m\n  90m\n  0m nothing\n"
    batch = klog.parse(text, "t.klg", UTC, time(8, 30))
    assert [(e.start, e.end) for e in batch.entries] == [
        (at("2026-03-02 08:30"), at("2026-03-02 09:30")),
        (at("2026-03-02 09:30"), at("2026-03-02 10:15")),
        (at("2026-03-02 10:15"), at("2026-03-02 11:45")),
    ]
    assert batch.dropped == 1 and "zero duration" in batch.warnings[0]


def test_klog_tags_are_lower_case_names_with_literal_values():
    assert klog.tags_of('#Gym #ticket=891 #project="22/48.3" #call=\'Liz Jones\' #empty= #読む') == [
        "gym", "ticket=891", "project=22/48.3", "call=Liz Jones", "empty", "読む",
    ]  # fmt: skip


def test_klog_identical_entries_get_distinct_stable_ids():
    text = "2026-03-02\n    1h same\n    1h same\n"
    first = [e.source_id for e in klog.parse(text, "t.klg", UTC).entries]
    assert len(set(first)) == 2
    assert first == [e.source_id for e in klog.parse(text, "t.klg", UTC).entries]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("2026-13-02\n    1h\n", "line 1"),
        ("Monday\n    1h\n", "line 1"),
        ("2026-03-02\n    9:00 - ?\n    10:00 - ??\n", "line 3"),
        ("2026-03-02\n    1h\n      2h\n", "line 3"),
        ("2026-03-02\n    1h\nsummary after entries\n", "line 3"),
        ("2026-03-02\n    1h75m\n", "line 2"),
        ("2026-03-02\n    13:00pm - 14:00\n", "line 2"),
        ("2026-03-02\n    24:30 - 25:00\n", "line 2"),
    ],
)
def test_klog_refuses_what_the_spec_forbids_naming_the_line(text, where):
    with pytest.raises(BadInput, match=f"t.klg: {where}"):
        klog.parse(text, "t.klg", UTC)


def test_klog_moves_a_time_skipped_by_dst_forward_by_the_gap_and_says_so():
    batch = klog.parse("2026-03-29\n    2:30 - 4:00\n", "t.klg", ZoneInfo("Europe/Berlin"))
    (entry,) = batch.entries
    assert entry.start.isoformat() == "2026-03-29T01:30:00+00:00"  # 03:30 CEST
    assert any("does not exist" in w for w in batch.warnings)


# -- Timewarrior ----------------------------------------------------------------------------


def test_timewarrior_data_lines_keep_quoted_tags_and_annotations():
    line = 'inc 20260302T090000Z - 20260302T103000Z # a#b it\'s "say \\"hi\\"" "x # y" # "it\'s # a  test"'
    batch = records.Batch("timewarrior", "x")
    timewarrior.parse_data_line(batch, line, "x.data", 1)
    (entry,) = batch.entries
    assert entry.tags == ("a#b", "it's", 'say "hi"', "x # y")
    assert entry.description == "it's # a  test"
    assert entry.source_id == "20260302T090000Z"


def test_an_open_timewarrior_interval_has_no_end():
    batch = timewarrior.parse_data_files([("m.data", "inc 20260403T090000Z # Internal admin\n")], "dir")
    assert batch.entries[0].end is None and batch.entries[0].tags == ("Internal", "admin")


# -- Watson ---------------------------------------------------------------------------------


def test_watson_default_dir_follows_watson_dir_then_the_platform(tmp_path):
    assert watson.default_dir({"WATSON_DIR": str(tmp_path)}) == tmp_path
    assert watson.default_dir({"XDG_CONFIG_HOME": "/x"}, "linux").as_posix() == "/x/watson"
    assert watson.default_dir({"APPDATA": "C:/AppData"}, "win32").as_posix() == "C:/AppData/watson"
    assert watson.default_dir({}, "darwin").as_posix().endswith("Library/Application Support/watson")


def test_watson_frame_names_are_cleaned_and_digit_names_kept_apart():
    frames = '[[1, 61, "  2024 ", "id1", ["t"], 0], [100, 200, "a\\u0007b", "id2", [], 0]]'
    assert [e.project for e in watson.parse_frames(frames, "f")] == ["2024 (imported)", "a b"]


# -- CSV ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "fmt"),
    [
        (("User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,"
         "Tags,Amount ()"), "toggl"),
        (("Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,"
         "Duration (h),Duration (decimal),Billable Rate (EUR),Billable Amount (EUR)"), "clockify"),
        (("Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,First Name,"
         "Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency"), "harvest"),
        (("Date,From,To,Duration,Currency,Price,Internal price,Hourly price,Fixed price,Name,User,E-mail,Customer,"
         "Project,Activity,Description,Billable,Tags"), "kimai"),
        ("id,date,start_time,end_time,duration,hours,client_id,client_name,project_id,project_name,task_id",
         "aostime"),
        ("Foo,Bar", None),
    ],
)  # fmt: skip
def test_csv_format_is_told_from_the_header(header, fmt):
    assert csvformats.detect(header.split(",")) == fmt


def test_day_and_month_order_is_read_from_the_file():
    assert csvformats.date_order(["7/27/22", "7/28/22"]) == "mdy"
    assert csvformats.date_order(["27/07/2022"]) == "dmy"
    assert csvformats.date_order(["05.07.2022"]) == "dmy"
    assert csvformats.date_order(["2022-07-05"]) is None
    assert csvformats.date_order(["03/11/2026"]) is None, "no evidence: an ambiguous date is refused"
    assert csvformats.date_order(["03/11/2026"], "dmy") == "dmy", "unless the date_order setting says"


def test_columns_match_in_any_order_and_with_semicolons():
    text = "End time;Start time;Project;End date;Start date\n10:00:00;09:00:00;Web;2026-03-02;2026-03-02\n"
    (entry,) = csvformats.parse(text, "t.csv", "toggl", UTC).entries
    assert (entry.start, entry.end, entry.project) == (at("2026-03-02 09:00"), at("2026-03-02 10:00"), "Web")


def test_a_missing_required_column_is_named():
    with pytest.raises(BadInput, match="row 1: the toggl header lacks the column.*end time"):
        csvformats.parse(
            "Project,Start date,Start time,End date\nA,2026-03-02,9:00,2026-03-02\n", "t.csv", "toggl", UTC
        )


@pytest.mark.parametrize(
    ("text", "cents"),
    [("332.50", 33250), ("1,234.50", 123450), ("1.234,50", 123450), ("€ 95", 9500), ("150.0", 15000),
     ("95,5", 9550), ("0.005", 1), ("", None)],
)  # fmt: skip
def test_amounts_in_the_usual_spellings(text, cents):
    assert records.parse_cents(text, "f", "row 2", "amount") == cents


def test_project_and_task_from_tags():
    existing = {"website redesign": "Website Redesign"}
    assert records.choose_project(("design", "website redesign"), existing, None) == "Website Redesign"
    assert records.choose_project(("design", "project:mobile"), existing, "project:") == "mobile"
    assert records.choose_project(("design",), existing, "project:") == "design"
    assert records.choose_project((), existing, None) is None
    tasks = {"design mockups": "Design mockups", "website redesign": "Website Redesign"}
    assert records.choose_task(("Website Redesign", "design mockups"), tasks, "Website Redesign") == "Design mockups"
