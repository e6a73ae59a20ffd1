"""The timer region and the seed's review-and-adjust in the web app, over HTTP as a browser
posts its forms: start, stop opens "Review time entry", "Save entry" stores the entry as adjusted
(one write, the same use case as `aos stop --start --at -d`), "Discard" cancels after a
confirmation; a refusal is shown in the CLI's words and nothing is saved."""

from __future__ import annotations

import html
import re

import pytest

from web_support import PASSWORD, form_token
from web_support import signed_in as signed_in_as_ann

httpx = pytest.importorskip("httpx")
pytest.importorskip("argon2")
NOW = "2026-03-04T16:00:00+00:00"  # 17:00 in Berlin, ann's zone


@pytest.fixture
def signed_in(aos, tmp_path, isolated, monkeypatch):
    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme", "--rate", "120", "--currency", "EUR")
    aos("project", "add", "Website", "--client", "Acme")
    aos("task", "add", "Design", "--project", "Website")
    aos("user", "add", "ann", "--time-zone", "Europe/Berlin")
    aos("user", "password", "ann", "--stdin", input=PASSWORD + "\n")
    with signed_in_as_ann(tmp_path, {"AOS_NOW": NOW}) as client:
        yield client


def csrf(client) -> str:
    return form_token(client, "/time")


def test_start_review_and_save_store_the_entry_as_adjusted_in_one_write(signed_in, aos):
    page = signed_in.get("/time").text
    assert '<label for="timer-project">Project</label>' in page and ">Start timer</button>" in page
    started = signed_in.post("/timer/start", data={"project": "1", "task": "1", "description": "Mockups",
                                                   "billable": "true", "csrf": csrf(signed_in)})  # fmt: skip
    assert started.status_code == 303
    running = aos("status", "--json", "-u", "ann").json
    assert running["running"] and (running["entry"]["project_name"], running["entry"]["task_name"]) == (
        "Website", "Design")  # fmt: skip
    region = signed_in.get("/time").text
    assert 'role="timer"' in region and ">Stop timer</button>" in region and "0:00:00" in region
    review = html.unescape(signed_in.get("/timer/review").text)
    assert 'aria-labelledby="review-title"' in review and "Review time entry" in review
    assert 'value="2026-03-04 17:00:00"' in review  # the start, in ann's zone
    saved = signed_in.post("/timer/stop", data={"start": "2026-03-04 15:30", "end": "17:00", "description": "Mockups v2",
                                                "notes": "two rounds", "billable": "true", "csrf": csrf(signed_in)})  # fmt: skip
    assert saved.status_code == 303
    entry = aos("list", "--json", "-u", "ann").json["entries"][0]
    assert (entry["start_time"], entry["end_time"], entry["duration"]) == (
        "2026-03-04T14:30:00+00:00", "2026-03-04T16:00:00+00:00", 5400)  # fmt: skip
    assert (entry["description"], entry["notes"], entry["amount"]) == ("Mockups v2", "two rounds", 180.0)
    assert aos("status", "--json", "-u", "ann").json["running"] is False


def test_a_refused_review_says_why_beside_its_field_and_saves_nothing(signed_in, aos):
    signed_in.post("/timer/start", data={"project": "1", "billable": "true", "csrf": csrf(signed_in)})
    refused = signed_in.post("/timer/stop", data={"start": "2026-03-04 18:00", "end": "17:00", "csrf": csrf(signed_in)})
    assert refused.status_code == 400
    text = html.unescape(refused.text)
    assert 'role="alert" id="review-error"' in text and 'aria-invalid="true"' in text
    assert aos("status", "--json", "-u", "ann").json["running"] is True  # still running, nothing saved
    assert aos("list", "--json", "-u", "ann").json["count"] == 1  # the running timer only


def test_discard_asks_first_then_cancels_the_timer(signed_in, aos):
    signed_in.post("/timer/start", data={"project": "1", "csrf": csrf(signed_in)})
    asked = signed_in.get("/timer/discard")
    assert "Discard the timer?" in asked.text and aos("status", "--json", "-u", "ann").json["running"] is True
    token = re.search(r'name="csrf" value="([^"]+)"', asked.text).group(1)
    assert signed_in.post("/timer/discard", data={"csrf": token}).status_code == 303
    assert aos("status", "--json", "-u", "ann").json["running"] is False
    assert aos("list", "--json", "-u", "ann").json["count"] == 0


def test_a_start_refused_is_shown_in_the_clis_words_and_a_forged_form_does_nothing(signed_in, aos):
    refused = signed_in.post("/timer/start", data={"project": "42", "csrf": csrf(signed_in)})
    assert refused.status_code == 400
    assert "project 42 not found; see 'aos project list'" in html.unescape(refused.text)  # as `aos start -p 42`
    forged = signed_in.post("/timer/start", data={"project": "1", "csrf": "forged"})
    assert forged.status_code == 303 and aos("status", "--json", "-u", "ann").json["running"] is False
    forged = signed_in.post("/timer/start", data={"project": "1", "csrf": "gefälscht"})  # not ASCII: still refused
    assert forged.status_code == 303 and aos("status", "--json", "-u", "ann").json["running"] is False


def test_one_of_the_last_entries_restarts_in_one_click_as_aos_restart_does(signed_in, aos):
    aos("add", "-p", "Website", "-t", "Design", "--start", "2026-03-04 08:00", "--end", "2026-03-04 09:00",
        "-d", "Mockups", "--rate", "90", "-u", "ann")  # fmt: skip
    aos("add", "-p", "Website", "--start", "2026-03-04 10:00", "--end", "2026-03-04 11:00", "-d", "Call", "-u", "ann")
    page = html.unescape(signed_in.get("/time").text)
    assert page.index(">Restart Call</button>") < page.index(">Restart Mockups</button>")  # the newest first
    entry_id = re.search(r'name="entry" value="(\d+)">\s*<button type="submit">Restart Mockups', page).group(1)
    assert signed_in.post("/timer/restart", data={"entry": entry_id, "csrf": csrf(signed_in)}).status_code == 303
    running = aos("status", "--json", "-u", "ann").json["entry"]
    assert (running["project_name"], running["task_name"], running["description"], running["hourly_rate"]) == (
        "Website", "Design", "Mockups", 90.0)  # fmt: skip


def test_the_timer_region_alone_says_its_state_for_another_tab_to_compare(signed_in, aos):
    stopped = signed_in.get("/timer/region").text
    assert 'data-state="stopped"' in stopped and "<main" not in stopped
    aos("start", "-p", "1", "-u", "ann")  # from the command line, meanwhile
    running = signed_in.get("/timer/region").text
    assert 'data-state="running 1 ' in running and 'role="timer"' in running


def test_the_start_of_a_running_timer_is_corrected_as_aos_edit_does(signed_in, aos):
    signed_in.post("/timer/start", data={"project": "1", "csrf": csrf(signed_in)})
    refused = signed_in.post("/timer/correct-start", data={"start": "soon", "csrf": csrf(signed_in)})
    assert refused.status_code == 400 and "soon" in html.unescape(refused.text)
    forged = signed_in.post("/timer/correct-start", data={"start": "15:00", "csrf": "forged"})
    assert forged.status_code == 303 and forged.headers["location"] == "/login"
    assert signed_in.post("/timer/correct-start", data={"start": "15:00", "csrf": csrf(signed_in)}).status_code == 303
    running = next(e for e in aos("list", "--json", "-u", "ann").json["entries"] if e["running"])
    assert running["start_time"] == "2026-03-04T14:00:00+00:00"  # 15:00 in Berlin, ann's zone
