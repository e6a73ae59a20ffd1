"""The web app in a real browser (the `browser` of tests/web/conftest.py: Debian's Chromium driven
by Playwright). Controls are found by their accessible names (SPEC §10), as a screen reader
announces them."""

from __future__ import annotations

import re

import pytest

from server_support import start_server, stop_server
from web_support import settled

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")
PASSWORD = "correct horse battery"


@pytest.fixture
def site(aos, tmp_path, isolated, monkeypatch):
    monkeypatch.setenv("AOS_NOW", "2026-03-04T16:00:00+00:00")
    aos("client", "add", "Acme", "--rate", "100", "--currency", "EUR")
    aos("project", "add", "Website Redesign", "--client", "Acme")
    aos("user", "add", "ann", "--email", "ann@acme.test", "--time-zone", "Europe/Berlin")
    aos(
        "add",
        "-p",
        "Website",
        "--start",
        "2026-03-02 09:00",
        "--end",
        "2026-03-02 11:30",
        "-d",
        "Homepage mockups",
        "-u",
        "ann",
    )  # fmt: skip (typed in UTC, this machine's zone)
    aos("user", "password", "ann", "--stdin", input=PASSWORD + "\n")
    server = start_server(tmp_path, env={"AOS_NOW": "2026-03-04T16:00:00+00:00"})
    yield server
    stop_server(server)


@pytest.mark.parametrize(("scheme", "width", "height"), [("light", 1280, 800), ("dark", 412, 915)])
def test_a_member_signs_in_with_the_named_fields_and_sees_her_week(site, new_page, scheme, width, height):
    page = new_page(viewport={"width": width, "height": height}, color_scheme=scheme)
    page.goto(site.url + "/time")
    assert page.url.endswith("/login")  # signed out: the sign-in page
    page.get_by_role("textbox", name="Name or email").fill("ann@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/time")
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Time", exact=True).is_visible()
    timer = page.get_by_role("region", name="Timer")
    timer.get_by_role("combobox", name="Project").select_option(label="Acme / Website Redesign")
    timer.get_by_role("textbox", name="Description").fill("Client call")
    assert timer.get_by_role("checkbox", name="Billable").is_checked()
    timer.get_by_role("button", name="Start timer").click()
    page.wait_for_url("**/time")
    clock = page.get_by_role("timer", name="Elapsed")
    assert clock.get_attribute("data-seconds") == "0"  # the server's clock is fixed at AOS_NOW
    sync_api.expect(clock).to_have_text(re.compile(r"^0:00:0[0-9]$"))  # it ticks in the page from there
    page.get_by_role("region", name="Timer").get_by_role("button", name="Stop timer").click()
    review = page.get_by_role("dialog", name="Review time entry")
    review.get_by_role("textbox", name="Start").fill("2026-03-04 16:15")
    review.get_by_role("textbox", name="Notes").fill("agreed the scope")
    review.get_by_role("button", name="Save entry").click()
    page.wait_for_url("**/time")
    assert "Start timer" in page.get_by_role("region", name="Timer").inner_text()
    row = page.get_by_role("row", name="Homepage mockups")
    assert "10:00–12:30" in row.inner_text() and "250.00 EUR" in row.inner_text()  # in ann's zone, Berlin
    page.get_by_role("button", name="Add manual entry").click()
    manual = page.get_by_role("dialog", name="Manual entry")
    manual.get_by_role("combobox", name="Project").select_option(label="Acme / Website Redesign")
    manual.get_by_role("textbox", name="Date").fill("yesterday")
    manual.get_by_role("textbox", name="Hours").fill("soon")
    manual.get_by_role("button", name="Save entry").click()
    hours = page.get_by_role("dialog", name="Manual entry").get_by_role("textbox", name="Hours")
    assert hours.get_attribute("aria-invalid") == "true" and "soon" in page.get_by_role("alert").inner_text()
    hours.fill("1:30")
    page.get_by_role("dialog", name="Manual entry").get_by_role("textbox", name="Description").fill("Wireframes")
    page.get_by_role("dialog", name="Manual entry").get_by_role("button", name="Save entry").click()
    page.wait_for_url("**/time")
    assert "150.00 EUR" in page.get_by_role("row", name="Wireframes").inner_text()  # 1:30 at 100 EUR, yesterday
    assert page.get_by_role("heading", name="Monday 02 March").is_visible()
    call = page.get_by_role("row", name="Client call").inner_text()
    assert "16:15–17:00" in call and "75.00 EUR" in call  # 45 minutes at 100 EUR, saved as reviewed
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_url("**/login")
    page.goto(site.url + "/time")
    assert page.url.endswith("/login")


@pytest.mark.browser_only
def test_the_running_clock_ticks_in_the_page_without_asking_the_server(site, new_page):
    page = signed_in_tab(site, new_page)
    page.clock.install()
    page.reload()  # the page's clock is the test's from here
    start_timer(page)
    clock = page.get_by_role("timer", name="Elapsed")
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)  # from here time passes only when told
    shown = seconds_of(clock.inner_text())
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.clock.run_for("01:05")  # 65 s pass in the page
    assert seconds_of(clock.inner_text()) == shown + 65
    page.clock.run_for("59:00")
    assert seconds_of(clock.inner_text()) == shown + 3600 + 5
    assert asked == []  # no polling


def seconds_of(elapsed: str) -> int:
    hours, minutes, seconds = (int(part) for part in elapsed.split(":"))
    assert 0 <= minutes < 60 and 0 <= seconds < 60, elapsed
    return hours * 3600 + minutes * 60 + seconds


def signed_in_page(site, context):
    page = context.new_page()
    page.goto(site.url + "/login")
    page.get_by_role("textbox", name="Name or email").fill("ann")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/time")
    return page


def signed_in_tab(site, new_page, **options):
    """A tab signed in as ann, in a browser context of its own (photographed if the test fails)."""
    return signed_in_page(site, new_page(**options).context)


def mark_document(page) -> None:
    """Marks the page's document: still marked after a click, the click was answered in place."""
    page.evaluate("window.sameDocument = true")


def in_same_document(page) -> bool:
    return page.evaluate("window.sameDocument === true")


def start_timer(page, description: str = "") -> None:
    timer = page.get_by_role("region", name="Timer")
    timer.get_by_role("combobox", name="Project").select_option(label="Acme / Website Redesign")
    timer.get_by_role("textbox", name="Description").fill(description)
    timer.get_by_role("button", name="Start timer").click()
    sync_api.expect(page.get_by_role("timer", name="Elapsed")).to_be_visible()


def test_an_entry_is_edited_in_its_row_enter_saves_and_esc_cancels(site, new_page, aos):
    page = signed_in_tab(site, new_page)
    page.goto(site.url + "/time?week=2026-W10")
    row = page.get_by_role("row", name="Homepage mockups")
    row.get_by_role("button", name="Edit").click()
    settled(page)
    description = page.locator("[data-inline-edit]").get_by_role("textbox", name="Description")
    assert description.evaluate("element => element === document.activeElement")
    mark_document(page)
    description.fill("Homepage mockups v2")
    description.press("Enter")
    settled(page)
    assert in_same_document(page)
    row = page.get_by_role("row", name="Homepage mockups v2")
    assert "10:00–12:30" in row.inner_text() and "250.00 EUR" in row.inner_text()
    assert "Saved" in page.get_by_role("status").inner_text()
    assert row.get_by_role("button", name="Edit").evaluate("element => element === document.activeElement")
    assert aos("list", "--json").json["entries"][0]["description"] == "Homepage mockups v2"

    row.get_by_role("button", name="Edit").click()  # the duration changed: the end follows it
    settled(page)
    page.locator("[data-inline-edit]").get_by_role("textbox", name="Duration").fill("1:00")
    page.keyboard.press("Enter")
    settled(page)
    assert "10:00–11:00" in page.get_by_role("row", name="Homepage mockups v2").inner_text()

    page.get_by_role("row", name="Homepage mockups v2").get_by_role("button", name="Edit").click()
    settled(page)
    editing = page.locator("[data-inline-edit]")
    editing.get_by_role("textbox", name="Start").fill("soon")
    editing.get_by_role("textbox", name="Start").press("Enter")
    settled(page)
    start = page.locator("[data-inline-edit]").get_by_role("textbox", name="Start")
    assert start.get_attribute("aria-invalid") == "true" and "soon" in page.get_by_role("alert").inner_text()
    start.press("Escape")  # Esc: the row as it was, nothing saved
    settled(page)
    assert page.locator("[data-inline-edit]").count() == 0
    assert "10:00–11:00" in page.get_by_role("row", name="Homepage mockups v2").inner_text()
    entry = aos("list", "--json").json["entries"][0]
    assert (entry["description"], entry["duration"]) == ("Homepage mockups v2", 3600)


def test_delete_in_place_offers_undo_with_the_focus_on_it(site, new_page, aos):
    page = signed_in_tab(site, new_page)
    page.goto(site.url + "/time?week=2026-W10")
    mark_document(page)
    page.get_by_role("row", name="Homepage mockups").get_by_role("button", name="Delete").click()
    settled(page)
    assert in_same_document(page)  # the week swapped in place
    undo = page.get_by_role("status").get_by_role("button", name="Undo")
    assert undo.evaluate("element => element === document.activeElement")
    assert aos("list", "--json").json["entries"] == []
    page.keyboard.press("Enter")
    page.wait_for_url("**/time")
    assert [e["description"] for e in aos("list", "--json").json["entries"]] == ["Homepage mockups"]


def test_a_second_tab_shows_the_timer_the_first_started_when_it_comes_to_the_front(site, new_page):
    first = signed_in_tab(site, new_page)
    second = first.context.new_page()  # the same session, another tab
    second.goto(site.url + "/time")
    start_timer(first, "Standup")
    assert second.get_by_role("timer").count() == 0
    second.evaluate("window.dispatchEvent(new FocusEvent('focus'))")  # the tab comes to the front
    sync_api.expect(second.get_by_role("region", name="Timer")).to_contain_text("Standup")
    sync_api.expect(second.get_by_role("timer", name="Elapsed")).to_be_visible()
    second.get_by_role("button", name="Stop timer").click()  # the swapped region works as rendered
    sync_api.expect(second.get_by_role("dialog", name="Review time entry")).to_be_visible()


def test_the_start_of_a_running_timer_is_corrected_in_place(site, new_page, aos):
    page = signed_in_tab(site, new_page)
    mark_document(page)
    start_timer(page)
    assert in_same_document(page)  # the timer's region swapped in place
    page.get_by_text("Correct the start").click()
    started = page.get_by_role("textbox", name="Started at")
    assert started.input_value() == "2026-03-04 17:00:00"  # ann's zone, Berlin
    started.fill("16:30")
    page.get_by_role("button", name="Correct start").click()
    settled(page)
    assert in_same_document(page)
    assert page.get_by_role("timer", name="Elapsed").get_attribute("data-seconds") == "1800"
    running = [e for e in aos("list", "--json", "--user", "ann").json["entries"] if e["running"]]
    assert running[0]["start_time"].startswith("2026-03-04T15:30:00+00:00")  # in UTC, the CLI's zone here


def test_the_theme_follows_the_system_until_the_member_picks_one(site, new_page):
    background = "() => getComputedStyle(document.body).backgroundColor"
    page = signed_in_tab(site, new_page, color_scheme="light")
    assert page.evaluate(background) == "rgb(255, 255, 255)"
    page.get_by_role("combobox", name="Theme").select_option("dark")
    assert page.evaluate(background) == "rgb(22, 24, 28)"
    page.reload()
    assert page.evaluate(background) == "rgb(22, 24, 28)"
    assert page.get_by_role("combobox", name="Theme").input_value() == "dark"
    page.get_by_role("combobox", name="Theme").select_option("system")
    assert page.evaluate(background) == "rgb(255, 255, 255)"


def test_the_task_picker_offers_the_tasks_of_the_project_chosen(site, new_page, aos):
    aos("project", "add", "Support", "--client", "Acme")
    aos("task", "add", "Design", "--project", "Website")
    aos("task", "add", "Hotline", "--project", "Support")
    page = signed_in_tab(site, new_page)
    timer = page.get_by_role("region", name="Timer")
    offered = "select => [...select.options].filter(o => !o.hidden).map(o => o.textContent)"
    tasks = timer.get_by_role("combobox", name="Task")
    assert tasks.evaluate(offered) == ["No task", "Website Redesign / Design", "Support / Hotline"]
    tasks.select_option(label="Support / Hotline")
    timer.get_by_role("combobox", name="Project").select_option(label="Acme / Website Redesign")
    assert tasks.evaluate(offered) == ["No task", "Website Redesign / Design"]
    assert tasks.input_value() == ""  # the other project's task is let go


def test_a_member_fills_her_timesheet_with_the_keyboard_and_the_totals_follow_as_she_types(site, new_page, tmp_path):
    page = new_page(viewport={"width": 412, "height": 915})
    expect = sync_api.expect
    page.goto(site.url + "/login")
    page.get_by_role("textbox", name="Name or email").fill("ann")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/time")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Timesheet").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/timesheet")  # this week, 2026-W10, where the mockups are
    sheet = page.get_by_role("table", name="Timesheet")
    row = sheet.get_by_role("row", name=re.compile("^Website Redesign"))
    expect(sheet.get_by_role("textbox", name="Website Redesign, Mon 2 Mar")).to_have_value("2:30")
    sheet.get_by_role("textbox", name="Website Redesign, Mon 2 Mar").focus()
    page.keyboard.press("Tab")
    tuesday = sheet.get_by_role("textbox", name="Website Redesign, Tue 3 Mar")
    expect(tuesday).to_be_focused()
    page.keyboard.type("1.5h")
    expect(row.locator(".total-cell")).to_have_text("4:00")  # at once, before any save
    expect(page.locator("#daytotal-1")).to_have_text("1:30")
    expect(page.locator("#weektotal")).to_have_text("4:00")
    page.keyboard.press("Enter")  # this cell alone, through htmx
    expect(page.get_by_role("status").filter(has_text="Saved")).to_have_text(
        "Saved Website Redesign, Tue 3 Mar: 1:30 h."
    )
    expect(tuesday).to_have_value("1:30")
    expect(tuesday).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    expect(page.locator("#weektotal")).to_have_text("6:00")
    page.keyboard.press("Escape")  # back to what the cell held
    expect(sheet.get_by_role("textbox", name="Website Redesign, Wed 4 Mar")).to_have_value("")
    expect(page.locator("#weektotal")).to_have_text("4:00")
    page.keyboard.type("45m")
    page.keyboard.press("Tab")  # leaving a changed cell saves it too
    expect(page.get_by_role("status").filter(has_text="Saved")).to_have_text(
        "Saved Website Redesign, Wed 4 Mar: 0:45 h."
    )
    expect(page.locator("#weektotal")).to_have_text("4:45")
    region = page.get_by_role("region", name="Timesheet grid")
    assert page.evaluate("document.documentElement.scrollWidth") <= 412  # the grid scrolls, not the page
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    page.screenshot(path=str(tmp_path / "timesheet-412.png"), full_page=True)
    page.reload()
    expect(sheet.get_by_role("textbox", name="Website Redesign, Tue 3 Mar")).to_have_value("1:30")
    expect(sheet.get_by_role("textbox", name="Website Redesign, Wed 4 Mar")).to_have_value("0:45")
    expect(page.locator("#weektotal")).to_have_text("4:45")
