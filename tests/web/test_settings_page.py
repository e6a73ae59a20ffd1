"""/settings, an admin's: the settings `aos config set` changes, checked by the CLI's own rules
and saved all at once or not at all; nobody else sees the page or its link."""

from __future__ import annotations

import pytest

from web_support import axe_violations, settled
from web_support import signed_in_page as signed_in

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")
pytest.importorskip("argon2")
PASSWORD = "correct horse battery"
NOW = "2026-03-04T16:00:00+00:00"


@pytest.fixture
def site(aos, tmp_path, isolated, monkeypatch):
    from server_support import start_server, stop_server

    monkeypatch.setenv("AOS_NOW", NOW)
    for name, role in (("ada", "admin"), ("max", "manager")):
        aos("user", "add", name, "--role", role)
        aos("user", "password", name, "--stdin", input=PASSWORD + "\n")
    server = start_server(tmp_path, env={"AOS_NOW": NOW})
    yield server
    log = stop_server(server)
    assert "Traceback" not in log, log


@pytest.mark.parametrize(("scheme", "width", "height"), [("light", 1280, 800), ("dark", 412, 915)])
def test_an_admin_changes_the_sender_data_with_the_clis_checks_all_or_nothing(
    site, new_page, aos, db_dump, tmp_path, scheme, width, height
):
    page = signed_in(site, new_page, "ada", viewport={"width": width, "height": height}, color_scheme=scheme,
                     bypass_csp=True)  # fmt: skip
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    page.wait_for_url("**/settings")
    assert axe_violations(page) == []
    sender = page.get_by_role("group", name="Sender")
    sender.get_by_role("textbox", name="Company name").fill("Pixel & Co GmbH")
    page.get_by_role("group", name="Bank").get_by_role("textbox", name="Bank IBAN").fill("DE00 1234")
    page.get_by_role("textbox", name="Invoice due days").fill("soon")
    before = db_dump()
    page.get_by_role("button", name="Save settings").click()
    iban = page.get_by_role("textbox", name="Bank IBAN")
    assert iban.get_attribute("aria-invalid") == "true"
    sync_api.expect(iban).to_be_focused()  # the first refusal, where it can be put right
    said = aos("config", "set", "bank_iban", "DE00 1234", expect=2).err.removeprefix("Error: ").strip()
    assert said[:1].upper() + said[1:] + "." in page.get_by_role("group", name="Bank").inner_text()  # the CLI's words
    assert page.get_by_role("textbox", name="Invoice due days").get_attribute("aria-invalid") == "true"
    assert "2 settings refused: nothing was saved." in page.get_by_role("alert").inner_text()
    assert db_dump() == before and sender.get_by_role("textbox", name="Company name").input_value() == "Pixel & Co GmbH"
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / f"settings-refused-{scheme}.png"), full_page=True)
    iban.fill("DE89 3704 0044 0532 0130 00")
    page.get_by_role("textbox", name="Invoice due days").fill("14")
    page.get_by_role("textbox", name="Payment terms (German)", exact=True).fill(
        "Zahlbar ohne Abzug\ninnerhalb von 14 Tagen."
    )
    page.get_by_role("button", name="Save settings").click()
    settled(page)
    sync_api.expect(page.get_by_role("status")).to_have_text("Saved 4 settings.")
    got = {key: aos("config", "get", key).out.strip() for key in ("company_name", "bank_iban", "invoice_due_days")}
    assert got == {"company_name": "Pixel & Co GmbH", "bank_iban": "DE89370400440532013000", "invoice_due_days": "14"}
    assert (
        aos("config", "get", "payment_terms_de", "--json").json["value"]
        == "Zahlbar ohne Abzug\ninnerhalb von 14 Tagen."
    )
    page.get_by_role("textbox", name="Invoice due days").fill("")  # an emptied field: back to its default
    page.get_by_role("button", name="Save settings").click()
    sync_api.expect(page.get_by_role("status")).to_have_text("Saved 1 setting.")
    assert aos("config", "get", "invoice_due_days").out.strip() == "30"


def test_a_manager_has_no_settings_page_nor_its_link(site, new_page):
    page = signed_in(site, new_page, "max")
    assert not page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").count()
    answer = page.goto(site.url + "/settings")
    assert (
        answer.status == 403
        and "Not allowed for your role (manager): settings." in page.get_by_role("main").inner_text()
    )
