"""Budgets in the web app: a badge of what is used wherever a project is shown to a manager (the
clients table, the project's page, the timesheet's rows, the dashboard), with `aos budget`'s own
figures; a project's page sets and removes budgets as `aos project|task edit --budget-*` does,
refused in the CLI's words; a member sees no budget (as `aos budget` refuses her)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from server_support import start_server, stop_server
from web_support import PASSWORD, axe_violations, form_token, signed_in_page

pytest.importorskip("argon2")
NOW = "2026-03-18T12:00:00+00:00"  # a Wednesday of 2026-W12


@pytest.fixture
def agency(aos, isolated, monkeypatch, tmp_path):
    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme", "--rate", "100", "--currency", "EUR")
    aos("project", "add", "Website", "--client", "Acme")
    aos("task", "add", "Design", "-p", "Website")
    aos("user", "add", "ann")
    aos("user", "add", "max", "--role", "manager")
    for name in ("ann", "max"):
        aos("user", "password", name, "--stdin", input=PASSWORD + "\n")
    aos("project", "edit", "Website", "--budget-hours", "10", "--budget-alert", "50")
    aos("task", "edit", "Design", "--budget-amount", "300", "--budget-period", "month")
    aos("project", "edit", "Website", "--budget-member", "ann", "--budget-hours", "2")
    aos("add", "-p", "Website", "-t", "Design", "--start", "2026-03-16 09:00", "--end", "2026-03-16 12:00", "-u", "ann")
    aos("add", "-p", "Website", "--start", "2026-02-10 09:00", "--end", "2026-02-10 10:30", "-u", "max")
    server = start_server(tmp_path, env={"AOS_NOW": NOW})
    yield server
    log = stop_server(server)
    assert "Traceback" not in log, log


@contextmanager
def client_of(server, who: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers={"Origin": server.url}, timeout=30) as client:
        answer = client.post("/login", data={"who": who, "password": PASSWORD, "csrf": form_token(client, "/login")})
        assert answer.status_code == 303, answer.text
        yield client


def badges_on(text: str) -> list[str]:
    """Each badge's words as a person reads them (the meter beside them is hidden from screen readers)."""
    found = re.findall(r'<span class="budget-text">(.*?)</span></span>', text, re.DOTALL)
    return [re.sub(r"<[^>]+>", "", html.unescape(words)) for words in found]


def expected(budget: dict) -> str:
    """A badge's words from `aos budget --json`: used of allowed (percent)."""
    if "budget_hours" in budget:
        used, allowed = f"{budget['used_hours']:.2f} h", f"{budget['budget_hours']:.2f} h"
    else:
        used, allowed = f"{budget['used_amount']:.2f} EUR", f"{budget['budget_amount']:.2f} EUR"
    month = f" in {budget['period_key']}" if budget["period"] == "month" else ""
    return f"{used} of {allowed}{month} ({budget['percent']:.2f} %)"


def test_a_manager_sees_the_badges_with_aos_budgets_figures_and_a_member_sees_none(agency, aos):
    budgets = {(b["task_id"], b["user_id"]): b for b in aos("budget", "--json").json["budgets"]}
    project, task, ann = budgets[(None, None)], budgets[(1, None)], budgets[(None, 1)]
    assert (project["percent"], task["percent"], ann["percent"]) == (45, 100, 150)
    with client_of(agency, "max") as max_, client_of(agency, "ann") as ann_client:
        catalog = max_.get("/clients").text
        assert badges_on(catalog) == [expected(project), expected(task) + ", over budget"]
        record = max_.get("/clients/project/1").text
        assert badges_on(record) == [expected(project), expected(ann) + ", over budget",
                                     expected(task) + ", over budget"]  # fmt: skip
        assert "Website (ann)" in html.unescape(record) and "Website / Design" in html.unescape(record)
        # the timesheet's row of ann's Design time: the task's budget, the narrowest it counts against
        sheet = max_.get("/timesheet?week=2026-W12&member=1").text
        assert badges_on(sheet) == [expected(task) + ", over budget"]
        dashboard = max_.get("/dashboard?whose=team").text
        assert badges_on(dashboard) == [
            expected(project),  # Website, this week's top project
            expected(ann) + ", over budget",  # the budgets past their alert, the most used first
            expected(task) + ", over budget",
        ]
        for path in ("/timesheet?week=2026-W12", "/dashboard", "/time?week=2026-W12"):
            shown = ann_client.get(path)
            assert shown.status_code == 200 and badges_on(shown.text) == [] and "10.00 h" not in shown.text
        # a running timer's region, on every page: the narrowest budget its time counts against
        aos("--user", "max", "start", "-p", "Website", "-d", "Call")
        aos("--user", "ann", "start", "-p", "Website", "-t", "Design", "-d", "Sketches")
        timer = re.search(r'<section id="timer".*?</section>', max_.get("/time").text, re.DOTALL).group(0)
        assert badges_on(timer) == [expected(project)]
        assert badges_on(ann_client.get("/time").text) == []


def test_a_project_budget_crosses_its_alert_in_the_badge_as_the_cli_counts_it(agency, aos):
    aos("add", "-p", "Website", "--start", "2026-03-17 09:00", "--end", "2026-03-17 09:30", "-u", "max")
    (project,) = [b for b in aos("budget", "--json").json["budgets"] if b["task_id"] is b["user_id"] is None]
    assert project["percent"] == 50  # 5 h of 10 h: the alert at 50 % is reached, exactly
    with client_of(agency, "max") as max_:
        assert badges_on(max_.get("/clients").text)[0] == expected(project) + ", past the alert at 50 %"
        report = aos("report", "--project", "Website", "--from", "2020-01-01", "--to", "2026-12-31", "--json").json
        assert report["totals"]["duration"] == project["used_duration"]


def test_the_project_page_sets_and_removes_budgets_as_the_cli_does_refusing_in_its_words(agency, aos, db_dump):
    with client_of(agency, "max") as max_:
        token = form_token(max_, "/clients/project/1")
        before = db_dump()
        refused = max_.post("/clients/project/1/budget", data={"csrf": token, "figure": "lots", "unit": "hours"})
        said = aos("project", "edit", "Website", "--budget-hours", "lots", expect=2).err.removeprefix("Error: ").strip()
        assert refused.status_code == 400 and html.unescape(said) in html.unescape(refused.text)
        assert 'aria-invalid="true"' in refused.text and db_dump() == before
        saved = max_.post("/clients/project/1/budget", data={"csrf": token, "figure": "12", "unit": "hours",
                                                             "period": "month", "alert": "90"})  # fmt: skip
        assert saved.status_code == 200 and "Saved the budget of Website." in html.unescape(saved.text)
        money = max_.post("/clients/project/1/budget", data={"csrf": token, "figure": "99.50", "unit": "amount",
                                                             "member": "2"})  # fmt: skip
        assert "Saved the budget of Website (max)." in html.unescape(money.text)
        shown = {(b["task_id"], b["user_name"]): b for b in aos("budget", "--json").json["budgets"]}
        assert (shown[(None, None)]["budget_hours"], shown[(None, None)]["period"]) == (12, "month")
        assert shown[(None, None)]["alert_percent"] == 90
        assert (shown[(None, "max")]["budget_amount"], shown[(None, "max")]["period"]) == (99.5, "total")
        removed = max_.post("/clients/project/1/budget", data={"csrf": token, "remove": "true", "task": "1"})
        assert "Removed the budget of Website / Design." in html.unescape(removed.text)
        assert (1, None) not in {(b["task_id"], b["user_name"]) for b in aos("budget", "--json").json["budgets"]}
        again = max_.post("/clients/project/1/budget", data={"csrf": token, "remove": "true", "task": "1"})
        assert again.status_code == 404 and "has no budget" in again.text
    with client_of(agency, "ann") as ann:
        token = form_token(ann, "/time")
        before = db_dump()
        answer = ann.post("/clients/project/1/budget", data={"csrf": token, "figure": "1", "unit": "hours"})
        assert answer.status_code == 403 and db_dump() == before


@pytest.mark.browser_only
def test_budget_badges_and_the_budget_form_in_a_browser_have_no_accessibility_violation(
    agency, new_page, tmp_path
):  # fmt: skip
    sync_api = pytest.importorskip("playwright.sync_api")
    page = signed_in_page(agency, new_page, "max", bypass_csp=True, viewport={"width": 1280, "height": 1400})
    page.goto(agency.url + "/clients")
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "clients-budgets.png"), full_page=True)
    page.get_by_role("link", name="Edit project Website").click()
    page.get_by_role("textbox", name="Budget figure").fill("40")
    page.get_by_role("combobox", name="Period").select_option("month")
    page.get_by_role("button", name="Save budget").click()
    sync_api.expect(page.get_by_role("status")).to_have_text("Saved the budget of Website.")
    page.get_by_role("textbox", name="Budget figure").fill("-3")
    page.get_by_role("button", name="Save budget").click()
    sync_api.expect(page.get_by_role("textbox", name="Budget figure")).to_be_focused()
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "project-budgets.png"), full_page=True)
    page.get_by_role("button", name="Remove the budget of Website (ann)").click()
    sync_api.expect(page.get_by_role("status")).to_have_text("Removed the budget of Website (ann).")
    page.goto(agency.url + "/dashboard?whose=team")
    assert axe_violations(page) == []
    page.goto(agency.url + "/timesheet?week=2026-W12&member=1")
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "timesheet-budgets.png"), full_page=True)


def test_the_note_of_a_crossed_budget_shows_once_on_the_page_a_save_leads_to(agency, aos):
    with client_of(agency, "max") as max_:
        token = form_token(max_, "/time")
        saved = max_.post("/time/new", data={"csrf": token, "project": "1", "hours": "1", "date": "2026-03-17",
                                             "billable": "true"})  # fmt: skip
        assert saved.status_code == 303 and "aos_notes=" in saved.headers["set-cookie"]
        shown = html.unescape(max_.get(saved.headers["location"]).text)
        (project,) = [b for b in aos("budget", "--json").json["budgets"] if b["task_id"] is b["user_id"] is None]
        said = "budget of Website reached 50%: 5.50 h of 10.00 h (55.00%)"  # the CLI's note
        assert project["used_hours"] == 5.5 and f'<span class="note">{said}</span>' in shown
        assert said not in max_.get("/time").text  # shown once: the page dropped it
