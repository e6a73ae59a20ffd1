"""aos import: every format against fixtures made by the real tools (Watson, Timewarrior) or with
the real export headers (Toggl, Clockify, Harvest, Kimai) and the klog spec. Counts, seconds per
project and amounts must match the source exactly; a second run imports nothing."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from interchange_helpers import FIXTURES, entries, totals


def _csv_rows(name: str) -> list[dict]:
    with open(FIXTURES / "csv" / name, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _clock(text: str) -> int:
    parts = [int(p) for p in text.split(":")]
    return parts[0] * 3600 + parts[1] * 60 + (parts[2] if len(parts) > 2 else 0)


def _expected(rows, client, project, seconds, amount, default_client="Imported"):
    out: dict = defaultdict(lambda: [0, 0, Decimal(0)])
    for row in rows:
        key = (row[client] or default_client, row[project])
        out[key][0] += 1
        out[key][1] += seconds(row)
        out[key][2] += Decimal(row[amount] or "0")
    return {k: tuple(v) for k, v in out.items()}


# -- Watson ---------------------------------------------------------------------------------


def test_watson_frames_become_entries_with_their_seconds_and_the_hierarchys_rates(acme):
    frames = json.loads((FIXTURES / "watson" / "frames").read_text())
    result = acme("import", "watson", str(FIXTURES / "watson"), "--json").json
    assert result["entries"] == {"created": len(frames) + 1, "updated": 0, "unchanged": 0, "skipped": 0, "dropped": 0}
    assert result["created"]["clients"] == ["Imported"]
    assert result["created"]["projects"] == ["Imported / Internal", "Imported / Mobile App"]
    seconds: dict = defaultdict(int)
    for start, stop, project, *_ in frames:
        seconds[project] += stop - start
    got = totals(acme)
    assert got[("Acme Corp", "Website Redesign")][:2] == (3, seconds["Website Redesign"])
    assert got[("Acme Corp", "Website Redesign")][2] == Decimal("463.75")  # 150/h, half-up per entry
    assert got[("Imported", "Internal")] == (1, seconds["Internal"], 0)
    assert got[("Imported", "Mobile App")] == (1, seconds["Mobile App"], 0)


def test_watson_tags_pick_an_existing_task_and_the_others_are_kept_as_tags(acme):
    acme("import", "watson", str(FIXTURES / "watson"))
    docs = {e["start_time"]: e for e in entries(acme)}
    tagged = docs["2026-03-04T08:45:00+00:00"]
    assert tagged["task_name"] == "Design mockups"
    assert (tagged["tags"], tagged["notes"]) == (["urgent"], "")
    assert docs["2026-03-02T09:00:00+00:00"]["task_name"] is None
    assert docs["2026-03-02T09:00:00+00:00"]["tags"] == ["design", "review"]


def test_watsons_running_frame_becomes_the_running_timer(acme):
    acme("import", "watson", str(FIXTURES / "watson"))
    status = acme("status", "--json").json
    assert status["running"] is True
    assert status["entry"]["project_name"] == "Mobile App"
    assert status["entry"]["start_time"] == "2026-03-06T09:00:00+00:00"


def test_watsons_running_frame_is_left_out_when_a_timer_runs(acme):
    acme("start", "-p", "Website Redesign", "--at", "2026-03-07 10:00")
    result = acme("import", "watson", str(FIXTURES / "watson"), "--json")
    assert result.json["entries"] == {"created": 5, "updated": 0, "unchanged": 0, "skipped": 0, "dropped": 1}
    assert "already has a running timer" in result.err
    assert acme("status", "--json").json["entry"]["project_name"] == "Website Redesign"


def test_a_second_watson_import_adds_nothing(acme, db_dump):
    acme("import", "watson", str(FIXTURES / "watson"))
    before = db_dump()
    again = acme("import", "watson", str(FIXTURES / "watson"), "--json").json
    assert again["entries"] == {"created": 0, "updated": 0, "unchanged": 6, "skipped": 0, "dropped": 0}
    assert again["created"]["projects"] == []
    assert db_dump() == before


def test_watson_reads_WATSON_DIR_by_default_and_honours_client(aos, monkeypatch):
    monkeypatch.setenv("WATSON_DIR", str(FIXTURES / "watson"))
    result = aos("import", "watson", "--client", "Side Gig", "--json").json
    assert result["created"]["clients"] == ["Side Gig"]
    assert set(totals(aos)) == {("Side Gig", "Website Redesign"), ("Side Gig", "Internal"), ("Side Gig", "Mobile App")}


def test_dry_run_prints_what_would_be_created_and_writes_nothing(acme, db_dump):
    before = db_dump()
    result = acme("import", "watson", str(FIXTURES / "watson"), "--dry-run")
    assert "Dry run: nothing was written." in result.out
    assert "6 entries would be imported" in result.out
    assert "1 client would be created: Imported" in result.out
    assert db_dump() == before
    assert acme("import", "watson", str(FIXTURES / "watson"), "--dry-run", "--json").json["dry_run"] is True


# -- Timewarrior ----------------------------------------------------------------------------

TIMEW_EXPECTED = {
    ("Acme Corp", "Website Redesign"): (2, 5400 + 6300, Decimal("487.50")),
    ("Imported", "mobile"): (1, 4500, 0),
    ("Imported", "Internal"): (1, 12000, 0),
    ("Imported", "Untagged"): (1, 2730, 0),
}


def test_timew_export_intervals_take_their_project_from_the_tags(acme):
    result = acme("import", "timewarrior", str(FIXTURES / "timewarrior" / "export.json"),
                  "--project-tag-prefix", "project:", "--json").json  # fmt: skip
    assert result["entries"] == {"created": 6, "updated": 0, "unchanged": 0, "skipped": 0, "dropped": 0}
    assert totals(acme) == TIMEW_EXPECTED
    docs = {e["start_time"]: e for e in entries(acme)}
    annotated = docs["2026-03-31T23:30:00+00:00"]
    assert annotated["task_name"] == "Design mockups"
    assert annotated["description"] == 'Homepage concepts, v2 "final"'
    assert (annotated["tags"], annotated["notes"]) == ([], "")  # the tags named the project and the task
    assert docs["2026-03-02T11:00:00+00:00"]["tags"] == ["code review"]  # project:mobile named the project
    assert acme("status", "--json").json["entry"]["project_name"] == "Internal"


def test_timewarriors_data_files_give_the_same_entries_and_count_as_already_imported(acme, tmp_path):
    other = str(tmp_path / "other.db")
    acme("--db", other, "client", "add", "Acme Corp", "--rate", "150")
    acme("--db", other, "project", "add", "Website Redesign", "--client", "Acme Corp")
    acme("--db", other, "task", "add", "Design mockups", "--project", "Website Redesign")
    acme("import", "timewarrior", str(FIXTURES / "timewarrior" / "export.json"), "--project-tag-prefix", "project:")
    acme("--db", other, "import", "timewarrior", str(FIXTURES / "timewarrior" / "data"),
         "--project-tag-prefix", "project:")  # fmt: skip
    assert entries(acme) == entries(acme, "--db", other)
    again = acme("import", "timewarrior", str(FIXTURES / "timewarrior"), "--json").json
    assert again["entries"]["created"] == 0 and again["entries"]["unchanged"] == 6


def test_timewarrior_reads_stdin_and_TIMEWARRIORDB(aos, monkeypatch):
    text = (FIXTURES / "timewarrior" / "export.json").read_text()
    # one interval's tags (design, Website Redesign) leave a choice: --default-project takes it
    assert aos("import", "timewarrior", "-", "--default-project", "Misc", "--json", input=text).json["entries"][
        "created"] == 6  # fmt: skip
    monkeypatch.setenv("TIMEWARRIORDB", str(FIXTURES / "timewarrior"))
    assert aos("import", "timewarrior", "--default-project", "Misc", "--json").json["entries"] == {
        "created": 0,
        "updated": 0,
        "unchanged": 6,
        "skipped": 0,
        "dropped": 0,
    }


# -- CSV exports ----------------------------------------------------------------------------


def test_toggl_detailed_csv(aos):
    rows = _csv_rows("toggl.csv")
    result = aos("import", "csv", str(FIXTURES / "csv" / "toggl.csv"), "--json").json
    assert result["format"] == "toggl"
    assert result["entries"]["created"] == len(rows)
    assert totals(aos) == _expected(rows, "Client", "Project", lambda r: _clock(r["Duration"]), "Amount (USD)")
    assert set(result["created"]["users"]) == {"Jane Doe", "Bob Smith"}
    docs = entries(aos)
    assert docs[0]["hourly_rate"] == 150.0 and docs[0]["task_name"] == "Design mockups"
    assert (docs[0]["tags"], docs[0]["notes"]) == (["design", "review"], "")
    assert docs[2]["billable"] is False


def test_clockify_reads_iso_and_us_dates_alike(aos, tmp_path):
    rows = _csv_rows("clockify_iso.csv")
    aos("import", "csv", str(FIXTURES / "csv" / "clockify_iso.csv"))
    other = str(tmp_path / "us.db")
    result = aos("--db", other, "import", "csv", str(FIXTURES / "csv" / "clockify_us.csv"), "--json").json
    assert result["format"] == "clockify"
    expected = _expected(rows, "Client", "Project", lambda r: _clock(r["Duration (h)"]), "Billable Amount (USD)")
    assert totals(aos) == expected
    assert entries(aos) == entries(aos, "--db", other)
    assert entries(aos)[0]["start_time"] == "2022-07-27T21:00:00+00:00"


def test_harvest_keeps_rates_amounts_and_invoiced_and_lays_days_end_to_end(aos):
    rows = _csv_rows("harvest.csv")
    result = aos("import", "csv", str(FIXTURES / "csv" / "harvest.csv"), "--json").json
    assert result["format"] == "harvest"
    hours = lambda r: int(Decimal(r["Hours"]) * 3600)
    assert totals(aos) == _expected(rows, "Client", "Project", hours, "Billable Amount")
    docs = entries(aos)
    assert [d["start_time"][11:19] for d in docs] == ["09:00:00", "12:30:00", "09:00:00", "11:15:00"]
    assert [d["invoiced"] for d in docs] == [True, False, False, False]
    assert docs[0]["user_name"] == "Hugo Bernard" and docs[0]["hourly_rate"] == 95.0
    client = next(c for c in aos("client", "list", "--json").json if c["name"] == "Garage Leroy")
    assert client["currency"] == "EUR"


def test_kimai_keeps_the_price_even_a_fixed_one_and_crosses_midnight(aos):
    rows = _csv_rows("kimai.csv")
    result = aos("import", "csv", str(FIXTURES / "csv" / "kimai.csv"), "--format", "kimai", "--json").json
    assert result["format"] == "kimai"
    hours = lambda r: int(Decimal(r["Duration"]) * 3600)
    assert totals(aos) == _expected(rows, "Customer", "Project", hours, "Price")
    night = entries(aos)[1]
    assert night["start_time"] == "2026-03-02T22:30:00+00:00" and night["end_time"] == "2026-03-03T01:00:00+00:00"
    fixed = entries(aos)[2]
    assert fixed["amount"] == 50.0 and fixed["hourly_rate"] == 0.0  # the source's amount wins


@pytest.mark.parametrize("name", ["toggl.csv", "clockify_us.csv", "harvest.csv", "kimai.csv"])
def test_a_second_csv_import_adds_nothing(aos, db_dump, name):
    aos("import", "csv", str(FIXTURES / "csv" / name))
    before = db_dump()
    again = aos("import", "csv", str(FIXTURES / "csv" / name), "--json").json
    assert again["entries"]["created"] == 0 and again["entries"]["unchanged"] > 0
    assert db_dump() == before


def test_aostimes_own_csv_goes_back_in_unchanged_and_only_once(acme, tmp_path):
    acme("add", "-p", "Website Redesign", "-t", "Design mockups", "--start", "2026-03-02 09:00",
         "--end", "2026-03-02 10:30", "-d", 'Homepage, "v2"', "-n", "line one\nline two")  # fmt: skip
    acme("add", "-p", "Website Redesign", "--hours", "2", "--date", "2026-03-03", "--non-billable", "--rate", "99.5")
    listing = tmp_path / "list.csv"
    listing.write_text(acme("list", "--csv").out, encoding="utf-8")
    other = str(tmp_path / "other.db")
    result = acme("--db", other, "import", "csv", str(listing), "--json").json
    assert result["format"] == "aostime-csv" and result["entries"]["created"] == 2
    assert entries(acme) == entries(acme, "--db", other)
    assert acme("--db", other, "import", "csv", str(listing), "--json").json["entries"]["created"] == 0


# -- klog -----------------------------------------------------------------------------------


def test_klog_ranges_durations_shifted_times_and_the_open_range(aos):
    result = aos("import", "klog", str(FIXTURES / "klog" / "times.klg"), "--project-tag-prefix", "project=",
                 "--json").json  # fmt: skip
    assert result["entries"] == {"created": 6, "updated": 0, "unchanged": 0, "skipped": 0, "dropped": 0}
    assert result["warnings"] == []
    assert totals(aos) == {  # the -30m comes off the record's duration (1h30m Code review), as klog counts it
        ("Imported", "Website Redesign"): (2, 3 * 3600 + 1800 + 5400 - 1800, 0),
        ("Imported", "Mobile"): (2, 45 * 60 + 6300, 0),
        ("Imported", "internal"): (1, 7200, 0),
    }
    docs = {e["start_time"]: e for e in entries(aos)}
    late = docs["2026-03-01T23:30:00+00:00"]  # <23:30 is the evening before the record's date
    assert late["end_time"] == "2026-03-02T00:15:00+00:00"
    # the tags ending a summary's first line are tags, not words of the description
    assert docs["2026-03-03T13:00:00+00:00"]["description"] == "API auth\ncontinued on a second line"
    assert docs["2026-03-02T09:00:00+00:00"]["notes"] == "Office day #client=acme"
    assert "client=acme" in docs["2026-03-02T09:00:00+00:00"]["tags"]
    status = aos("status", "--json").json
    assert status["entry"]["start_time"] == "2026-03-03T15:00:00+00:00" and status["entry"]["project_name"] == "Mobile"
    again = aos("import", "klog", str(FIXTURES / "klog" / "times.klg"), "--project-tag-prefix", "project=", "--json")
    assert again.json["entries"]["created"] == 0


def test_klog_local_times_follow_TZ(aos, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    aos("import", "klog", "-", input="2026-03-29\n    1:30 - 3:30 across the DST change #work\n")
    (entry,) = entries(aos)
    assert entry["start_time"] == "2026-03-29T01:30:00+01:00"
    assert entry["end_time"] == "2026-03-29T03:30:00+02:00"
    assert entry["duration"] == 3600


# -- malformed input: exit 2 naming where, nothing written ----------------------------------

BAD_FRAMES = json.dumps([[1772442000, 1772447400, "New", "aaa", [], 0], [1772449200, 1772449100, "New", "bbb", [], 0]])

MALFORMED = [
    ("watson", "frames", BAD_FRAMES, "frame 2 (id bbb): stop is not after start"),
    ("watson", "frames", "[[1772442000, 1772447400, ", "line 1"),
    ("timewarrior", "export.json", '[{"start": "20260302T090000Z", "end": "20260302T080000Z"}]', "interval 1"),
    ("timewarrior", "2026-03.data", "inc 20260302T090000Z - 20260302T100000Z # a\nexc nonsense\n", "line 2"),
    ("csv", "t.csv", (FIXTURES / "csv" / "toggl.csv").read_text().replace("2026-03-03,16:20:00", "2026-03-03,13:20:00"),
     "row 4: ends before it starts"),
    ("csv", "t.csv", "Foo,Bar\n1,2\n", "row 1"),
    ("klog", "t.klg", "2026-03-02\n    9:00 - 10:00 ok\n    nonsense here\n", "line 3"),
    ("klog", "t.klg", "2026-03-02\n    10:00 - 9:00 backwards\n", "line 2"),
    ("json", "t.json", '{"entries": [', "line 1"),
    ("json", "t.json", json.dumps({"entries": [
        {"start_time": "2026-03-02T09:00:00+00:00", "end_time": "2026-03-02T10:00:00+00:00", "project_name": "P"},
        {"start_time": "2026-03-02T11:00:00+00:00", "end_time": "2026-03-02T10:00:00+00:00", "project_name": "P"},
    ]}), "entries[2]"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "name", "text", "where"), MALFORMED)
def test_malformed_input_exits_2_naming_the_place_and_writes_nothing(acme, db_dump, tmp_path, kind, name, text,
                                                                     where):  # fmt: skip
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    before = db_dump()
    result = acme("import", kind, str(path), expect=2)
    assert result.err.startswith(f"Error: {path}: ")
    assert where in result.err
    assert result.out == ""
    assert db_dump() == before


def test_an_unknown_csv_format_is_a_usage_error(aos):
    result = aos("import", "csv", str(FIXTURES / "csv" / "toggl.csv"), "--format", "excel", expect=2)
    assert "unknown CSV format 'excel'" in result.err


def test_a_missing_file_is_a_usage_error_naming_it(aos, tmp_path):
    result = aos("import", "klog", str(tmp_path / "nope.klg"), expect=2)
    assert result.err == f"Error: {tmp_path / 'nope.klg'}: no such file\n"


def test_an_import_that_fails_half_way_leaves_the_database_as_it_was(acme, db_dump, tmp_path):
    """The first frame creates a project, the second names a project two clients have: the
    whole import is refused, the created project included."""
    acme("client", "add", "Globex")
    acme("project", "add", "Website Redesign", "--client", "Globex")
    frames = tmp_path / "frames"
    frames.write_text(json.dumps([[1772442000, 1772447400, "Brand New", "a1", [], 0],
                                  [1772449200, 1772453700, "Website Redesign", "a2", [], 0]]))  # fmt: skip
    before = db_dump()
    result = acme("import", "watson", str(frames), expect=1)
    assert "exists under several clients" in result.err and "--client" in result.err
    assert db_dump() == before


def test_no_progress_bar_when_stderr_is_not_a_terminal(aos, tmp_path):
    frames = [[1_600_000_000 + i * 7200, 1_600_000_000 + i * 7200 + 3600, "Bulk", f"id{i}", [], 0] for i in range(2500)]
    path = tmp_path / "frames"
    path.write_text(json.dumps(frames))
    result = aos("import", "watson", str(path), "--json")
    assert result.err == ""
    assert result.json["entries"]["created"] == 2500


def test_paths_are_read_relative_to_the_working_directory(aos, tmp_path, monkeypatch):
    monkeypatch.chdir(FIXTURES / "klog")
    assert aos("import", "klog", "times.klg", "--json").json["path"] == str(Path("times.klg"))


@pytest.mark.skipif(not hasattr(__import__("os"), "openpty"), reason="needs a pseudo-terminal")
def test_a_progress_bar_on_stderr_when_it_is_a_terminal(tmp_path):
    import os
    import subprocess
    import sys

    frames = [[1_600_000_000 + i * 7200, 1_600_000_000 + i * 7200 + 3600, "Bulk", f"id{i}", [], 0] for i in range(2500)]
    (tmp_path / "frames").write_text(json.dumps(frames))
    master, slave = os.openpty()
    env = dict(os.environ, AOS_DB=str(tmp_path / "tty.db"), COLUMNS="100")
    proc = subprocess.Popen([sys.executable, "-m", "aostime", "import", "watson", str(tmp_path), "--json"],
                            stdout=subprocess.PIPE, stderr=slave, env=env)  # fmt: skip
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    out = proc.stdout.read()
    assert proc.wait(timeout=60) == 0
    err = b"".join(chunks).decode(errors="replace")
    assert "Importing watson" in err and "100%" in err
    assert json.loads(out)["entries"]["created"] == 2500
