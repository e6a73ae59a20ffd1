"""/calendar: a member's week (or day) as blocks in her zone. A block is moved, resized, copied
and created by mouse and by keys (WCAG 2.2, 2.5.7), each saved as `aos edit`, `aos add` save it,
so the CLI shows the same entries to the second; invoiced entries do not move; overlaps show."""

from __future__ import annotations

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
