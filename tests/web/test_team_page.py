"""/team, an admin's: members added with a one-time link, roles and zones changed, archived (their
open sessions end at the next click) and signed out, each as `aos user ...` does it; nobody else
sees the page or its link."""

from __future__ import annotations

import pytest

from web_support import axe_violations
from web_support import signed_in_page as signed_in

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")
pytest.importorskip("argon2")
PASSWORD = "correct horse battery"
NOW = "2026-03-04T16:00:00+00:00"


@pytest.fixture
def site(aos, tmp_path, isolated, monkeypatch):
    from server_support import start_server, stop_server

    monkeypatch.setenv("AOS_NOW", NOW)
    for name, role in (("ada", "admin"), ("max", "manager"), ("ann", "member")):
        aos("user", "add", name, "--role", role)
        aos("user", "password", name, "--stdin", input=PASSWORD + "\n")
    server = start_server(tmp_path, env={"AOS_NOW": NOW})
    yield server
    log = stop_server(server)
    assert "Traceback" not in log, log


def users(aos) -> dict[str, tuple]:
    return {
        u["name"]: (u["role"], u.get("time_zone"), u["archived"]) for u in aos("user", "list", "--all", "--json").json
    }


def test_an_admin_invites_changes_and_archives_members_as_the_cli_does(site, new_page, aos, tmp_path):
    page = signed_in(site, new_page, "ada", bypass_csp=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Team").click()
    page.wait_for_url("**/team")
    team = page.get_by_role("table", name="Team")
    team.get_by_role("combobox", name="Role of ann").select_option("manager")
    team.get_by_role("textbox", name="Time zone of ann").fill("Mars/Base")
    team.get_by_role("row", name="ann").get_by_role("button", name="Save").click()
    said = aos("user", "edit", "ann", "--time-zone", "Mars/Base", expect=2).err.removeprefix("Error: ").strip()
    assert said[:1].upper() + said[1:] + "." in page.get_by_role("alert").inner_text()  # the CLI's words
    assert users(aos)["ann"] == ("member", None, False)  # nothing changed
    page.get_by_role("table", name="Team").get_by_role("combobox", name="Role of ann").select_option("manager")
    page.get_by_role("table", name="Team").get_by_role("textbox", name="Time zone of ann").fill("Europe/Berlin")
    page.get_by_role("table", name="Team").get_by_role("row", name="ann").get_by_role("button", name="Save").click()
    sync_api.expect(page.get_by_role("status")).to_have_text("Saved ann: manager, Europe/Berlin.")
    assert users(aos)["ann"] == ("manager", "Europe/Berlin", False)
    page.get_by_role("textbox", name="Name").fill("zoe")
    page.get_by_role("textbox", name="Email").fill("zoe@acme.test")
    page.get_by_role("button", name="Add and invite").click()
    link = page.get_by_role("region", name="Invitation link").get_by_role("textbox", name="Invitation link for zoe")
    url = link.input_value()
    assert url.startswith(site.url + "/invite/") and users(aos)["zoe"] == ("member", None, False)
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "team-invited.png"), full_page=True)
    zoe = new_page()  # zoe, in a browser of her own
    zoe.goto(url)
    zoe.get_by_label("New password", exact=True).fill("zoe's long password")
    zoe.get_by_label("New password again").fill("zoe's long password")
    zoe.get_by_role("button", name="Save password").click()
    zoe.wait_for_url("**/login")
    zoe.get_by_role("textbox", name="Name or email").fill("zoe@acme.test")
    zoe.get_by_label("Password").fill("zoe's long password")
    zoe.get_by_role("button", name="Sign in").click()
    zoe.wait_for_url("**/time")
    assert new_page().goto(url).status == 404  # the link works once
    page.get_by_role("table", name="Team").get_by_role("row", name="zoe").get_by_role("button", name="Archive").click()
    sync_api.expect(page.get_by_role("status")).to_have_text("Archived zoe.")
    assert users(aos)["zoe"][2] is True
    zoe.get_by_role("navigation", name="Main").get_by_role("link", name="Timesheet").click()
    zoe.wait_for_url("**/login")  # her open session ended with the archive


def test_sign_out_everywhere_and_a_new_link_for_a_forgotten_password(site, new_page, aos):
    ann = signed_in(site, new_page, "ann")
    page = signed_in(site, new_page, "ada")
    page.goto(site.url + "/team")
    row = page.get_by_role("table", name="Team").get_by_role("row", name="ann")
    row.get_by_role("button", name="Sign out everywhere").click()
    sync_api.expect(page.get_by_role("status")).to_have_text("1 session ended.")
    ann.reload()
    assert ann.url.endswith("/login")
    page.get_by_role("table", name="Team").get_by_role("row", name="ann").get_by_role(
        "button", name="New invitation link"
    ).click()
    assert "/invite/" in page.get_by_role("textbox", name="Invitation link for ann").input_value()


def test_a_manager_has_no_team_page_nor_its_link(site, new_page):
    page = signed_in(site, new_page, "max")
    assert not page.get_by_role("navigation", name="Main").get_by_role("link", name="Team").count()
    answer = page.goto(site.url + "/team")
    assert answer.status == 403 and "Not allowed for your role (manager): team members and roles." in page.inner_text(
        "main"
    )
