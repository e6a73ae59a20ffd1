"""Timewarrior's three forms, as the real Timewarrior 1.4.3 writes them (fixtures/timewarrior/real,
recorded by its make_fixtures.sh): the data files, `timew export`, and what `timew report <ext>`
pipes to an extension. The same intervals read the same from each; the project of an interval does
not depend on the order of its tags, which Timewarrior keeps sorted."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from interchange_helpers import FIXTURES

from aostime.errors import BadInput
from aostime.interchange import records, timewarrior

REAL = FIXTURES / "timewarrior" / "real"
BERLIN = ZoneInfo("Europe/Berlin")


def utc(text: str, zone=UTC) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone).astimezone(UTC)


# What make_fixtures.sh typed, interval by interval, as (start, end or None, tags as Timewarrior
# keeps them: sorted, annotation). The DST one was typed in Berlin time.
TRICKY_TAGS = ('"', "'single quoted'", "a\\b", "café ☕", "it's", 'say "hi"', "semi;colon", "trail\\", "website",
               "x # y")  # fmt: skip
TYPED = [
    (utc("2026-03-02 09:00"), utc("2026-03-02 10:00"), ("design", "website"), ""),
    (utc("2026-03-02 10:30"), utc("2026-03-02 12:15"), ("code review", "project:website"), ""),
    (utc("2026-03-03 22:30"), utc("2026-03-04 01:10"), ("support",), ""),
    (utc("2026-03-04 09:00"), utc("2026-03-04 09:20:30"), TRICKY_TAGS, 'Homepage "v2" # final, it\'s done'),
    (utc("2026-03-29 01:30", BERLIN), utc("2026-03-29 03:30", BERLIN), ("support",), ""),
    (utc("2026-03-31 23:30"), utc("2026-04-01 00:45"), ("website",), ""),
    (utc("2026-04-02 10:00"), utc("2026-04-02 10:45:30"), (), "no tags here"),
    (utc("2026-04-03 09:00"), None, ("support",), ""),
]


def seconds(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds())


def read_data_dir():
    files = timewarrior.data_files(REAL / "data")
    return timewarrior.parse_data_files([(str(f), f.read_text(encoding="utf-8")) for f in files], str(REAL))


def read_export():
    return timewarrior.parse_export((REAL / "export.json").read_text(encoding="utf-8"), "export.json")


def read_report(name: str = "report-all.txt"):
    """An extension's input, read as `aos import timewarrior -` reads stdin that is not JSON."""
    return timewarrior.parse_data_files([(name, (REAL / name).read_text(encoding="utf-8"))], name)


def intervals(batch) -> list[tuple]:
    return [(e.start, e.end, e.tags, e.description) for e in batch.entries]


# -- reading the three forms ----------------------------------------------------------------


def test_timewarrior_keeps_tags_sorted_so_their_order_says_nothing():
    """`timew track ... website design` is stored as `design website`."""
    first_line = (REAL / "data" / "2026-03.data").read_text(encoding="utf-8").splitlines()[0]
    assert first_line.endswith("# design website")
    assert read_data_dir().entries[0].tags == ("design", "website")


def test_the_data_files_read_as_timewarrior_reads_them_back():
    """Every interval, its tags (bare ones keep their backslashes, quoted ones lose their escapes)
    and its annotation, as typed; the export (Timewarrior's own reading) agrees."""
    assert intervals(read_data_dir()) == TYPED
    assert intervals(read_export()) == TYPED


@pytest.mark.parametrize(
    ("words", "tags"),
    [
        ("a\\b trail\\ website", ("a\\b", "trail\\", "website")),  # bare: no escapes, as Timewarrior writes them
        ('"say \\"hi\\"" "x # y" it\'s', ('say "hi"', "x # y", "it's")),
        ("'single quoted' \"tab\\there\"", ("single quoted", "tab\there")),  # Timewarrior reads ' strings too
        ('"U+00e9t\\u00e9" \'open', ("été", "'open")),  # an unclosed quote is part of a bare word
    ],
)
def test_data_line_words_follow_timewarriors_lexer(words, tags):
    batch = records.Batch("timewarrior", "x")
    timewarrior.parse_data_line(batch, f"inc 20260302T090000Z - 20260302T100000Z # {words}", "x.data", 1)
    assert batch.entries[0].tags == tags


def test_an_annotation_without_tags_follows_an_empty_tag_list():
    batch = records.Batch("timewarrior", "x")
    timewarrior.parse_data_line(batch, 'inc 20260402T100000Z - 20260402T104530Z # # "no tags here"', "x.data", 1)
    assert batch.entries[0].tags == () and batch.entries[0].description == "no tags here"


def test_an_extensions_input_reads_like_the_export():
    """`timew report <ext>` pipes settings (`name: value`), a blank line, then the JSON array."""
    text = (REAL / "report-all.txt").read_text(encoding="utf-8")
    assert text.startswith("color: off\n") and "\n\n[\n" in text
    assert intervals(read_report()) == TYPED


def test_an_extensions_input_over_a_range_brings_whole_intervals():
    """`timew report capture 2026-03-04 - 2026-03-30`: the interval from 22:30 on the 3rd to 01:10
    on the 4th comes whole, not cut at the range's start, so it is imported whole."""
    got = intervals(read_report("report-range.txt"))
    assert got == [TYPED[2], TYPED[3], TYPED[4]]
    assert seconds(got[0][0], got[0][1]) == 2 * 3600 + 40 * 60


def test_bad_json_in_an_extensions_input_names_the_line_of_the_file():
    text = 'temp.version: 1.4.3\nverbose: on\n\n[\n{"start": "20260302T090000Z",}\n]\n'
    with pytest.raises(BadInput, match=r"^r\.txt: line 5, column"):
        timewarrior.parse_data_files([("r.txt", text)], "r.txt")


def test_settings_without_the_json_are_not_an_extensions_input():
    with pytest.raises(BadInput, match=r"^r\.txt: line 1: is not an interval line"):
        timewarrior.parse_data_files([("r.txt", "temp.version: 1.4.3\n\ninc 20260302T090000Z\n")], "r.txt")


def test_raw_control_characters_timewarriors_json_leaves_unescaped_are_read():
    text = '[{"id":1,"start":"20260302T090000Z","end":"20260302T100000Z","annotation":"a\x01b"}]'
    assert timewarrior.parse_export(text, "e.json").entries[0].description == "a\x01b"


def test_times_are_utc_across_midnight_the_dst_change_and_the_month_end():
    by_start = {e.start: e for e in read_data_dir().entries}
    midnight = by_start[utc("2026-03-03 22:30")]
    assert seconds(midnight.start, midnight.end) == 2 * 3600 + 40 * 60
    dst = by_start[utc("2026-03-29 00:30")]  # 01:30 Berlin, still winter time
    assert seconds(dst.start, dst.end) == 3600  # 03:30 summer time is one hour later
    month_end = by_start[utc("2026-03-31 23:30")]
    assert seconds(month_end.start, month_end.end) == 75 * 60


def test_the_start_is_the_id_in_every_form_and_the_running_interval_has_no_end():
    for batch in (read_data_dir(), read_export(), read_report()):
        assert [e.source_id for e in batch.entries] == [t[0].strftime("%Y%m%dT%H%M%SZ") for t in TYPED]
        assert [e.end is None for e in batch.entries] == [False] * 7 + [True]


# -- the project: never from the order of the tags ------------------------------------------


# -- end to end: aos import timewarrior ----------------------------------------------------

SUPPORT_DONE = seconds(*TYPED[2][:2]) + seconds(*TYPED[4][:2])
WEBSITE = sum(seconds(start, end) for start, end, tags, _ in TYPED if "website" in tags or "project:website" in tags)


def report(aos) -> dict[str, tuple[int, int]]:
    """project -> (entries, seconds) of finished time: up to the day before the running one."""
    rows = aos("report", "--json", "--to", "2026-04-02").json["rows"]
    return {row["project_name"]: (row["entries"], row["duration"]) for row in rows}


def test_aos_import_of_an_extensions_input_on_stdin(aos):
    """The extension's way: `timew report aos` runs `aos import timewarrior -` with this on stdin."""
    aos("client", "add", "Acme")
    aos("project", "add", "website", "--client", "Acme")
    result = aos("import", "timewarrior", "-", "--project-tag-prefix", "project:", "--json",
                 input=(REAL / "report-all.txt").read_text(encoding="utf-8")).json  # fmt: skip
    assert result["entries"]["created"] == 8
    assert report(aos) == {
        "website": (4, WEBSITE),
        "support": (2, SUPPORT_DONE),
        "Untagged": (1, seconds(*TYPED[6][:2])),
    }
    running = aos("status", "--json").json["entry"]
    assert (running["project_name"], running["start_time"]) == ("support", "2026-04-03T09:00:00+00:00")


def test_the_data_dir_the_export_and_the_extensions_input_are_the_same_intervals(aos):
    aos("client", "add", "Acme")
    aos("project", "add", "website", "--client", "Acme")
    aos("import", "timewarrior", str(REAL / "data"), "--project-tag-prefix", "project:")
    before = report(aos)
    for again in ("export.json", "report-all.txt"):
        result = aos("import", "timewarrior", str(REAL / again), "--project-tag-prefix", "project:", "--json")
        assert result.json["entries"]["created"] == 0
    assert report(aos) == before


def test_a_tag_another_interval_names_alone_is_the_project_whatever_the_order(aos):
    """No project exists: `design website` goes to website, which `timew track ... website` names
    alone later in the file (and project:website too), not to design, Timewarrior's first tag."""
    aos("import", "timewarrior", str(REAL / "data"), "--project-tag-prefix", "project:")
    assert report(aos) == {
        "website": (4, WEBSITE),
        "support": (2, SUPPORT_DONE),
        "Untagged": (1, seconds(*TYPED[6][:2])),
    }


def first_line_alone(tmp_path):
    """The real line `design website`, alone in a data file: nothing says which tag is the project."""
    line = (REAL / "data" / "2026-03.data").read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "2026-03.data"
    path.write_text(line + "\n", encoding="utf-8")
    return path


def export_of(*tags: str) -> str:
    return json.dumps([{"id": 1, "start": "20260302T090000Z", "end": "20260302T100000Z", "tags": list(tags)}])


def test_tags_that_leave_a_choice_stop_the_import_and_write_nothing(aos, db_dump, tmp_path):
    aos("client", "add", "Acme")
    path = first_line_alone(tmp_path)
    before = db_dump()
    result = aos("import", "timewarrior", str(path), expect=2)
    assert result.err.startswith(f"Error: {path}: line 1: ")
    assert "design, website" in result.err
    assert "--project-tag-prefix" in result.err and "--default-project" in result.err
    assert db_dump() == before


def test_default_project_takes_the_intervals_whose_tags_leave_a_choice(aos, tmp_path):
    aos("import", "timewarrior", str(first_line_alone(tmp_path)), "--default-project", "Misc")
    assert report(aos) == {"Misc": (1, 3600)}


@pytest.mark.parametrize("tags", [("web", "design"), ("design", "web")])
def test_the_order_of_the_tags_in_an_export_changes_nothing(aos, tags):
    aos("import", "timewarrior", "-", "--default-project", "Misc", input=export_of(*tags))
    assert report(aos) == {"Misc": (1, 3600)}


def test_the_prefix_wins_over_a_tag_that_names_a_project(aos):
    aos("client", "add", "Acme")
    aos("project", "add", "support", "--client", "Acme")
    aos("import", "timewarrior", "-", "--project-tag-prefix", "project:", input=export_of("project:web", "support"))
    assert report(aos) == {"web": (1, 3600)}


def test_two_tags_naming_projects_leave_a_choice(aos):
    aos("client", "add", "Acme")
    aos("project", "add", "support", "--client", "Acme")
    aos("project", "add", "web", "--client", "Acme")
    result = aos("import", "timewarrior", "-", input=export_of("support", "web"), expect=2)
    assert "the tags support, web do not say which is the project" in result.err


def test_a_tag_naming_an_existing_project_is_the_project_whatever_the_other_tags(aos):
    aos("client", "add", "Acme")
    aos("project", "add", "website", "--client", "Acme")
    aos("import", "timewarrior", "-", input=export_of("design", "website"))
    assert report(aos) == {"website": (1, 3600)}
