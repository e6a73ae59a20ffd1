"""/clients, a manager's: clients, projects and tasks added, renamed, repriced, archived and
restored as `aos client|project|task` does it, refused in the CLI's words; a member has neither
the page nor its link."""

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
    for name, role in (("max", "manager"), ("ann", "member")):
        aos("user", "add", name, "--role", role)
        aos("user", "password", name, "--stdin", input=PASSWORD + "\n")
    server = start_server(tmp_path, env={"AOS_NOW": NOW})
    yield server
    log = stop_server(server)
    assert "Traceback" not in log, log


def test_a_manager_sets_up_clients_projects_and_tasks_as_the_cli_does(site, new_page, aos):
    page = signed_in(site, new_page, "max", bypass_csp=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Clients").click()
    page.wait_for_url("**/clients")
    page.get_by_role("textbox", name="Client name").fill("Acme")
    page.get_by_role("textbox", name="Client hourly rate").fill("100")
    page.get_by_role("textbox", name="Client currency").fill("EUR")
    page.get_by_role("button", name="Add client").click()
    sync_api.expect(page.get_by_role("status")).to_have_text("Added client Acme.")
    page.get_by_role("textbox", name="Project name").fill("Site")
    page.get_by_role("button", name="Add project").click()
    page.get_by_role("textbox", name="Task name").fill("Design")
    page.get_by_role("textbox", name="Task hourly rate").fill("abc")
    page.get_by_role("button", name="Add task").click()
    said = aos("task", "add", "Design", "-p", "Site", "--rate", "abc", expect=2).err.removeprefix("Error: ").strip()
    assert said[:1].upper() + said[1:] + "." in page.get_by_role("alert").inner_text()  # the CLI's words
    page.get_by_role("textbox", name="Task name").fill("Design")
    page.get_by_role("button", name="Add task").click()
    table = page.get_by_role("table", name="Clients, projects and tasks")
    sync_api.expect(table.get_by_role("row", name="Acme / Site / Design")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Edit project Site").click()
    page.get_by_role("textbox", name="Hourly rate", exact=True).fill("120")
    page.get_by_role("textbox", name="Project name").fill("Website")
    page.get_by_role("button", name="Save project").click()
    sync_api.expect(page.get_by_role("status")).to_have_text("Saved project Website.")
    projects = aos("project", "list", "--json").json
    assert [(p["name"], p["hourly_rate"], p["client_name"]) for p in projects] == [("Website", 120.0, "Acme")]
    page.get_by_role("button", name="Archive task Design").click()
    sync_api.expect(page.get_by_role("status")).to_have_text("Archived task Design.")
    assert aos("task", "list", "--all", "--json").json[0]["archived"] is True
    page.get_by_role("button", name="Restore task Design").click()
    assert aos("task", "list", "--json").json[0]["name"] == "Design"
    page.get_by_role("link", name="Edit client Acme").click()
    assert axe_violations(page) == []
    page.get_by_role("textbox", name="Country").fill("US")
    page.get_by_role("textbox", name="Address").fill("Hauptstraße 1\n80331 München")
    page.get_by_role("button", name="Save client").click()
    assert "is not a US address" in page.get_by_role("alert").inner_text()
    assert aos("client", "list", "--json").json[0].get("country") in (None, "")  # nothing saved
    page.get_by_role("textbox", name="Address").fill("1 Market St\nSan Francisco, CA 94105")
    page.get_by_role("textbox", name="Tax mode").fill("outside-scope")
    page.get_by_role("button", name="Save client").click()
    sync_api.expect(page.get_by_role("status")).to_have_text("Saved client Acme.")
    client = aos("client", "list", "--json").json[0]
    assert (client["country"], client["tax_mode"]) == ("US", "outside-scope")
    assert page.goto(site.url + "/clients/client/99").status == 404


def test_a_member_has_no_catalog_page_nor_its_link(site, new_page):
    page = signed_in(site, new_page, "ann")
    assert not page.get_by_role("navigation", name="Main").get_by_role("link", name="Clients").count()
    answer = page.goto(site.url + "/clients")
    assert answer.status == 403 and "Not allowed for your role (member)" in page.inner_text("main")
    assert page.goto(site.url + "/clients/client/99").status == 403


def test_a_rate_change_from_a_day_shows_what_it_reprices_before_it_saves(site, new_page, aos, db_dump):
    aos("client", "add", "Acme", "--rate", "100")
    aos("project", "add", "Site", "-c", "Acme")
    for day in ("02", "03", "04"):
        aos("add", "-p", "Site", "--date", f"2026-03-{day}", "--hours", "1", "-d", f"work {day}", "-u", "ann")
    aos("invoice", "create", "-c", "Acme", "--to", "2026-03-03")  # the 2nd's and 3rd's entries are invoiced
    aos("add", "-p", "Site", "--date", "2026-03-03", "--hours", "2", "-d", "late 03", "-u", "ann")
    page = signed_in(site, new_page, "max", bypass_csp=True)
    page.goto(site.url + "/clients")
    page.get_by_role("link", name="Edit project Site").click()
    page.get_by_role("textbox", name="New hourly rate").fill("120")
    page.get_by_role("textbox", name="From").fill("2026-03-03")
    before = db_dump()
    page.get_by_role("button", name="Show what it reprices").click()
    listed = page.get_by_role("table", name="Entries it reprices")
    assert [row.inner_text().split("\t")[2] for row in listed.get_by_role("row").all()[1:]] == ["late 03", "work 04"]
    assert "200.00 → 240.00" in listed.inner_text() and db_dump() == before  # nothing saved yet
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save the rate and reprice 2 entries").click()
    sync_api.expect(page.get_by_role("status")).to_have_text(
        "Saved project Site: 120 from 2026-03-03, 2 entries repriced."
    )
    held = {e["description"]: (e["hourly_rate"], e["amount"]) for e in aos("list", "--json").json["entries"]}
    assert held == {"work 02": (100, 100), "work 03": (100, 100), "late 03": (120, 240), "work 04": (120, 120)}


def test_a_form_asked_for_with_nothing_to_put_it_under_starts_where_it_must(site, new_page, aos):
    page = signed_in(site, new_page, "max")
    status = page.get_by_role("status")
    for kind in ("project", "task"):  # no client yet: the client's form, focused
        page.goto(f"{site.url}/clients?add={kind}")
        sync_api.expect(page.get_by_role("textbox", name="Client name")).to_be_focused()
        sync_api.expect(status).to_contain_text("add a client first")
    aos("client", "add", "Acme")
    page.goto(f"{site.url}/clients?add=task")  # a client, no project: the project's form
    sync_api.expect(page.get_by_role("combobox", name="Project's client")).to_be_focused()
    sync_api.expect(status).to_have_text("A task belongs to a project: add a project first.")
    page.goto(f"{site.url}/clients?add=project&client=99")  # no such client: it is chosen first
    sync_api.expect(page.get_by_role("combobox", name="Project's client")).to_be_focused()
    sync_api.expect(status).to_be_empty()
    assert page.goto(f"{site.url}/clients?add=invoice").status == 400  # only what the page adds
