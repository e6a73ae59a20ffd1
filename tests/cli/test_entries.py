"""Manual entries and the entry list: add, edit, delete, list."""

import csv
import io
import json

import pytest


def test_the_seeds_post_example_as_a_command(acme):
    result = acme("add", "-p", "1", "-t", "1", "--start", "2026-03-31T09:00:00", "--end", "2026-03-31T12:30:00",
                  "-d", "Homepage design mockups", "--json")  # fmt: skip
    entry = result.json
    assert entry["duration"] == 12600 and entry["hours"] == 3.5
    assert '"amount": 525.00' in result.out
    assert '"hourly_rate": 150.00' in result.out


def test_date_and_hours(acme):
    result = acme("add", "-p", "1", "--date", "2026-03-28", "--hours", "4.5", "--json")
    assert '"amount": 675.00' in result.out
    assert result.json["date"] == "2026-03-28" and result.json["duration"] == 16200


def test_an_entry_by_hours_starts_at_day_start_or_after_the_last_entry_that_day(acme):
    first = acme("add", "-p", "1", "--date", "2026-03-28", "--hours", "1h30m", "--json").json
    assert first["start_time"] == "2026-03-28T09:00:00+00:00"
    second = acme("add", "-p", "1", "--date", "2026-03-28", "--hours", "1:15", "--json").json
    assert second["start_time"] == first["end_time"] and second["duration"] == 4500
    acme("config", "set", "day_start", "08:30")
    assert (
        acme("add", "-p", "1", "--date", "2026-03-29", "--hours", "1", "--json")
        .json["start_time"]
        .startswith("2026-03-29T08:30")
    )


def test_money_is_exact_per_entry_and_totals_add_the_printed_amounts(acme):
    for _ in range(3):
        assert acme("add", "-p", "1", "--hours", "20m", "--rate", "100.01", "--json").json["amount"] == 33.34
    listing = acme("list", "--json")
    assert '"total_amount": 100.02' in listing.out
    amounts = json.loads(listing.out, parse_float=str)["entries"]
    assert [e["amount"] for e in amounts] == ["33.34"] * 3


def test_changing_a_project_rate_later_does_not_change_existing_entries(acme):
    acme("add", "-p", "1", "--hours", "1")
    acme("project", "edit", "1", "--rate", "999")
    acme("client", "edit", "1", "--rate", "1")
    entry = acme("list", "--json").json["entries"][0]
    assert (entry["hourly_rate"], entry["amount"]) == (150, 150)


def test_dst_spring_forward_is_one_hour_shown_with_both_offsets(acme, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    entry = acme("add", "-p", "1", "--start", "2026-03-29 01:30", "--end", "2026-03-29 03:30", "--json").json
    assert entry["duration"] == 3600
    assert entry["start_time"].endswith("+01:00") and entry["end_time"].endswith("+02:00")


def test_dst_fall_back_hour_is_never_negative_or_doubled(acme, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    # 02:30 happens twice on 2026-10-25; a bare 02:30 is the first (+02:00) one
    entry = acme("add", "-p", "1", "--start", "2026-10-25 01:30", "--end", "2026-10-25 02:30", "--json").json
    assert entry["duration"] == 3600
    entry = acme("add", "-p", "1", "--start", "2026-10-25 02:30", "--end", "2026-10-25 03:30", "--json").json
    assert entry["duration"] == 7200  # 02:30+02:00 to 03:30+01:00 is two real hours
    entry = acme("add", "-p", "1", "--start", "2026-10-25 02:30+01:00", "--end", "2026-10-25 03:30", "--json").json
    assert entry["duration"] == 3600


@pytest.mark.parametrize(
    "args",
    [
        ["--start", "2026-03-31 10:00", "--end", "2026-03-31 09:00"],
        ["--start", "2026-03-31 10:00", "--end", "2026-03-31 10:00"],
        ["--hours", "-1"],
        ["--hours", "0"],
        ["--hours", "NaN"],
        ["--date", "2026-02-30", "--hours", "1"],
        ["--hours", "1", "--start", "2026-03-31 09:00", "--end", "2026-03-31 10:00"],
        ["--start", "2026-03-31 09:00"],
        ["--hours", "1", "--rate", "abc"],
    ],
)
def test_bad_input_is_a_usage_error_and_writes_nothing(acme, db_dump, args):
    acme("add", "-p", "1", "--hours", "1")
    dump = db_dump()
    result = acme("add", "-p", "1", *args, expect=2)
    assert result.err.startswith("Error: ") and result.err.count("\n") == 1
    assert db_dump() == dump


def test_more_than_24_hours_is_refused_with_exit_1_unless_forced(acme, db_dump):
    dump = db_dump()
    refused = acme("add", "-p", "1", "--hours", "25", expect=1)
    assert "25:00 h, longer than max_entry_hours (24 h)" in refused.err and "--force" in refused.err
    assert db_dump() == dump
    assert acme("add", "-p", "1", "--hours", "30", "--force", "--json").json["duration"] == 108000


def test_the_longest_entry_without_force_is_a_setting(acme):
    acme("config", "set", "max_entry_hours", "40")
    assert acme("add", "-p", "1", "--hours", "30", "--json").json["duration"] == 108000


def test_a_negative_limit_is_a_usage_error(acme):
    acme("list", "--limit", "-5", expect=2)


def test_edit_recomputes_the_amount_and_keeps_the_rate(acme, monkeypatch):
    monkeypatch.setenv("AOS_NOW", "2026-03-04T17:00:00+00:00")  # today's 09:00-11:00 has passed
    entry = acme("add", "-p", "1", "--hours", "1", "--json").json
    acme("project", "add", "Other", "-c", "1", "--rate", "90")
    edited = acme("edit", str(entry["id"]), "--hours", "2", "--project", "Other", "--json").json
    assert (edited["project_name"], edited["hourly_rate"], edited["amount"]) == ("Other", 150, 300)
    assert acme("edit", str(entry["id"]), "--reset-rate", "--json").json["amount"] == 180
    assert acme("edit", str(entry["id"]), "--rate", "100", "--json").json["amount"] == 200


def test_edit_moves_an_entry_to_another_day_keeping_its_time(acme):
    entry = acme("add", "-p", "1", "--start", "2026-03-31 09:00", "--end", "2026-03-31 10:00", "--json").json
    moved = acme("edit", str(entry["id"]), "--date", "2026-04-02", "--json").json
    assert moved["start_time"] == "2026-04-02T09:00:00+00:00" and moved["duration"] == 3600


def test_an_edit_made_on_a_version_the_entry_no_longer_has_is_refused_and_changes_nothing(acme, db_dump):
    """Two people look at the same entry; the first saves; the second's edit names the version she
    saw (its "version" in any entry document: a listing's equals the entry's own answer)."""
    # a past day: today, before noon, three hours from nine would end in the future
    entry = acme("add", "-p", "1", "--hours", "1", "--date", "2026-03-02", "-d", "draft", "--json").json
    seen = acme("list", "--json").json["entries"][0]["version"]
    assert seen == entry["version"]
    first = acme("edit", str(entry["id"]), "-d", "checked", "--if-version", seen, "--json").json
    assert first["version"] != seen
    before = db_dump()
    late = acme("edit", str(entry["id"]), "--hours", "3", "--if-version", seen, expect=1)
    assert late.err == f"Error: entry {entry['id']} was changed since it was read; read it again and redo the change\n"
    assert db_dump() == before
    again = acme("edit", str(entry["id"]), "--hours", "3", "--if-version", first["version"], "--json").json
    assert (again["description"], again["duration"]) == ("checked", 3 * 3600)
    acme("project", "edit", "1", "--name", "Renamed")  # a name shown beside it is not the entry's to version
    assert acme("list", "--json").json["entries"][0]["version"] == again["version"]


def test_copy_puts_a_new_entry_like_another_at_other_times_and_refuses_what_edit_refuses(acme, db_dump):
    """--date keeps the times of day, --start alone the length; the copy's rate is today's."""
    source = acme("add", "-p", "1", "-t", "1", "--start", "2026-03-02 09:00", "--end", "2026-03-02 10:30",
                  "-d", "Workshop", "--notes", "room 4", "--non-billable", "--json").json  # fmt: skip
    acme("project", "edit", "1", "--rate", "90")
    copied = acme("copy", str(source["id"]), "--date", "2026-03-04", "--json").json
    assert (copied["start_time"], copied["end_time"]) == ("2026-03-04T09:00:00+00:00", "2026-03-04T10:30:00+00:00")
    assert (copied["description"], copied["notes"], copied["billable"], copied["task_id"]) == (
        "Workshop", "room 4", False, source["task_id"])  # fmt: skip
    later = acme("copy", str(source["id"]), "--start", "2026-03-05 14:00", "--json").json
    assert (later["start_time"], later["duration"]) == ("2026-03-05T14:00:00+00:00", 5400)
    assert acme("copy", str(source["id"]), "--start", "2026-03-05 14:00", "--end", "15:00", "--json").json[
        "duration"] == 3600  # fmt: skip
    before = db_dump()
    assert acme("copy", str(source["id"]), expect=2).err.startswith("Error: give the copy's --start")
    assert "is in the future" in acme("copy", str(source["id"]), "--date", "2099-01-01", expect=2).err
    assert "entry 99 not found" in acme("copy", "99", "--date", "2026-03-04", expect=1).err
    assert db_dump() == before


def test_edit_of_an_unknown_entry_is_refused(acme):
    assert "entry 99 not found" in acme("edit", "99", "-d", "x", expect=1).err


def test_delete_asks_scripts_for_yes_and_deletes_all_or_nothing(acme):
    a = acme("add", "-p", "1", "--hours", "1", "--json").json["id"]
    result = acme("delete", str(a), expect=2)
    assert "--yes" in result.err
    acme("delete", str(a), "999", "--yes", expect=1)
    assert acme("list", "--json").json["count"] == 1
    assert acme("delete", str(a), "--yes", "--json").json == {"deleted": [a], "count": 1}
    assert acme("list", "--json").json["count"] == 0


def test_invoiced_entries_are_locked_naming_the_invoice(acme):
    entry = acme("add", "-p", "1", "--hours", "1", "--json").json
    acme("invoice", "create", "-c", "1")
    assert "INV-" in acme("edit", str(entry["id"]), "-d", "x", expect=1).err
    assert "INV-" in acme("delete", str(entry["id"]), "--yes", expect=1).err


def test_overlaps_are_allowed_but_warned_about(acme):
    acme("add", "-p", "1", "--start", "2026-03-31 09:00", "--end", "2026-03-31 11:00")
    result = acme("add", "-p", "1", "--start", "2026-03-31 10:00", "--end", "2026-03-31 12:00")
    assert "Warning: overlaps entry 1" in result.err


def test_a_running_timer_is_never_overlapped_silently(acme):
    acme("start", "-p", "1", "--at", "-2h")
    assert "overlaps the running timer" in acme("add", "-p", "1", "--start", "-1h", "--end", "-30m").err


def test_list_is_newest_first_and_returns_everything_to_scripts(acme):
    for day in range(1, 29):
        acme("add", "-p", "1", "--date", f"2026-02-{day:02d}", "--hours", "1")
    entries = acme("list", "--json").json["entries"]
    assert len(entries) == 28 and entries[0]["date"] == "2026-02-28" and entries[-1]["date"] == "2026-02-01"
    assert acme("list", "--limit", "3", "--json").json["count"] == 3


def test_list_entries_carry_ids_and_names(acme):
    acme("add", "-p", "1", "-t", "1", "--hours", "1")
    entry = acme("list", "--json").json["entries"][0]
    for key in ("id", "project_id", "project_name", "task_id", "task_name", "client_id", "client_name", "user_id",
                "user_name", "start_time", "end_time", "duration", "hours", "date", "description", "notes",
                "billable", "hourly_rate", "amount", "invoiced", "invoice_id"):  # fmt: skip
        assert key in entry


def test_filters_compose_and_totals_match_the_rows(acme):
    acme("project", "add", "Other", "-c", "1")
    acme("add", "-p", "1", "--date", "2026-03-01", "--hours", "1")
    acme("add", "-p", "1", "--date", "2026-03-15", "--hours", "2")
    acme("add", "-p", "1", "--date", "2026-03-31", "--hours", "3", "--non-billable")
    acme("add", "-p", "1", "--date", "2026-04-01", "--hours", "4")
    acme("add", "-p", "Other", "--date", "2026-03-10", "--hours", "5")
    doc = acme("list", "-p", "1", "--billable", "--from", "2026-03-01", "--to", "2026-03-31", "--json").json
    assert [e["hours"] for e in doc["entries"]] == [2, 1]
    assert doc["total_hours"] == 3 and doc["total_amount"] == 450 and doc["count"] == 2
    # --to as a date includes that whole day
    doc = acme("list", "-p", "1", "--from", "2026-03-01", "--to", "2026-03-31", "--json").json
    assert doc["count"] == 3


def test_list_csv_is_rfc4180_and_round_trips_hard_text(acme):
    hard = 'Commas, "quotes"\nand a newline'
    acme("add", "-p", "1", "--hours", "1", "-d", hard)
    out = acme("list", "--csv").out
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert rows[0]["description"] == hard and rows[0]["amount"] == "150.00"
    assert "\r\n" in out


def test_people_get_a_table_with_a_totals_footer(acme):
    acme("add", "-p", "1", "--hours", "1.5")
    out = acme("list").out
    assert "Total USD (1 entry)" in out and "225.00 USD" in out


def test_the_table_shows_the_newest_fifty_and_says_how_many_match(acme):
    for day in range(1, 29):
        for hour in (9, 11):
            acme("add", "-p", "1", "--start", f"2026-02-{day:02d} {hour}:00", "--end", f"2026-02-{day:02d} {hour}:30")
    result = acme("list")
    assert "50 entries" in result.out and "2026-02-28" in result.out and "2026-02-03" not in result.out
    assert "Showing the 50 newest of 56 entries" in result.err
    assert "56 entries" in acme("list", "--limit", "100").out
    assert acme("list", "--json").json["count"] == 56


def test_search_finds_entries_by_words_that_start_words_of_their_description(acme, monkeypatch):
    """Each word typed must start a word of the description (case aside), as one types it; the
    index follows every add, edit and delete."""
    monkeypatch.setenv("AOS_NOW", "2026-03-06T17:00:00+00:00")
    for day, text in (("02", "Homepage mockups"), ("03", "Review of the home page"), ("04", "Client call")):
        acme("add", "-p", "1", "--date", f"2026-03-{day}", "--hours", "1", "-d", text)

    def found(*words: str) -> list[str]:
        return [e["description"] for e in acme("list", "--search", " ".join(words), "--json").json["entries"]]

    assert found("hom") == ["Review of the home page", "Homepage mockups"]  # newest first, as every listing
    assert found("HOME", "pa") == ["Review of the home page"]  # every word, each the start of one
    assert found("page") == ["Review of the home page"]  # a word's start, not its middle: not Homepage
    assert found("call") == ["Client call"] and found("mockup", "call") == []
    totals = acme("list", "-s", "hom", "--json").json
    assert (totals["count"], totals["total_hours"]) == (2, 2.0)  # the totals are the matches'
    acme("edit", "3", "-d", "Homepage call")
    assert found("homepage") == ["Homepage call", "Homepage mockups"]
    acme("delete", "1", "--yes")
    assert found("homepage") == ["Homepage call"]
    assert (
        acme("list", "--search", "– ?", expect=2).err
        == "Error: search '– ?' has no words to look for (letters or digits)\n"
    )
