"""Keyboard-first: the command palette (Ctrl/Cmd+K or "/") and the single-key shortcuts, driven
by the keyboard alone in a real browser; the palette offers only what the page offers."""

from __future__ import annotations

import pytest
from test_browser import signed_in_tab, site  # noqa: F401

from server_support import start_server, stop_server
from web_support import PASSWORD, axe_violations, settled, signed_in_page

pytestmark = pytest.mark.browser_only  # keys, focus and the palette; the data behind them is checked on both backends
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")
NOW = "2026-03-04T16:00:00+00:00"


def palette(page):
    return page.get_by_role("dialog", name="Command palette")


def test_the_palette_goes_anywhere_and_starts_and_stops_the_timer_by_keyboard_alone(site, new_page):  # noqa: F811
    page = signed_in_tab(site, new_page, bypass_csp=True)
    page.keyboard.press("Control+k")
    command = palette(page).get_by_role("combobox", name="Command")
    sync_api.expect(command).to_be_focused()
    assert axe_violations(page) == []
    options = palette(page).get_by_role("option")
    offered = options.all_inner_texts()
    assert "Go to Settings" not in offered  # ann is a member: what her page offers
    assert {"Go to Dashboard", "Go to Calendar", "Go to Reports", "Go to Profile"} <= set(offered)
    command.press_sequentially("times")
    sync_api.expect(options).to_have_text(["Go to Timesheet", "Search for “times”"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/timesheet")
    page.keyboard.press("/")
    palette(page).get_by_role("combobox", name="Command").press_sequentially("start")
    page.keyboard.press("Enter")
    project = page.get_by_role("region", name="Timer").get_by_role("combobox", name="Project")
    sync_api.expect(project).to_be_focused()
    page.keyboard.press("ArrowDown")  # the first project
    page.keyboard.press("Tab")  # Task
    page.keyboard.press("Tab")  # Description
    page.keyboard.type("Keyboard only")
    page.keyboard.press("Enter")
    settled(page)
    sync_api.expect(page.get_by_role("timer", name="Elapsed")).to_be_visible()
    page.keyboard.press("Control+k")
    palette(page).get_by_role("combobox", name="Command").press_sequentially("stop")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")  # round the list and back: still "Stop timer"
    page.keyboard.press("Enter")
    review = page.get_by_role("dialog", name="Review time entry")
    sync_api.expect(review).to_be_visible()
    sync_api.expect(review.get_by_role("textbox", name="Description")).to_have_value("Keyboard only")


def test_single_keys_open_the_shortcuts_go_to_pages_add_and_continue(site, new_page):  # noqa: F811
    page = signed_in_tab(site, new_page)
    page.keyboard.press("?")
    shortcuts = page.get_by_role("dialog", name="Keyboard shortcuts")
    sync_api.expect(shortcuts).to_be_visible()
    assert "Command palette" in shortcuts.inner_text()
    page.keyboard.press("Escape")
    sync_api.expect(shortcuts).to_be_hidden()
    page.keyboard.press("g")
    page.keyboard.press("s")
    page.wait_for_url("**/timesheet")
    page.keyboard.press("g")
    page.keyboard.press("t")
    page.wait_for_url("**/time")
    page.keyboard.press("n")
    sync_api.expect(page.get_by_role("dialog", name="Manual entry")).to_be_visible()
    page.goto(site.url + "/time")
    page.keyboard.press("c")  # continue the last entry: Homepage mockups
    settled(page)
    timer = page.get_by_role("region", name="Timer")
    sync_api.expect(timer.get_by_role("timer", name="Elapsed")).to_be_visible()
    assert "Homepage mockups" in timer.inner_text()
    page.get_by_role("searchbox", name="Search").focus()
    page.keyboard.press("s")  # typed into the search box, not a shortcut: the timer runs on
    assert page.get_by_role("searchbox", name="Search").input_value() == "s"
    assert "/timer/review" not in page.url


# -- journeys of a manager's and an admin's pages, keyboard alone ------------------------------


@pytest.fixture
def agency(aos, tmp_path, isolated, monkeypatch):
    """Acme with a project and a task; ann and bob members, mia a manager, ada an admin."""
    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme", "--rate", "100", "--currency", "EUR")
    aos("project", "add", "Website Redesign", "--client", "Acme")
    aos("task", "add", "Design", "--project", "Website Redesign")
    for name, role in (("ann", "member"), ("bob", "member"), ("mia", "manager"), ("ada", "admin")):
        aos("user", "add", name, "--role", role, "--time-zone", "Europe/Berlin")
        aos("user", "password", name, "--stdin", input=PASSWORD + "\n")
    aos("add", "-p", "Website", "-t", "Design", "--start", "2026-03-02 09:00", "--end", "2026-03-02 11:30",
        "-d", "Homepage mockups", "-u", "ann")  # fmt: skip
    server = start_server(tmp_path, env={"AOS_NOW": NOW})
    yield server
    log = stop_server(server)
    assert "Traceback" not in log, log


def focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, target, backwards: bool = False, limit: int = 150) -> None:
    """Tab (Shift+Tab) until `target` has the focus, as a keyboard reaches it; fails past `limit`."""
    for _ in range(limit):
        if focused(target):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"{target} not reached in {limit} presses of {'Shift+' if backwards else ''}Tab")


def command(page, typed: str, label: str) -> None:
    """The palette opened by Ctrl+K, `typed` typed, and Enter on `label`, checked to be the one chosen."""
    page.keyboard.press("Control+k")
    sync_api.expect(palette(page).get_by_role("combobox", name="Command")).to_be_focused()
    page.keyboard.type(typed)
    sync_api.expect(palette(page).get_by_role("option", selected=True)).to_have_text(label)
    page.keyboard.press("Enter")


def said(page, text: str) -> None:
    sync_api.expect(page.get_by_role("status")).to_have_text(text)


def records(aos, kind: str) -> dict[str, dict]:
    return {r["name"]: r for r in aos(kind, "list", "--all", "--json").json}


def test_a_manager_builds_the_catalog_with_the_palette_and_the_keyboard_alone(agency, new_page, aos):
    page = signed_in_page(agency, new_page, "mia", bypass_csp=True)
    command(page, "create client", "Create client")
    page.wait_for_url("**/clients?add=client")
    sync_api.expect(page.get_by_role("textbox", name="Client name")).to_be_focused()
    page.keyboard.type("Globex")
    page.keyboard.press("Tab")  # Client hourly rate
    page.keyboard.type("120")
    page.keyboard.press("Tab")  # Client currency
    page.keyboard.type("USD")
    page.keyboard.press("Enter")
    said(page, "Added client Globex.")
    sync_api.expect(page.get_by_role("link", name="Edit client Globex")).to_be_focused()
    globex = records(aos, "client")["Globex"]
    assert (globex["hourly_rate"], globex["currency"], globex["archived"]) == (120, "USD", False)

    command(page, "project globex", "Create project for Globex")
    sync_api.expect(page.get_by_role("textbox", name="Project name")).to_be_focused()
    assert page.get_by_role("combobox", name="Project's client").input_value() == str(globex["id"])
    page.keyboard.type("Portal")
    page.keyboard.press("Enter")
    said(page, "Added project Portal.")
    assert records(aos, "project")["Portal"]["client_name"] == "Globex"

    command(page, "task portal", "Create task in Globex / Portal")
    sync_api.expect(page.get_by_role("textbox", name="Task name")).to_be_focused()
    page.keyboard.type("Backend")
    page.keyboard.press("Enter")
    said(page, "Added task Backend.")
    assert records(aos, "task")["Backend"]["project_name"] == "Portal"
    assert axe_violations(page) == []

    # renamed: from its "Edit" (the focus is there) to its name, then back with the focus on it
    sync_api.expect(page.get_by_role("link", name="Edit task Backend")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/clients/task/*")
    tab_to(page, page.get_by_role("textbox", name="Task name"))
    page.keyboard.press("Control+a")
    page.keyboard.type("API")
    page.keyboard.press("Enter")
    said(page, "Saved task API.")
    sync_api.expect(page.get_by_role("link", name="Edit task API")).to_be_focused()
    assert "Backend" not in records(aos, "task") and not records(aos, "task")["API"]["archived"]
    page.keyboard.press("Tab")
    sync_api.expect(page.get_by_role("button", name="Archive task API")).to_be_focused()
    page.keyboard.press("Space")
    said(page, "Archived task API.")
    assert records(aos, "task")["API"]["archived"]
    sync_api.expect(page.get_by_role("button", name="Restore task API")).to_be_focused()  # undone at once
    page.keyboard.press("Enter")
    said(page, "Restored task API.")
    assert not records(aos, "task")["API"]["archived"]

    # a rate from a day on: shown first, then saved from the button the focus is on
    sync_api.expect(page.get_by_role("button", name="Archive task API")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    sync_api.expect(page.get_by_role("link", name="Edit task API")).to_be_focused()
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("textbox", name="New hourly rate"))
    page.keyboard.type("90")
    page.keyboard.press("Tab")
    page.keyboard.type("2026-03-01")
    page.keyboard.press("Enter")
    confirm = page.get_by_role("button", name="Save the rate and reprice 0 entries")
    sync_api.expect(confirm).to_be_focused()
    assert records(aos, "task")["API"]["hourly_rate"] is None  # nothing saved yet
    assert axe_violations(page) == []
    page.keyboard.press("Enter")
    said(page, "Saved task API: 90 from 2026-03-01, 0 entries repriced.")
    sync_api.expect(page.get_by_role("link", name="Edit task API")).to_be_focused()
    assert records(aos, "task")["API"]["hourly_rate"] == 90

    # "Create project" with no client named: the client is chosen first, by its initial
    command(page, "create project", "Create project")
    sync_api.expect(page.get_by_role("combobox", name="Project's client")).to_be_focused()
    page.keyboard.type("G")
    page.keyboard.press("Tab")
    page.keyboard.type("Intranet")
    page.keyboard.press("Enter")
    said(page, "Added project Intranet.")
    assert records(aos, "project")["Intranet"]["client_name"] == "Globex"


def test_an_admin_invites_a_member_copies_the_link_and_changes_the_team_by_keyboard(agency, new_page, aos):
    page = signed_in_page(agency, new_page, "ada", bypass_csp=True, permissions=["clipboard-read", "clipboard-write"])
    command(page, "invite", "Invite member")
    page.wait_for_url("**/team?add=member")
    sync_api.expect(page.get_by_role("textbox", name="Name")).to_be_focused()
    page.keyboard.type("zoe")
    page.keyboard.press("Tab")
    page.keyboard.type("zoe@acme.test")
    page.keyboard.press("Tab")  # Role: member, then one down
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    sync_api.expect(page.get_by_role("button", name="Add and invite")).to_be_focused()
    page.keyboard.press("Enter")
    said(page, "Added zoe.")
    copy = page.get_by_role("region", name="Invitation link").get_by_role("button")
    sync_api.expect(copy).to_have_text("Copy link")
    sync_api.expect(copy).to_be_focused()  # the link is shown once: the keyboard is on it
    page.keyboard.press("Enter")
    sync_api.expect(copy).to_have_text("Copied")
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == page.get_by_role("textbox", name="Invitation link for zoe").input_value()
    assert "/invite/" in link
    zoe = records(aos, "user")["zoe"]
    assert (zoe["email"], zoe["role"], zoe["archived"]) == ("zoe@acme.test", "manager", False)
    assert axe_violations(page) == []

    # bob's role and zone in his row: Enter in the zone saves the row; archived and restored
    tab_to(page, page.get_by_role("combobox", name="Role of bob"))
    page.keyboard.press("ArrowDown")  # member -> manager
    page.keyboard.press("Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("America/New_York")
    page.keyboard.press("Enter")
    said(page, "Saved bob: manager, America/New_York.")
    bob = records(aos, "user")["bob"]
    assert (bob["role"], bob["time_zone"], bob["archived"]) == ("manager", "America/New_York", False)
    row = page.get_by_role("row", name="bob")
    sync_api.expect(row.get_by_role("button", name="Save")).to_be_focused()
    tab_to(page, row.get_by_role("button", name="Archive"))
    page.keyboard.press("Enter")
    said(page, "Archived bob.")
    assert records(aos, "user")["bob"]["archived"]
    sync_api.expect(page.get_by_role("row", name="bob").get_by_role("button", name="Restore")).to_be_focused()
    page.keyboard.press("Space")
    said(page, "Restored bob.")
    assert not records(aos, "user")["bob"]["archived"]

    # a new link for bob (its "Copy link" takes the focus), then his sessions ended
    tab_to(page, page.get_by_role("row", name="bob").get_by_role("button", name="New invitation link"), backwards=True)
    page.keyboard.press("Enter")
    said(page, "A new invitation link for bob.")
    sync_api.expect(page.get_by_role("region", name="Invitation link").get_by_role("button")).to_be_focused()
    bob_row = page.get_by_role("row", name="bob")
    tab_to(page, bob_row.get_by_role("button", name="Sign out everywhere"))
    page.keyboard.press("Enter")
    said(page, "0 sessions ended.")
    sync_api.expect(bob_row.get_by_role("button", name="Sign out everywhere")).to_be_focused()

    other = new_page()  # the copied link, opened where zoe is
    other.goto(link)
    sync_api.expect(other.get_by_role("heading", name="Choose a password, zoe")).to_be_visible()


def test_an_admin_changes_a_setting_by_keyboard_and_a_refusal_keeps_the_focus(agency, new_page, aos):
    page = signed_in_page(agency, new_page, "ada", bypass_csp=True)
    page.keyboard.press("g")
    page.keyboard.press("e")
    page.wait_for_url("**/settings")
    tab_to(page, page.get_by_role("textbox", name="Company name"))
    page.keyboard.type("Acme Studio")
    iban = page.get_by_role("textbox", name="Bank IBAN")
    tab_to(page, iban)
    page.keyboard.type("DE00 1234")
    page.keyboard.press("Enter")
    sync_api.expect(iban).to_have_attribute("aria-invalid", "true")
    sync_api.expect(iban).to_be_focused()  # the refused field, its words beside it
    assert aos("config", "get", "company_name", "--json").json["value"] == ""  # nothing saved
    assert axe_violations(page) == []
    page.keyboard.press("Control+a")
    page.keyboard.press("Backspace")
    page.keyboard.press("Enter")
    said(page, "Saved 1 setting.")
    assert aos("config", "get", "company_name", "--json").json["value"] == "Acme Studio"
    assert aos("config", "get", "bank_iban", "--json").json["value"] == ""


def test_a_manager_switches_member_with_the_palette_and_a_member_is_offered_none(agency, new_page, aos):
    page = signed_in_page(agency, new_page, "mia", bypass_csp=True)
    page.goto(agency.url + "/timesheet?week=2026-W10")
    command(page, "show ann", "Show time of ann")
    page.wait_for_url("**/timesheet?week=2026-W10&member=ann")  # the timesheet stays, with its week
    sync_api.expect(page.get_by_text("The timesheet of ann.")).to_be_visible()
    page.keyboard.press("g")
    page.keyboard.press("t")
    page.wait_for_url("**/time")
    command(page, "show time ann", "Show time of ann")
    page.wait_for_url("**/time?member=ann")
    page.goto(agency.url + "/clients")
    command(page, "show ann", "Show time of ann")  # from any other page: her week
    page.wait_for_url("**/time?member=ann")
    sync_api.expect(page.get_by_text("The week of ann.")).to_be_visible()
    for entry in aos("list", "-u", "ann", "--json").json["entries"]:
        sync_api.expect(page.get_by_role("row", name=entry["description"])).to_be_visible()
    # Enter typed before the server's commands arrive: the one they bring runs, not the search
    page.goto(agency.url + "/clients")
    held = []

    def hold(route):  # the answer held back until Enter is typed
        held.append(route)

    page.route("**/palette", hold)
    page.keyboard.press("Control+k")
    page.keyboard.type("show bob")
    sync_api.expect(palette(page).get_by_role("option", selected=True)).to_have_text("Search for “show bob”")
    page.keyboard.press("Enter")
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_url("**/time?member=bob")
    page.unroute("**/palette", hold)
    page.keyboard.press("Control+k")
    shown = palette(page).get_by_role("option")
    sync_api.expect(shown.filter(has_text="Show time of bob")).to_have_count(1)
    assert shown.filter(has_text="Invite member").count() == 0  # an admin's
    assert axe_violations(page) == []

    member = signed_in_page(agency, new_page, "ann")
    member.keyboard.press("Control+k")
    member.keyboard.type("show")
    options = palette(member).get_by_role("option")
    sync_api.expect(options).to_have_text(["Search for “show”"])
    member.keyboard.press("Control+a")
    member.keyboard.type("create")
    sync_api.expect(options).to_have_text(["Search for “create”"])
    answer = member.evaluate("fetch('/palette').then((r) => r.text())")
    assert "<a " not in answer  # the server renders none of them for her


def test_g_c_goes_to_the_calendar(agency, new_page):
    page = signed_in_page(agency, new_page, "ann")
    page.keyboard.press("?")
    sync_api.expect(page.get_by_role("row", name="Go to Calendar")).to_be_visible()
    page.keyboard.press("Escape")
    sync_api.expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Calendar")).to_be_visible()
    page.keyboard.press("g")
    page.keyboard.press("c")
    page.wait_for_url("**/calendar")
    page.wait_for_selector("#calendar.drawn")
