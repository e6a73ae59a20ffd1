"""The team's lock on the settings page (an admin's): set and lifted as `aos lock --before|--clear`
does, refused in its words with nothing changed; the member's entries before it turn read-only."""

from __future__ import annotations

import html

import pytest

from web_support import PASSWORD, form_token, signed_in

pytest.importorskip("httpx")
pytest.importorskip("argon2")
NOW = "2026-03-18T12:00:00+00:00"


@pytest.fixture
def team(aos, isolated, monkeypatch):
    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme", "--rate", "100", "--currency", "EUR")
    aos("project", "add", "Website", "--client", "Acme")
    for name, role in (("ada", "admin"), ("max", "manager"), ("ann", "member")):
        aos("user", "add", name, "--role", role)
        aos("user", "password", name, "--stdin", input=PASSWORD + "\n")
    aos(
        "add",
        "-p",
        "Website",
        "--start",
        "2026-02-24 09:00",
        "--end",
        "2026-02-24 11:00",
        "-d",
        "February",
        "-u",
        "ann",
    )
    aos("add", "-p", "Website", "--start", "2026-03-02 09:00", "--end", "2026-03-02 10:00", "-d", "March", "-u", "ann")
    return {"AOS_NOW": NOW}


def test_an_admin_locks_and_lifts_as_the_cli_does_and_the_members_rows_turn_read_only(team, aos, tmp_path, db_dump):
    with signed_in(tmp_path, team, "ada") as ada:
        page = html.unescape(ada.get("/settings").text)
        assert "No lock: every entry can be changed by those whose role allows it." in page
        token = form_token(ada, "/settings")
        before = db_dump()
        refused = ada.post("/settings/lock", data={"csrf": token, "before": "someday"})
        said = aos("lock", "--before", "someday", expect=2).err.removeprefix("Error: ").strip()
        assert refused.status_code == 400 and said[:1].upper() + said[1:] in html.unescape(refused.text)
        assert 'aria-invalid="true"' in refused.text and db_dump() == before
        locked = html.unescape(ada.post("/settings/lock", data={"csrf": token, "before": "2026-03-01"}).text)
        assert "Locked the entries before 2026-03-01." in locked
        shown = aos("lock", "--show", "--json").json
        assert (shown["before"], shown["set_by"]) == ("2026-03-01", "ada")
        assert f"Entries before 2026-03-01 are locked for everyone but admins (set by ada, {shown['set_at']})" in locked
    with signed_in(tmp_path, team, "ann") as ann:
        february = html.unescape(ann.get("/time?week=2026-W09").text)
        assert 'id="edit-1"' not in february and "Locked" in february  # the row is read-only
        assert 'id="edit-2"' in ann.get("/time?week=2026-W10").text
        assert ann.post("/settings/lock", data={"csrf": form_token(ann, "/time"), "clear": "true"}).status_code == 403
    with signed_in(tmp_path, team, "max") as max_:
        assert max_.post("/settings/lock", data={"csrf": form_token(max_, "/time"), "clear": "true"}).status_code == 403
    assert aos("lock", "--show", "--json").json["locked"] is True
    with signed_in(tmp_path, team, "ada") as ada:
        lifted = ada.post("/settings/lock", data={"csrf": form_token(ada, "/settings"), "clear": "true"})
        assert "Lifted the lock." in html.unescape(lifted.text)
    assert aos("lock", "--show", "--json").json["locked"] is False
    history = aos("history", "1", "--json").json
    assert [row["action"] for row in history["changes"]][-2:] == ["lock", "unlock"]


@pytest.mark.browser_only
def test_the_lock_section_set_and_refused_has_no_accessibility_violation(team, aos, tmp_path, new_page):
    from server_support import start_server, stop_server
    from web_support import axe_violations, signed_in_page

    sync_api = pytest.importorskip("playwright.sync_api")
    server = start_server(tmp_path, env=team)
    try:
        page = signed_in_page(server, new_page, "ada", bypass_csp=True, viewport={"width": 1280, "height": 1600})
        page.goto(server.url + "/settings")
        page.get_by_role("textbox", name="Lock entries before").fill("2026-03-01")
        page.get_by_role("button", name="Lock entries").click()
        sync_api.expect(page.get_by_role("status")).to_have_text("Locked the entries before 2026-03-01.")
        page.get_by_role("textbox", name="Lock entries before").fill("never")
        page.get_by_role("button", name="Lock entries").click()
        sync_api.expect(page.get_by_role("textbox", name="Lock entries before")).to_be_focused()
        assert axe_violations(page) == []
        page.get_by_role("region", name="Lock").screenshot(path=str(tmp_path / "lock.png"))
        page.get_by_role("button", name="Lift the lock").click()
        sync_api.expect(page.get_by_role("status")).to_have_text("Lifted the lock.")
    finally:
        assert "Traceback" not in stop_server(server)
