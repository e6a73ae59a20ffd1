"""Changing the week's entries in the web app: "Edit" saves with the version it showed, so an
edit made meanwhile elsewhere is a visible conflict, never a silent overwrite; "Delete" offers
"Undo", which puts the entry back as it was (its rate too); invoiced entries are locked; another
member's entries cannot be reached."""

from __future__ import annotations

import html
import re

import pytest

from web_support import PASSWORD
from web_support import signed_in as signed_in_as_ann

httpx = pytest.importorskip("httpx")
pytest.importorskip("argon2")
NOW = "2026-03-04T16:00:00+00:00"


@pytest.fixture
def week(aos, tmp_path, isolated, monkeypatch):
    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme", "--rate", "120", "--currency", "EUR")
    aos("project", "add", "Website", "--client", "Acme")
    for name in ("ann", "bob"):
        aos("user", "add", name)
    aos(
        "add", "-p", "Website", "--start", "2026-03-02 09:00", "--end", "2026-03-02 10:00", "-d", "Mockups", "-u", "ann"
    )
    aos("add", "-p", "Website", "--start", "2026-03-02 11:00", "--end", "2026-03-02 12:00", "-d", "Bob's", "-u", "bob")
    aos("add", "-p", "Website", "--start", "2026-03-03 09:00", "--end", "2026-03-03 10:00", "-d", "Billed", "-u", "ann")
    aos("invoice", "mark", "3")
    aos("user", "password", "ann", "--stdin", input=PASSWORD + "\n")
    with signed_in_as_ann(tmp_path, {"AOS_NOW": NOW}) as client:
        yield client


def fields(page: str) -> dict[str, str]:
    found = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', page))
    return {k: html.unescape(v) for k, v in found.items()}


def main_of(page: str) -> str:
    """The page's main content (the timer region before it lists recent entries too)."""
    return page.split('<main id="main">', 1)[1]


def entry(aos, entry_id: int) -> dict:
    return next(e for e in aos("list", "--json").json["entries"] if e["id"] == entry_id)


def test_an_edit_saves_the_fields_as_aos_edit_would(week, aos):
    form = fields(week.get("/time/1/edit").text)
    assert form["start"] == "2026-03-02 09:00:00" and form["version"]
    saved = week.post("/time/1/edit", data=dict(form, description="Mockups v2", start="2026-03-02 08:30",
                                                billable="true"))  # fmt: skip
    assert saved.status_code == 303
    after = entry(aos, 1)
    assert (after["description"], after["start_time"], after["duration"], after["amount"]) == (
        "Mockups v2", "2026-03-02T08:30:00+00:00", 5400, 180.0)  # fmt: skip


def test_an_edit_made_meanwhile_elsewhere_is_shown_and_never_overwritten(week, aos):
    form = fields(week.get("/time/1/edit").text)
    aos("edit", "1", "-d", "Changed at the terminal")
    clash = week.post("/time/1/edit", data=dict(form, description="Changed in the browser", billable="true"))
    assert clash.status_code == 409
    assert "Someone changed this entry since you opened it" in html.unescape(clash.text)
    assert fields(clash.text)["description"] == "Changed at the terminal"  # shown as it is now
    assert entry(aos, 1)["description"] == "Changed at the terminal"


def test_delete_offers_undo_which_puts_the_entry_back_with_its_rate(week, aos):
    token = fields(week.get("/time?week=2026-W10").text)["csrf"]
    deleted = week.post("/time/1/delete", data={"csrf": token})
    assert deleted.status_code == 200 and "Deleted “Mockups”." in html.unescape(deleted.text)
    assert aos("list", "--json", "-u", "ann").json["count"] == 1  # only the invoiced one is left
    aos("project", "edit", "Website", "--rate", "200")  # today's rate: not the deleted entry's
    undo = fields(deleted.text.split('action="/time/undo"', 1)[1])
    assert week.post("/time/undo", data=undo).status_code == 303
    back = next(e for e in aos("list", "--json", "-u", "ann").json["entries"] if e["description"] == "Mockups")
    assert (back["start_time"], back["end_time"], back["amount"]) == (
        "2026-03-02T09:00:00+00:00", "2026-03-02T10:00:00+00:00", 120.0)  # fmt: skip


def test_invoiced_entries_are_locked_and_another_members_cannot_be_reached(week, aos):
    page = html.unescape(week.get("/time?week=2026-W10").text)
    billed_row = main_of(page).split("Billed", 1)[1].split("</tr>", 1)[0]
    assert "Locked" in billed_row and "Edit" not in billed_row
    token = fields(page)["csrf"]
    refused = week.post("/time/3/edit", data={"description": "rewritten", "csrf": token})
    assert refused.status_code == 400 and entry(aos, 3)["description"] == "Billed"
    assert week.get("/time/2/edit").status_code == 404  # bob's
    assert week.post("/time/2/edit", data={"description": "x", "csrf": token}).status_code == 404
    assert week.post("/time/2/delete", data={"csrf": token}).status_code == 400
    assert entry(aos, 2)["description"] == "Bob's"


def test_a_manager_picks_any_members_week_and_a_member_only_her_own(week, aos):
    assert week.get("/time", params={"week": "2026-W10", "member": "bob"}).status_code == 403
    aos("user", "edit", "ann", "--role", "manager")
    bobs = main_of(html.unescape(week.get("/time", params={"week": "2026-W10", "member": "bob"}).text))
    assert "The week of bob." in bobs and "Bob's" in bobs and "Mockups" not in bobs
    assert '<label for="week-member">Member</label>' in bobs


def test_an_entry_edited_in_its_row_saves_the_duration_when_that_is_what_changed(week, aos):
    row = week.get("/time/1/inline").text
    assert "data-inline-edit" in row and "<html" not in row  # the row alone, to swap in place
    form = fields(row)
    assert (form["duration"], form["shown_duration"], form["end"]) == ("1:00:00", "1:00:00", "2026-03-02 10:00:00")
    saved = week.post("/time/1/edit", data=dict(form, duration="1:30", description="Mockups", billable="true"))
    assert saved.status_code == 200 and 'id="week"' in saved.text and "Saved “Mockups”." in html.unescape(saved.text)
    assert entry(aos, 1)["end_time"] == "2026-03-02T10:30:00+00:00"  # the end followed the duration
    form = fields(week.get("/time/1/inline").text)
    week.post("/time/1/edit", data=dict(form, end="2026-03-02 11:00", description="Mockups", billable="true"))
    assert entry(aos, 1)["duration"] == 7200  # the end changed: the duration follows it


def test_a_refused_or_stale_edit_in_a_row_answers_with_the_row_to_swap_in_its_place(week, aos):
    form = fields(week.get("/time/1/inline").text)
    refused = week.post("/time/1/edit", data=dict(form, start="soon", description="Mockups", billable="true"))
    assert refused.status_code == 400 and refused.headers["hx-retarget"] == "#entry-1"
    assert 'aria-invalid="true"' in refused.text.split('name="start"', 1)[1].split(">", 1)[0]
    aos("edit", "1", "-d", "Changed at the terminal")
    stale = week.post("/time/1/edit", data=dict(form, description="Changed here", billable="true"))
    assert stale.status_code == 409 and stale.headers["hx-reswap"] == "outerHTML"
    assert fields(stale.text)["description"] == "Changed at the terminal"
    assert entry(aos, 1)["description"] == "Changed at the terminal"
    assert week.get("/time/2/inline").status_code == 404  # bob's
