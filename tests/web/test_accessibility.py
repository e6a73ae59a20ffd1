"""Every page of the web app checked with axe-core (WCAG 2.2 A and AA) in Debian's Chromium,
light and dark, on a laptop's and a phone's screen: no violation. axe-core is vendored in
tests/fixtures/axe with its licence; its sha256 is checked before it runs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from server_support import start_server, stop_server
from web_support import settled

pytestmark = pytest.mark.browser_only
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")
AXE = Path(__file__).parent.parent / "fixtures" / "axe"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PASSWORD = "correct horse battery"
NOW = "2026-03-04T16:00:00+00:00"


def test_the_vendored_axe_core_is_the_one_recorded():
    recorded = dict(reversed(line.split()) for line in (AXE / "SOURCE.txt").read_text().splitlines()[1:])
    for name, digest in recorded.items():
        assert hashlib.sha256((AXE / name).read_bytes()).hexdigest() == digest, name


@pytest.fixture
def site(aos, tmp_path, isolated, monkeypatch):
    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme", "--rate", "100", "--currency", "EUR")
    aos("project", "add", "Website Redesign", "--client", "Acme")
    aos("task", "add", "Design", "--project", "Website Redesign")
    aos("user", "add", "ann", "--time-zone", "Europe/Berlin")
    aos("add", "-p", "Website", "-t", "Design", "--start", "2026-03-02 09:00", "--end", "2026-03-02 11:30",
        "-d", "Homepage mockups", "-u", "ann")  # fmt: skip
    aos("user", "password", "ann", "--stdin", input=PASSWORD + "\n")
    link = aos("user", "invite", "ann", "--json").json["link"]
    invite = link[link.index("/invite/") :]
    server = start_server(tmp_path, env={"AOS_NOW": NOW})
    yield server, invite
    stop_server(server)


@pytest.mark.parametrize(("scheme", "width", "height"), [("light", 1280, 800), ("dark", 412, 915)])
def test_every_page_has_no_wcag_2_2_a_or_aa_violation(site, browser, tmp_path, scheme, width, height):
    server, invite = site
    script = (AXE / "axe.min.js").read_text(encoding="utf-8")
    checked = []
    # bypass_csp: axe is injected by the test; the pages' own policy forbids inline script
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                  bypass_csp=True)  # fmt: skip
    page = context.new_page()

    def check(name: str) -> None:
        page.add_script_tag(content=script)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
        found = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        if found:
            page.screenshot(path=str(tmp_path / f"{name}-{scheme}.png"), full_page=True)
        assert found == [], (name, scheme, found)
        checked.append(name)

    page.goto(server.url + invite)
    check("invite")
    page.goto(server.url + "/login")
    check("login")
    page.get_by_label("Name or email").fill("ann")
    page.get_by_label("Password").fill("wrong password!")
    page.get_by_role("button", name="Sign in").click()
    check("login refused")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/time")
    check("week")
    page.get_by_role("button", name="Edit").first.click()
    settled(page)
    check("edit in place")
    page.goto(server.url + "/time/1/edit")
    check("edit")
    page.goto(server.url + "/time")
    page.get_by_role("button", name="Add manual entry").click()
    check("manual entry")
    page.get_by_role("textbox", name="Hours").fill("soon")
    page.get_by_role("button", name="Save entry").click()
    check("manual entry refused")
    page.goto(server.url + "/time")
    page.get_by_role("button", name="Start timer").click()  # no project chosen: the browser asks
    page.get_by_role("combobox", name="Project").first.select_option(index=1)
    page.get_by_role("button", name="Start timer").click()
    settled(page)
    check("week, timer running")
    page.get_by_role("button", name="Stop timer").click()
    check("review")
    page.get_by_role("button", name="Discard").click()
    check("discard")
    page.goto(server.url + "/timesheet?week=2026-W10")
    check("timesheet")
    page.get_by_role("textbox", name="Website Redesign / Design, Mon 2 Mar").fill("1:00")  # below 2:30 by hand
    page.get_by_role("button", name="Save", exact=True).click()
    check("timesheet refused")
    page.goto(server.url + "/time?week=2026-W10")
    page.get_by_role("button", name="Delete").first.click()
    settled(page)
    check("deleted, undo offered")
    page.get_by_role("searchbox", name="Search").fill("web")
    page.get_by_role("region", name="Search results").get_by_role("heading", name="Projects").wait_for()
    check("search results in place")
    page.goto(server.url + "/search?q=%3F")
    check("search page, refused")
    page.goto(server.url + "/calendar?week=2026-W10")
    page.wait_for_selector("#calendar.drawn")
    check("calendar week")
    page.keyboard.press("Tab")
    page.locator("#calendar .cal-block").first.focus()
    page.keyboard.press("ArrowDown")
    check("calendar, a block moved by a key")
    page.goto(server.url + "/calendar?view=day&day=2026-03-02")
    check("calendar day")
    page.goto(server.url + "/calendar/new?day=2026-03-03")
    check("calendar, new entry")
    page.get_by_role("textbox", name="Start").fill("soon")
    page.get_by_role("button", name="Save entry").click()
    check("calendar, new entry refused")
    page.goto(server.url + "/profile")
    check("profile")
    page.get_by_role("form", name="Profile").get_by_role("textbox", name="Time zone").fill("Nowhere/City")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_role("alert").wait_for()
    check("profile refused")
    assert len(checked) == 23
