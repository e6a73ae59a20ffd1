"""Keyboard-first: the command palette (Ctrl/Cmd+K or "/") and the single-key shortcuts, driven
by the keyboard alone in a real browser; the palette offers only what the page offers."""

from __future__ import annotations

import pytest
from test_browser import signed_in_tab, site  # noqa: F401

from web_support import axe_violations, settled

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")


def palette(page):
    return page.get_by_role("dialog", name="Command palette")


def test_the_palette_goes_anywhere_and_starts_and_stops_the_timer_by_keyboard_alone(site, new_page):  # noqa: F811
    page = signed_in_tab(site, new_page, bypass_csp=True)
    page.keyboard.press("Control+k")
    command = palette(page).get_by_role("combobox", name="Command")
    sync_api.expect(command).to_be_focused()
    assert axe_violations(page) == []
    options = palette(page).get_by_role("option")
    assert "Go to Settings" not in options.all_inner_texts()  # ann is a member: what her page offers
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
