"""/profile, every signed-in person's own: her name, e-mail, zone and preferences saved as
`aos user edit` saves them (and refused in its words, nothing saved); her password changed with
the current one, her other sessions ended; her own API tokens made (the secret shown once),
used against the API and revoked; nobody else's token within her reach."""

from __future__ import annotations

import re

import httpx
import pytest

from server_support import API
from web_support import axe_violations
from web_support import signed_in_page as signed_in

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")
pytest.importorskip("argon2")
PASSWORD = "correct horse battery"
NEW_PASSWORD = "a new and longer secret"
NOW = "2026-03-04T16:00:00+00:00"


@pytest.fixture
def site(aos, tmp_path, isolated, monkeypatch):
    from server_support import start_server, stop_server

    monkeypatch.setenv("AOS_NOW", NOW)
    for name, role in (("ada", "admin"), ("ann", "member"), ("bob", "member")):
        aos("user", "add", name, "--role", role)
        aos("user", "password", name, "--stdin", input=PASSWORD + "\n")
    server = start_server(tmp_path, env={"AOS_NOW": NOW})
    yield server
    log = stop_server(server)
    assert "Traceback" not in log, log


def profile_of(aos, name: str) -> dict:
    return next(u for u in aos("user", "list", "--all", "--json").json if u["name"] == name)


def the_cli_says(aos, *args: str) -> str:
    """A refusal of the CLI as the page writes it: a sentence."""
    said = aos(*args, expect=2).err.removeprefix("Error: ").strip()
    return said[:1].upper() + said[1:] + "."


def test_a_member_changes_her_zone_language_week_start_and_theme_as_the_cli_does(site, new_page, aos):
    page = signed_in(site, new_page, "ann", bypass_csp=True)
    page.get_by_role("link", name="Profile").click()
    page.wait_for_url("**/profile")
    assert page.get_by_role("heading", name="Profile", level=1).is_visible()
    form = page.get_by_role("form", name="Profile")
    assert form.get_by_role("textbox", name="Name").input_value() == "ann"
    assert form.get_by_role("combobox", name="Theme").input_value() == "system"
    form.get_by_role("textbox", name="Time zone").fill("Europe/Berlin")
    form.get_by_role("textbox", name="Email").fill("ann@acme.test")
    form.get_by_role("combobox", name="Language").select_option("de")
    form.get_by_role("combobox", name="Week starts on").select_option("sunday")
    form.get_by_role("combobox", name="Theme").select_option("dark")
    form.get_by_role("button", name="Save profile").click()
    # from this answer on, her pages are German (docs/web/languages.md)
    sync_api.expect(page.get_by_role("status")).to_have_text("Profil gespeichert.")
    assert page.evaluate("document.documentElement.lang") == "de"
    saved = profile_of(aos, "ann")
    assert (saved["time_zone"], saved["email"], saved["locale"], saved["week_start"], saved["theme"]) == (
        "Europe/Berlin", "ann@acme.test", "de", "sunday", "dark")  # fmt: skip
    assert saved["role"] == "member"
    # her theme is the page's, from the server, whatever this browser kept
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.goto(site.url + "/time")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(22, 24, 28)"
    assert page.get_by_role("combobox", name="Design").input_value() == "dark"
    page.goto(site.url + "/profile")
    form = page.get_by_role("form", name="Profil")
    assert form.get_by_role("combobox", name="Woche beginnt am").input_value() == "sunday"
    assert form.get_by_role("combobox", name="Sprache").input_value() == "de"
    # the CLI changes the same record the page shows
    aos("user", "edit", "ann", "--week-start", "", "--theme", "light", "--locale", "")
    page.reload()
    form = page.get_by_role("form", name="Profile")
    assert form.get_by_role("combobox", name="Week starts on").input_value() == ""
    assert "Monday" in form.get_by_role("combobox", name="Week starts on").inner_text()  # the team's day
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    assert axe_violations(page) == []


def test_a_bad_zone_is_refused_in_the_clis_words_and_nothing_changes(site, new_page, aos, db_dump):
    page = signed_in(site, new_page, "ann")
    page.goto(site.url + "/profile")
    before = db_dump()
    form = page.get_by_role("form", name="Profile")
    form.get_by_role("textbox", name="Time zone").fill("Mars/Base")
    form.get_by_role("combobox", name="Theme").select_option("dark")
    form.get_by_role("button", name="Save profile").click()
    said = the_cli_says(aos, "user", "edit", "ann", "--time-zone", "Mars/Base")
    sync_api.expect(page.get_by_role("alert")).to_have_text(said)
    zone = page.get_by_role("form", name="Profile").get_by_role("textbox", name="Time zone")
    assert zone.get_attribute("aria-invalid") == "true" and zone.input_value() == "Mars/Base"  # kept as typed
    assert db_dump() == before
    assert profile_of(aos, "ann")["time_zone"] is None and profile_of(aos, "ann")["theme"] is None


def test_the_password_changes_with_the_current_one_and_ends_her_other_sessions(site, new_page, aos):
    other = signed_in(site, new_page, "ann")  # ann in another browser
    page = signed_in(site, new_page, "ann")
    page.goto(site.url + "/profile")
    form = page.get_by_role("form", name="Password")
    form.get_by_label("Current password").fill("not my password")
    form.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    form.get_by_label("Repeat new password").fill(NEW_PASSWORD)
    form.get_by_role("button", name="Change password").click()
    sync_api.expect(page.get_by_role("alert")).to_have_text("The current password is not right.")
    other.reload()
    assert other.url.endswith("/time")  # nothing changed: her sessions go on
    form = page.get_by_role("form", name="Password")
    assert form.get_by_label("Current password").get_attribute("type") == "password"
    form.get_by_label("Current password").fill(PASSWORD)
    form.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    form.get_by_label("Repeat new password").fill(NEW_PASSWORD)
    form.get_by_role("button", name="Change password").click()
    sync_api.expect(page.get_by_role("status")).to_have_text("Password changed. Your other sessions have ended.")
    other.get_by_role("navigation", name="Main").get_by_role("link", name="Timesheet").click()
    other.wait_for_url("**/login")  # the other browser's session ended
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Timesheet").click()
    page.wait_for_url("**/timesheet")  # this one goes on, in a fresh session
    fresh = new_page()
    fresh.goto(site.url + "/login")
    fresh.get_by_role("textbox", name="Name or email").fill("ann")
    fresh.get_by_label("Password").fill(PASSWORD)
    fresh.get_by_role("button", name="Sign in").click()
    sync_api.expect(fresh.get_by_role("alert")).to_have_text("The name or the password is not right.")
    assert signed_in(site, new_page, "ann", NEW_PASSWORD).url.endswith("/time")


def test_new_passwords_that_differ_or_break_the_rules_are_refused(site, new_page):
    page = signed_in(site, new_page, "ann")
    page.goto(site.url + "/profile")
    for new, again, said in ((NEW_PASSWORD, NEW_PASSWORD + "!", "The two new passwords differ."),
                             ("short", "short", "A password has at least 10 characters.")):  # fmt: skip
        form = page.get_by_role("form", name="Password")
        form.get_by_label("Current password").fill(PASSWORD)
        form.get_by_label("New password", exact=True).fill(new)
        form.get_by_label("Repeat new password").fill(again)
        # the browser's own check (minlength) is not the one tested: the server's is
        form.evaluate("form => { form.noValidate = true; }")
        form.get_by_role("button", name="Change password").click()
        sync_api.expect(page.get_by_role("alert")).to_have_text(said)
    assert signed_in(site, new_page, "ann", PASSWORD).url.endswith("/time")  # unchanged


def _create_token(page, name: str, expires: str = "") -> str:
    form = page.get_by_role("form", name="New API token")
    form.get_by_role("textbox", name="Token name").fill(name)
    form.get_by_role("textbox", name="Expires").fill(expires)
    form.get_by_role("button", name="Create token").click()
    return page.get_by_role("textbox", name="New API token").input_value()


def test_a_token_made_on_the_page_is_shown_once_works_and_is_revoked(site, new_page, aos):
    page = signed_in(site, new_page, "ann", bypass_csp=True)
    page.goto(site.url + "/profile")
    form = page.get_by_role("form", name="New API token")
    form.get_by_role("textbox", name="Expires").fill("soon")
    form.get_by_role("textbox", name="Token name").fill("laptop")
    form.get_by_role("button", name="Create token").click()
    said = the_cli_says(aos, "token", "create", "--user", "ann", "--expires", "soon")
    sync_api.expect(page.get_by_role("alert")).to_have_text(said)
    assert aos("token", "list", "--json").json == []
    secret = _create_token(page, "laptop", "30d")
    assert secret.startswith("aos_")
    sync_api.expect(page.get_by_role("status")).to_have_text("Token laptop created.")
    assert page.get_by_role("textbox", name="New API token").get_attribute("readonly") is not None
    page.get_by_role("button", name="Copy token").click()
    assert axe_violations(page) == []
    row = page.get_by_role("table", name="API tokens").get_by_role("row", name="laptop")
    assert "2026-04-03" in row.inner_text()  # expires in 30 days, as --expires 30d
    listed = aos("token", "list", "--json").json
    assert [(t["name"], t["user_name"]) for t in listed] == [("laptop", "ann")]
    me = httpx.get(site.url + API + "/users", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200 and [u["name"] for u in me.json()] == ["ann"]
    page.reload()
    assert secret not in page.content() and not page.get_by_role("textbox", name="New API token").count()
    page.get_by_role("table", name="API tokens").get_by_role("button", name="Revoke laptop").click()
    sync_api.expect(page.get_by_role("status")).to_have_text("Revoked laptop.")
    again = httpx.get(site.url + API + "/users", headers={"Authorization": f"Bearer {secret}"})
    assert again.status_code == 401
    assert not page.get_by_role("button", name="Revoke laptop").count()


def test_nobody_sees_or_revokes_another_persons_token_here(site, new_page, aos, db_dump):
    bob = signed_in(site, new_page, "bob")
    bob.goto(site.url + "/profile")
    secret = _create_token(bob, "bob's script")
    token_id = aos("token", "list", "--json").json[0]["id"]
    for who in ("ann", "ada"):  # a member, and an admin too: this page is one's own
        page = signed_in(site, new_page, who)
        page.goto(site.url + "/profile")
        assert "bob's script" not in page.inner_text("main")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.content()).group(1)
        before = db_dump()
        answer = page.request.post(site.url + f"/profile/tokens/{token_id}/revoke", form={"csrf": csrf},
                                   headers={"Origin": site.url})  # fmt: skip
        assert answer.status == 404
        assert db_dump() == before
    works = httpx.get(site.url + API + "/users", headers={"Authorization": f"Bearer {secret}"})
    assert works.status_code == 200


@pytest.mark.browser_only
@pytest.mark.parametrize(("scheme", "width", "height"), [("light", 1280, 800), ("dark", 412, 915)])
def test_the_profile_page_has_no_wcag_violation_refused_or_not(site, new_page, tmp_path, scheme, width, height):
    page = signed_in(site, new_page, "ann", bypass_csp=True, color_scheme=scheme,
                     viewport={"width": width, "height": height})  # fmt: skip
    page.goto(site.url + "/profile")
    _create_token(page, "phone")
    page.screenshot(path=str(tmp_path / f"profile-{scheme}.png"), full_page=True)
    assert axe_violations(page) == []
    form = page.get_by_role("form", name="Profile")
    form.get_by_role("textbox", name="Time zone").fill("Nowhere/City")
    form.get_by_role("button", name="Save profile").click()
    page.get_by_role("alert").wait_for()
    assert axe_violations(page) == []


def test_the_headers_theme_switch_keeps_the_choice_on_her_profile_for_every_browser(site, new_page, aos):
    page = signed_in(site, new_page, "ann", color_scheme="light")
    with page.expect_response("**/profile/theme") as kept:
        page.get_by_role("combobox", name="Theme").select_option("dark")
    assert kept.value.status == 204
    # kept on her record: the CLI reads it, and another browser of hers opens dark at once
    assert profile_of(aos, "ann")["theme"] == "dark"
    other = signed_in(site, new_page, "ann", color_scheme="light")
    assert other.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(22, 24, 28)"
    assert other.get_by_role("combobox", name="Theme").input_value() == "dark"


def test_wrong_current_passwords_are_throttled_as_failed_sign_ins(tmp_path, aos, isolated, monkeypatch):
    from web_support import form_token
    from web_support import signed_in as signed_in_client

    monkeypatch.setenv("AOS_NOW", NOW)
    aos("user", "add", "ann")
    aos("user", "password", "ann", "--stdin", input=PASSWORD + "\n")
    with signed_in_client(tmp_path, {"AOS_NOW": NOW}) as client:
        csrf = form_token(client, "/profile")
        form = {"csrf": csrf, "current": "not my password", "password": NEW_PASSWORD, "again": NEW_PASSWORD}
        answers = [client.post("/profile/password", data=form).status_code for _ in range(6)]
        assert answers == [400] * 5 + [429]
        right = client.post("/profile/password", data=dict(form, current=PASSWORD))
        assert right.status_code == 429  # even the right one waits, as at sign-in
