"""/calendar: a member's week (or day) as blocks in her zone. A block is moved, resized, copied
and created by mouse and by keys (WCAG 2.2, 2.5.7), each saved as `aos edit`, `aos add` save it,
so the CLI shows the same entries to the second; invoiced entries do not move; overlaps show."""

from __future__ import annotations

from html import unescape

import pytest

from web_support import axe_violations
from web_support import signed_in_page as signed_in

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")
pytest.importorskip("argon2")
PASSWORD = "correct horse battery"
NOW = "2026-03-04T16:00:00+00:00"  # a Wednesday; Berlin is at +01:00
HOUR = 48  # pixels an hour of the calendar


@pytest.fixture
def site(aos, tmp_path, isolated, monkeypatch):
    from server_support import start_server, stop_server

    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme", "--rate", "100", "--currency", "EUR")
    aos("project", "add", "Website", "--client", "Acme")
    aos("task", "add", "Design", "--project", "Website")
    aos("user", "add", "ann", "--time-zone", "Europe/Berlin")
    aos("user", "add", "max", "--role", "manager", "--time-zone", "Europe/Berlin")
    for name in ("ann", "max"):
        aos("user", "password", name, "--stdin", input=PASSWORD + "\n")
    for day, start, end, what in (("02", "09:00", "10:30", "Homepage mockups"), ("02", "14:00", "15:00", "Billed work"),
                                  ("03", "10:00", "11:00", "Client call"), ("03", "10:30", "11:30", "Review")):  # fmt: skip
        aos("add", "-p", "Website", "-t", "Design", "--start", f"2026-03-{day}T{start}+01:00", "--end",
            f"2026-03-{day}T{end}+01:00", "-d", what, "-u", "ann")  # fmt: skip
    aos("invoice", "mark", "2")
    server = start_server(tmp_path, env={"AOS_NOW": NOW})
    yield server
    log = stop_server(server)
    assert "Traceback" not in log, log


def times(aos, entry: int) -> tuple[str, str]:
    found = aos("list", "-u", "ann", "--json").json["entries"]
    shown = next(e for e in found if e["id"] == entry)
    return shown["start_time"], shown["end_time"]


def entries_of(aos) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for e in aos("list", "-u", "ann", "--json").json["entries"]:
        found.setdefault(e["description"], []).append((e["start_time"], e["end_time"]))
    return {k: sorted(v) for k, v in found.items()}


def block(page, name: str):
    return page.get_by_role("list", name=name[0]).get_by_role("link", name=name[1]) if isinstance(name, tuple) else (
        page.locator("#calendar").get_by_role("link", name=name))  # fmt: skip


def saved(page, text: str) -> None:
    sync_api.expect(page.get_by_role("status")).to_contain_text(text)


def open_calendar(site, new_page, who="ann", **options):
    """The calendar in a window tall enough for a whole day (a mouse drags what it sees)."""
    page = signed_in(site, new_page, who, **{"viewport": {"width": 1280, "height": 1700}, **options})
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Calendar").click()
    page.wait_for_url("**/calendar")
    page.wait_for_selector("#calendar.drawn")
    return page


def test_the_week_shows_each_entry_as_a_block_overlaps_side_by_side_and_invoiced_ones_locked(site, new_page, tmp_path):
    page = open_calendar(site, new_page, bypass_csp=True)
    monday = page.get_by_role("list", name="Entries of Monday 02 March")
    mockups = monday.get_by_role("link", name="09:00–10:30 Homepage mockups, Website / Design")
    sync_api.expect(mockups).to_have_attribute("href", "/time/1/edit")  # Enter edits it
    box = mockups.bounding_box()
    track = page.locator('.cal-day[data-day="2026-03-02"] .cal-track').bounding_box()
    assert (box["y"] - track["y"], box["height"]) == (9 * HOUR, 1.5 * HOUR)
    assert "invoiced, locked" in monday.get_by_role("link", name="Billed work").inner_text()
    tuesday = page.get_by_role("list", name="Entries of Tuesday 03 March")
    call, review = (tuesday.get_by_role("link", name=n).bounding_box() for n in ("Client call", "Review"))
    assert call["x"] + call["width"] <= review["x"] + 1 and "overlaps another entry" in tuesday.inner_text()
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "calendar-week.png"), full_page=True)


def drag(page, frm: tuple[float, float], to: tuple[float, float], alt: bool = False) -> None:
    page.mouse.move(*frm)
    if alt:
        page.keyboard.down("Alt")
    page.mouse.down()
    page.mouse.move(*to, steps=6)
    page.mouse.up()
    if alt:
        page.keyboard.up("Alt")


def middle(box) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def column(page, day: str):
    return page.locator(f'.cal-day[data-day="{day}"] .cal-track').bounding_box()


def test_by_mouse_an_entry_is_moved_resized_copied_and_created_and_the_cli_shows_it_to_the_second(site, new_page, aos):
    page = open_calendar(site, new_page)
    x, y = middle(block(page, "Homepage mockups").bounding_box())
    drag(page, (x, y), (x, y + HOUR))
    saved(page, "Moved “Homepage mockups” to Mon 02 Mar 10:00–11:30.")
    assert times(aos, 1) == ("2026-03-02T09:00:00+00:00", "2026-03-02T10:30:00+00:00")
    box = block(page, "Homepage mockups").bounding_box()
    drag(page, (box["x"] + 20, box["y"] + box["height"] - 2), (box["x"] + 20, box["y"] + box["height"] - 2 + HOUR / 2))
    saved(page, "to Mon 02 Mar 10:00–12:00.")
    box = block(page, "Homepage mockups").bounding_box()
    drag(page, (box["x"] + 20, box["y"] + 2), (box["x"] + 20, box["y"] + 2 - HOUR))
    saved(page, "to Mon 02 Mar 09:00–12:00.")
    assert times(aos, 1) == ("2026-03-02T08:00:00+00:00", "2026-03-02T11:00:00+00:00")
    x, y = middle(block(page, "Homepage mockups").bounding_box())
    drag(page, (x, y), (middle(column(page, "2026-03-05"))[0], y))  # to Thursday: tomorrow
    aos("edit", "1", "--start", "2026-03-05T08:00:00Z", "--end", "2026-03-05T11:00:00Z", expect=2)  # as the CLI does
    sync_api.expect(page.get_by_role("alert")).to_have_text(  # in the CLI's words, ann's zone
        "End '2026-03-05T11:00:00Z' (2026-03-05 12:00:00+01:00) is in the future (now is 2026-03-04 17:00:00+01:00); "
        "record time once it is worked."
    )
    assert times(aos, 1) == ("2026-03-02T08:00:00+00:00", "2026-03-02T11:00:00+00:00")  # nothing saved
    box = block(page, "Homepage mockups").bounding_box()  # drawn back where it is
    assert box["y"] - column(page, "2026-03-02")["y"] == 9 * HOUR
    drag(page, (x, y), (middle(column(page, "2026-03-03"))[0], y))  # to Tuesday, at the same time
    saved(page, "to Tue 03 Mar 09:00–12:00.")
    assert times(aos, 1) == ("2026-03-03T08:00:00+00:00", "2026-03-03T11:00:00+00:00")
    x, y = middle(block(page, "Client call").bounding_box())
    drag(page, (x, y), (middle(column(page, "2026-03-04"))[0], y - 2 * HOUR), alt=True)  # a copy, on Wednesday
    saved(page, "Copied “Client call” to Wed 04 Mar 08:00–09:00.")
    assert entries_of(aos)["Client call"] == [("2026-03-03T09:00:00+00:00", "2026-03-03T10:00:00+00:00"),
                                              ("2026-03-04T07:00:00+00:00", "2026-03-04T08:00:00+00:00")]  # fmt: skip
    wednesday = column(page, "2026-03-04")
    left = wednesday["x"] + wednesday["width"] / 2
    drag(page, (left, wednesday["y"] + 13 * HOUR + 3), (left, wednesday["y"] + 14.5 * HOUR))  # empty time
    page.wait_for_url("**/calendar/new?*")
    dialog = page.get_by_role("dialog", name="New entry")
    assert (dialog.get_by_role("textbox", name="Start").input_value(),
            dialog.get_by_role("textbox", name="End").input_value()) == ("2026-03-04 13:00:00", "2026-03-04 14:30:00")  # fmt: skip
    dialog.get_by_role("combobox", name="Project").select_option(label="Acme / Website")
    dialog.get_by_role("textbox", name="Description").fill("Sprint planning")
    dialog.get_by_role("button", name="Save entry").click()
    page.wait_for_url("**/calendar?*")
    sync_api.expect(block(page, "Sprint planning")).to_be_focused()
    assert entries_of(aos)["Sprint planning"] == [("2026-03-04T12:00:00+00:00", "2026-03-04T13:30:00+00:00")]


def tab_to(page, name: str, limit: int = 150) -> None:
    """Tab through the page (round again from its end) until the control whose name holds `name`
    has the focus."""
    named = """() => { const e = document.activeElement;
        return e === document.body ? '' : e.getAttribute('aria-label') || e.textContent; }"""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if name in (page.evaluate(named) or ""):
            return
    raise AssertionError(f"{name!r} is not reached by Tab")


def test_by_keyboard_alone_every_drag_has_its_keys_and_the_cli_shows_the_same_entries(site, new_page, aos):
    page = open_calendar(site, new_page)
    tab_to(page, "Homepage mockups")
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    saved(page, "Moved “Homepage mockups” to Mon 02 Mar 10:00–11:30.")
    assert times(aos, 1) == ("2026-03-02T09:00:00+00:00", "2026-03-02T10:30:00+00:00")
    sync_api.expect(block(page, "Homepage mockups")).to_be_focused()
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Shift+ArrowDown")
    saved(page, "to Mon 02 Mar 10:00–12:00.")
    for _ in range(4):
        page.keyboard.press("Alt+Shift+ArrowUp")
    saved(page, "to Mon 02 Mar 09:00–12:00.")
    assert times(aos, 1) == ("2026-03-02T08:00:00+00:00", "2026-03-02T11:00:00+00:00")
    page.keyboard.press("ArrowRight")
    saved(page, "to Tue 03 Mar 09:00–12:00.")
    page.keyboard.press("Alt+ArrowRight")
    saved(page, "Copied “Homepage mockups” to Wed 04 Mar 09:00–12:00.")
    page.keyboard.press("Alt+ArrowDown")  # a copy of the copy, right after it
    saved(page, "Copied “Homepage mockups” to Wed 04 Mar 12:00–15:00.")
    assert entries_of(aos)["Homepage mockups"] == [
        ("2026-03-03T08:00:00+00:00", "2026-03-03T11:00:00+00:00"),
        ("2026-03-04T08:00:00+00:00", "2026-03-04T11:00:00+00:00"),
        ("2026-03-04T11:00:00+00:00", "2026-03-04T14:00:00+00:00"),
    ]
    tab_to(page, "Billed work")
    page.keyboard.press("ArrowDown")
    saved(page, "This entry does not move: invoiced, locked.")
    assert times(aos, 2) == ("2026-03-02T13:00:00+00:00", "2026-03-02T14:00:00+00:00")
    page.keyboard.press("Enter")
    page.wait_for_url("**/time/2/edit")
    page.go_back()
    page.wait_for_selector("#calendar.drawn")
    tab_to(page, "New entry on Wednesday 04 March")
    page.keyboard.press("Enter")
    page.wait_for_url("**/calendar/new?*")
    sync_api.expect(
        page.get_by_role("dialog", name="New entry").get_by_role("combobox", name="Project")
    ).to_be_focused()
    page.keyboard.press("ArrowDown")  # the first project: Website
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("2026-03-04 07:30")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("08:15")
    page.keyboard.press("Tab")
    page.keyboard.type("Standup")
    page.keyboard.press("Enter")
    page.wait_for_url("**/calendar?*")
    sync_api.expect(block(page, "Standup")).to_be_focused()
    assert entries_of(aos)["Standup"] == [("2026-03-04T06:30:00+00:00", "2026-03-04T07:15:00+00:00")]


def signed_client(site, who: str):
    import re

    import httpx

    client = httpx.Client(base_url=site.url, headers={"Origin": site.url}, timeout=30)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    assert client.post("/login", data={"who": who, "password": PASSWORD, "csrf": token}).status_code == 303
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/calendar").text).group(1)
    return client, csrf


def test_a_member_sees_and_moves_only_her_own_entries_a_manager_anyones(site, aos, db_dump):
    max_entry = aos("add", "-p", "Website", "--start", "2026-03-02T08:00:00Z", "--end", "2026-03-02T09:00:00Z",
                    "-d", "Max's own", "-u", "max", "--json").json["id"]  # fmt: skip
    ann, csrf = signed_client(site, "ann")
    refused = ann.get("/calendar", params={"member": "max"})
    assert refused.status_code == 403 and "your role (member)" in refused.text
    before = db_dump()
    moved = ann.post(f"/calendar/{max_entry}/move", data={"csrf": csrf, "start": "2026-03-02T10:00:00Z",
                                                          "end": "2026-03-02T11:00:00Z"})  # fmt: skip
    assert moved.status_code == 404 and db_dump() == before  # another's entry is not there for her
    manager, csrf = signed_client(site, "max")
    shown = manager.get("/calendar", params={"member": "ann", "week": "2026-W10"})
    assert shown.status_code == 200 and "Homepage mockups" in shown.text and "Max's own" not in shown.text
    answer = manager.post("/calendar/1/move", data={"csrf": csrf, "start": "2026-03-02T07:00:00Z",
                                                    "end": "2026-03-02T08:00:00Z", "member": "ann"})  # fmt: skip
    assert answer.status_code == 200 and "Moved “Homepage mockups” to Mon 02 Mar 08:00–09:00." in answer.text
    assert times(aos, 1) == ("2026-03-02T07:00:00+00:00", "2026-03-02T08:00:00+00:00")


def test_an_invoiced_entry_or_one_changed_since_it_was_shown_is_refused_and_nothing_changes(site, aos, db_dump):
    ann, csrf = signed_client(site, "ann")
    before = db_dump()
    locked = ann.post("/calendar/2/move", data={"csrf": csrf, "start": "2026-03-02T15:00:00Z",
                                                "end": "2026-03-02T16:00:00Z"})  # fmt: skip
    said = aos("edit", "2", "--start", "2026-03-02T15:00:00Z", expect=1).err.splitlines()[0].removeprefix("Error: ")
    assert locked.status_code == 409 and said[:1].upper() + said[1:] + "." in unescape(locked.text)  # the CLI's

    stale = ann.post("/calendar/1/copy", data={"csrf": csrf, "day": "2026-03-03", "version": "0" * 20})
    assert stale.status_code == 200  # a copy is made of the entry as it is: it names no version
    moved = ann.post("/calendar/1/move", data={"csrf": csrf, "day": "2026-03-04", "version": "0" * 20})
    assert moved.status_code == 409 and "Someone changed this entry since the calendar showed it" in moved.text
    after = db_dump()
    assert times(aos, 1) == ("2026-03-02T08:00:00+00:00", "2026-03-02T09:30:00+00:00")
    assert after != before and len(entries_of(aos)["Homepage mockups"]) == 2  # only the copy was written


def test_the_night_the_clocks_go_back_is_drawn_25_hours_long_and_an_entry_moves_across_it(aos, tmp_path, isolated,
                                                                                             monkeypatch, new_page):  # fmt: skip
    from server_support import start_server, stop_server

    now = "2026-10-28T12:00:00+00:00"
    monkeypatch.setenv("AOS_NOW", now)
    aos("client", "add", "Acme", "--rate", "100", "--currency", "EUR")
    aos("project", "add", "Website", "--client", "Acme")
    aos("user", "add", "ann", "--time-zone", "Europe/Berlin")
    aos("user", "password", "ann", "--stdin", input=PASSWORD + "\n")
    aos("add", "-p", "Website", "--start", "2026-10-25T01:30:00+02:00", "--end", "2026-10-25T02:30:00+01:00",
        "-d", "Night deploy", "-u", "ann")  # fmt: skip
    server = start_server(tmp_path, env={"AOS_NOW": now})
    try:
        page = signed_in(server, new_page, "ann", viewport={"width": 1280, "height": 1800})
        page.goto(server.url + "/calendar?week=2026-W43")
        page.wait_for_selector("#calendar.drawn")
        sunday = page.get_by_role("group", name="Sunday 25 October (25 hours)")
        track = sunday.locator(".cal-track")
        assert track.bounding_box()["height"] == 25 * HOUR
        assert [h.inner_text() for h in track.locator(".cal-hour").all()][1:5] == [
            "01:00", "02:00 +02:00", "02:00 +01:00", "03:00"]  # fmt: skip
        deploy = sunday.get_by_role("link", name="Night deploy")
        box = deploy.bounding_box()
        assert (box["y"] - track.bounding_box()["y"], box["height"]) == (1.5 * HOUR, 2 * HOUR)  # 2 hours, really
        deploy.focus()
        for _ in range(4):
            page.keyboard.press("ArrowDown")
        saved(page, "Moved “Night deploy” to Sun 25 Oct 02:30 +02:00–03:30 +01:00.")
        assert times(aos, 1) == ("2026-10-25T00:30:00+00:00", "2026-10-25T02:30:00+00:00")
    finally:
        log = stop_server(server)
    assert "Traceback" not in log, log


def test_a_member_archived_while_her_calendar_is_open_is_refused_at_her_next_key_and_nothing_moves(site, new_page,
                                                                                                    aos):  # fmt: skip
    page = open_calendar(site, new_page)
    block(page, "Homepage mockups").focus()
    aos("user", "archive", "ann")  # her sessions end
    page.keyboard.press("ArrowDown")
    page.wait_for_url("**/login")
    assert times(aos, 1) == ("2026-03-02T08:00:00+00:00", "2026-03-02T09:30:00+00:00")
