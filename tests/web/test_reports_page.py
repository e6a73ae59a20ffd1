"""/reports: `aos report` as a page (SPEC §10). A month tracked by two members for clients in two
currencies: every row and every per-currency total the table shows equals `aos report --json`'s
to the cent and the second; the filters live in the address; a member's report holds her own
time only; "Download CSV" is `aos report --csv` byte for byte and the XLSX holds the CSV's rows."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest

from web_support import signed_in_page as signed_in

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")
pytest.importorskip("argon2")
PASSWORD = "correct horse battery"
NOW = "2026-04-08T10:00:00+00:00"  # April: "Last month" is March
ZONE = "Europe/Berlin"
# (member, project, start, end, billable): times in Berlin (+01:00 until 29 March, +02:00 after)
MARCH = [
    ("ann", "Website", "2026-03-02T09:00:00+01:00", "2026-03-02T10:23:45+01:00", True),
    ("ann", "Website", "2026-03-03T14:00:00+01:00", "2026-03-03T14:00:59+01:00", True),
    ("ann", "App", "2026-03-10T08:10:00+01:00", "2026-03-10T11:41:17+01:00", True),
    ("ann", "App", "2026-03-31T22:30:00+02:00", "2026-04-01T00:15:00+02:00", False),  # counts on 31 March
    ("max", "Website", "2026-03-04T13:00:00+01:00", "2026-03-04T15:33:33+01:00", True),
    ("max", "App", "2026-03-30T09:00:00+02:00", "2026-03-30T09:07:07+02:00", True),
    ("max", "App", "2026-02-27T09:00:00+01:00", "2026-02-27T12:00:00+01:00", True),  # February: not in March
]


@pytest.fixture
def site(aos, tmp_path, isolated, monkeypatch):
    from server_support import start_server, stop_server

    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme", "--rate", "97.35", "--currency", "EUR")
    aos("client", "add", "Globex", "--rate", "120", "--currency", "USD")
    aos("project", "add", "Website", "--client", "Acme")
    aos("project", "add", "App", "--client", "Globex")
    aos("user", "add", "ann", "--time-zone", ZONE)
    aos("user", "add", "max", "--role", "manager", "--time-zone", ZONE)
    for name in ("ann", "max"):
        aos("user", "password", name, "--stdin", input=PASSWORD + "\n")
    for who, project, start, end, billable in MARCH:
        aos("add", "-p", project, "--start", start, "--end", end, "-d", f"{project} work", "-u", who,
            "--billable" if billable else "--non-billable")  # fmt: skip
    aos("invoice", "mark", "1")
    monkeypatch.setenv("TZ", ZONE)  # the CLI asks in the members' zone from here on
    server = start_server(tmp_path, env={"AOS_NOW": NOW, "TZ": "UTC"})
    yield server
    log = stop_server(server)
    assert "Traceback" not in log, log


def report(aos, *args: str) -> dict:
    """`aos report ... --json`, its money read exactly (Decimal)."""
    import json
    from decimal import Decimal

    return json.loads(aos("report", *args, "--json").out, parse_float=Decimal)


def clock(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def expected_table(document: dict, labels) -> list[list[str]]:
    """The table's rows as `aos report --json` answers: the group labels, then H:MM:SS of its
    seconds, billable H:MM:SS, amount and unbilled amount with the currency, entries; then a total
    per currency (and the hours of all currencies)."""

    def figures(row: dict, currency: str | None) -> list[str]:
        money = [f"{row[k]:.2f} {currency}" if currency else "—" for k in ("amount", "unbilled_amount")]
        return [clock(row["duration"]), clock(row["billable_duration"]), *money, str(row["entries"])]

    rows = [[*labels(row), *figures(row, row["currency"])] for row in document["rows"]]
    totals = [[f"Total {t['currency']}", *figures(t, t["currency"])] for t in document["totals_by_currency"]]
    if len(totals) > 1:
        totals.append(["All currencies", *figures(document["totals"], None)])
    return rows + totals


def shown_table(page) -> list[list[str]]:
    table = page.get_by_role("table", name="Report")
    return [[cell.strip() for cell in row] for row in table.locator("tbody tr, tfoot tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent))")]  # fmt: skip


def by_project_and_member(row: dict) -> list[str]:
    return [row["project_name"], row["user_name"]]


def test_a_managers_report_by_project_then_member_equals_the_clis_json_to_the_cent_and_second(site, new_page, aos):
    page = signed_in(site, new_page, "max", viewport={"width": 1280, "height": 900})
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    page.wait_for_url("**/reports")
    sync_api.expect(page.get_by_role("combobox", name="Period")).to_have_value("month")  # April: nothing yet
    form = page.get_by_role("form", name="Report")
    form.get_by_role("combobox", name="Group by").select_option(label="Project")
    form.get_by_role("combobox", name="Then by").select_option(label="Member")
    form.get_by_role("combobox", name="Period").select_option(label="Last month")
    form.get_by_role("button", name="Show report").click()
    page.wait_for_url("**/reports?*period=last-month*")
    cli = report(aos, "--by", "project,user", "--from", "2026-03-01", "--to", "2026-03-31")
    assert {row["currency"] for row in cli["rows"]} == {"EUR", "USD"} and len(cli["rows"]) == 4
    assert shown_table(page) == expected_table(cli, by_project_and_member)
    assert report(aos, "--by", "project,user", "--period", "last-month") == cli
    address = page.url
    page.reload()
    assert page.url == address and shown_table(page) == expected_table(cli, by_project_and_member)
    sync_api.expect(page.locator("#report-chart canvas")).to_have_count(1)  # the chart over the same rows

    form.get_by_role("combobox", name="Period").select_option(label="Custom")
    form.get_by_role("textbox", name="From").fill("2.3.2026")
    form.get_by_role("textbox", name="To").fill("2026-03-30")
    form.get_by_role("combobox", name="Member").select_option(label="ann")
    form.get_by_role("button", name="Show report").click()
    page.wait_for_url("**/reports?*period=custom*")
    cli = report(aos, "--by", "project,user", "--from", "2.3.2026", "--to", "2026-03-30", "-u", "ann")
    assert shown_table(page) == expected_table(cli, by_project_and_member)
    assert [row["user_name"] for row in cli["rows"]] == ["ann", "ann"]

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download CSV").click()
    csv_bytes = Path(csv_download.value.path()).read_bytes()
    cli_csv = aos("report", "--by", "project,user", "--from", "2.3.2026", "--to", "2026-03-30", "-u", "ann", "--csv")
    assert csv_bytes == cli_csv.out.encode("utf-8")
    assert csv_download.value.suggested_filename == "report-2026-03-02_2026-03-30.csv"
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Download XLSX").click()
    assert xlsx_download.value.suggested_filename == "report-2026-03-02_2026-03-30.xlsx"
    assert workbook_rows(Path(xlsx_download.value.path()).read_bytes()) == csv_rows(csv_bytes)


def workbook_rows(data: bytes) -> list[list[str]]:
    """The sheet "Report" as the CSV writes its cells (numbers with the CSV's two places)."""
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(BytesIO(data))["Report"]
    rows = []
    for number, row in enumerate(sheet.iter_rows()):
        cells = []
        for cell in row:
            if number and cell.number_format == "0.00":
                cells.append(f"{cell.value:.2f}")
            else:
                cells.append("" if cell.value is None else str(cell.value))
        rows.append(cells)
    return rows


def csv_rows(data: bytes) -> list[list[str]]:
    import csv

    return list(csv.reader(data.decode("utf-8").splitlines()))


def test_a_member_sees_her_own_time_only_and_has_no_member_filter(site, new_page, aos):
    page = signed_in(site, new_page, "ann", viewport={"width": 1280, "height": 900})
    page.goto(site.url + "/reports?by=user&then=project&period=last-month&member=2")  # asks for max's time
    form = page.get_by_role("form", name="Report")
    sync_api.expect(form.get_by_role("combobox", name="Member")).to_have_count(0)
    sync_api.expect(page.get_by_text("No time in this report.")).to_be_visible()  # as GET /reports answers her
    page.goto(site.url + "/reports?by=user&then=project&period=last-month")
    sync_api.expect(page.get_by_text("Your own time.")).to_be_visible()
    cli = report(aos, "--by", "user,project", "--period", "last-month", "-u", "ann")

    def labels(row):
        return [row["user_name"], row["project_name"]]

    assert shown_table(page) == expected_table(cli, labels)
    assert {row[0] for row in shown_table(page)[:-3]} == {"ann"}


def test_weeks_show_their_iso_number_and_a_refusal_is_shown_beside_its_field_and_nothing_else(site, new_page, aos):
    page = signed_in(site, new_page, "max", viewport={"width": 1280, "height": 900})
    page.goto(site.url + "/reports?by=week&period=last-month")
    cli = report(aos, "--by", "week", "--period", "last-month")
    weeks = {"2026-02-23": "2026-W09", "2026-03-02": "2026-W10", "2026-03-09": "2026-W11", "2026-03-23": "2026-W13",
             "2026-03-30": "2026-W14"}  # fmt: skip
    assert shown_table(page) == expected_table(cli, lambda row: [weeks[row["week"]]])
    page.goto(site.url + "/reports?by=project&period=custom&from=whenever&to=2026-03-31")
    said = aos("report", "--from", "whenever", "--to", "2026-03-31", expect=2).err.removeprefix("Error: ").strip()
    sync_api.expect(page.get_by_role("alert")).to_have_text(said[:1].upper() + said[1:] + ".")
    sync_api.expect(page.get_by_role("textbox", name="From")).to_have_attribute("aria-invalid", "true")
    sync_api.expect(page.get_by_role("table")).to_have_count(0)
    page.goto(site.url + "/reports?by=project&period=custom&from=2026-03-05&to=2026-03-01")
    sync_api.expect(page.locator("#report-to-error")).to_have_text(
        "--to '2026-03-01' is not after --from '2026-03-05'."
    )
    page.goto(site.url + "/reports?by=project&period=month&from=2026-03-05")  # a preset and a date: as the CLI
    aos("report", "--period", "month", "--from", "2026-03-05", expect=2)
    sync_api.expect(page.locator("#report-period-error")).to_have_text("Give either --period or --from/--to, not both.")
    sync_api.expect(page.get_by_role("table")).to_have_count(0)
    form = page.get_by_role("form", name="Report")
    form.get_by_role("combobox", name="Period").select_option(label="Last month")  # a preset empties the dates
    sync_api.expect(form.get_by_role("textbox", name="From")).to_have_value("")
    form.get_by_role("textbox", name="To").fill("2026-03-09")  # a date typed picks Custom
    sync_api.expect(form.get_by_role("combobox", name="Period")).to_have_value("custom")


def test_without_scripts_the_table_shows_and_the_chart_does_not(site, new_page, aos):
    page = signed_in(site, new_page, "max", java_script_enabled=False)
    page.goto(site.url + "/reports?by=client&period=last-month")
    sync_api.expect(page.locator("#report-chart")).to_be_hidden()
    cli = report(aos, "--by", "client", "--period", "last-month")
    assert shown_table(page) == expected_table(cli, lambda row: [row["client_name"]])


def test_all_time_says_it_may_take_a_moment_before_the_report_arrives_and_equals_the_clis_report(site, aos):
    """No period and no dates is every entry there is: the page's form and its note go out first,
    the table follows in the same response; its figures are `aos report --json` without a period."""
    import re

    import httpx

    from web_support import form_token

    with httpx.Client(base_url=site.url, headers={"Origin": site.url}, timeout=30) as client:
        answer = client.post("/login", data={"who": "max", "password": PASSWORD, "csrf": form_token(client, "/login")})
        assert answer.status_code == 303
        with client.stream("GET", "/reports?by=project&period=all") as streamed:
            assert streamed.status_code == 200 and "content-length" not in streamed.headers
            parts = list(streamed.iter_raw())
        first = parts[0].decode()
        assert "may take a moment" in first and 'aria-label="Report"' in first and "report-table" not in first
        html = b"".join(parts).decode()
        assert html.rstrip().endswith("</html>")
        cli = report(aos, "--by", "project")
        assert {row["project_name"] for row in cli["rows"]} == {"Website", "App"}
        cells = re.findall(r'<tr data-seconds="(\d+)" data-name="([^"]*)"', html)
        assert [(int(s), n) for s, n in cells] == [
            (r["duration"], f"{r['project_name']} ({r['currency']})") for r in cli["rows"]
        ]
        refused = client.get("/reports?period=all&from=2026-03-01")
        assert refused.status_code == 400 and "All time has no From or To; choose Custom to give dates." in refused.text
        csv = client.get("/reports.csv?by=project&period=all")
        assert csv.status_code == 200 and csv.content == aos("report", "--by", "project", "--csv").out.encode()
