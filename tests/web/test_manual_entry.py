"""The seed's manual entry in the web app: the dialog "Manual entry" saves what `aos add -p P
--date D --hours H` saves, reading the CLI's grammar; a refusal is shown beside its field in the
CLI's words and nothing is saved."""

from __future__ import annotations

import html
import re

import pytest

from web_support import PASSWORD, form_token
from web_support import signed_in as signed_in_as_ann

httpx = pytest.importorskip("httpx")
pytest.importorskip("argon2")
NOW = "2026-03-04T16:00:00+00:00"


@pytest.fixture
def signed_in(aos, tmp_path, isolated, monkeypatch):
    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme", "--rate", "120", "--currency", "EUR")
    aos("project", "add", "Website", "--client", "Acme")
    aos("user", "add", "ann", "--time-zone", "Europe/Berlin")
    aos("user", "password", "ann", "--stdin", input=PASSWORD + "\n")
    with signed_in_as_ann(tmp_path, {"AOS_NOW": NOW}) as client:
        yield client


def form(client, **fields) -> httpx.Response:
    return client.post("/time/new", data=dict(fields, csrf=form_token(client, "/time/new")))


def test_a_manual_entry_saves_what_aos_add_saves(signed_in, aos):
    dialog = html.unescape(signed_in.get("/time/new").text)
    assert 'aria-labelledby="manual-title"' in dialog and ">Manual entry</h2>" in dialog
    assert 'value="2026-03-04"' in dialog  # today, in ann's zone
    assert form(signed_in, project="1", date="yesterday", hours="1:30", description="Wireframes",
                billable="true").status_code == 303  # fmt: skip
    saved = aos("list", "--json", "-u", "ann").json["entries"][0]
    by_cli = aos("add", "-p", "Website", "--date", "2026-03-03", "--hours", "1.5h", "-d", "Wireframes", "-u", "ann",
                 "--json").json  # fmt: skip
    assert (saved["duration"], saved["amount"], saved["billable"]) == (5400, 180.0, True)
    assert saved["date"] == by_cli["date"] == "2026-03-03"
    assert form(signed_in, project="1", hours="90m").status_code == 303  # no date: today; unchecked: non-billable
    assert aos("list", "--json", "-u", "ann").json["entries"][0]["billable"] is False


@pytest.mark.parametrize(("fields", "field", "says"), [
    ({"project": "1", "hours": "soon"}, "hours", "soon"),
    ({"project": "1", "hours": "1", "date": "2026-02-30"}, "date", "2026-02-30"),
    ({"project": "", "hours": "1"}, "project", "choose a project"),
    ({"project": "1", "hours": ""}, "hours", "give the hours"),
])  # fmt: skip
def test_a_refusal_is_shown_beside_its_field_and_nothing_is_saved(signed_in, aos, fields, field, says):
    refused = form(signed_in, **fields)
    assert refused.status_code == 400
    text = html.unescape(refused.text)
    assert f'id="manual-{field}" name="{field}"' in text
    assert re.search(rf'id="manual-{field}"[^>]*aria-invalid="true" aria-describedby="manual-error[ "]', text)
    assert says in text.split('id="manual-error">', 1)[1].split("<", 1)[0]
    assert aos("list", "--json", "-u", "ann").json["count"] == 0
