"""The web app without a connection: the service worker keeps /time and its shell, so the week
opens (and reloads) offline; a start, a stop reviewed, a manual entry made meanwhile wait in a
queue on the device ("N changes waiting") and are sent in order when the network is back, each
with the Idempotency-Key made with it, through the API's declared use cases on the page's session
and CSRF token: a change sent twice is written once. A change the server refuses is shown beside
what the server has, until the person keeps the server's or sends hers again."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from server_support import start_server, stop_server
from web_support import PASSWORD, axe_violations, signed_in_page

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")
pytest.importorskip("argon2")
expect = sync_api.expect
USES = "/wp-json/agency-os-ai/v1/uses"
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def server(aos, tmp_path, isolated):
    """ann's team on a server keeping the real time (the browser's clock is the real one too)."""
    aos("client", "add", "Acme", "--rate", "120", "--currency", "EUR")
    aos("project", "add", "Website", "--client", "Acme")
    aos("user", "add", "ann", "--time-zone", "Europe/Berlin")
    aos("user", "password", "ann", "--stdin", input=PASSWORD + "\n")
    server = start_server(tmp_path)
    yield server
    log = stop_server(server)
    assert "Traceback" not in log, log


def offline_page(server, new_page):
    page = signed_in_page(server, new_page, "ann", viewport={"width": 1280, "height": 1400},
                          timezone_id="Europe/Berlin", bypass_csp=True)  # fmt: skip
    page.wait_for_selector("html[data-offline-ready]")  # the worker keeps /time and the manual entry
    return page


def entries(aos) -> list[dict]:
    return aos("list", "--json", "-u", "ann").json["entries"]


def typed(moment: datetime) -> str:
    return moment.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M:%S")


def test_a_timer_and_a_manual_entry_made_offline_are_sent_once_when_the_network_is_back(server, new_page, aos):
    page = offline_page(server, new_page)
    badge = page.get_by_role("status").filter(has_text="waiting")
    page.context.set_offline(True)
    assert page.evaluate("navigator.onLine") is False

    timer = page.get_by_role("region", name="Timer")
    timer.get_by_label("Project").select_option(label="Acme / Website")
    timer.get_by_label("Description").fill("Offline work")
    timer.get_by_role("button", name="Start timer").click()
    expect(badge).to_have_text(re.compile(r"^1 change waiting"))
    expect(timer).to_contain_text("Website: started offline at")

    timer.get_by_role("button", name="Stop timer").click()
    review = page.get_by_role("dialog", name="Review time entry")
    now = datetime.now(BERLIN)
    review.get_by_label("Start").fill(typed(now - timedelta(hours=2)))
    review.get_by_label("End").fill(typed(now - timedelta(hours=1)))
    review.get_by_label("Notes").fill("reviewed offline")
    review.get_by_role("button", name="Save entry").click()
    expect(badge).to_have_text(re.compile(r"^2 changes waiting"))

    page.get_by_role("button", name="Add manual entry").click()
    page.wait_for_url("**/time/new*")  # the page kept by the worker
    dialog = page.get_by_role("dialog", name="Manual entry")
    dialog.get_by_label("Project").select_option(label="Acme / Website")
    dialog.get_by_label("Hours").fill("1:30")
    dialog.get_by_label("Description").fill("Written offline")
    dialog.get_by_label("Tags").fill("offline, travel")
    dialog.get_by_role("button", name="Save entry").click()
    page.wait_for_url("**/time")
    expect(badge).to_have_text(re.compile(r"^3 changes waiting"))

    assert entries(aos) == []  # nothing reached the server
    aos("add", "-p", "Website", "--hours", "0:15", "-d", "Only on the server", "-u", "ann")
    page.reload()  # offline still (the worker's own requests too): the week kept, the queue from the device
    expect(page.get_by_role("heading", name="Time", level=1)).to_be_visible()
    expect(badge).to_have_text(re.compile(r"^3 changes waiting"))
    expect(page.get_by_role("row", name="Only on the server")).to_have_count(0)

    lost = []

    def answer_lost(route):
        lost.append(route.fetch())  # the server writes the entry and answers...
        route.abort()  # ...and the answer never arrives

    page.route("**/uses/add-entry", answer_lost, times=1)
    page.context.set_offline(False)
    expect(badge).to_have_text(re.compile(r"^1 change waiting"))  # the start and the stop were sent
    assert lost[0].status == 200 and "Written offline" in [e["description"] for e in entries(aos)]
    page.reload()  # sent again, with its key: the server's first answer, nothing written twice
    expect(page.locator("#offline")).to_have_text("")
    saved = sorted(entries(aos), key=lambda e: e["description"])
    assert [(e["description"], e["duration"], e["notes"]) for e in saved] == [
        ("Offline work", 3600, "reviewed offline"), ("Only on the server", 900, ""), ("Written offline", 5400, "")
    ]  # fmt: skip
    assert saved[2]["tags"] == ["offline", "travel"]  # the field "Tags" of the queued dialog
    expect(page.get_by_role("row", name="Written offline")).to_be_visible()

    # The same change sent again with its key (its answer lost): the first answer, nothing written twice.
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    token = re.search(r'name="csrf" value="([^"]+)"', page.content()).group(1)
    client = httpx.Client(base_url=server.url + USES, cookies=cookies, timeout=30,
                          headers={"Origin": server.url, "X-CSRF-Token": token})  # fmt: skip
    # a day of its own: today, late in the evening, may have no 45 minutes left after the entries above
    body = {"request": {"project": "Website", "hours": "0:45", "date": "2026-03-02", "description": "Sent twice"}}
    first = client.post("/add-entry", json=body, headers={"Idempotency-Key": "5b0c-one-change"})
    again = client.post("/add-entry", json=body, headers={"Idempotency-Key": "5b0c-one-change"})
    assert (first.status_code, again.status_code) == (200, 200), first.text
    assert again.headers["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert [e["description"] for e in entries(aos)].count("Sent twice") == 1
    # The page's session alone does not open the API: its CSRF token, and from this site's pages.
    assert client.post("/add-entry", json=body, headers={"X-CSRF-Token": "guessed"}).status_code == 403
    assert client.post("/add-entry", json=body, headers={"X-CSRF-Token": "gérant".encode()}
                       ).status_code == 403  # fmt: skip
    assert client.post("/add-entry", json=body, headers={"Origin": "https://elsewhere.example"}).status_code == 403
    client.close()


def test_the_app_is_installable_and_its_worker_is_served_from_the_root(server):
    """What a browser asks before installing: a manifest linked from the pages, naming icons of
    192 and 512 pixels that are PNGs of that size; the worker at /sw.js, never kept stale."""
    import struct

    manifest = httpx.get(server.url + "/manifest.webmanifest")
    assert manifest.headers["content-type"] == "application/manifest+json"
    document = manifest.json()
    assert (document["name"], document["start_url"], document["display"]) == ("aostime", "/time", "standalone")
    for icon in document["icons"]:
        png = httpx.get(server.url + icon["src"]).content
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", png[16:24])
        assert f"{width}x{height}" == icon["sizes"]
    assert {icon["sizes"] for icon in document["icons"]} == {"192x192", "512x512"}
    worker = httpx.get(server.url + "/sw.js")
    assert worker.headers["content-type"].startswith("text/javascript")
    assert (
        worker.headers["cache-control"] == "no-cache"
        and "script-src 'self'" in worker.headers["content-security-policy"]
    )
    login = httpx.get(server.url + "/login").text
    assert '<link rel="manifest" href="/manifest.webmanifest">' in login


@pytest.mark.browser_only
def test_an_edit_refused_on_reconnect_is_shown_beside_the_servers_entry_until_the_person_chooses(server, new_page, aos):
    aos("add", "-p", "Website", "--hours", "1", "-d", "Drafted", "-u", "ann")
    entry = entries(aos)[0]["id"]
    page = offline_page(server, new_page)
    page.goto(f"{server.url}/time/{entry}/edit")  # opened online: kept for offline use
    page.context.set_offline(True)
    page.reload()
    dialog = page.get_by_role("dialog", name="Edit entry")
    dialog.get_by_label("Description").fill("Drafted offline")
    dialog.get_by_role("button", name="Save entry").click()
    page.wait_for_url("**/time")
    expect(page.get_by_role("status").filter(has_text="waiting")).to_have_text(re.compile(r"^1 change waiting"))
    assert axe_violations(page) == []

    aos("edit", str(entry), "-d", "Changed on the server")  # meanwhile, elsewhere
    page.context.set_offline(False)
    refused = page.get_by_role("region", name="Changes made offline that the server refused")
    expect(refused).to_contain_text(f"Edit entry {entry} (“Drafted offline”)")
    expect(refused).to_contain_text("Changed on the server")  # what the server has
    assert axe_violations(page) == []
    refused.get_by_role("button", name="Keep the server's").click()
    expect(refused).to_be_hidden()
    assert entries(aos)[0]["description"] == "Changed on the server"
