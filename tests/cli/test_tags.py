"""Tags on entries (SPEC §11): set by start, add and edit (--tag, --untag), carried sorted by folded
name in every entry document, filtered by list and report (any of the tags), grouped by
`report --by tag` (overlapping groups, honest totals), refused when bad, restored with a
whole-file export."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from db_query import query


def test_tags_given_to_add_start_and_edit_come_back_once_each_sorted_by_folded_name(acme):
    added = acme("add", "-p", "1", "--hours", "1", "--date", "2026-03-02", "--tag", "urgent", "--tag", " Äpfel ",
                 "--tag", "URGENT", "--tag", "büro", "--json").json  # fmt: skip
    # by folded name, in code point order ("äpfel" after "urgent"); the first spelling of "urgent" is kept
    assert added["tags"] == ["büro", "urgent", "Äpfel"]
    assert acme("list", "--json").json["entries"][0]["tags"] == added["tags"]  # the streamed listing says the same
    assert acme("list", "--json", "--limit", "1").json["entries"][0] == added  # ... byte for byte the entry
    edited = acme("edit", str(added["id"]), "--untag", "Urgent", "--tag", "call", "--tag", "büro", "--json").json
    assert edited["tags"] == ["büro", "call", "Äpfel"]
    assert edited["version"] != added["version"]  # a tag change is a change: a stale --if-version is refused
    acme("edit", str(added["id"]), "--tag", "x", "--if-version", added["version"], expect=1)
    listed = list(csv.DictReader(io.StringIO(acme("list", "--csv").out)))
    assert listed[0]["tags"] == "büro, call, Äpfel"

    started = acme("start", "-p", "1", "--at", "-30m", "--tag", "deep work", "--tag", "Admin", "--json").json
    assert started["tags"] == ["Admin", "deep work"]
    stopped = acme("stop", "--json").json
    assert stopped["tags"] == ["Admin", "deep work"]
    assert acme("restart", "--json").json["tags"] == ["Admin", "deep work"]  # like the entry it restarts
    assert acme("status", "--json").json["entry"]["tags"] == ["Admin", "deep work"]
    assert "Tags           Admin, deep work" in acme("status").out  # and people see them
    assert "(Admin, deep work)" in acme("list").out


def test_a_deleted_entry_takes_its_tags_with_it(acme):
    entry = acme("add", "-p", "1", "--hours", "1", "--tag", "gone", "--json").json
    acme("delete", str(entry["id"]), "--yes")
    assert query(os.environ["AOS_DB"], "SELECT count(*) FROM entry_tags") == [(0,)]


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("", "Error: a tag must not be empty\n"),
        ("   ", "Error: a tag must not be empty\n"),
        ("a\tb", "Error: tag 'a\\tb' holds control characters\n"),
        ("x" * 101, f"Error: tag {'x' * 20!r}... is too long (at most 100 characters)\n"),
    ],
)
def test_a_bad_tag_is_refused_with_one_line_and_nothing_is_saved(acme, tag, message):
    assert acme("add", "-p", "1", "--hours", "1", "--tag", "fine", "--tag", tag, expect=2).err == message
    assert acme("list", "--json").json["count"] == 0


def test_a_tag_both_added_and_removed_is_refused(acme):
    entry = acme("add", "-p", "1", "--hours", "1", "--json").json
    result = acme("edit", str(entry["id"]), "--tag", "Ops", "--untag", "ops", expect=2)
    assert result.err == "Error: tag 'ops' is both added (--tag) and removed (--untag)\n"


def test_list_and_report_take_entries_with_any_of_the_tags_and_report_by_tag_counts_each_entry_once_in_total(acme):
    for hours, tags in (("1", ["design", "Urgent"]), ("2", ["design"]), ("4", []), ("8", ["review"])):
        acme("add", "-p", "1", "--hours", hours, "--date", "2026-03-02",
             *[arg for tag in tags for arg in ("--tag", tag)])  # fmt: skip
    listed = acme("list", "--json", "--tag", "urgent", "--tag", "REVIEW").json
    assert sorted(e["hours"] for e in listed["entries"]) == [1, 8] and listed["total_hours"] == 9
    assert [e["hours"] for e in acme("list", "--json", "--tag", "nothing").json["entries"]] == []

    report = acme("report", "--by", "tag", "--json").json
    assert [(row["tag"], row["hours"], row["entries"]) for row in report["rows"]] == [
        (None, 4, 1), ("design", 3, 2), ("review", 8, 1), ("Urgent", 1, 1),
    ]  # fmt: skip
    assert (report["totals"]["hours"], report["totals"]["entries"]) == (15, 4)  # not 16: entries, not groups
    assert report["totals"]["amount"] == 15 * 150
    filtered = acme("report", "--by", "project,tag", "--tag", "design", "--json").json
    assert [(row["tag"], row["hours"]) for row in filtered["rows"]] == [("design", 3), ("Urgent", 1)]
    assert filtered["totals"]["hours"] == 3
    table = acme("report", "--by", "tag").out
    assert "(no tag)" in table and "Tag groups overlap" in table


def test_a_whole_file_export_restored_elsewhere_keeps_every_tag(acme, tmp_path):
    acme("add", "-p", "1", "--hours", "1", "--tag", "b", "--tag", "A", "--date", "2026-03-02")
    acme("add", "-p", "1", "--hours", "1", "--date", "2026-03-03")
    exported = acme("export", "--format", "json").out
    other = str(tmp_path / "other.db")
    acme("--db", other, "import", "json", "-", input=exported)
    assert (
        json.loads(acme("--db", other, "export", "--format", "json").out)["entries"] == json.loads(exported)["entries"]
    )
    assert [e["tags"] for e in acme("--db", other, "list", "--json").json["entries"]] == [[], ["A", "b"]]
