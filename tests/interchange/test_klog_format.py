"""klog's file format as klog itself reads it (Specification.md v1.4 and klog's Go parser and its
tests): negative durations subtract as `klog total` does, a tab may separate an entry from its
summary, a wall time skipped by DST does not refuse the file, and the rest of the syntax.

Expected totals are worked out by hand from the klog text, in the comments beside them."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from interchange_helpers import FIXTURES

from aostime.domain.timeparse import zone_named
from aostime.errors import BadInput
from aostime.interchange import klog

EXAMPLE = FIXTURES / "klog" / "example.klg"  # shaped like the example.klg of klog's repository
H, M = 3600, 60


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def parse(text: str, zone=UTC, day_start: time = time(9, 0)) -> klog.Batch:
    return klog.parse(text, "t.klg", zone, day_start)


def spans(batch) -> list[tuple[datetime, datetime | None, str]]:
    return [(e.start, e.end, e.description) for e in batch.entries]


def seconds_by_day(batch) -> dict[str, int]:
    """Finished entries' seconds per UTC start day (all test records are in UTC, by day)."""
    days: dict[str, int] = defaultdict(int)
    for entry in batch.entries:
        if entry.end is not None:
            assert entry.end > entry.start, entry  # never an entry ending before it starts
            days[entry.start.date().isoformat()] += int((entry.end - entry.start).total_seconds())
    return dict(days)


# -- negative durations ---------------------------------------------------------------------


def test_the_example_files_day_totals_are_what_klog_total_says():
    batch = klog.parse(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE), UTC)
    assert seconds_by_day(batch) == {
        "2026-03-02": 8 * H + 30 * M - 45 * M,  # 8:45 - 17:15, -45m Lunch break
        "2026-03-03": 3 * H + 30 * M + 4 * H + 25 * M,  # 9:10 - 12:40, 13:25 - 17:50
        "2026-03-04": 1 * H + 30 * M + 6 * H + 45 * M,  # 1h30m, 6h45m
        "2026-03-05": 3 * H + 45 * M,  # 8:20 - 12:05
    }  # 27h40m in all, as `klog total`; the open range of 2026-03-06 counts no time in klog
    assert sum(seconds_by_day(batch).values()) == 27 * H + 40 * M
    assert batch.dropped == 0 and batch.warnings == []


def test_a_negative_duration_comes_off_the_end_of_the_range_when_the_record_has_no_durations():
    batch = parse("2018-03-26 (8h!)\nFirst day\n\t9:00 - 17:30\n\t-45m Lunch break\n")
    (entry,) = batch.entries
    assert (entry.start, entry.end) == (at("2018-03-26 09:00"), at("2018-03-26 16:45"))
    assert entry.notes == "First day\nklog: 45m taken off for -45m Lunch break"


def test_negative_durations_shorten_the_records_durations_first_the_last_listed_first():
    text = "2026-03-02\n    9:00 - 12:00 Workshop\n    1h Review\n    30m Email\n    -45m Lunch\n"
    batch = parse(text)
    # laid from 09:00: Review 9:00-10:00, Email 10:00-10:30; the 45m take Email's 30m, then 15m of Review
    assert spans(batch) == [
        (at("2026-03-02 09:00"), at("2026-03-02 12:00"), "Workshop"),
        (at("2026-03-02 09:00"), at("2026-03-02 09:45"), "Review"),
    ]
    assert seconds_by_day(batch) == {"2026-03-02": 3 * H + 1 * H + 30 * M - 45 * M}
    assert batch.entries[1].notes == "klog: 15m taken off for -45m Lunch"
    assert batch.dropped == 1 and "line 4: 30m was used up by the record's negative durations" in batch.warnings[0]


def test_where_a_negative_stands_in_its_record_does_not_matter():
    text = "2026-03-02\n    -1h30m\n    8:00 - 12:00 a\n    13:00 - 14:00 b\n    -0h15m c\n"
    batch = parse(text)
    # 4h + 1h - 1h30m - 15m = 3h15m: b (1h) is used up, a loses the other 45m
    assert spans(batch) == [(at("2026-03-02 08:00"), at("2026-03-02 11:15"), "a")]
    assert seconds_by_day(batch) == {"2026-03-02": 3 * H + 15 * M}
    assert batch.entries[0].notes == "klog: 45m taken off for -1h30m, -0h15m c"


def test_negatives_stay_in_their_record_even_when_another_record_has_the_same_date():
    text = "2026-03-02\n    2h\n    -30m\n\n2026-03-02\n    10:00 - 11:00\n"
    assert seconds_by_day(parse(text)) == {"2026-03-02": 2 * H - 30 * M + 1 * H}


def test_a_record_whose_klog_total_is_below_zero_is_left_out_saying_how_much():
    batch = parse("2026-03-02\n    1h Support\n    -3h Overtime compensation\n\n2026-03-03\n    2h\n")
    assert seconds_by_day(batch) == {"2026-03-03": 2 * H}  # klog: 1h - 3h = -2h on 2026-03-02
    assert batch.dropped == 2
    assert batch.warnings[0].endswith("line 2: 1h was used up by the record's negative durations "
                                      "(-3h Overtime compensation)")  # fmt: skip
    assert batch.warnings[1] == ("t.klg: line 1: the record of 2026-03-02 totals -2h in klog; aostime has no "
                                 "negative time, so -2h of -3h Overtime compensation was left out")  # fmt: skip


def test_an_open_range_counts_no_time_so_a_negative_cannot_come_off_it():
    batch = parse("2026-03-02\n    9:00 - ?\n    -30m\n")
    assert spans(batch) == [(at("2026-03-02 09:00"), None, "")]
    assert "totals -30m in klog" in batch.warnings[0]


def test_a_positive_sign_and_minutes_over_an_hour_are_durations_too():
    batch = parse("2026-03-02\n    +1h\n    119m\n    0h5m\n")
    assert seconds_by_day(batch) == {"2026-03-02": 1 * H + 119 * M + 5 * M}


# -- blanks between the entry and its summary, and indentation ------------------------------


@pytest.mark.parametrize(
    ("line", "start", "end", "summary"),
    [
        ("5h\tSome remark", "09:00", "14:00", "Some remark"),
        ("8:00 - 9:00\tremark", "08:00", "09:00", "remark"),
        ("<22:00 - <24:00\tFoo", "2026-03-01 22:00", "00:00", "Foo"),
        ("22:00 - 24:00\tFoo", "22:00", "2026-03-03 00:00", "Foo"),
        ("5h    Some remark", "09:00", "14:00", "Some remark"),
        ("9:00am-9:05 Mixed styles", "09:00", "09:05", "Mixed styles"),
        ("22:17   -        1:00>", "22:17", "2026-03-03 01:00", ""),
    ],
)
def test_one_space_or_tab_separates_an_entry_from_its_summary(line, start, end, summary):
    def moment(text: str) -> datetime:
        return at(text if " " in text else f"2026-03-02 {text}")

    assert spans(parse(f"2026-03-02\n\t{line}\n")) == [(moment(start), moment(end), summary)]


def test_an_open_range_takes_a_tab_and_repeated_question_marks():
    batch = parse("2026-03-02\n    18:45 - ???\tJust started\n")
    assert spans(batch) == [(at("2026-03-02 18:45"), None, "Just started")]


@pytest.mark.parametrize("indent", ["    ", "   ", "  ", "\t"])
def test_entries_are_indented_once_and_their_further_summary_lines_twice(indent):
    text = f"2026-03-02\nRecord summary #client=acme\n{indent}1h A\n{indent * 2}second line #x\n{indent}-15m\n"
    (entry,) = parse(text).entries
    assert (entry.end - entry.start).total_seconds() == 1 * H - 15 * M
    assert entry.description == "A\nsecond line #x"
    assert entry.tags == ("x", "client=acme")


def test_each_record_may_indent_in_its_own_style():
    text = "2020-01-01\n  4h two spaces\n  2h\n\n2020-01-02\n    6h four\n\n2020-01-03\n\t12m a tab\n"
    assert seconds_by_day(parse(text)) == {"2020-01-01": 6 * H, "2020-01-02": 6 * H, "2020-01-03": 12 * M}


def test_blank_lines_of_spaces_and_tabs_separate_records_and_a_hash_line_is_a_record_summary():
    text = "\n \t\n2026-03-02\n#acme\n    1h\n    \n\t\n2026-03-03\r\n    2h\r\n"
    batch = parse(text)
    assert seconds_by_day(batch) == {"2026-03-02": 1 * H, "2026-03-03": 2 * H}
    assert batch.entries[0].tags == ("acme",) and batch.entries[0].notes == "#acme"


def test_a_summary_keeps_unicode_line_separators_as_text():
    (entry,) = parse("2026-03-02\n    1h Notes\u2028more\x85end\n").entries
    assert entry.description == "Notes\u2028more\x85end"


# -- dates, should-totals, times ------------------------------------------------------------


@pytest.mark.parametrize("headline", ["2020/01/15", "2020-01-15 (8h!)", "2020-01-15   (5h15m!)",
                                      "2020-01-15 (-3h30m!)", "2020-01-15\t( 8h! )  ", "2020-01-15 (+0m!)"])  # fmt: skip
def test_a_record_starts_with_a_date_and_may_name_a_should_total(headline):
    (entry,) = parse(f"{headline}\n    1h\n").entries
    assert entry.start == at("2020-01-15 09:00")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("2020-01/15\n    1h\n", "line 1"),  # one separator or the other
        ("2020-01-15(8h!)\n    1h\n", "line 1"),
        ("2020-01-15 (!)\n    1h\n", "line 1"),
        ("2020-01-15 (8h)\n    1h\n", "line 1"),
        ("2020-01-15 (8h !)\n    1h\n", "line 1"),
        ("2020-01-15 (1h75m!)\n    1h\n", "line 1"),
        ("2020-01-15 (5h!) foo\n    1h\n", "line 1"),
        ("\u0662\u0660\u0662\u0660-01-15\n    1h\n", "line 1"),  # ASCII digits only, as klog
        ("2020-01-15\n    \u0661h\n", "line 2"),
        ("2020-01-15\n \n", None),  # a blank line: an empty record, no error (checked below)
        ("2020-01-15\n 8h\n", "line 2"),
        ("2020-01-15\n\t 8h\n", "line 2"),
        ("2020-01-15\n     8h\n", "line 2"),
        ("2020-01-15\n    8h\n\t2h\n", "line 3"),
        ("2020-01-15\n  8h Foo\n   bar baz\n", "line 3"),
        ("2020-01-15\n\u00a0summary\n", "line 2"),
        ("2020-01-15\n\t5h\n\t\t\u00a0\n", "line 3"),
        ("2020-01-15\n\t08:00 - ?asdf\n", "line 2"),
        ("2020-01-15\n\t8:00\t- 9:00\n", "line 2"),
        ("2020-01-15\n\t-18:00\n", "line 2"),
        ("2020-01-15\n\t12:00> - 24:00>\n", "line 2"),
        ("2020-01-15\n\t9:00 - ?>\n", "line 2"),
        ("# not a comment: klog has none\n2020-01-15\n    1h\n", "line 1"),
    ],
)
def test_what_klogs_parser_refuses_is_refused_naming_the_line(text, where):
    if where is None:
        assert parse(text).entries == []
        return
    with pytest.raises(BadInput, match=f"t.klg: {where}: "):
        parse(text)


def test_times_on_the_12_and_24_hour_clock_shifted_to_the_day_before_or_after():
    text = "2026-03-02\n    12:00am - 12:30am a\n    12:00pm - 1:15pm b\n    <23:00 - <24:00 c\n    0:30> - 1:00> d\n"
    assert spans(parse(text)) == [
        (at("2026-03-02 00:00"), at("2026-03-02 00:30"), "a"),
        (at("2026-03-02 12:00"), at("2026-03-02 13:15"), "b"),
        (at("2026-03-01 23:00"), at("2026-03-02 00:00"), "c"),
        (at("2026-03-03 00:30"), at("2026-03-03 01:00"), "d"),
    ]


# -- wall times skipped by DST --------------------------------------------------------------

BERLIN_SPRING = (
    "2026-03-29\n    1:00 - 2:30 a\n    2:30 - 4:00 b\n    2:10 - 2:50 c\n    2:45 - 3:15 e\n    5:00 - 6:00 d\n"
)


@pytest.mark.parametrize("zone", [ZoneInfo("Europe/Berlin"), zone_named("CET-1CEST,M3.5.0,M10.5.0/3")])
def test_a_time_skipped_by_dst_is_moved_forward_by_the_gap_and_the_rest_is_imported(zone):
    batch = parse(BERLIN_SPRING, zone)
    # On 2026-03-29 Berlin's clocks go from 2:00 (+01:00, 01:00 UTC) to 3:00 (+02:00).
    # 2:30 is read as 2:30+01:00 = 01:30 UTC, the moment the clock shows 3:30.
    assert spans(batch) == [
        (at("2026-03-29 00:00"), at("2026-03-29 01:30"), "a"),  # 1:00 +01:00 to "2:30"
        (at("2026-03-29 01:30"), at("2026-03-29 02:00"), "b"),  # "2:30" to 4:00 +02:00
        (at("2026-03-29 01:10"), at("2026-03-29 01:50"), "c"),  # both ends moved: 3:10 - 3:50 +02:00
        (at("2026-03-29 03:00"), at("2026-03-29 04:00"), "d"),  # e: "2:45" is 3:45, after 3:15
    ]
    assert batch.warnings[0] == (
        "t.klg: line 2: 02:30 does not exist on 2026-03-29 in the local zone (skipped by a DST change); "
        "read with the offset before the change, as 03:30"
    )
    assert (
        batch.warnings[-1] == "t.klg: line 5: the range 2:45 - 3:15 has no length once read in the local zone; left out"
    )
    assert batch.dropped == 1


def test_a_day_start_skipped_by_dst_is_moved_forward_too():
    batch = parse("2026-03-29\n    1h\n", ZoneInfo("Europe/Berlin"), time(2, 15))
    assert spans(batch) == [(at("2026-03-29 01:15"), at("2026-03-29 02:15"), "")]  # 3:15 +02:00, one hour
    assert "line 1: 02:15 does not exist" in batch.warnings[0]


def test_an_import_with_a_time_skipped_by_dst_imports_the_file_and_warns(aos, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    result = aos("import", "klog", "-", "--json", input="2026-03-29\n    2:30 - 4:00 #work\n    5:00 - 6:00 #work\n")
    assert result.json["entries"]["created"] == 2
    assert "02:30 does not exist on 2026-03-29" in result.json["warnings"][0]


# -- end to end -----------------------------------------------------------------------------


def test_aos_import_klog_gives_the_day_totals_klog_total_gives(aos):
    result = aos("import", "klog", str(EXAMPLE), "--json").json
    assert result["entries"]["created"] == 7 and result["entries"]["dropped"] == 0
    assert result["warnings"] == []
    rows = {row["day"]: row for row in aos("report", "--by", "day", "--json").json["rows"]}
    assert {day: row["duration"] for day, row in rows.items() if not row["running"]} == {
        "2026-03-02": 8 * H + 30 * M - 45 * M,  # 8:45 - 17:15, -45m Lunch break
        "2026-03-03": 3 * H + 30 * M + 4 * H + 25 * M,
        "2026-03-04": 1 * H + 30 * M + 6 * H + 45 * M,
        "2026-03-05": 3 * H + 45 * M,
    }
    assert rows["2026-03-06"]["running"] == 1  # 6:50 - ?: the running timer, no time in `klog total`
    lunch_day = aos("list", "--from", "2026-03-02", "--to", "2026-03-02", "--json").json["entries"]
    assert [(e["start_time"], e["end_time"]) for e in lunch_day] == [
        ("2026-03-02T08:45:00+00:00", "2026-03-02T16:30:00+00:00")
    ]
