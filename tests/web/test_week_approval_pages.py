"""The week's approval in the web app: a member submits her week on the week page, a manager
approves it (or returns it with a note) there; an approved week's rows are read-only to the
member and her edit is refused as through every face; each entry has its history page."""

from __future__ import annotations

import html
import re

import pytest

from server_support import start_server, stop_server
from web_support import PASSWORD, axe_violations, form_token, signed_in, signed_in_page

httpx = pytest.importorskip("httpx")
pytest.importorskip("argon2")
NOW = "2026-03-06T16:00:00+00:00"  # a Friday of 2026-W10


@pytest.fixture
def office(aos, isolated, monkeypatch):
    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme", "--rate", "120", "--currency", "EUR")
    aos("project", "add", "Website", "--client", "Acme")
    aos("user", "add", "ann")
    aos("user", "add", "max", "--role", "manager")
    for name in ("ann", "max"):
        aos("user", "password", name, "--stdin", input=PASSWORD + "\n")
    aos(
        "add", "-p", "Website", "--start", "2026-02-24 09:00", "--end", "2026-02-24 11:30", "-d", "Earlier", "-u", "ann"
    )
    aos(
        "add", "-p", "Website", "--start", "2026-03-02 09:00", "--end", "2026-03-02 10:00", "-d", "Mockups", "-u", "ann"
    )
    return {"AOS_NOW": NOW}


def text_of(answer) -> str:
    return html.unescape(answer.text)


def test_submit_approve_and_the_member_finds_her_week_locked(office, aos, tmp_path):
    with signed_in(tmp_path, office, "ann") as ann:
        week = text_of(ann.get("/time?week=2026-W10"))
        assert "This week is open." in week and "Submit week" in week
        assert '<a href="/time?week=2026-W09">2026-W09</a> (2:30:00 h)' in week  # the reminder of a week not submitted
        token = form_token(ann, "/time?week=2026-W10")
        assert ann.post("/time/week/submit", data={"csrf": token, "week": "2026-W10"}).status_code == 303
        assert "This week is submitted." in text_of(ann.get("/time?week=2026-W10"))
        wp = ann.post("/time/week/approve", data={"csrf": token, "week": "2026-W10", "member": "1"})
        assert wp.status_code == 403 and "Not allowed for your role (member)" in text_of(wp)
    with signed_in(tmp_path, office, "max") as boss:
        token = form_token(boss, "/time?week=2026-W10&member=1")
        approved = boss.post("/time/week/approve", data={"csrf": token, "week": "2026-W10", "member": "1",
                                                         "note": "Thanks"})  # fmt: skip
        assert approved.status_code == 303
    assert aos("week", "list", "--json").json["weeks"][0] | {"submitted_at": None, "decided_at": None} == {
        "user_id": 1, "user_name": "ann", "week": "2026-W10", "status": "approved", "note": "Thanks",
        "submitted_at": None, "decided_at": None, "decided_by": "max", "hours": 0.0,
    }  # fmt: skip
    with signed_in(tmp_path, office, "ann") as ann:
        week = text_of(ann.get("/time?week=2026-W10"))
        assert "This week is approved. Decided by max. Note: Thanks</p>" in week
        assert 'id="edit-2"' not in week and "Locked" in week  # the row is read-only
        form = {"csrf": form_token(ann, "/time?week=2026-W10"), "description": "Changed", "project": "1",
                "start": "2026-03-02 09:00", "end": "2026-03-02 10:00", "billable": "true"}  # fmt: skip
        refused = ann.post("/time/2/edit", data=form)
        assert refused.status_code == 400 and "in ann's approved week 2026-W10" in text_of(refused)
        assert aos("list", "--json", "-u", "ann").json["entries"][0]["description"] == "Mockups"
        sheet = ann.get("/timesheet?week=2026-W10").text  # the approved week's cells are read-only too
        cells = re.findall(r'<input[^>]*name="h:[^"]*"[^>]*>', sheet)
        assert len(cells) == 7 and all(" readonly" in cell for cell in cells), cells
        earlier = re.findall(r'<input[^>]*name="h:[^"]*"[^>]*>', ann.get("/timesheet?week=2026-W09").text)
        assert len(earlier) == 7 and not any(" readonly" in cell for cell in earlier)
        calendar = text_of(
            ann.get("/calendar?week=2026-W10")
        )  # its block says so, and a move is refused in those words
        (block,) = re.findall(r'<a class="cal-block[^"]*"[^>]*>', calendar)
        assert "cal-locked" in block and "data-locked=\"entry 2 is in ann's approved week 2026-W10" in block
        assert "Website, locked" in block
        assert "cal-locked" not in text_of(ann.get("/calendar?week=2026-W09"))
        history = text_of(ann.get("/time/2/history"))
        assert "History of entry 2" in history and ">approve<" in history and ">max<" in history


@pytest.mark.browser_only
def test_the_approval_and_history_pages_in_a_browser_have_no_accessibility_violation(office, aos, tmp_path, new_page):
    aos("--user", "ann", "week", "submit", "--week", "2026-W10")
    server = start_server(tmp_path, env=office)
    try:
        page = signed_in_page(server, new_page, "max", bypass_csp=True)
        page.goto(server.url + "/time?week=2026-W10&member=1")
        page.get_by_label("Note for ann").fill("Wednesday is missing")
        page.get_by_role("button", name="Return week").click()
        page.wait_for_url("**/time?week=2026-W10&member=1")
        assert (
            page.locator("#week-status").inner_text()
            == "This week is returned. Decided by max. Note: Wednesday is missing"
        )
        assert axe_violations(page) == []
        page.screenshot(path=str(tmp_path / "approval.png"), full_page=True)
        page.get_by_role("link", name="History of entry 2").click()
        page.wait_for_url("**/time/2/history")
        assert page.get_by_role("heading", name="History of entry 2").is_visible()
        assert axe_violations(page) == []
        page.screenshot(path=str(tmp_path / "history.png"), full_page=True)
    finally:
        assert "Traceback" not in stop_server(server)
