"""Reports: hours and money by project, task, client, user and period, checked by hand."""

import json

import pytest


@pytest.fixture
def world(aos):
    """Two clients, three projects, two users, billable and non-billable work in March and April."""
    aos("client", "add", "Acme", "--rate", "150")
    aos("client", "add", "Globex", "--rate", "100")
    aos("project", "add", "Web", "-c", "Acme")  # 1
    aos("project", "add", "App", "-c", "Globex")  # 2
    aos("project", "add", "Ops", "-c", "Globex")  # 3
    aos("user", "add", "alice")
    aos("user", "add", "bob")

    def add(user, project, start, end, *extra):
        aos("add", "--user", user, "-p", project, "--start", start, "--end", end, *extra)

    add("alice", "Web", "2026-03-02 09:00", "2026-03-02 11:00")  # 2 h, 300.00
    add("bob", "Web", "2026-03-03 09:00", "2026-03-03 10:30")  # 1.5 h, 225.00
    add("alice", "App", "2026-03-09 09:00", "2026-03-09 12:00")  # 3 h, 300.00
    add("bob", "Ops", "2026-03-10 09:00", "2026-03-10 10:00", "--non-billable")  # 1 h, 0
    add("alice", "Ops", "2026-03-31 23:00", "2026-04-01 01:00")  # 2 h across midnight, 200.00
    add("alice", "Web", "2026-04-06 09:00", "2026-04-06 13:00")  # 4 h, 600.00
    add("bob", "App", "2026-04-07 09:00", "2026-04-07 09:30")  # 0.5 h, 50.00
    return aos


def figures(row):
    return (row["hours"], row["billable_hours"], row["non_billable_hours"], row["amount"])


def test_by_project_over_march(world):
    result = world("report", "--by", "project", "--from", "2026-03-01", "--to", "2026-03-31", "--json")
    doc = json.loads(result.out, parse_float=str)
    rows = {r["project_name"]: r for r in doc["rows"]}
    assert figures(rows["Web"]) == ("3.50", "3.50", "0.00", "525.00")
    assert figures(rows["App"]) == ("3.00", "3.00", "0.00", "300.00")
    assert figures(rows["Ops"]) == ("3.00", "2.00", "1.00", "200.00")  # the midnight entry counts on March 31
    assert figures(doc["totals"]) == ("9.50", "8.50", "1.00", "1025.00")
    assert (
        doc["group_by"] == ["project"] and doc["from"].startswith("2026-03-01") and doc["to"].startswith("2026-04-01")
    )
    assert sum(int(r["amount"].replace(".", "")) for r in doc["rows"]) == int(doc["totals"]["amount"].replace(".", ""))


def test_by_user(world):
    rows = {r["user_name"]: r for r in world("report", "--by", "user", "--json").json["rows"]}
    assert (rows["alice"]["hours"], rows["alice"]["amount"]) == (11, 1400)
    assert (rows["bob"]["hours"], rows["bob"]["amount"]) == (3, 275)


def test_by_client_then_project(world):
    rows = world("report", "--by", "client,project", "--json").json["rows"]
    assert [(r["client_name"], r["project_name"], r["hours"], r["amount"]) for r in rows] == [
        ("Acme", "Web", 7.5, 1125),
        ("Globex", "App", 3.5, 350),
        ("Globex", "Ops", 3, 200),
    ]


def test_by_week_starting_monday_and_sunday(world):
    args = ("report", "--by", "week", "--from", "2026-03-01", "--to", "2026-03-31", "--json")
    rows = world(*args).json["rows"]
    assert [(r["week"], r["hours"]) for r in rows] == [("2026-03-02", 3.5), ("2026-03-09", 4), ("2026-03-30", 2)]
    world("config", "set", "week_start", "sunday")
    rows = world(*args).json["rows"]
    assert [(r["week"], r["hours"]) for r in rows] == [("2026-03-01", 3.5), ("2026-03-08", 4), ("2026-03-29", 2)]


def test_by_month(world):
    rows = world("report", "--by", "month", "--json").json["rows"]
    assert [(r["month"], r["hours"], r["amount"], r["entries"]) for r in rows] == [
        ("2026-03", 9.5, 1025, 5),
        ("2026-04", 4.5, 650, 2),
    ]


def test_unbilled_amount_drops_when_invoiced(world):
    world("invoice", "create", "-c", "Acme")
    rows = {r["project_name"]: r for r in world("report", "--json").json["rows"]}
    assert (rows["Web"]["amount"], rows["Web"]["unbilled_amount"]) == (1125, 0)
    assert rows["App"]["unbilled_amount"] == 350


MIDWEEK = "2026-03-04T17:00:00+00:00"  # a Wednesday afternoon in the middle of a month and a quarter


def test_filters(world):
    doc = world("report", "--by", "user", "-c", "Globex", "--non-billable", "--json").json
    assert [(r["user_name"], r["hours"]) for r in doc["rows"]] == [("bob", 1)]


def test_a_running_timer_counts_up_to_now_and_is_marked(aos, monkeypatch):
    monkeypatch.setenv("AOS_NOW", MIDWEEK)  # one clock: an hour ago is today whenever the tests run
    aos("client", "add", "Acme", "--rate", "60")
    aos("project", "add", "Web", "-c", "Acme")
    aos("start", "-p", "Web", "--at", "-1h")
    row = aos("report", "--period", "today", "--json").json["rows"][0]
    assert row["hours"] == 1 and row["running"] == 1 and row["amount"] == 60
    assert "running timer" in aos("report", "--period", "today").out


def test_periods(aos, monkeypatch):
    monkeypatch.setenv("AOS_NOW", MIDWEEK)  # -3h is today, this week, month, quarter and year
    aos("client", "add", "Acme")
    aos("project", "add", "Web", "-c", "Acme")
    aos("add", "-p", "Web", "--start", "-3h", "--end", "-2h")
    for period, count in (("today", 1), ("yesterday", 0), ("week", 1), ("last-week", 0), ("month", 1),
                          ("last-month", 0), ("quarter", 1), ("year", 1), ("last-year", 0)):  # fmt: skip
        totals = aos("report", "--period", period, "--json").json["totals"]
        assert totals["entries"] == count, period


@pytest.mark.parametrize(
    "args, accepted",
    [
        (["--by", "nonsense"], "client, project, task, user, tag, day, week, month, year"),
        (["--from", "2026-13-01"], "accepted: ISO 8601"),
        (["--period", "fortnight"], "today, yesterday, week"),
        (["--period", "week", "--from", "2026-03-01"], "either --period or --from"),
    ],
)
def test_bad_report_options_list_what_is_accepted(world, args, accepted):
    assert accepted in world("report", *args, expect=2).err


def test_csv_has_a_header_and_one_row_per_group(world):
    lines = world("report", "--by", "client", "--csv").out.splitlines()
    assert lines[0].startswith("client_id,client_name,hours,billable_hours,non_billable_hours,amount,unbilled_amount")
    assert len(lines) == 3


def test_human_output_has_subtotals_and_bars_and_no_ansi_when_piped(world):
    out = world("report", "--by", "client,project", "--chart").out
    assert "subtotal" in out and "█" in out and "Total" in out
    assert "\x1b[" not in out


def test_days_weeks_and_months_are_the_askers_local_ones(aos, aos_proc):
    """Entries late in the evening in New York are the next day in UTC: a report asked from New
    York groups them on the New York day, week and month (in SQL, on either backend)."""
    new_york = {"TZ": "America/New_York"}
    aos("client", "add", "Acme", "--rate", "100")
    aos("project", "add", "Web", "--client", "Acme")
    aos_proc("add", "-p", "Web", "--date", "2026-03-31", "--start", "21:00", "--end", "23:00", env=new_york)
    aos_proc("add", "-p", "Web", "--date", "2026-03-29", "--start", "22:00", "--end", "23:00", env=new_york)
    by_day = aos_proc("report", "--by", "day", "--json", env=new_york).json["rows"]
    assert [(r["day"], r["hours"]) for r in by_day] == [("2026-03-29", 1), ("2026-03-31", 2)]
    by_month = aos_proc("report", "--by", "month", "--json", env=new_york).json["rows"]
    assert [(r["month"], r["hours"]) for r in by_month] == [("2026-03", 3)]
    by_week = aos_proc("report", "--by", "week", "--json", env=new_york).json["rows"]
    assert [(r["week"], r["hours"]) for r in by_week] == [("2026-03-23", 1), ("2026-03-30", 2)]
    in_utc = aos_proc("report", "--by", "day", "--json", env={"TZ": "UTC"}).json["rows"]
    assert [(r["day"], r["hours"]) for r in in_utc] == [("2026-03-30", 1), ("2026-04-01", 2)]


def test_xlsx_holds_the_csvs_rows_as_numbers_and_one_total_per_currency(world, tmp_path):
    import csv
    from decimal import Decimal

    openpyxl = pytest.importorskip("openpyxl")
    world("client", "add", "Initech", "--rate", "80.5", "--currency", "EUR")
    world("project", "add", '=HYPERLINK("x")', "-c", "Initech")  # text that a spreadsheet would run
    world("add", "--user", "bob", "-p", "4", "--start", "2026-03-12 09:00", "--end", "2026-03-12 09:20:31")
    asked = ("report", "--by", "project,user", "--from", "2026-03-01", "--to", "2026-03-31")
    result = world(*asked, "--xlsx", str(tmp_path / "march.xlsx"))
    assert (
        result.out == ""
        and result.err == f"Wrote {tmp_path / 'march.xlsx'} ({(tmp_path / 'march.xlsx').stat().st_size:,} bytes)\n"
    )
    book = openpyxl.load_workbook(tmp_path / "march.xlsx")
    written = list(csv.reader(world(*asked, "--csv").out.splitlines()))
    sheet = [list(row) for row in book["Report"].iter_rows(values_only=True)]
    assert sheet[0] == written[0]
    header = written[0]
    for cells, row in zip(sheet[1:], written[1:], strict=True):
        for key, cell, text in zip(header, cells, row, strict=True):
            if key.endswith(("_name", "currency")):
                assert isinstance(cell, str) and cell == text.removeprefix("'")  # text, never a formula
            else:  # ids, hours, money, seconds, entries: numbers, equal to the CSV's to the cent
                assert isinstance(cell, int | float) and Decimal(str(cell)).quantize(Decimal(text)) == Decimal(text)
    first = next(book["Report"].iter_rows(min_row=2, max_row=2))
    assert {first[header.index(k)].number_format for k in ("amount", "unbilled_amount", "hours")} == {"0.00"}
    doc = json.loads(world(*asked, "--json").out, parse_float=Decimal)
    totals = [list(row) for row in book["Totals"].iter_rows(values_only=True)]
    assert totals[0] == ["currency", *doc["totals"].keys()]
    assert [(t[0], Decimal(str(t[4])).quantize(Decimal("0.01"))) for t in totals[1:]] == [
        (t["currency"], t["amount"]) for t in doc["totals_by_currency"]
    ]
    assert {t["currency"] for t in doc["totals_by_currency"]} == {"USD", "EUR"}
