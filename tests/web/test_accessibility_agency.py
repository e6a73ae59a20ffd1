"""The agency's pages (dashboard, calendar, clients, team, settings, search, one's profile, the palette and its shortcuts)
checked with axe-core against WCAG 2.2 A and AA in Debian's Chromium as an admin sees them, in
each of light and dark on a laptop's and a phone's screen: no violation."""

from __future__ import annotations

import pytest

from web_support import axe_violations
from web_support import signed_in_page as signed_in

pytestmark = pytest.mark.browser_only
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")
pytest.importorskip("argon2")
PASSWORD = "correct horse battery"
NOW = "2026-03-04T16:00:00+00:00"


@pytest.fixture
def site(aos, tmp_path, isolated, monkeypatch):
    from server_support import start_server, stop_server

    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme", "--rate", "100", "--currency", "EUR")
    aos("project", "add", "Website", "--client", "Acme")
    aos("task", "add", "Design", "--project", "Website")
    aos("user", "add", "ada", "--role", "admin", "--time-zone", "Europe/Berlin")
    aos("user", "add", "ann", "--time-zone", "Europe/Berlin")
    aos("user", "password", "ada", "--stdin", input=PASSWORD + "\n")
    for day, start, end, what in (("02", "09:00", "10:30", "Homepage mockups"), ("02", "14:00", "15:00", "Billed"),
                                  ("03", "10:00", "11:00", "Client call"), ("03", "10:30", "11:30", "Review")):  # fmt: skip
        aos("add", "-p", "Website", "-t", "Design", "--start", f"2026-03-{day}T{start}+01:00", "--end",
            f"2026-03-{day}T{end}+01:00", "-d", what, "-u", "ada")  # fmt: skip
    aos("invoice", "mark", "2")
    server = start_server(tmp_path, env={"AOS_NOW": NOW})
    yield server
    log = stop_server(server)
    assert "Traceback" not in log, log


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (412, 915)], ids=["laptop", "phone"])
def test_every_agency_page_has_no_wcag_2_2_a_or_aa_violation(site, new_page, scheme, width, height):
    page = signed_in(site, new_page, "ada", viewport={"width": width, "height": height}, color_scheme=scheme,
                     bypass_csp=True)  # fmt: skip
    found = {}

    def check(name: str) -> None:
        found[name] = axe_violations(page)

    page.goto(site.url + "/dashboard?whose=team")
    check("dashboard")
    page.goto(site.url + "/calendar?week=2026-W10")
    page.wait_for_selector("#calendar.drawn")
    check("calendar week")
    page.locator("#calendar .cal-block").first.focus()
    page.keyboard.press("ArrowDown")
    check("calendar, a block moved by a key (not saved yet)")
    sync_api.expect(page.get_by_role("status")).to_contain_text("Moved")
    check("calendar, a block moved")
    page.get_by_role("link", name="Billed").focus()
    page.keyboard.press("ArrowDown")
    check("calendar, a locked block")
    page.goto(site.url + "/calendar?view=day&day=2026-03-03&member=ann")
    check("calendar day of another member")
    page.goto(site.url + "/calendar/new?day=2026-03-04")
    page.get_by_role("textbox", name="End").fill("whenever")
    page.get_by_role("button", name="Save entry").click()
    check("calendar new entry, refused")
    page.goto(site.url + "/clients")
    check("clients")
    page.get_by_role("link", name="Edit project Website").click()
    check("project record")
    page.get_by_role("textbox", name="New hourly rate").fill("120")
    page.get_by_role("textbox", name="From").fill("2026-03-03")
    page.get_by_role("button", name="Show what it reprices").click()
    check("rate change preview")
    page.goto(site.url + "/team")
    check("team")
    page.get_by_role("table", name="Team").get_by_role("row", name="ann").get_by_role(
        "button", name="New invitation link").click()  # fmt: skip
    check("team, an invitation link")
    page.goto(site.url + "/settings")
    check("settings")
    page.goto(site.url + "/search?q=home")
    check("search page")
    page.goto(site.url + "/profile")
    check("profile")
    page.get_by_role("form", name="New API token").get_by_role("textbox", name="Token name").fill("laptop")
    page.get_by_role("button", name="Create token").click()
    page.get_by_role("textbox", name="New API token").wait_for()
    check("profile, a new token shown once")
    page.keyboard.press("Control+k")
    check("command palette")
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    check("keyboard shortcuts")
    assert {name: violations for name, violations in found.items() if violations} == {}
    assert len(found) == 18
