"""Every change lands exactly once: a POST with an Idempotency-Key is stored with the write it
guards, in one transaction, so concurrent retries, a server killed at any instant and a journal
synced again and again never make a second record nor lose one; and a client clock a little off
does not turn queued changes into conflicts. A real `aos serve` and the real `aos` client."""

from __future__ import annotations

import json
import os
import random
import signal
import threading
import time
from datetime import date, datetime, timedelta

import pytest

from db_query import query

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")

from server_support import API, start_server, stop_server

NOW = "2026-03-04T17:00:00+00:00"


def at(minutes: int) -> str:
    """NOW moved by some minutes, as AOS_NOW reads it."""
    return (datetime.fromisoformat(NOW) + timedelta(minutes=minutes)).isoformat()


@pytest.fixture
def office(aos_proc, tmp_path, isolated, monkeypatch):
    """Acme Corp / Site, ann (member) with a token; a server over the test's database (`start()`
    starts it again, on the same port), and ann's team client (`env`), logged in to it."""
    local = {"AOS_NOW": NOW}
    aos_proc("client", "add", "Acme Corp", "--rate", "100", env=local)
    aos_proc("project", "add", "Site", "-c", "Acme Corp", env=local)
    aos_proc("user", "add", "ann", env=local)
    token = aos_proc("token", "create", "--user", "ann", env=local).out.splitlines()[-1]
    monkeypatch.delenv("AOS_DB")  # the client goes where its login says
    office = Office(tmp_path, isolated, token)
    office.start()
    aos_proc("login", office.server.url, env=dict(office.env, AOS_TOKEN=token))
    yield office
    if office.server.proc.poll() is None:
        log = stop_server(office.server)
        assert "Traceback" not in log and token not in log


class Office:
    def __init__(self, tmp_path, db, token: str) -> None:
        self.tmp_path, self.db, self.token, self.port = tmp_path, db, token, None
        self.env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
                    "AOS_NOW": NOW, "AOS_USER": "ann"}  # fmt: skip
        self.server = None

    def start(self) -> None:
        self.server = start_server(self.tmp_path, env={"AOS_NOW": NOW, "AOS_DB": str(self.db)}, port=self.port)
        self.port = int(self.server.url.rsplit(":", 1)[1])

    def journal(self):
        from aostime.storage.sqlite.journal import Journal

        return Journal(str(self.tmp_path / "data" / "aostime" / "team-journal.db"), self.server.url)

    def described(self) -> dict[str, list[tuple]]:
        """The stored entries by description: [(start, end)] each."""
        found: dict[str, list[tuple]] = {}
        for description, start, end in query(self.db, "SELECT description, start_time, end_time FROM time_entries"):
            found.setdefault(description, []).append((str(start), str(end)))
        return found


def test_concurrent_keyed_posts_are_each_acknowledged_and_stored_once(office):
    """24 requests at once, each key sent twice at the same moment: every one is answered 201,
    the second of a key with the first's answer, and each key made one entry."""
    url = office.server.url + API
    headers = {"Authorization": f"Bearer {office.token}"}
    start_together = threading.Barrier(24)
    answers: dict[int, list] = {}

    def post(n: int) -> None:
        key = f"key-{n // 2}"
        body = {"request": {"project": "Site", "hours": "0.5", "date": "2026-03-02", "description": key},
                "acting_as": None}  # fmt: skip
        start_together.wait()
        answer = httpx.post(url + "/uses/add-entry", json=body, headers=dict(headers, **{"Idempotency-Key": key}),
                            timeout=60)  # fmt: skip
        answers[n] = [answer.status_code, answer.json(), answer.headers.get("idempotent-replayed")]

    threads = [threading.Thread(target=post, args=(n,)) for n in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _, _ in answers.values()) == [200] * 24
    for pair in range(12):
        first, second = answers[2 * pair], answers[2 * pair + 1]
        assert first[1] == second[1]  # one entry, one answer
        assert sorted([first[2], second[2]], key=str) == [None, "true"]  # the later one replayed
    assert {d: len(rows) for d, rows in office.described().items()} == {f"key-{k}": 1 for k in range(12)}


def test_a_journal_synced_while_the_server_is_killed_at_random_lands_every_change_once(office, aos_proc):
    """200 changes queued offline (timer starts and stops, entries added) are synced while the
    server is killed (SIGKILL) at seeded random instants and started again: afterwards each is
    on the server exactly once, none is a conflict, and every timer ran its 30 minutes."""
    stop_server(office.server)
    # four changes queued by the real client show what the journal keeps; 196 more alike
    aos_proc("start", "-p", "Site", "-d", "run-0", "--at", "2025-11-01 09:00", env=office.env)
    aos_proc("stop", "--at", "2025-11-01 09:30", env=office.env)
    aos_proc("add", "-p", "Site", "--hours", "1", "--date", "2026-01-01", "-d", "add-0-a", env=office.env)
    aos_proc("add", "-p", "Site", "--hours", "1", "--date", "2026-01-01", "-d", "add-0-b", env=office.env)
    journal = office.journal()
    (_, _, _, start_path, start, _, _), (_, _, _, stop_path, stop, _, _), (_, _, _, add_path, add, _, _), _ = (
        journal.pending()
    )
    assert start["request"]["at"].startswith("2025-11-01T09:00:00") and stop["request"]["at"].startswith(
        "2025-11-01T09:30"
    )
    for i in range(1, 50):
        day = (date(2025, 11, 1) + timedelta(days=i)).isoformat()
        begun = dict(start, request=dict(start["request"], description=f"run-{i}", at=f"{day}T09:00:00+00:00"))
        ended = dict(stop, request=dict(stop["request"], at=f"{day}T09:30:00+00:00"))
        journal.add("POST", start_path, begun, os.urandom(16).hex(), f"start run-{i}")
        journal.add("POST", stop_path, ended, os.urandom(16).hex(), f"stop run-{i}")
        for part in "ab":
            added = dict(add, request=dict(add["request"], date=(date(2026, 1, 1) + timedelta(days=i)).isoformat(),
                                           description=f"add-{i}-{part}"))  # fmt: skip
            journal.add("POST", add_path, added, os.urandom(16).hex(), f"add add-{i}-{part}")
    assert len(journal.pending()) == 200
    office.start()
    rng = random.Random(20261207)
    kills = []

    def killer() -> None:
        for _ in range(8):
            time.sleep(rng.uniform(0.05, 0.6))  # the next kill's instant, whatever the sync is doing
            office.server.proc.send_signal(signal.SIGKILL)
            office.server.proc.wait()
            kills.append(len(journal.pending()))
            office.start()

    killing = threading.Thread(target=killer)
    killing.start()
    try:
        for _ in range(100):
            synced = aos_proc("sync", "--json", env=office.env, expect=None)
            assert synced.code in (0, 3), synced.err  # 3: the server was down
            if synced.code == 0 and not killing.is_alive() and not journal.pending():
                break
    finally:
        killing.join()
    assert len(kills) == 8 and any(0 < left < 200 for left in kills)  # kills fell while it synced
    assert journal.pending() == [] and journal.conflicts() == []
    stored = office.described()
    assert sorted(stored) == sorted([f"run-{i}" for i in range(50)] + [f"add-{i}-{p}" for i in range(50) for p in "ab"])
    assert all(len(rows) == 1 for rows in stored.values()), {d: r for d, r in stored.items() if len(r) > 1}
    durations = query(office.db, "SELECT description, duration FROM time_entries WHERE description LIKE 'run-%'")
    assert {duration for _, duration in durations} == {1800}


def test_queued_times_from_a_clock_a_little_off_are_corrected_and_one_far_off_is_refused(office, aos_proc):
    """ann's clock runs 10 minutes ahead: a stop queued at what it called 17:10 (17:00 on the
    server) is taken at 17:00, and says so; at 20 minutes off the sync is refused, queued still."""
    stop_server(office.server)
    aos_proc("start", "-p", "Site", "-d", "ahead", env=dict(office.env, AOS_NOW=at(-10)))  # really 16:40
    office.start()
    far = aos_proc("sync", env=dict(office.env, AOS_NOW=at(20)), expect=2)
    assert far.err.count("\n") == 1 and "20 min ahead of the team server's, more than 15 min" in far.err
    assert len(office.journal().pending()) == 1
    stop_server(office.server)
    aos_proc("stop", env=dict(office.env, AOS_NOW=at(10)))  # really 17:00
    office.start()
    synced = aos_proc("sync", "--json", env=dict(office.env, AOS_NOW=at(10)))
    assert json.loads(synced.out) == {"sent": 2, "conflicts": [], "cleared": 0}
    assert "clock is 10 min ahead of the team server's: the times queued offline were moved 10 min earlier" in (
        synced.err
    )
    listed = aos_proc("list", "--json", env={"AOS_DB": str(office.db), "AOS_NOW": NOW}).json["entries"]
    assert [(e["description"], e["start_time"], e["end_time"]) for e in listed] == [
        ("ahead", "2026-03-04T16:40:00+00:00", "2026-03-04T17:00:00+00:00")
    ]


def test_a_change_first_sent_longer_ago_than_the_server_keeps_keys_becomes_a_conflict(office, aos_proc):
    """The server keeps a key's answer for 30 days: a change first sent 29 days ago (the server
    may have applied it and forgotten its key) is not sent again but kept as a conflict; one
    never sent is sent whenever it comes."""
    stop_server(office.server)
    aos_proc("add", "-p", "Site", "--hours", "1", "--date", "2026-03-02", "-d", "tried", env=office.env)
    assert aos_proc("sync", env=office.env, expect=3)  # tried while the server was down
    aos_proc("add", "-p", "Site", "--hours", "1", "--date", "2026-03-02", "-d", "waited", env=office.env)
    month = {"AOS_NOW": at(29 * 24 * 60)}
    office.server = start_server(office.tmp_path, env=dict(month, AOS_DB=str(office.db)), port=office.port)
    synced = aos_proc("sync", "--json", env=dict(office.env, **month)).json
    assert synced["sent"] == 1 and [c["change"] for c in synced["conflicts"]] == ["add 1 h on 2026-03-02 (Site)"]
    assert "first sent over 28 days ago and never answered" in synced["conflicts"][0]["server_said"]
    assert sorted(office.described()) == ["waited"]


def test_a_change_the_server_says_it_is_still_answering_is_sent_again_not_parked(office, aos_proc):
    """A server that settles a key after answering (an older aostime) says 409 "still being
    answered" to a retry that comes too soon: the client sends the same change, same key, again
    after a pause, and it is sent, not kept as a conflict. The older server stands in here."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    stop_server(office.server)
    aos_proc("add", "-p", "Site", "--hours", "1", "--date", "2026-03-02", "-d", "busy", env=office.env)
    keys = []

    class StillAnswering(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            keys.append(self.headers["Idempotency-Key"])
            busy = len(keys) <= 2
            message = "the request with this Idempotency-Key is still being answered; retry in a moment"
            body = (
                {"code": "rest_conflict", "message": message, "data": {"status": 409, "error": "conflict"}}
                if busy
                else {"result": None}
            )
            data = json.dumps(body).encode()
            self.send_response(409 if busy else 200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    older = ThreadingHTTPServer(("127.0.0.1", office.port), StillAnswering)
    threading.Thread(target=older.serve_forever, daemon=True).start()
    try:
        synced = aos_proc("sync", "--json", env=office.env).json
    finally:
        older.shutdown()
        older.server_close()
    assert synced == {"sent": 1, "conflicts": [], "cleared": 0}
    assert len(keys) == 3 and len(set(keys)) == 1
    assert office.journal().pending() == []
