"""The weekly timesheet (/timesheet): a row per project and task, a textbox per day of the member's
own week (her zone, DST days as long as they are), row, day and week totals. Typing a cell's total
adds, trims or removes that cell's one timesheet entry and never changes the other entries; a total
below them is refused in words, invoiced time is read-only; a member reaches only her own sheet."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from web_support import PASSWORD, form_token, signed_in

httpx = pytest.importorskip("httpx")
pytest.importorskip("argon2")
NOW = "2026-04-01T10:00:00+00:00"  # a Wednesday: the weeks tested are all in the past


@pytest.fixture
def team(aos, isolated, monkeypatch):
    """ann (Europe/Berlin) with 2:00 by hand on Site / Design, Tue 24 Mar, and invoiced time on
    Intranet, Wed 25 Mar; bob (America/New_York) with an hour on Site, Tue 24 Mar."""
    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme", "--rate", "100", "--currency", "EUR")
    aos("project", "add", "Site", "--client", "Acme")
    aos("project", "add", "Intranet", "--client", "Acme")
    aos("task", "add", "Design", "--project", "Site")
    aos("user", "add", "ann", "--time-zone", "Europe/Berlin")
    aos("user", "add", "bob", "--time-zone", "America/New_York")
    aos("add", "-p", "Site", "-t", "Design", "--start", "2026-03-24T09:00:00+01:00", "--end",
        "2026-03-24T11:00:00+01:00", "-d", "Mockups", "-u", "ann")  # fmt: skip
    aos("add", "-p", "Intranet", "--start", "2026-03-25T14:00:00+01:00", "--end", "2026-03-25T15:00:00+01:00",
        "-d", "Billed", "-u", "ann")  # fmt: skip
    aos("invoice", "mark", "2")
    aos("add", "-p", "Site", "--start", "2026-03-24T10:00:00-04:00", "--end", "2026-03-24T11:00:00-04:00",
        "-d", "Bob's", "-u", "bob")  # fmt: skip
    aos(
        "add",
        "-p",
        "Site",
        "--start",
        "2026-03-10T22:30:00-04:00",
        "--end",
        "2026-03-10T23:30:00-04:00",
        "-d",
        "Late",
        "-u",
        "bob",
    )  # fmt: skip (Wednesday already in UTC and in Berlin)
    for name in ("ann", "bob"):
        aos("user", "password", name, "--stdin", input=PASSWORD + "\n")


@pytest.fixture
def ann(team, tmp_path):
    with signed_in(tmp_path, {"AOS_NOW": NOW}) as client:
        yield client


class _Grid(HTMLParser):
    """The timesheet's rows as a reader meets them: the row header (less its client), then each
    cell's textbox value (or text), and the footer's totals; the cells' labels."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self.labels: list[str] = []
        self.part = self.current = self.within = None
        self.text: list[str] = []
        self.aside = False  # within the row header's client
        self.filled = False  # the cell held a textbox

    def handle_starttag(self, tag, attrs):
        if tag in ("tbody", "tfoot"):
            self.part = tag
        elif tag in ("th", "td", "label"):
            self.within, self.text, self.filled = tag, [], self.filled and tag == "label"
        elif tag == "span":
            self.aside = self.within == "th"
        elif tag == "input" and self.part and self.current is not None:
            self.rows[self.current].append(dict(attrs).get("value", ""))
            self.filled = True

    def handle_endtag(self, tag):
        words = "".join(self.text).strip()
        if tag == "span":
            self.aside = False
        elif tag == "th" and self.part:
            self.current = "Day total" if self.part == "tfoot" else words
            self.rows[self.current] = []
        elif tag == "td" and self.current is not None and not self.filled:
            self.rows[self.current].append(words)
        elif tag == "label" and self.part:
            self.labels.append(words)
        elif tag in ("tbody", "tfoot"):
            self.part = None
        if tag in ("th", "td", "label"):
            self.within = None

    def handle_data(self, data):
        if self.within and not self.aside:
            self.text.append(data)


def _read(page: str) -> _Grid:
    parser = _Grid()
    parser.feed(page.split('<caption class="visually-hidden">Timesheet</caption>', 1)[1].split("</table>", 1)[0])
    return parser


def grid(page: str) -> dict:
    """The table named Timesheet as read: {row header: [cell values..., total]}, and its footer."""
    return _read(page).rows


def labels(page: str) -> list[str]:
    return _read(page).labels


def ann_entries(aos, since="2026-03-23", until="2026-03-29") -> list[dict]:
    return aos("list", "--json", "-u", "ann", "--from", since, "--to", until).json["entries"]


def save(client, week: str, cells: dict[str, str], **extra):
    token = form_token(client, f"/timesheet?week={week}")
    return client.post("/timesheet", data={"csrf": token, "week": week, **cells, **extra})


def test_the_week_shows_a_row_per_project_and_task_with_totals_in_the_members_zone(ann):
    page = ann.get("/timesheet", params={"week": "2026-W13"})
    assert page.status_code == 200
    shown = grid(page.text)
    assert shown["Intranet"] == ["", "", "1:00", "", "", "", "", "1:00"]
    assert shown["Site / Design"] == ["", "2:00", "", "", "", "", "", "2:00"]
    assert shown["Day total"] == ["0:00", "2:00", "1:00", "0:00", "0:00", "0:00", "0:00", "3:00"]
    assert "Site / Design, Mon 23 Mar" in labels(page.text) and "Intranet, Sun 29 Mar" in labels(page.text)
    assert page.text.count("<h1>") == 1 and ">Timesheet</caption>" in page.text
    assert '<a href="/timesheet" aria-current="page">Timesheet</a>' in page.text
    assert "Previous week" in page.text and "Next week" in page.text


def test_an_empty_week_has_no_rows_and_zero_totals(ann):
    shown = grid(ann.get("/timesheet", params={"week": "2026-W02"}).text)
    assert shown == {"Day total": ["0:00"] * 8}


def test_setting_a_cell_adds_one_timesheet_entry_trimming_updates_it_and_zero_removes_it(ann, aos):
    assert save(ann, "2026-W13", {"h:1:2026-03-23": "1:30"}).status_code == 303
    (added,) = [e for e in ann_entries(aos) if e["project_name"] == "Site" and e["task_id"] is None]
    assert (added["duration"], added["start_time"][:10]) == (5400, "2026-03-23")
    assert save(ann, "2026-W13", {"h:1:2026-03-23": "45m"}).status_code == 303
    (trimmed,) = [e for e in ann_entries(aos) if e["project_name"] == "Site" and e["task_id"] is None]
    assert (trimmed["id"], trimmed["duration"]) == (added["id"], 2700)
    assert save(ann, "2026-W13", {"h:1:2026-03-23": "0"}).status_code == 303
    assert [e for e in ann_entries(aos) if e["task_id"] is None and e["project_name"] == "Site"] == []


def test_a_cell_with_other_entries_takes_the_rest_and_leaves_them_as_they_were(ann, aos):
    before = {e["id"]: e for e in ann_entries(aos)}
    assert save(ann, "2026-W13", {"h:1-1:2026-03-24": "3.5h"}).status_code == 303
    after = {e["id"]: e for e in ann_entries(aos)}
    assert {i: after[i] for i in before} == before  # the entry made by hand is untouched
    (new,) = [after[i] for i in after if i not in before]
    assert new["duration"] == 5400 and new["start_time"] == "2026-03-24T10:00:00+00:00"  # after Mockups, 11:00 CET
    assert grid(ann.get("/timesheet?week=2026-W13").text)["Site / Design"][1] == "3:30"


def test_a_total_below_the_other_entries_is_refused_in_words_and_nothing_is_saved(ann, aos):
    before = ann_entries(aos)
    refused = save(ann, "2026-W13", {"h:1-1:2026-03-24": "1:00"})
    assert refused.status_code == 400
    text = html.unescape(refused.text)
    assert "Site / Design, Tue 24 Mar 2026 already holds 2:00 h in entries made by the timer or by hand" in text
    assert 'aria-invalid="true"' in refused.text and 'value="1:00"' in refused.text  # what was typed, marked
    assert ann_entries(aos) == before


def test_a_cell_with_invoiced_time_is_read_only_and_refuses_a_change(ann, aos):
    page = ann.get("/timesheet?week=2026-W13").text
    assert re.search(r'name="h:2:2026-03-25" value="1:00"[^>]*readonly', page)
    before = ann_entries(aos)
    refused = save(ann, "2026-W13", {"h:2:2026-03-25": "2:00"})
    assert refused.status_code == 400 and "holds invoiced time and cannot be changed" in html.unescape(refused.text)
    assert ann_entries(aos) == before


def test_a_duration_the_grammar_cannot_read_is_refused_with_the_clis_words(ann, aos):
    refused = save(ann, "2026-W13", {"h:1:2026-03-23": "soon"})
    assert refused.status_code == 400
    assert "cannot read duration 'soon'; accepted: hours as a number (4.5), 1h30m, 90m, 1:30" in html.unescape(
        refused.text
    )


def test_a_dst_week_in_berlin_has_a_23_hour_sunday(ann, aos):
    assert save(ann, "2026-W13", {"h:1:2026-03-29": "23:00"}).status_code == 303
    refused = save(ann, "2026-W13", {"h:1:2026-03-29": "23:01"})
    assert "longer than the day (23:00 h)" in html.unescape(refused.text)
    (sunday,) = [e for e in ann_entries(aos, until="2026-03-30") if e["start_time"].startswith("2026-03-28T23")]
    assert (sunday["start_time"], sunday["end_time"]) == ("2026-03-28T23:00:00+00:00", "2026-03-29T22:00:00+00:00")


def test_a_manager_reads_and_writes_any_members_sheet_in_that_members_zone(team, aos, tmp_path):
    aos("user", "edit", "ann", "--role", "manager")
    with signed_in(tmp_path, {"AOS_NOW": NOW}) as ann:
        bobs = ann.get("/timesheet", params={"week": "2026-W11", "member": "bob"})
        assert bobs.status_code == 200 and "The timesheet of bob." in bobs.text and "America/New_York" in bobs.text
        assert '<label for="sheet-member">Member</label>' in bobs.text
        assert grid(bobs.text)["Site"] == ["", "1:00", "", "", "", "", "", "1:00"]  # Tuesday, in bob's zone
        assert grid(ann.get("/timesheet?week=2026-W13&member=bob").text)["Site"][1] == "1:00"
        token = form_token(ann, "/timesheet?week=2026-W11&member=bob")
        answer = ann.post("/timesheet", data={"csrf": token, "week": "2026-W11", "member": "2",
                                              "h:1:2026-03-09": "2h"})  # fmt: skip
        assert answer.status_code == 303 and "member=2" in answer.headers["location"]
    (entry,) = aos("list", "--json", "-u", "bob", "--from", "2026-03-09", "--to", "2026-03-09").json["entries"]
    assert entry["start_time"] == "2026-03-09T13:00:00+00:00"  # 09:00 in New York, daylight time since Mar 8


def test_a_member_cannot_read_or_write_another_members_sheet(ann, aos):
    assert ann.get("/timesheet", params={"week": "2026-W13", "member": "bob"}).status_code == 403
    token = form_token(ann, "/timesheet?week=2026-W13")
    refused = ann.post("/timesheet", data={"csrf": token, "week": "2026-W13", "member": "bob",
                                           "h:1:2026-03-24": "5h"})  # fmt: skip
    assert refused.status_code == 403
    assert ann.get("/timesheet", params={"member": "nobody"}).status_code == 404
    assert aos("list", "--json", "-u", "bob").json["count"] == 2


def test_a_form_without_the_sessions_token_or_from_elsewhere_saves_nothing(ann, aos):
    before = ann_entries(aos)
    assert ann.post("/timesheet", data={"csrf": "forged", "h:1:2026-03-23": "1h"}).status_code == 303
    token = form_token(ann, "/timesheet")
    elsewhere = ann.post("/timesheet", data={"csrf": token, "h:1:2026-03-23": "1h"},
                         headers={"Origin": "https://evil.example"})  # fmt: skip
    assert elsewhere.status_code == 303 and elsewhere.headers["location"] == "/login"
    assert ann_entries(aos) == before


def test_add_row_shows_an_empty_row_the_save_keeps(ann, aos):
    page = ann.get("/timesheet", params={"week": "2026-W13", "add": "1"}).text
    assert grid(page)["Site"] == [""] * 7 + ["0:00"]
    assert '<input type="hidden" name="row" value="1">' in page
    answer = save(ann, "2026-W13", {"h:1-1:2026-03-23": "1h", "row": "1"})
    assert answer.headers["location"] == "/timesheet?week=2026-W13&row=1"
    assert "Site" in grid(ann.get(answer.headers["location"]).text)


def test_copy_last_weeks_rows_brings_the_rows_without_their_hours(ann, aos):
    page = ann.get("/timesheet", params={"week": "2026-W14", "copy": "true"}).text
    shown = grid(page)
    assert shown["Site / Design"] == [""] * 7 + ["0:00"] and shown["Intranet"] == [""] * 7 + ["0:00"]
    assert shown["Day total"][-1] == "0:00"
    assert aos("list", "--json", "-u", "ann", "--from", "2026-03-30").json["count"] == 0


def test_htmx_saves_one_cell_and_answers_with_it_and_the_totals_it_changed(ann):
    token = form_token(ann, "/timesheet?week=2026-W13")
    answer = ann.post("/timesheet", data={"csrf": token, "week": "2026-W13", "h:1-1:2026-03-23": "1:15"},
                      headers={"HX-Request": "true"})  # fmt: skip
    assert answer.status_code == 200
    assert re.search(r'<td id="cell-1-1-0" class="cell">', answer.text)
    assert 'id="rowtotal-1-1" class="total-cell" data-seconds="11700" hx-swap-oob="true">3:15' in answer.text
    assert 'id="daytotal-0" class="total-cell" data-seconds="4500" hx-swap-oob="true">1:15' in answer.text
    assert 'id="weektotal" class="total-cell" data-seconds="15300" hx-swap-oob="true">4:15' in answer.text
    assert "Saved Site / Design, Mon 23 Mar: 1:15 h." in answer.text


def test_htmx_shows_a_refused_cell_as_typed_with_the_reason_and_saves_nothing(ann, aos):
    before = ann_entries(aos)
    token = form_token(ann, "/timesheet?week=2026-W13")
    answer = ann.post("/timesheet", data={"csrf": token, "week": "2026-W13", "h:1-1:2026-03-24": "30m"},
                      headers={"HX-Request": "true"})  # fmt: skip
    text = html.unescape(answer.text)
    assert 'value="30m"' in text and 'aria-invalid="true"' in text
    assert "Not saved: Site / Design, Tue 24 Mar. Site / Design, Tue 24 Mar 2026 already holds 2:00 h" in text
    assert 'id="rowtotal-1-1" class="total-cell" data-seconds="7200" hx-swap-oob="true">2:00' in text
    assert ann_entries(aos) == before


def test_the_api_offers_the_same_operation_with_the_same_rights(team, aos, tmp_path):
    from server_support import API, start_server, stop_server

    token = aos("token", "create", "--user", "ann").out.splitlines()[-1]
    server = start_server(tmp_path, env={"AOS_NOW": NOW})
    try:
        api = httpx.Client(base_url=server.url + API, headers={"Authorization": f"Bearer {token}"}, timeout=30)
        cell = {"project": "Site", "task": "Design", "date": "2026-03-24", "hours": "2:45"}
        mine = api.post("/uses/set-timesheet-cell", json={"request": cell})
        assert mine.status_code == 200, mine.text
        bobs = api.post("/uses/set-timesheet-cell", json={"request": dict(cell, user="bob")})
        assert bobs.status_code == 403
        sheet = api.post("/uses/timesheet", json={"request": {"date": "2026-03-24"}}).json()["result"]
        assert sheet["$"] == "Timesheet" and sheet["v"]["zone"] == "Europe/Berlin"
        api.close()
    finally:
        stop_server(server)
    assert [e["duration"] for e in ann_entries(aos) if e["task_id"] == 1] == [2700, 7200]  # 0:45 added to 2:00
