"""/reports checked with axe-core against WCAG 2.2 A and AA in Debian's Chromium, with its chart
and table and with a refused date, in light and dark on a laptop's and a phone's screen: no
violation. The pages are photographed (reports-*.png in the test's tmp_path) to be looked at."""

from __future__ import annotations

import pytest

from web_support import axe_violations
from web_support import signed_in_page as signed_in

pytestmark = pytest.mark.browser_only
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")
pytest.importorskip("argon2")
PASSWORD = "correct horse battery"
NOW = "2026-04-08T10:00:00+00:00"


@pytest.fixture
def site(aos, tmp_path, isolated, monkeypatch):
    from server_support import start_server, stop_server

    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme", "--rate", "100", "--currency", "EUR")
    aos("client", "add", "Globex", "--rate", "120", "--currency", "USD")
    aos("project", "add", "Website", "--client", "Acme")
    aos("project", "add", "Mobile app", "--client", "Globex")
    aos("user", "add", "max", "--role", "manager", "--time-zone", "Europe/Berlin")
    aos("user", "password", "max", "--stdin", input=PASSWORD + "\n")
    for day, project, hours in (("02", "Website", "2.5"), ("03", "Mobile app", "1:15"), ("10", "Website", "4"),
                                ("17", "Mobile app", "3.25"), ("24", "Website", "0.5")):  # fmt: skip
        aos("add", "-p", project, "--hours", hours, "--date", f"2026-03-{day}", "-d", "Work", "-u", "max")
    server = start_server(tmp_path, env={"AOS_NOW": NOW})
    yield server
    log = stop_server(server)
    assert "Traceback" not in log, log


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (412, 915)], ids=["laptop", "phone"])
def test_the_reports_page_has_no_wcag_2_2_a_or_aa_violation(site, new_page, scheme, width, height, tmp_path):
    page = signed_in(site, new_page, "max", viewport={"width": width, "height": height}, color_scheme=scheme,
                     bypass_csp=True)  # fmt: skip
    found = {}
    page.goto(site.url + "/reports?by=project&then=user&period=last-month")
    sync_api.expect(page.locator("#report-chart canvas")).to_have_count(1)
    found["chart and table"] = axe_violations(page)
    page.screenshot(path=str(tmp_path / f"reports-{scheme}-{width}.png"), full_page=True)
    page.goto(site.url + "/reports?by=week&period=custom&from=whenever&to=2026-03-31")
    sync_api.expect(page.get_by_role("alert")).to_be_visible()
    found["a refused date"] = axe_violations(page)
    page.screenshot(path=str(tmp_path / f"reports-refused-{scheme}-{width}.png"), full_page=True)
    assert {name: v for name, v in found.items() if v} == {}
