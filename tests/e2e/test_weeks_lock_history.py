"""Approved weeks and the team's lock close entries through every face that acts as a member
(the API, the team client, the routes derived from the use cases); every change of an entry is
in its history with who made it and through which face. A real `aos serve` on loopback."""

from __future__ import annotations

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")

from server_support import start_server, stop_server, wp_error_of

WEEK = "2026-W10"  # Monday 2026-03-02 to Sunday 2026-03-08


@pytest.fixture
def team(aos, tmp_path, isolated):
    """ann (member 1), max (manager 2), ada (admin 3), each with a token; ann's entry 1 on the
    Monday of WEEK and entry 2 on its Wednesday; a server."""
    aos("client", "add", "Acme Corp", "--rate", "100")
    aos("project", "add", "Site", "--client", "Acme Corp")
    tokens = {}
    for name, role in (("ann", "member"), ("max", "manager"), ("ada", "admin")):
        aos("user", "add", name, "--role", role)
        tokens[name] = aos("token", "create", "--user", name).out.splitlines()[-1]
    aos(
        "add",
        "-p",
        "Site",
        "--date",
        "2026-03-02",
        "--start",
        "09:00",
        "--end",
        "12:00",
        "-d",
        "Mockups",
        "--user",
        "ann",
    )
    aos(
        "add",
        "-p",
        "Site",
        "--date",
        "2026-03-04",
        "--start",
        "09:00",
        "--end",
        "10:00",
        "-d",
        "Review",
        "--user",
        "ann",
    )
    server = start_server(tmp_path)
    yield server, tokens
    log = stop_server(server)
    assert "Traceback" not in log, log


def entries(aos) -> list:
    return aos("list", "--json").json


# each way a member's token changes an entry of WEEK: (method, path, body)
CHANGES = [
    ("PUT", "/time-entries/1", {"description": "Changed"}),
    ("DELETE", "/time-entries/2", None),
    ("POST", "/time-entries", {"project_id": 1, "start_time": "2026-03-05T09:00:00+00:00", "duration": 600}),
    ("POST", "/time-entries/delete", {"ids": [1]}),
    ("POST", "/uses/edit-entry", {"request": {"ref": "1", "description": "Changed"}}),
    ("POST", "/uses/add-entry", {"request": {"project": "Site", "hours": "1", "date": "2026-03-06"}}),
    ("POST", "/timer", {"project_id": 1, "start_time": "2026-03-08T23:00:00+00:00"}),
    ("PUT", "/time-entries/9", {"start_time": "2026-03-03T09:00:00+00:00", "end_time": "2026-03-03T09:10:00+00:00"}),
]


def test_an_approved_week_is_closed_to_its_member_on_every_route_but_not_to_a_manager(team, aos):
    server, tokens = team
    with server.client(tokens["ann"]) as ann, server.client(tokens["max"]) as boss:
        outside = ann.post("/time-entries", json={"project_id": 1, "start_time": "2026-03-10T09:00:00+00:00",
                                                  "duration": 600})  # fmt: skip
        assert outside.status_code == 201 and outside.json()["id"] == 3
        assert ann.post(f"/weeks/1/{WEEK}/submit").json()["status"] == "submitted"
        wp_error_of(ann.post(f"/weeks/1/{WEEK}/approve"), 403)  # approving is a manager's
        approved = boss.post(f"/weeks/1/{WEEK}/approve", json={"note": "Thanks"})
        assert approved.status_code == 200 and approved.json()["status"] == "approved"
        assert approved.json()["decided_by"] == "max"
        before = entries(aos)
        # entry 9 does not exist: moving entry 3 into the week is the last change, as entry 3
        for method, path, body in [*CHANGES[:-1], ("PUT", "/time-entries/3", CHANGES[-1][2])]:
            refused = wp_error_of(ann.request(method, path, json=body), 409)
            assert refused["code"] == "rest_locked", (method, path, refused)
            assert f"ann's approved week {WEEK}" in refused["message"] and "aos week return ann" in refused["message"]
        assert entries(aos) == before  # nothing written, not even in part
        # a manager may still change it, and the history says so with her name
        assert boss.put("/time-entries/1", json={"description": "Mockups, final"}).status_code == 200
        history = ann.get("/time-entries/1/history").json()
        assert [(c["action"], c["user_name"], c["via"]) for c in history["changes"]] == [
            ("create", "ann", "cli"),  # made with `aos add --user ann` on the database
            ("approve", "max", "api"),
            ("edit", "max", "api"),
        ]
        assert history["changes"][-1]["before"] == {"description": "Mockups"}
        assert history["changes"][-1]["after"] == {"description": "Mockups, final"}
        assert history == aos("history", "1", "--json").json  # the CLI reads the same history
        # returned with a note, the week is open again for ann
        returned = boss.post(f"/weeks/1/{WEEK}/return", json={"note": "Wednesday is missing"}).json()
        assert (returned["status"], returned["note"]) == ("returned", "Wednesday is missing")
        assert ann.put("/time-entries/2", json={"description": "Review, done"}).status_code == 200
        assert [w["status"] for w in ann.get("/weeks").json()["weeks"]] == ["returned"]
        # one member's weeks: her own for a member, anyone's for a manager
        assert ann.get("/weeks", params={"member": "ann"}).json() == boss.get("/weeks", params={"member": "1"}).json()
        wp_error_of(ann.get("/weeks", params={"member": "max"}), 403)
        assert boss.get("/weeks", params={"member": "max"}).json() == {"weeks": []}


def test_the_lock_closes_the_days_before_it_to_all_but_admins_and_billing_stays_possible(team, aos):
    server, tokens = team
    with server.client(tokens["ann"]) as ann, server.client(tokens["max"]) as boss, \
            server.client(tokens["ada"]) as admin:  # fmt: skip
        wp_error_of(boss.put("/lock", json={"before": "2026-03-09"}), 403)  # the lock is an admin's
        locked = admin.put("/lock", json={"before": "2026-03-09"})
        assert locked.status_code == 200 and locked.json()["before"] == "2026-03-09"
        assert ann.get("/lock").json() == locked.json() == aos("lock", "--json").json
        before = entries(aos)
        for client in (ann, boss):
            for method, path, body in CHANGES[:-1]:
                if client is boss and path.startswith("/uses/add-entry"):
                    body = {**body, "acting_as": "ann"}
                refused = wp_error_of(client.request(method, path, json=body), 409)
                assert refused["code"] == "rest_locked", (method, path, refused)
                assert "entries before 2026-03-09 are locked (set by ada)" in refused["message"]
                assert "aos lock --clear" in refused["message"]
        assert entries(aos) == before
        assert admin.put("/time-entries/1", json={"notes": "checked"}).status_code == 200
        # invoicing locked time is what the lock is for
        created = boss.post("/invoices", json={"client_id": 1})
        assert created.status_code == 201, created.text
        actions = [c["action"] for c in ann.get("/time-entries/2/history").json()["changes"]]
        assert actions == ["create", "lock", "mark"]
        cleared = admin.put("/lock", json={"before": None}).json()
        assert cleared["locked"] is False
        assert [c["action"] for c in ann.get("/time-entries/2/history").json()["changes"]][-1] == "unlock"


def test_the_team_client_is_refused_like_the_api_with_the_cli_words(team, aos, monkeypatch, tmp_path):
    server, tokens = team
    with server.client(tokens["ada"]) as admin:
        admin.put("/lock", json={"before": "2026-03-09"})
    local_db = aos("config", "get", "currency")  # the fixture's database stays the truth
    assert local_db.code == 0
    monkeypatch.setenv("AOS_SERVER", server.url)
    monkeypatch.setenv("AOS_TOKEN", tokens["ann"])
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("AOS_DB", raising=False)
    refused = aos("edit", "1", "-d", "Changed", expect=1)
    assert refused.err.startswith("Error: entry 1 is locked: entries before 2026-03-09 are locked (set by ada)")
    assert aos("add", "-p", "Site", "--hours", "1", "--date", "2026-03-20", "-d", "later").code == 0
    changes = aos("history", "3", "--json").json["changes"]
    assert [(c["action"], c["user_name"], c["via"]) for c in changes] == [("create", "ann", "client")]


def test_history_has_no_route_that_writes_it_and_stays_after_a_delete(team, aos):
    server, tokens = team
    with server.client(tokens["ann"]) as ann, server.client(tokens["max"]) as boss:
        for method in ("PUT", "POST", "DELETE", "PATCH"):
            assert ann.request(method, "/time-entries/1/history", json={}).status_code == 405
        assert boss.delete("/time-entries/2").status_code == 200
        wp_error_of(ann.get("/time-entries/2"), 404)  # the entry is gone; its history stays
        wp_error_of(boss.put("/time-entries/2", json={"notes": "x"}), 404)
        history = ann.get("/time-entries/2/history").json()
        assert [(c["action"], c["user_name"]) for c in history["changes"]][-1] == ("delete", "max")
        assert history["changes"][-1]["after"] is None and history["changes"][-1]["before"]["description"] == "Review"
        wp_error_of(ann.get("/time-entries/99/history"), 404)
    with server.client(tokens["max"]) as boss:
        theirs = boss.post("/time-entries", json={"project_id": 1, "start_time": "2026-03-10T09:00:00+00:00",
                                                  "duration": 60})  # fmt: skip
    with server.client(tokens["ann"]) as ann:  # another member's entry is absent, its history too
        wp_error_of(ann.get(f"/time-entries/{theirs.json()['id']}/history"), 404)
    from aostime.server.uses import all_use_cases

    writers = [name for name, case in all_use_cases().items() if "history" in name and case.writes]
    assert writers == []
