"""The web app's guide (docs/web/) shows its pages as an admin sees them in one week of an agency's
time: this journey opens each of them in Debian's Chromium and photographs it. Each page must show
its own region and data (a page that fails or comes back empty fails here). The pictures go to a
temporary directory, or with AOS_DOCS_SCREENSHOTS=docs/web/img to the guide's own, which is how
the committed ones are made again:

    AOS_DOCS_SCREENSHOTS=docs/web/img .venv/bin/python -m pytest -q -n 0 tests/web/test_docs_screenshots.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from billing_support import ready_to_issue
from web_support import signed_in_page as signed_in

pytestmark = pytest.mark.browser_only  # pictures of pages; their figures are checked on both backends elsewhere
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")
pytest.importorskip("argon2")
PASSWORD = "correct horse battery"
NOW = "2026-03-05T15:00:00+00:00"  # a Thursday afternoon in Berlin, week 2026-W10
PNG = b"\x89PNG\r\n\x1a\n"
ENTRIES = [
    ("02", "09:00", "11:30", "Website", "Design", "Homepage concepts"),
    ("02", "13:00", "15:00", "Website", "Development", "Navigation"),
    ("03", "09:30", "12:00", "Mobile app", "Development", "Sign-in screen"),
    ("03", "14:00", "15:00", "Website", "Design", "Call with Jo"),
    ("04", "08:45", "12:15", "Website", "Development", "Contact form"),
    ("04", "13:30", "16:00", "Mobile app", "Development", "Push notifications"),
    ("05", "09:00", "12:00", "Website", "Design", "Homepage mockups v2"),
]
TAGS = {"Call with Jo": ["meeting"], "Homepage mockups v2": ["revision", "client feedback"]}


@pytest.fixture
def site(aos, tmp_path, isolated, monkeypatch):
    from server_support import start_server, stop_server

    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme Corp", "--rate", "120", "--currency", "EUR")
    aos("client", "add", "Globex", "--rate", "150", "--currency", "USD")
    aos("project", "add", "Website", "--client", "Acme Corp")
    aos("project", "add", "Mobile app", "--client", "Globex")
    for task, project in (("Design", "Website"), ("Development", "Website"), ("Development", "Mobile app")):
        aos("task", "add", task, "--project", project)
    aos("user", "add", "ada", "--role", "admin", "--time-zone", "Europe/Berlin")
    aos("user", "add", "ben", "--role", "manager", "--time-zone", "Europe/Berlin")
    aos("user", "add", "cleo", "--time-zone", "Europe/Berlin")
    aos("user", "password", "ada", "--stdin", input=PASSWORD + "\n")
    aos("project", "edit", "Website", "--budget-hours", "40")
    aos("project", "edit", "Mobile app", "--budget-amount", "1000", "--budget-period", "month")
    for day, start, end, project, task, what in ENTRIES:
        tags = [option for tag in TAGS.get(what, []) for option in ("--tag", tag)]
        aos("add", "-p", project, "-t", task, "--start", f"2026-03-{day}T{start}+01:00",
            "--end", f"2026-03-{day}T{end}+01:00", "-d", what, "-u", "ada", *tags)  # fmt: skip
    aos("add", "-p", "Website", "--date", "2026-03-03", "--hours", "3", "-d", "Copy review", "-u", "ben")
    aos("start", "Homepage mockups v3", "-p", "Website", "-t", "Design", "--at", "2026-03-05T15:15+01:00", "-u", "ada")
    ready_to_issue(aos, "Acme Corp")
    aos("invoice", "create", "-c", "Acme Corp", "--group-by", "task", "--to", "2026-03-03")  # a draft: invoice 1
    server = start_server(tmp_path, env={"AOS_NOW": NOW})
    yield server
    log = stop_server(server)
    assert "Traceback" not in log, log


def _target(tmp_path: Path) -> Path:
    chosen = os.environ.get("AOS_DOCS_SCREENSHOTS")
    target = Path(chosen) if chosen else tmp_path / "img"
    target.mkdir(parents=True, exist_ok=True)
    return target


def test_the_guide_s_pictures_show_every_main_page(site, new_page, tmp_path):
    target = _target(tmp_path)
    expect = sync_api.expect
    size = {"width": 1280, "height": 800}
    taken = []

    def shoot(page, name: str, whole: bool = False) -> None:
        """The window as it is (whole=True: the header and the timer too), else the page's own
        part from its heading down, as high as the window."""
        path = target / f"{name}.png"
        if whole:
            page.screenshot(path=str(path))
        else:
            top = page.get_by_role("main").bounding_box()["y"]
            page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": top, **size})
        taken.append(path)

    visitor = new_page(viewport=size, color_scheme="light")
    visitor.goto(site.url + "/login")
    expect(visitor.get_by_role("button", name="Sign in")).to_be_visible()
    shoot(visitor, "login", whole=True)

    page = signed_in(site, new_page, "ada", viewport=size, color_scheme="light")
    page.goto(site.url + "/time?week=2026-W10")
    expect(page.get_by_role("region", name="Timer")).to_contain_text("Homepage mockups v3")
    expect(page.get_by_text("Push notifications")).to_be_visible()
    shoot(page, "time", whole=True)
    page.keyboard.press("Control+k")
    expect(page.get_by_role("dialog", name="Command palette")).to_be_visible()
    page.get_by_role("combobox", name="Command").press_sequentially("time of")
    shoot(page, "palette", whole=True)

    page.goto(site.url + "/timesheet?week=2026-W10")
    expect(page.get_by_role("textbox", name="Website / Design, Mon 2 Mar")).to_be_visible()
    shoot(page, "timesheet")
    page.goto(site.url + "/calendar?week=2026-W10")
    page.wait_for_selector("#calendar.drawn")
    expect(page.get_by_role("link", name="Contact form")).to_be_visible()
    shoot(page, "calendar")
    page.goto(site.url + "/dashboard?whose=team")
    expect(page.get_by_role("table", name="Hours per day")).to_be_visible()
    shoot(page, "dashboard")
    page.goto(site.url + "/reports?by=client&then=project&period=custom&from=2026-03-01&to=2026-03-31")
    expect(page.get_by_role("table", name="Report")).to_contain_text("Globex")
    shoot(page, "reports")
    page.goto(site.url + "/invoices")
    expect(page.get_by_role("table", name="Unbilled")).to_contain_text("Acme Corp")
    shoot(page, "invoices")
    page.goto(site.url + "/invoices/1")
    expect(page.frame_locator("iframe").locator("body")).to_contain_text("INV-2026-0001")
    shoot(page, "invoice")
    page.goto(site.url + "/export")
    expect(page.get_by_role("form", name="Export")).to_be_visible()
    shoot(page, "export")
    page.goto(site.url + "/import")
    expect(page.get_by_role("form", name="Import a file")).to_be_visible()
    shoot(page, "import")
    page.goto(site.url + "/clients")
    expect(page.get_by_role("table", name="Clients, projects and tasks")).to_contain_text("Mobile app")
    shoot(page, "clients")
    page.goto(site.url + "/team")
    expect(page.get_by_role("table", name="Team")).to_contain_text("cleo")
    shoot(page, "team")
    page.goto(site.url + "/settings")
    expect(page.get_by_role("button", name="Save")).to_be_visible()
    shoot(page, "settings")
    page.goto(site.url + "/profile")
    expect(page.get_by_role("textbox", name="Name", exact=True)).to_have_value("ada")
    shoot(page, "profile")
    page.goto(site.url + "/search?q=home")
    expect(page.get_by_role("link", name="Homepage concepts")).to_be_visible()
    shoot(page, "search", whole=True)

    for path in taken:
        assert path.read_bytes().startswith(PNG), path
