"""Journeys through the web app in a real browser (tests/web/conftest.py), over weeks with a
daylight-saving change (tests/dst_weeks.py): a member in Berlin and one in New York each see their
week in their own zone with the CLI's figures; a member cannot reach another's week, a manager
picks any member; two pages editing one entry end in a visible conflict, never a silent
overwrite; the timer is started, stopped and reviewed with the keyboard alone; on a phone's
screen nothing is wider than the screen."""

from __future__ import annotations

import re

import pytest

from dst_weeks import OTHERS, PASSWORD, WEEKS, dates, day_figures, figures, fill, week_figures
from server_support import start_server, stop_server

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")
pytest.importorskip("argon2")
WEEK = {week.name: week for week in WEEKS}
REPEATED = {"berlin-autumn": "Through the repeated hour", "new-york-autumn": "Back an hour"}


@pytest.fixture
def site(request, aos, tmp_path, isolated, monkeypatch):
    """(the server, the week) of `request.param`, a week of tests/dst_weeks.py; the server runs
    in UTC and the CLI asks in the member's zone."""
    week = WEEK[request.param]
    monkeypatch.setenv("AOS_NOW", week.now)
    fill(aos, week)
    monkeypatch.setenv("TZ", week.zone)
    server = start_server(tmp_path, env={"AOS_NOW": week.now, "TZ": "UTC"})
    yield server, week
    log = stop_server(server)
    assert "Traceback" not in log, log


def sign_in(page, url: str, who: str) -> None:
    page.goto(url + "/login")
    page.get_by_role("textbox", name="Name or email").fill(who)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/time")


def cli(aos, week, *args: str) -> dict:
    return aos(*args, "--json", "-u", week.who).json


@pytest.mark.parametrize("site", list(WEEK), indirect=True)
def test_each_member_sees_her_dst_week_in_her_zone_with_the_clis_figures(site, new_page, aos):
    server, week = site
    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, server.url, week.who)
    page.goto(f"{server.url}/time?week={week.iso}")
    main = page.get_by_role("main")
    assert main.get_by_text(f"times in {week.zone}").is_visible()
    length = 23 if "spring" in week.name else 25  # every change in these weeks is on their Sunday
    assert main.get_by_role("heading", level=2).last.inner_text().endswith(f"({length} hours)")
    assert main.get_by_role("heading", name="hours)").count() == 1
    listed = cli(aos, week, "list", "--from", week.monday, "--to", week.sunday)["entries"]
    for entry in listed:
        row = main.get_by_role("row", name=entry["description"]).inner_text()
        start, end = entry["start_time"], entry["end_time"] or ""
        assert start[11:16] in row and end[11:16] in row, (entry["description"], row)
        if end and start[-6:] != end[-6:]:  # across the change: each time with its offset
            assert f"{start[11:16]} {start[-6:]}–{end[11:16]} {end[-6:]}" in row, row
    report = cli(aos, week, "report", "--by", "day", "--from", week.monday, "--to", week.sunday)
    sections = main.locator("section").all()
    assert len(sections) == 7
    for day, section in zip(dates(week), sections):
        assert section.get_by_role("heading", level=2).inner_text().split()[1] == day[8:]
        expected = day_figures(report, day)
        if expected is None:
            assert section.get_by_text("No entries.").is_visible()
        else:
            assert figures(section.locator(".total").inner_text()) == expected, day
    assert figures(main.locator("p.total").last.inner_text()) == week_figures(report)
    for outside in [*week.outside, OTHERS]:
        assert main.get_by_text(outside).count() == 0


@pytest.mark.parametrize("site", ["berlin-spring"], indirect=True)
def test_a_member_is_refused_anothers_week_and_a_manager_picks_any_member(site, new_page, aos):
    server, week = site
    page = new_page()
    sign_in(page, server.url, "ann")
    refused = page.goto(f"{server.url}/time?member=ned")
    assert refused.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Not possible"
    assert page.get_by_text(OTHERS).count() == 0
    assert page.get_by_role("link", name="Your week").is_visible()  # she is still signed in
    aos("user", "edit", "ann", "--role", "manager")
    page.goto(f"{server.url}/time?week={week.iso}")
    page.get_by_role("combobox", name="Member").select_option(label="ned")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"member="))
    main = page.get_by_role("main")
    assert main.get_by_text("The week of ned.").is_visible()
    assert main.get_by_role("row", name=OTHERS).is_visible()
    assert main.get_by_text("Late release").count() == 0  # ann's own entries are not in ned's week


@pytest.mark.parametrize("site", ["new-york-spring"], indirect=True)
def test_two_pages_editing_one_entry_end_in_a_visible_conflict_not_an_overwrite(site, new_page, aos):
    server, week = site
    first = new_page()
    sign_in(first, server.url, week.who)
    second = first.context.new_page()  # another tab of the same person
    entry = next(e for e in cli(aos, week, "list")["entries"] if e["description"] == "Globex call")
    for tab in (first, second):
        tab.goto(f"{server.url}/time?week={week.iso}")
        tab.get_by_role("row", name="Globex call").get_by_role("button", name="Edit").click()
    mine = first.locator("[data-inline-edit]").get_by_role("textbox", name="Description")  # edited in its row
    mine.fill("Globex call, first tab")
    mine.press("Enter")
    sync_api.expect(first.get_by_role("row", name="Globex call, first tab")).to_be_visible()
    theirs = second.locator("[data-inline-edit]").get_by_role("textbox", name="Description")
    theirs.fill("Globex call, second tab")
    theirs.press("Enter")
    sync_api.expect(second.get_by_role("alert")).to_contain_text("Someone changed this entry since you opened it")
    sync_api.expect(second.locator("[data-inline-edit]").get_by_role("textbox", name="Description")).to_have_value(
        "Globex call, first tab"
    )
    saved = next(e for e in cli(aos, week, "list")["entries"] if e["id"] == entry["id"])
    assert saved["description"] == "Globex call, first tab"


def tab_to(page, target, limit: int = 80) -> None:
    """Press Tab until `target` has the focus (as a keyboard user moves through the page)."""
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            outline = target.evaluate("element => getComputedStyle(element).outlineStyle")
            assert outline != "none", "the focused control shows no focus ring"
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


@pytest.mark.parametrize("site", ["new-york-spring"], indirect=True)
def test_the_timer_starts_stops_and_is_reviewed_with_the_keyboard_alone(site, new_page, aos):
    server, week = site
    page = new_page()
    sign_in(page, server.url, week.who)
    timer = page.get_by_role("region", name="Timer")
    tab_to(page, timer.get_by_role("combobox", name="Project"))
    page.keyboard.press("ArrowDown")  # the first project: Acme / Website
    tab_to(page, timer.get_by_role("textbox", name="Description"))
    page.keyboard.type("Keyboard only")
    tab_to(page, timer.get_by_role("button", name="Start timer"))
    page.keyboard.press("Enter")
    sync_api.expect(page.get_by_role("timer", name="Elapsed")).to_be_visible()
    assert cli(aos, week, "status")["entry"]["description"] == "Keyboard only"
    tab_to(page, page.get_by_role("region", name="Timer").get_by_role("button", name="Stop timer"))
    page.keyboard.press("Space")
    review = page.get_by_role("dialog", name="Review time entry")
    tab_to(page, review.get_by_role("textbox", name="Start"))
    page.keyboard.press("Control+A")
    page.keyboard.type("10:15")  # 45 minutes before the fixed clock's 11:00 in New York
    tab_to(page, review.get_by_role("checkbox", name="Billable"))
    page.keyboard.press("Space")  # not billable after all
    tab_to(page, review.get_by_role("button", name="Save entry"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/time")
    assert cli(aos, week, "status")["running"] is False
    saved = next(e for e in cli(aos, week, "list")["entries"] if e["description"] == "Keyboard only")
    assert (saved["start_time"], saved["duration"], saved["billable"], saved["amount"]) == (
        "2026-03-10T10:15:00-04:00", 2700, False, 0.0)  # fmt: skip


@pytest.mark.browser_only
@pytest.mark.parametrize("site", ["berlin-autumn", "new-york-autumn"], indirect=True)
@pytest.mark.parametrize(("width", "height"), [(412, 915), (360, 740)])
def test_on_a_phones_screen_nothing_is_wider_than_the_screen(site, new_page, width, height):
    server, week = site
    page = new_page(viewport={"width": width, "height": height}, is_mobile=True, has_touch=True)
    sign_in(page, server.url, week.who)
    paths = [f"/time?week={week.iso}", "/time/new", f"/time/{_first_row_id(page, server, week)}/edit", "/timer/review"]
    for path in paths:  # the review is of New York's running timer (Berlin's week has none: the week again)
        page.goto(server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        # a day's table may scroll inside its own region; nothing else reaches past the screen
        wide = page.evaluate(
            """width => [...document.querySelectorAll('body *')]
                 .filter(e => !e.closest('.scroll') && e.getBoundingClientRect().right > width + 0.5)
                 .map(e => e.tagName + (e.className ? '.' + e.className : '') + ' ' + e.textContent.trim().slice(0, 30))""",
            width,
        )
        assert wide == [], (path, wide)
    page.goto(f"{server.url}/time?week={week.iso}")  # a time of the repeated hour, offset and all, in view
    edit = page.get_by_role("row", name=REPEATED[week.name]).locator("form[action$='/edit']")
    page.goto(server.url + edit.get_attribute("action"))  # the dialog, as a page without scripts shows it
    dialog = page.get_by_role("dialog", name="Edit entry")
    assert re.search(r"[+-]0\d:00$", dialog.get_by_role("textbox", name="End").input_value())
    for name in ("Start", "End"):
        box = dialog.get_by_role("textbox", name=name)
        assert box.evaluate("box => box.scrollWidth <= box.clientWidth"), f"{name} is cut: {box.input_value()}"


def _first_row_id(page, server, week) -> str:
    page.goto(f"{server.url}/time?week={week.iso}")
    action = page.locator("form[action$='/edit']").first.get_attribute("action")
    return action.split("/")[2]
