"""Tags in the web app (docs/tags.md): the week's rows and the calendar show an entry's tags; the
field "Tags" of the manual entry, the timer's start and the entry's edit (its row in place or its
dialog) reads "a, b" as the CSV's tags column does, and an edit adds and removes what the field
adds and removes, as `aos edit --tag/--untag` (a new version and a row of history); a tag the use
case refuses is said beside the field and nothing is saved; /reports filters by tags (any of them)
and groups by tag as `aos report --by tag --tag X` does, with the CLI's note that the rows overlap."""

from __future__ import annotations

import html
import re

import pytest

from web_support import PASSWORD, form_token
from web_support import signed_in as signed_in_as_ann

httpx = pytest.importorskip("httpx")
pytest.importorskip("argon2")
NOW = "2026-03-04T16:00:00+00:00"  # Wednesday of 2026-W10
OVERLAP = "Tag groups overlap: an entry with several tags counts in each; the totals count it once."


@pytest.fixture
def tracked(aos, isolated, monkeypatch):
    """ann's Monday: "Kickoff" tagged meeting and internal, "Wireframes" untagged."""
    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme", "--rate", "120", "--currency", "EUR")
    aos("project", "add", "Website", "--client", "Acme")
    aos("user", "add", "ann", "--time-zone", "Europe/Berlin")
    aos("user", "password", "ann", "--stdin", input=PASSWORD + "\n")
    aos("add", "-p", "Website", "--start", "2026-03-02T09:00+01:00", "--end", "2026-03-02T10:00+01:00",
        "-d", "Kickoff", "-u", "ann", "--tag", "meeting", "--tag", "internal")  # fmt: skip
    aos("add", "-p", "Website", "--start", "2026-03-02T11:00+01:00", "--end", "2026-03-02T13:30+01:00",
        "-d", "Wireframes", "-u", "ann")  # fmt: skip


@pytest.fixture
def signed_in(tracked, tmp_path):
    with signed_in_as_ann(tmp_path, {"AOS_NOW": NOW}) as client:
        yield client


def value_of(page: str, field_id: str) -> str:
    return html.unescape(re.search(rf'id="{field_id}"[^>]* value="([^"]*)"', page).group(1))


def hidden(page: str) -> dict[str, str]:
    """The form's CSRF token and the version of the entry it shows."""
    return {name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1) for name in ("csrf", "version")}


def edit_dialog(client, entry_id: int, **changed) -> httpx.Response:
    """The edit dialog sent as shown, with `changed` fields typed over."""
    page = client.get(f"/time/{entry_id}/edit").text
    fields = {name: value_of(page, f"edit-{name}") for name in ("description", "start", "end", "tags")}
    fields |= {"project": "1", "task": "", "billable": "true", "notes": "", **hidden(page)}
    return client.post(f"/time/{entry_id}/edit", data=fields | changed)


def entry(aos, entry_id: int) -> dict:
    return next(e for e in aos("list", "--json", "-u", "ann").json["entries"] if e["id"] == entry_id)


def test_the_weeks_rows_the_calendar_and_the_search_show_an_entrys_tags(signed_in):
    week = signed_in.get("/time?week=2026-W10").text
    kickoff = re.search(r'<tr id="entry-1">.*?</tr>', week, re.DOTALL).group(0)
    assert '<ul class="tags" aria-label="Tags"><li>internal</li><li>meeting</li></ul>' in kickoff
    assert "tags" not in re.search(r'<tr id="entry-2">.*?</tr>', week, re.DOTALL).group(0)  # none: nothing shown
    calendar = html.unescape(signed_in.get("/calendar?week=2026-W10").text)
    assert re.search(r'aria-label="09:00–10:00 Kickoff, Website, Tags: internal, meeting"', calendar)
    found = signed_in.get("/search", params={"q": "Kickoff"}).text
    assert '<ul class="tags" aria-label="Tags"><li>internal</li><li>meeting</li></ul></li>' in found


def test_a_tag_typed_in_the_edit_dialog_is_added_and_one_taken_out_is_removed_as_aos_edit_does(signed_in, aos):
    before = entry(aos, 1)
    assert value_of(signed_in.get("/time/1/edit").text, "edit-tags") == "internal, meeting"
    assert edit_dialog(signed_in, 1, tags="meeting, Travel ").status_code == 303
    after = entry(aos, 1)
    assert after["tags"] == ["meeting", "Travel"] and after["version"] != before["version"]
    assert {k: v for k, v in after.items() if k not in ("tags", "version")} == {
        k: v for k, v in before.items() if k not in ("tags", "version")
    }  # a tag-only change changes nothing else
    change = aos("history", "1", "--json").json["changes"][-1]
    assert (change["action"], change["via"]) == ("edit", "web")
    assert (change["before"]["tags"], change["after"]["tags"]) == (["internal", "meeting"], ["meeting", "Travel"])

    assert edit_dialog(signed_in, 1, tags="MEETING, travel").status_code == 303  # other spellings: no change
    assert entry(aos, 1)["tags"] == ["meeting", "Travel"] and len(aos("history", "1", "--json").json["changes"]) == 2
    assert edit_dialog(signed_in, 1, tags="").status_code == 303  # emptied: every tag removed
    assert entry(aos, 1)["tags"] == [] and aos("history", "1", "--json").json["changes"][-1]["after"]["tags"] == []


def test_the_row_edited_in_place_saves_its_tags_field(signed_in, aos):
    row = signed_in.get("/time/2/inline").text
    assert re.search(r'<label class="visually-hidden" for="inline-2-tags">Tags</label>', row)
    fields = {name: value_of(row, f"inline-2-{name}") for name in ("description", "start", "end", "duration")}
    fields |= {"project": "1", "task": "", "billable": "true", "inline": "true", "tags": "review", **hidden(row),
               "shown_end": fields["end"], "shown_duration": fields["duration"]}  # fmt: skip
    saved = signed_in.post("/time/2/edit", data=fields)
    assert saved.status_code == 200 and '<ul class="tags" aria-label="Tags"><li>review</li></ul>' in saved.text
    assert entry(aos, 2)["tags"] == ["review"]


@pytest.mark.parametrize(("typed", "says"), [
    ("ok, " + "x" * 101, "is too long (at most 100 characters)"),
    ("bad\x01tag", "holds control characters"),
])  # fmt: skip
def test_a_tag_the_use_case_refuses_is_said_beside_the_field_and_nothing_is_saved(signed_in, aos, db_dump,
                                                                                  typed, says):  # fmt: skip
    stored = db_dump()
    dialog = edit_dialog(signed_in, 1, tags=typed, description="Kickoff call")
    assert dialog.status_code == 400
    assert re.search(
        r'id="edit-tags"[^>]*aria-describedby="edit-error edit-tags-hint" aria-invalid="true"', dialog.text
    )
    assert says in html.unescape(dialog.text.split('id="edit-error">', 1)[1].split("<", 1)[0])
    manual = signed_in.post("/time/new", data={"project": "1", "hours": "1", "date": "2026-03-03", "tags": typed,
                                               "csrf": form_token(signed_in, "/time/new")})  # fmt: skip
    assert manual.status_code == 400
    assert re.search(r'id="manual-tags"[^>]*aria-invalid="true" aria-describedby="manual-error manual-tags-hint"',
                     manual.text)  # fmt: skip
    assert says in html.unescape(manual.text.split('id="manual-error">', 1)[1].split("<", 1)[0])
    assert db_dump() == stored


def test_the_manual_entry_and_the_timers_start_take_tags_as_aos_add_and_aos_start_do(signed_in, aos):
    assert 'id="manual-tags" name="tags"' in signed_in.get("/time/new").text
    saved = signed_in.post("/time/new", data={"project": "1", "hours": "1:30", "date": "2026-03-03",
                                              "tags": "travel, Urgent,, urgent", "csrf": form_token(signed_in, "/time/new")})  # fmt: skip
    assert saved.status_code == 303
    assert aos("list", "--json", "-u", "ann", "--tag", "travel").json["entries"][0]["tags"] == ["travel", "Urgent"]
    started = signed_in.post("/timer/start", data={"project": "1", "description": "Call", "tags": "meeting",
                                                   "csrf": form_token(signed_in, "/time")})  # fmt: skip
    assert started.status_code == 303
    assert aos("status", "--json", "-u", "ann").json["entry"]["tags"] == ["meeting"]
    region = signed_in.get("/timer/region").text
    assert '<ul class="tags" aria-label="Tags"><li>meeting</li></ul>' in region


def report_rows(page: str) -> list[tuple[int, str]]:
    return [(int(s), html.unescape(n)) for s, n in re.findall(r'<tr data-seconds="(\d+)" data-name="([^"]*)"', page)]


def test_reports_filter_by_tags_and_group_by_tag_as_aos_report_does(signed_in, aos):
    dates = "period=custom&from=2026-03-01&to=2026-03-31"
    page = signed_in.get(f"/reports?by=tag&{dates}").text
    cli = aos("report", "--by", "tag", "--from", "2026-03-01", "--to", "2026-03-31", "-u", "ann", "--json").json
    assert report_rows(page) == [(r["duration"], r["tag"] or "(no tag)") for r in cli["rows"]]
    assert [n for _s, n in report_rows(page)] == ["(no tag)", "internal", "meeting"]
    assert OVERLAP in page and OVERLAP in aos("report", "--by", "tag", "--period", "month").out
    assert '<option value="tag" selected>Tag</option>' in page

    page = signed_in.get(f"/reports?by=project&then=tag&{dates}&tags=meeting,+travel").text
    assert 'id="report-tags" name="tags" value="meeting, travel"' in page
    cli = aos("report", "--by", "project,tag", "--tag", "meeting", "--tag", "travel", "--from", "2026-03-01",
              "--to", "2026-03-31", "-u", "ann", "--json").json  # fmt: skip
    assert report_rows(page) == [(r["duration"], f"{r['project_name']} / {r['tag']}") for r in cli["rows"]]
    assert [r["tag"] for r in cli["rows"]] == ["internal", "meeting"]  # the entry's tags, not only those asked
    total = re.search(r"<tfoot>.*?</tfoot>", page, re.DOTALL).group(0)
    assert "1:00:00" in total and cli["totals"]["duration"] == 3600  # the tagged entry counted once
    csv = signed_in.get(f"/reports.csv?by=tag&{dates}&tags=meeting")
    assert csv.content == aos("report", "--by", "tag", "--tag", "meeting", "--from", "2026-03-01", "--to",
                              "2026-03-31", "-u", "ann", "--csv").out.encode()  # fmt: skip

    refused = signed_in.get(f"/reports?by=tag&{dates}&tags=" + "x" * 101)
    assert refused.status_code == 400
    assert re.search(r'id="report-tags"[^>]*aria-describedby="report-tags-hint report-tags-error" aria-invalid="true"',
                     refused.text)  # fmt: skip


@pytest.mark.browser_only
def test_a_tag_added_in_the_row_shows_as_a_named_list_and_the_report_by_tag_says_its_rows_overlap(
    tracked, tmp_path, new_page, aos
):
    """In Chromium, with axe (WCAG 2.2 A/AA) over the week with the edited row and the report."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")
    from server_support import start_server, stop_server
    from web_support import axe_violations, settled, signed_in_page

    server = start_server(tmp_path, env={"AOS_NOW": NOW})
    try:
        page = signed_in_page(server, new_page, "ann", viewport={"width": 1280, "height": 1000}, bypass_csp=True)
        page.goto(server.url + "/time?week=2026-W10")
        page.get_by_role("row", name="Wireframes").get_by_role("button", name="Edit").click()
        settled(page)
        tags = page.locator("[data-inline-edit]").get_by_role("textbox", name="Tags")
        tags.fill("design, review")
        page.locator("[data-inline-edit]").screenshot(path=str(tmp_path / "editing-row.png"))
        tags.press("Enter")
        settled(page)
        row = page.get_by_role("row", name="Wireframes")
        sync_api.expect(row.get_by_role("list", name="Tags").get_by_role("listitem")).to_have_text(["design", "review"])
        assert entry(aos, 2)["tags"] == ["design", "review"]
        assert axe_violations(page) == []
        row.screenshot(path=str(tmp_path / "tagged-row.png"))
        page.screenshot(path=str(tmp_path / "tagged-week.png"), full_page=True)

        page.goto(server.url + "/reports?period=custom&from=2026-03-01&to=2026-03-31")
        form = page.get_by_role("form", name="Report")
        form.get_by_role("combobox", name="Group by").select_option(label="Tag")
        form.get_by_role("textbox", name="Tags").fill("design, meeting")
        form.get_by_role("button", name="Show report").click()
        page.wait_for_url("**/reports?*by=tag*")
        table = page.get_by_role("table", name="Report")
        sync_api.expect(table.locator("tbody th")).to_have_text(["design", "internal", "meeting", "review"])
        sync_api.expect(page.get_by_text(OVERLAP)).to_be_visible()
        assert axe_violations(page) == []
        page.screenshot(path=str(tmp_path / "report-by-tag.png"), full_page=True)
    finally:
        log = stop_server(server)
    assert "Traceback" not in log, log


def test_undo_puts_a_deleted_entry_back_with_its_tags(signed_in, aos):
    deleted = signed_in.post("/time/1/delete", data={"csrf": form_token(signed_in, "/time")}).text
    undo = re.search(r'<form method="post" action="/time/undo".*?</form>', deleted, re.DOTALL).group(0)
    fields = {name: html.unescape(value) for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', undo)}
    assert signed_in.post("/time/undo", data=fields).status_code == 303
    (back,) = [e for e in aos("list", "--json", "-u", "ann").json["entries"] if e["description"] == "Kickoff"]
    assert back["id"] != 1 and back["tags"] == ["internal", "meeting"]
