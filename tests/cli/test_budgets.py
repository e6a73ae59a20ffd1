"""Budgets: what `aos budget` says is used is what `aos report` sums over the same entries, a month
budget starts afresh on the first in the team's zone, and bad input is refused whole."""

from __future__ import annotations

import pytest


@pytest.fixture
def web(aos, monkeypatch):
    """Acme at 97.33/h (odd cents), project Web with task Design, members alice and bob; the clock
    fixed at 2026-12-10 15:00 UTC."""
    monkeypatch.setenv("AOS_NOW", "2026-12-10T15:00:00+00:00")
    aos("client", "add", "Acme", "--rate", "97.33")
    aos("project", "add", "Web", "-c", "Acme")
    aos("task", "add", "Design", "-p", "Web")
    aos("user", "add", "alice")
    aos("user", "add", "bob")
    return aos


def budgets_of(aos) -> list[dict]:
    return aos("budget", "--json").json["budgets"]


def test_budget_figures_equal_the_report_over_the_same_entries_to_the_cent_and_second(web):
    aos = web
    aos("add", "-p", "Web", "-t", "Design", "--start", "2026-11-28 09:00", "--end", "2026-11-28 10:17:13")
    aos("add", "-p", "Web", "-t", "Design", "--hours", "1:01:01", "--date", "2026-12-02")
    aos("add", "-p", "Web", "--hours", "0:33:20", "--date", "2026-12-03", "--non-billable")
    aos("--user", "bob", "add", "-p", "Web", "--hours", "2:07:07", "--date", "2026-12-04")
    aos("--user", "bob", "start", "-p", "Web", "-t", "Design", "--at", "-37m")  # running: counts up to now
    aos("project", "edit", "Web", "--budget-hours", "10")
    aos("task", "edit", "Design", "--budget-amount", "400", "--budget-period", "month")
    aos("project", "edit", "Web", "--budget-member", "bob", "--budget-hours", "20", "--budget-period", "month")

    month = ["--from", "2026-12-01", "--to", "2026-12-31"]
    expected = {
        (None, None): aos("report", "-p", "Web", "--json").json["totals"],
        ("Design", None): aos("report", "-t", "Design", *month, "--json").json["totals"],
        (None, "bob"): aos("report", "-p", "Web", "-u", "bob", *month, "--json").json["totals"],
    }
    found = {(b["task_name"], b["user_name"]): b for b in budgets_of(aos)}
    assert set(found) == set(expected)
    for key, totals in expected.items():
        budget = found[key]
        assert (budget["used_duration"], budget["used_hours"], budget["used_amount"]) == (
            totals["duration"], totals["hours"], totals["amount"]), key  # fmt: skip
    assert expected[(None, "bob")]["running"] == 1
    # 10 h budget: percent of the seconds used, to two decimals
    project = found[(None, None)]
    assert project["budget_hours"] == 10 and project["period_key"] == "total"
    assert project["percent"] == round(project["used_duration"] / 36000 * 100, 2)
    design = found[("Design", None)]
    assert design["budget_amount"] == 400 and design["period_key"] == "2026-12" and design["currency"] == "USD"


def test_a_month_budget_starts_afresh_on_the_first_in_the_teams_zone(web, monkeypatch):
    aos = web
    monkeypatch.setenv("TZ", "Europe/Berlin")
    aos("project", "edit", "Web", "--budget-hours", "2", "--budget-period", "month", "--budget-alert", "50")
    # 30 November 23:30 in Berlin (22:30 UTC): still November there
    monkeypatch.setenv("AOS_NOW", "2026-11-30T22:30:00+00:00")
    crossed = aos("add", "-p", "Web", "--start", "2026-11-30 21:00", "--end", "2026-11-30 22:30")
    assert crossed.err == "Note: budget of Web reached 50% in 2026-11: 1.50 h of 2.00 h (75.00%)\n"
    assert aos("add", "-p", "Web", "--start", "2026-11-30 20:00", "--end", "2026-11-30 20:06").err == ""  # once
    [november] = budgets_of(aos)
    assert (november["period_key"], november["used_duration"]) == ("2026-11", 5760)
    # an hour later it is 1 December 00:30 in Berlin (still 30 November in UTC): a new month
    monkeypatch.setenv("AOS_NOW", "2026-11-30T23:30:00+00:00")
    [december] = budgets_of(aos)
    assert (december["period_key"], december["used_duration"], december["percent"]) == ("2026-12", 0, 0)
    # back in November, a raised budget alerts afresh at its own thresholds
    monkeypatch.setenv("AOS_NOW", "2026-11-30T22:30:00+00:00")
    aos("project", "edit", "Web", "--budget-hours", "3")
    raised = aos("add", "-p", "Web", "--start", "2026-11-30 19:00", "--end", "2026-11-30 19:01")
    assert raised.err == "Note: budget of Web reached 50% in 2026-11: 1.62 h of 3.00 h (53.89%)\n"
    monkeypatch.setenv("AOS_NOW", "2026-11-30T23:30:00+00:00")
    again = aos("add", "-p", "Web", "--start", "2026-12-01 00:00", "--end", "2026-12-01 00:30")
    assert again.err == ""  # 16.67 % of the 3 h: below the alert
    again = aos("add", "-p", "Web", "--hours", "1", "--date", "2026-12-01")
    assert again.err == "Note: budget of Web reached 50% in 2026-12: 1.50 h of 3.00 h (50.00%)\n"


@pytest.mark.parametrize(
    "options, message",
    [
        (["--budget-hours", "-5"], "Error: --budget-hours '-5' must be above 0 (e.g. 40 or 7.5)\n"),
        (["--budget-hours", "10", "--budget-amount", "500"],
         "Error: give either --budget-hours or --budget-amount, not both\n"),
        (["--budget-hours", "10", "--budget-period", "week"],
         "Error: --budget-period 'week' is not one of: total, month\n"),
        (["--budget-hours", "10", "--budget-alert", "0"],
         "Error: --budget-alert '0' is not a whole percentage from 1 to 1000 (e.g. 80)\n"),
        (["--budget-amount", "12.345"], "Error: --budget-amount '12.345' has more than two decimals\n"),
        (["--budget-period", "month"],
         "Error: project 'Web' has no budget yet: give --budget-hours H or --budget-amount A\n"),
    ],
)  # fmt: skip
def test_bad_budget_input_is_refused_with_one_line_and_nothing_saved(web, options, message):
    result = web("project", "edit", "Web", *options, expect=2)
    assert (result.out, result.err) == ("", message)
    assert budgets_of(web) == []


def test_a_budget_is_changed_in_part_and_removed(web):
    aos = web
    saved = aos("project", "edit", "Web", "--budget-hours", "40", "--json").json["budget"]
    assert (saved["budget_hours"], saved["period"], saved["alert_percent"]) == (40, "total", 80)
    aos("project", "edit", "Web", "--budget-alert", "90")
    [changed] = budgets_of(aos)
    assert (changed["budget_hours"], changed["alert_percent"]) == (40, 90)
    aos("project", "edit", "Web", "--budget-amount", "1200.50")
    [money] = budgets_of(aos)
    assert money["budget_amount"] == 1200.5 and "budget_hours" not in money
    assert aos("project", "edit", "Web", "--no-budget").out == "Removed the budget of project 1: Web\n"
    assert budgets_of(aos) == []
    assert aos("project", "edit", "Web", "--no-budget", expect=1).err == "Error: project 'Web' has no budget\n"


def test_the_mail_servers_password_is_never_shown(aos):
    shown = aos("config", "set", "smtp_url", "smtp://alerts%40example.com:hunter2@mail.example.com:587").out
    assert shown == "smtp://alerts%40example.com:****@mail.example.com:587\n"
    assert "hunter2" not in aos("config", "get", "smtp_url").out
    assert aos("config", "list", "--json").json["smtp_url"] == "smtp://alerts%40example.com:****@mail.example.com:587"
    assert aos("config", "set", "smtp_url", "imap://mail.example.com", expect=2).err.startswith(
        "Error: smtp_url is not a URL like smtp://user:password@host:587"
    )


def test_get_budgets_answers_as_aos_budget_json_and_only_to_managers(web, tmp_path):
    httpx = pytest.importorskip("httpx")
    from server_support import API, start_server, stop_server

    aos = web
    aos("project", "edit", "Web", "--budget-amount", "500", "--budget-period", "month")
    aos("--user", "bob", "add", "-p", "Web", "--hours", "1.25", "--date", "2026-12-01")
    manager = aos("token", "create", "--user", "alice").out.strip().splitlines()[-1]
    member = aos("token", "create", "--user", "bob").out.strip().splitlines()[-1]
    aos("user", "edit", "alice", "--role", "manager")
    server = start_server(tmp_path, env={"AOS_NOW": "2026-12-10T15:00:00+00:00"})
    try:
        answer = httpx.get(f"{server.url}{API}/budgets", headers={"Authorization": f"Bearer {manager}"})
        refused = httpx.get(f"{server.url}{API}/budgets", headers={"Authorization": f"Bearer {member}"})
    finally:
        assert "Traceback" not in stop_server(server)
    assert answer.status_code == 200
    assert answer.json() == aos("budget", "--json").json
    assert answer.json()["budgets"][0]["used_amount"] == 121.66  # 1.25 h at 97.33
    assert refused.status_code == 403 and refused.json()["code"] == "rest_forbidden"


def test_an_edit_a_copy_or_a_timesheet_cell_that_adds_time_alerts_as_an_add_does(web, isolated):
    from aostime.services import Session
    from aostime.services.timesheet import set_timesheet_cell
    from aostime.storage import open_storage

    aos = web
    aos("project", "edit", "Web", "--budget-hours", "4", "--budget-alert", "50")
    aos("add", "-p", "Web", "--start", "2026-12-01 09:00", "--end", "2026-12-01 10:00")
    longer = aos("edit", "1", "--end", "11:30")  # 2.5 h of 4 h
    assert longer.err == "Note: budget of Web reached 50%: 2.50 h of 4.00 h (62.50%)\n"
    assert aos("edit", "1", "--end", "11:45").err == ""  # the 50 % was told once
    copied = aos("copy", "1", "--date", "2026-12-02")  # 5.5 h of 4 h
    assert copied.err == "Note: budget of Web used up 100%: 5.50 h of 4.00 h (137.50%)\n"
    aos("project", "edit", "Web", "--budget-hours", "12")  # a new figure: its thresholds are new
    store = open_storage(str(isolated))
    notes: list[str] = []
    try:
        session = Session(store, user_ref="alice", notify=notes.append)
        set_timesheet_cell(session, "Web", "2026-12-03", "0:30")  # 6 h of 12 h
        set_timesheet_cell(session, "Web", "2026-12-03", "0:15")  # less time: nothing to tell
    finally:
        store.close()
    assert notes == ["budget of Web reached 50%: 6.00 h of 12.00 h (50.00%)"]
