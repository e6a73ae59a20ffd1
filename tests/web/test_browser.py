"""The web app in a real browser (the `browser` of tests/web/conftest.py: Debian's Chromium driven
by Playwright). Controls are found by their accessible names (SPEC §10), as a screen reader
announces them."""

from __future__ import annotations

import re

import pytest

from server_support import start_server, stop_server

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
def test_a_member_signs_in_with_the_named_fields_and_sees_her_week(site, browser, tmp_path, scheme, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(site.url + "/time")
        assert page.url.endswith("/login")  # signed out: the sign-in page
        page.get_by_role("textbox", name="Name or email").fill("ann@acme.test")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/time")
        assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Time").is_visible()
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
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url("**/login")
        page.goto(site.url + "/time")
        assert page.url.endswith("/login")
    except Exception:
        page.screenshot(path=str(tmp_path / f"failed-{scheme}.png"), full_page=True)
        raise
    finally:
        context.close()


def test_the_running_clock_ticks_in_the_page_without_asking_the_server(site, browser, tmp_path):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.clock.install()
        page.goto(site.url + "/login")
        page.get_by_role("textbox", name="Name or email").fill("ann")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/time")
        timer = page.get_by_role("region", name="Timer")
        timer.get_by_role("combobox", name="Project").select_option(label="Acme / Website Redesign")
        timer.get_by_role("button", name="Start timer").click()
        page.wait_for_url("**/time")
        asked = []
        page.on("request", lambda request: asked.append(request.url))
        page.clock.run_for("01:05")  # 65 s pass in the page
        sync_api.expect(page.get_by_role("timer", name="Elapsed")).to_have_text("0:01:05")
        page.clock.run_for("59:00")
        sync_api.expect(page.get_by_role("timer", name="Elapsed")).to_have_text("1:00:05")
        assert asked == []  # no polling
    except Exception:
        page.screenshot(path=str(tmp_path / "failed-clock.png"), full_page=True)
        raise
    finally:
        context.close()
