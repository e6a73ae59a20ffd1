"""The team server: every route under every role, per-person visibility, the same documents as
the CLI, and the hardening a shared server needs. A real `aos serve` on loopback, real tokens."""

from __future__ import annotations

import json
import re
import socket
from datetime import UTC, datetime, timedelta

import pytest

from db_query import query

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")

from billing_support import ready_to_issue
from server_support import API, start_server, stop_server, wp_error_of


@pytest.fixture
def team(aos, tmp_path, isolated):
    """Acme Corp with a project and a task; ann (member), max (manager) and ada (admin), each
    with an entry (ids 1, 2, 3) and two tokens (the second, ids 4-6, spare); three draft invoices
    (1, 2, 3) of Billed Co for ada's entries 4, 5 and 6, ready to be issued; and a server."""
    aos("client", "add", "Acme Corp", "--rate", "100")
    aos("project", "add", "Site", "--client", "Acme Corp")
    aos("task", "add", "Design", "--project", "Site")
    tokens = {}
    for name, role in (("ann", "member"), ("max", "manager"), ("ada", "admin")):
        aos("user", "add", name, "--role", role)
        tokens[role] = aos("token", "create", "--user", name).out.splitlines()[-1]
        aos("add", "-p", "Site", "--hours", "1", "--date", "2026-03-02", "-d", f"{name}'s work", "--user", name)
    for name in ("ann", "max", "ada"):
        aos("token", "create", "--user", name, "--name", "spare")
    aos("client", "add", "Billed Co", "--rate", "80")
    aos("project", "add", "Old", "--client", "Billed Co")
    aos("add", "-p", "Old", "--hours", "2", "--date", "2026-02-02", "--user", "ada")
    aos("invoice", "create", "-c", "Billed Co")
    for day in ("2026-02-03", "2026-02-04"):
        aos("add", "-p", "Old", "--hours", "1", "--date", day, "--user", "ada")
        aos("invoice", "create", "-c", "Billed Co")
    ready_to_issue(aos, "Billed Co")
    server = start_server(tmp_path)
    yield Team(server, tokens, aos)
    log = stop_server(server)
    assert "Traceback" not in log, log
    for token in tokens.values():
        assert token not in log


class Team:
    def __init__(self, server, tokens, aos):
        self.server, self.tokens, self.aos = server, tokens, aos

    def client(self, role: str, **kwargs) -> httpx.Client:
        return self.server.client(self.tokens[role], **kwargs)


ENTRY = {"project_id": 1, "start_time": "2026-03-03T09:00:00+00:00", "duration": 3600}
BATCH = {"format": "csv", "path": "hours.csv"}
ROW = {"start": "2026-03-04T09:00:00+00:00", "end": "2026-03-04T10:00:00+00:00", "client": "Acme Corp",
       "project": "Site", "where": "hours.csv, row 2"}  # fmt: skip
# Every route, in an order that works for one role from a fresh team: (method, path, body, the
# least role allowed). {own} is the asker's own entry, {spare} their spare token, {created} the
# entry they made with POST /time-entries.
ROUTES = [
    ("GET", "/me", None, "member"),
    ("GET", "/timer", None, "member"),
    ("POST", "/timer", {"project_id": 1, "start_time": "-5m"}, "member"),
    ("POST", "/timer/stop", {}, "member"),
    ("POST", "/timer/restart", {}, "member"),
    ("DELETE", "/timer", None, "member"),
    ("GET", "/time-entries", None, "member"),
    ("GET", "/search?text=site", None, "member"),
    ("POST", "/time-entries", ENTRY, "member"),
    ("GET", "/time-entries/{own}", None, "member"),
    ("PUT", "/time-entries/{own}", {"notes": "checked"}, "member"),
    ("GET", "/time-entries/unbilled", None, "member"),
    ("GET", "/reports", None, "member"),
    ("GET", "/budgets", None, "manager"),
    ("GET", "/export?format=csv", None, "member"),
    ("GET", "/clients", None, "member"),
    ("GET", "/clients/1", None, "member"),
    ("GET", "/projects", None, "member"),
    ("GET", "/projects/1", None, "member"),
    ("GET", "/tasks", None, "member"),
    ("GET", "/tasks/1", None, "member"),
    ("GET", "/tokens", None, "member"),
    ("POST", "/clients", {"name": "Globex"}, "manager"),
    ("PUT", "/clients/1", {"email": "ap@acme.test"}, "manager"),
    ("POST", "/projects", {"name": "App", "client_id": 1}, "manager"),
    ("PUT", "/projects/1", {"hourly_rate": 120}, "manager"),
    ("POST", "/tasks", {"name": "Build", "project_id": 1}, "manager"),
    ("PUT", "/tasks/1", {"billable": False}, "manager"),
    ("GET", "/invoices", None, "manager"),
    ("POST", "/invoices", {"client_id": 1, "dry_run": True}, "manager"),
    ("GET", "/invoices/1", None, "manager"),
    ("PUT", "/invoices/1/status", {"status": "sent"}, "manager"),
    ("GET", "/invoices/1?format=pdf", None, "manager"),
    ("POST", "/invoices/1/payments", {"amount": "10"}, "manager"),
    ("POST", "/invoices/1/cancel", {}, "manager"),
    ("POST", "/invoices/2/lines", {"description": "Fee", "quantity": "1", "unit_price": "50"}, "manager"),
    ("DELETE", "/invoices/2/lines/2", None, "manager"),
    ("POST", "/invoices/2/void", {}, "manager"),
    ("POST", "/invoices/3/issue", {}, "manager"),
    ("PUT", "/time-entries/1/mark-invoiced", None, "manager"),  # ann's own entry: billing is not hers
    ("PUT", "/time-entries/1/unmark-invoiced", None, "manager"),
    ("PUT", "/time-entries/mark-invoiced", {"ids": [1]}, "manager"),
    ("PUT", "/time-entries/unmark-invoiced", {"ids": [1]}, "manager"),
    ("POST", "/time-entries", dict(ENTRY, user_id=3), "manager"),
    ("POST", "/timer", {"project_id": 1, "start_time": "-5m", "user_id": 3}, "manager"),
    ("GET", "/timer?user_id=3", None, "manager"),
    ("DELETE", "/timer?user_id=3", None, "manager"),
    ("GET", "/users", None, "member"),  # a member's lists herself only
    ("GET", "/users/{own}", None, "member"),  # ann 1, max 2, ada 3: the asker
    ("POST", "/users", {"name": "zoe"}, "admin"),
    ("PUT", "/users/{own}", {"time_zone": "Europe/Paris", "theme": "dark"}, "member"),  # one's own profile
    ("PUT", "/users/3", {"email": "ada@acme.test"}, "admin"),  # ada's: another's to ann and max
    ("GET", "/settings", None, "admin"),
    ("PUT", "/settings", {"tax_rate": "19"}, "admin"),
    ("POST", "/tokens", {"user_id": 3}, "admin"),  # ada's: an admin's own, anyone else's at that
    ("POST", "/import", {"batch": {"format": "csv", "path": "empty.csv"}, "dry_run": True}, "manager"),
    # The fields of a body that reach further than its route: each needs the role of the route
    # that does the same thing directly.
    ("POST", "/import", {"batch": dict(BATCH, users=[{"name": "eve"}]), "dry_run": True}, "admin"),
    ("POST", "/import", {"batch": dict(BATCH, entries=[dict(ROW, user="newbie")]), "dry_run": True}, "admin"),
    ("POST", "/import", {"batch": dict(BATCH, entries=[dict(ROW, user="ann", invoiced=True)])}, "manager"),
    ("POST", "/uses/add-record", {"request": {"kind": "client", "name": "Initech"}}, "manager"),
    ("POST", "/uses/add-record", {"request": {"kind": "user", "name": "uma"}}, "admin"),
    ("POST", "/uses/edit-record", {"request": {"kind": "user", "ref": "ada", "email": "ada@acme.test"}}, "admin"),
    (
        "POST",
        "/uses/add-entry",
        {"request": {"project": "Site", "hours": "1", "date": "2026-03-05"}, "acting_as": "ada"},
        "manager",
    ),
    ("POST", "/uses/set-setting", {"request": {"key": "bank_iban", "value": "DE89370400440532013000"}}, "admin"),
    ("GET", "/time-entries/{own}/history", None, "member"),
    ("GET", "/lock", None, "member"),
    ("PUT", "/lock", {"before": None}, "admin"),
    ("GET", "/weeks", None, "member"),
    ("POST", "/weeks/{own}/2026-W10/submit", None, "member"),  # one's own week
    ("POST", "/weeks/{own}/2026-W11/submit", None, "member"),
    ("POST", "/weeks/{own}/2026-W10/approve", {"note": "fine"}, "manager"),
    ("POST", "/weeks/{own}/2026-W11/return", {"note": "Tuesday is missing"}, "manager"),
    ("DELETE", "/time-entries/{created}", None, "member"),
    ("POST", "/time-entries/delete", {"ids": ["{own}"]}, "member"),
    ("DELETE", "/tokens/{spare}", None, "member"),
]
OWN = {"member": 1, "manager": 2, "admin": 3}
SPARE = {"member": 4, "manager": 5, "admin": 6}
RANK = {"member": 0, "manager": 1, "admin": 2}


@pytest.mark.parametrize("role", ["member", "manager", "admin"])
def test_every_route_is_allowed_from_its_role_up_and_forbidden_below(team, role):
    with team.client(role) as api:
        made = {"own": OWN[role], "spare": SPARE[role], "created": None}
        for method, path, body, least in ROUTES:
            path = path.format(**made)
            if body is not None:
                body = json.loads(json.dumps(body).replace('"{own}"', str(OWN[role])))
            response = api.request(method, path, json=body)
            if RANK[role] >= RANK[least]:
                assert response.status_code in (200, 201), (role, method, path, response.text)
                if (method, path) == ("POST", "/time-entries") and "user_id" not in body:
                    made["created"] = response.json()["id"]
            else:
                body = wp_error_of(response, 403)
                assert body["code"] == "rest_forbidden" and f"your role ({role})" in body["message"], (method, path)


def test_the_table_of_routes_holds_every_operation_of_the_api(team):
    import re

    schema = httpx.get(team.server.url + "/openapi.json", headers={"Authorization": f"Bearer {team.tokens['member']}"})
    operations = {(method.upper(), path.removeprefix(API)) for path, methods in schema.json()["paths"].items()
                  for method in methods}  # fmt: skip
    tabled = set()
    for method, path, _, _ in ROUTES:
        concrete = path.split("?")[0].format(own=1, spare=4, created=5)
        for operation_method, template in operations:
            pattern = "^" + re.sub(r"\\{[a-z_]+\\}", "[^/]+", re.escape(template)) + "$"
            if operation_method == method and re.match(pattern, concrete):
                tabled.add((method, template))
    derived = {(method, path) for method, path in operations if path.startswith("/uses/")}  # the next test's
    assert operations - tabled - derived == {("GET", "/health")}  # the one route without a token


def test_every_derived_route_refuses_the_roles_below_its_declaration(team):
    """The routes derived from the use case declarations (POST /uses/<name>): a role below the
    declared one gets 403 before anything runs, whatever the request."""
    from use_case_samples import declared, invocations

    cases = declared()
    below = {"manager": ["member"], "admin": ["member", "manager"]}
    checked = set()
    for name, request in invocations():
        case = cases[name]
        for role in below.get(case.role, []):
            with team.client(role) as api:
                response = api.post(f"/uses/{name.replace('_', '-')}", json={"request": request})
            body = wp_error_of(response, 403)
            assert body["code"] == "rest_forbidden" and f"your role ({role})" in body["message"], (name, role)
            checked.add((name, role))
    assert {name for name, _ in checked} == {name for name, case in cases.items() if case.role != "member"}


def test_a_member_sees_changes_and_bills_none_of_another_members_time(team, db_dump):
    with team.client("member") as ann:
        ann.get("/me")  # the token's first use is noted (last_used_at); nothing after it may write
        before = db_dump()
        listed = ann.get("/time-entries").json()
        assert [e["user_name"] for e in listed] == ["ann"]
        assert ann.get("/time-entries", params={"user_id": 2}).json() == []
        for method, path, body in [("GET", "/time-entries/2", None), ("PUT", "/time-entries/2", {"notes": "mine"}),
                                   ("DELETE", "/time-entries/2", None)]:  # fmt: skip
            assert wp_error_of(ann.request(method, path, json=body), 404)["code"] == "rest_not_found"
        wp_error_of(ann.put("/time-entries/1/mark-invoiced"), 403)  # even her own: billing is the managers'
        assert [u["name"] for u in ann.get("/users").json()] == ["ann"]  # the other members are absent to her
        wp_error_of(ann.get("/users/2"), 404)
        wp_error_of(ann.get("/users", params={"ref": "max"}), 404)
        wp_error_of(ann.post("/time-entries", json=dict(ENTRY, user_id=2)), 403)
        report = ann.get("/reports", params={"by": "user"}).json()
        assert [row["user_name"] for row in report["rows"]] == ["ann"]
        unbilled = ann.get("/time-entries/unbilled").json()
        assert [e["description"] for e in unbilled["entries"]] == ["ann's work"] and unbilled["total_hours"] == 1.0
        assert [(t["id"], t["user_name"]) for t in ann.get("/tokens").json()] == [(1, "ann"), (4, "ann")]
        wp_error_of(ann.delete("/tokens/2"), 404)  # max's token
    assert db_dump() == before


def test_a_member_edits_and_deletes_her_own_entries_until_they_are_invoiced(team):
    with team.client("member") as ann, team.client("manager") as max_:
        assert ann.put("/time-entries/1", json={"notes": "checked"}).json()["notes"] == "checked"
        max_.put("/time-entries/1/mark-invoiced")
        wp_error_of(ann.delete("/time-entries/1"), 409)
        created = ann.post("/time-entries", json=ENTRY).json()
        assert ann.delete(f"/time-entries/{created['id']}").json() == {"deleted": [created["id"]], "count": 1}


def test_tokens_of_archived_members_stop_at_once_and_expired_or_read_only_ones_are_refused(team, aos, tmp_path):
    with team.client("member") as ann:
        assert ann.get("/me").json()["name"] == "ann"
        aos("user", "archive", "ann")
        assert "archived" in wp_error_of(ann.get("/me"), 401)["message"]
    reader = aos("token", "create", "--user", "max", "--read-only").out.splitlines()[-1]
    with team.server.client(reader) as api:
        assert api.get("/me").json()["read_only"] is True
        assert "read-only" in wp_error_of(api.post("/time-entries", json=ENTRY), 403)["message"]
    short = aos("token", "create", "--user", "max", "--expires", "1d").out.splitlines()[-1]
    later = (datetime.now(UTC) + timedelta(days=2)).isoformat(timespec="seconds")
    future = start_server(tmp_path, env={"AOS_NOW": later})
    try:
        with future.client(short) as api:
            assert "expired" in wp_error_of(api.get("/me"), 401)["message"]
        with future.client(team.tokens["manager"]) as api:
            assert api.get("/me").status_code == 200
    finally:
        stop_server(future)
    listed = {t["id"]: t for t in aos("token", "list", "--json").json}
    assert listed[8]["expires_at"] is not None and listed[7]["read_only"] is True
    assert listed[2]["last_used_at"] is not None  # max's token was used


def test_the_timer_over_http_saves_what_the_cli_would(team, aos):
    with team.client("member") as ann:
        started = ann.post("/timer", json={"project_id": 1, "start_time": "2026-03-05T09:00:00+00:00",
                                           "description": "draft"})  # fmt: skip
        assert started.status_code == 201 and started.headers["location"].endswith(
            f"/time-entries/{started.json()['id']}"
        )
        status = ann.get("/timer").json()
        assert status["running"] is True and status["entry"]["description"] == "draft"
        stopped = ann.post("/timer/stop", json={"end_time": "2026-03-05T11:30:00+00:00",
                                                "start_time": "2026-03-05T09:15:00+00:00",
                                                "description": "final", "billable": False}).json()  # fmt: skip
        assert ann.get("/timer").json() == {"running": False, "entry": None}
    aos("start", "-p", "Site", "--at", "2026-03-06 09:00", "-d", "draft", "--user", "ann")
    by_cli = aos("stop", "--at", "2026-03-06 11:30", "--start", "2026-03-06 09:15", "-d", "final",
                 "--non-billable", "--user", "ann", "--json").json  # fmt: skip
    same = ("project_id", "task_id", "user_id", "duration", "hours", "description", "billable", "hourly_rate", "amount")
    assert {k: stopped[k] for k in same} == {k: by_cli[k] for k in same}
    assert stopped["duration"] == 2 * 3600 + 15 * 60 and stopped["amount"] == 0


def test_every_question_with_an_endpoint_gets_the_clis_json(team, aos):
    for client, project in (("Zeta Ltd", "Zed"), ("beta GmbH", "Beta")):  # unbilled: by client, any case
        aos("client", "add", client)
        aos("project", "add", project, "-c", client)
    aos("add", "-p", "Zed", "--hours", "2", "--date", "2026-03-04", "--user", "ann")
    aos("add", "-p", "Beta", "--hours", "1", "--date", "2026-03-05", "--user", "max")
    aos("add", "-p", "Beta", "--hours", "1", "--date", "2026-03-01", "--user", "ada")
    aos("invoice", "create", "-c", "Acme Corp", "--round", "none")
    assert [e["project_name"] for e in aos("unbilled", "--json").json["entries"]] == ["Beta", "Beta", "Zed"]
    first = lambda documents: documents[0]
    questions = [  # (path, the CLI's arguments, which part of the CLI's answer)
        ("/timer", ["status", "--json", "--user", "max"], None),
        ("/time-entries/unbilled", ["unbilled", "--json"], None),
        ("/clients", ["client", "list", "--json"], None),
        ("/clients/1", ["client", "list", "--json"], first),
        ("/projects", ["project", "list", "--json"], None),
        ("/users", ["user", "list", "--json"], None),
        ("/invoices", ["invoice", "list", "--json"], None),
        ("/invoices/1", ["invoice", "show", "1", "--json"], None),
        ("/reports?by=user,month", ["report", "--by", "user,month", "--json"], None),
        ("/settings", ["config", "list", "--json"], None),
    ]
    with team.client("admin") as ada:
        for path, args, part in questions:
            answer = ada.get(path)
            assert answer.status_code == 200, (path, answer.text)
            cli = aos(*args).json
            assert answer.json() == (part(cli) if part else cli), path
        # tokens: the same but for when each was last used (the requests above used ada's)
        unused = lambda documents: [dict(t, last_used_at=None) for t in documents]
        assert unused(ada.get("/tokens").json()) == unused(aos("token", "list", "--json").json)


def test_naive_times_are_read_and_shown_in_the_members_zone(team, aos):
    aos("user", "edit", "ann", "--time-zone", "Asia/Tokyo")
    with team.client("member") as ann, team.client("manager") as max_:
        entry = ann.post("/time-entries", json=dict(ENTRY, start_time="2026-03-03 09:00")).json()
        assert entry["start_time"] == "2026-03-03T09:00:00+09:00"
        assert max_.get(f"/time-entries/{entry['id']}").json()["start_time"] == "2026-03-03T00:00:00+00:00"


def test_a_retried_post_with_an_idempotency_key_makes_one_record(team, isolated):
    with team.client("member") as ann:
        first = ann.post("/time-entries", json=ENTRY, headers={"Idempotency-Key": "k-1"})
        again = ann.post("/time-entries", json=ENTRY, headers={"Idempotency-Key": "k-1"})
        assert first.status_code == again.status_code == 201 and again.json() == first.json()
        assert again.headers["idempotent-replayed"] == "true" and again.headers["location"] == first.headers["location"]
        other = ann.post("/time-entries", json=dict(ENTRY, duration=60), headers={"Idempotency-Key": "k-1"})
        assert "different request" in wp_error_of(other, 409)["message"]
        refused = ann.post("/time-entries", json=dict(ENTRY, project_id=99), headers={"Idempotency-Key": "k-2"})
        wp_error_of(refused, 400)
        assert ann.post("/time-entries", json=ENTRY, headers={"Idempotency-Key": "k-2"}).status_code == 201
    assert query(isolated, "SELECT count(*) FROM time_entries WHERE user_id = 1") == [(3,)]


def test_json_types_are_strict(team):
    with team.client("manager") as api:
        for body in [dict(ENTRY, project_id=True), dict(ENTRY, duration=True), dict(ENTRY, duration="3600"),
                     dict(ENTRY, billable=1), dict(ENTRY, project_id=1.0), dict(ENTRY, hourly_rate=True)]:  # fmt: skip
            wp_error_of(api.post("/time-entries", json=body), 400)
        wp_error_of(api.post("/clients", json={"name": "Typo Inc", "hourly_rat": 5}), 400)


def test_bad_times_are_400_and_the_connection_survives(team):
    with team.client("manager") as api:
        for params in [{"to_date": "9999-12-31"}, {"from_date": "0001-01-01"}, {"from_date": "2026-03-02T09:00+25:00"},
                       {"to_date": "2026-03-02T09:00:00-99:00"}]:  # fmt: skip
            wp_error_of(api.get("/time-entries", params=params), 400)
            assert api.get("/me").status_code == 200  # same connection, still answering
        for start in ["2026-03-02T09:00:00+25:00", "9999-12-31T23:59:59", "0001-01-01T00:00:00"]:
            wp_error_of(api.post("/time-entries", json=dict(ENTRY, start_time=start)), 400)
            assert api.get("/me").status_code == 200


def test_a_body_over_the_limit_is_413_and_no_token_is_401_before_any_body_is_read(team):
    big = b"x" * (2 * 1024 * 1024)
    with httpx.Client(base_url=team.server.url + API, timeout=30) as anonymous:
        wp_error_of(anonymous.post("/time-entries", content=b"{}", headers={"content-type": "application/json"}), 401)
        too_big = anonymous.post("/time-entries", content=big, headers={"content-type": "application/json"})
        wp_error_of(too_big, 413)
    with team.client("member") as ann:
        wp_error_of(ann.post("/time-entries", content=big, headers={"content-type": "application/json"}), 413)

        def chunks():  # no Content-Length: counted as it arrives
            for _ in range(40):
                yield b" " * 65536

        wp_error_of(ann.post("/time-entries", content=chunks(), headers={"content-type": "application/json"}), 413)
        assert ann.get("/me").status_code == 200


def test_the_unbilled_list_is_paged_and_its_totals_cover_every_page(team, aos):
    for day in range(3, 8):
        aos("add", "-p", "Site", "--hours", "2", "--date", f"2026-03-0{day}", "--user", "max")
    with team.client("manager") as api:
        first = api.get("/time-entries/unbilled", params={"per_page": 3})
        last = api.get("/time-entries/unbilled", params={"per_page": 3, "page": 3})
        assert first.headers["x-wp-total"] == "8" and first.headers["x-wp-totalpages"] == "3"
        assert len(first.json()["entries"]) == 3 and len(last.json()["entries"]) == 2
        assert first.json()["total_hours"] == last.json()["total_hours"] == 13.0
        assert first.json()["total_amount"] == 1300.0
        wp_error_of(api.get("/time-entries/unbilled", params={"per_page": 3, "page": 4}), 400)


def test_docs_need_a_token_unless_served_public_and_health_needs_none(team, tmp_path):
    with httpx.Client(base_url=team.server.url, timeout=30) as anonymous:
        wp_error_of(anonymous.get("/openapi.json"), 401)
        wp_error_of(anonymous.get("/docs"), 401)
        assert anonymous.get(API + "/health").json() == {"status": "ok", "database": "ok"}
    assert team.server.client(team.tokens["member"]).get("/me").status_code == 200
    public = start_server(tmp_path, "--public-docs")
    try:
        assert httpx.get(public.url + "/openapi.json", timeout=30).status_code == 200
    finally:
        stop_server(public)


def test_the_last_admin_cannot_demote_or_archive_herself_over_the_api(team):
    with team.client("admin") as ada:
        assert "no active admin" in wp_error_of(ada.put("/users/3", json={"role": "manager"}), 409)["message"]
        assert "no active admin" in wp_error_of(ada.put("/users/3", json={"archived": True}), 409)["message"]
        assert ada.put("/users/2", json={"role": "admin"}).json()["role"] == "admin"
        assert ada.put("/users/3", json={"role": "manager"}).json()["role"] == "manager"


def test_a_client_that_disappears_mid_body_leaves_the_server_answering(team):
    host, port = team.server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as raw:
        raw.sendall(f"POST {API}/time-entries HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {team.tokens['member']}\r\n"
                    "Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"proj".encode())  # fmt: skip
    with team.client("member") as ann:
        assert ann.get("/me").status_code == 200


def test_a_request_may_name_its_zone_and_records_by_name_and_hours_as_aos_add(team, aos):
    """What the team client needs to say what `aos add -p Site --hours 1.5` says locally."""
    with team.client("member") as ann:
        berlin = {"Time-Zone": "Europe/Berlin"}
        entry = ann.post("/time-entries", json=dict(ENTRY, start_time="2026-03-03 09:00"), headers=berlin).json()
        assert entry["start_time"] == "2026-03-03T09:00:00+01:00"
        wp_error_of(ann.get("/me", headers={"Time-Zone": "Nowhere/Land"}), 400)
        for path in (
            "/proc/self/fd/0",
            "/dev/zero",
            ":/etc/localtime",
            "../../../proc/self/fd/0",
            "x" * 300,
            "CET-1CEST,M3.5.0,M10.5.0/3",
            "UTC+14",
            "Europe/../../etc/passwd",
            "zone.tab",
        ):
            refused = wp_error_of(ann.get("/me", headers={"Time-Zone": path}), 400)  # never a file of the server's
            assert "is not a zone" in refused["message"]
        assert ann.get("/health").status_code == 200
        assert [p["id"] for p in ann.get("/projects", params={"ref": "sit"}).json()] == [1]  # a unique beginning
        assert "no project named" in wp_error_of(ann.get("/projects", params={"ref": "Nope"}), 404)["message"]
        laid = ann.post("/time-entries", json={"project_id": 1, "hours": "1.5", "date": "2026-03-02"}).json()
    by_cli = aos("add", "-p", "Site", "--hours", "1.5", "--date", "2026-03-02", "--user", "ann", "--json").json
    # ann's first hour runs from day_start (09:00) to 10:00; each laid entry follows the last
    assert laid["start_time"] == "2026-03-02T10:00:00+00:00" and laid["duration"] == 5400
    assert by_cli["start_time"] == "2026-03-02T11:30:00+00:00"


def test_an_import_by_a_manager_applies_no_setting_and_says_so(team):
    """Settings are the admins' (PUT /settings is 403 for a manager), so a manager's import brings
    its entries and leaves the bank account and tax rate as they were, with a warning."""
    batch = dict(BATCH, entries=[dict(ROW, user="ann")], settings={"bank_iban": "DE02120300000000202051",
                                                                    "tax_rate": "7"})  # fmt: skip
    with team.client("admin") as api:
        before = api.get("/settings").json()
    with team.client("manager") as api:
        answer = api.post("/import", json={"batch": batch})
    assert answer.status_code == 200, answer.text
    summary = answer.json()
    assert summary["entries"]["created"] == 1 and summary["settings"] == []
    assert any("setting(s) not applied" in warning and "manager" in warning for warning in summary["warnings"])
    with team.client("admin") as api:
        assert api.get("/settings").json() == before


def test_every_body_refuses_an_unknown_key_and_names_it(team):
    """A typo ({"billabel": false}) is a 400 naming the key, on every route that takes a body."""
    schema = httpx.get(team.server.url + "/openapi.json", headers={"Authorization": f"Bearer {team.tokens['admin']}"})
    asked = 0
    with team.client("admin") as api:
        for path, methods in schema.json()["paths"].items():
            for method, operation in methods.items():
                if "requestBody" not in operation:
                    continue
                concrete = re.sub(r"\{[a-z_]+\}", "1", path.removeprefix(API))
                answer = api.request(method.upper(), concrete, json={"billabel": False})
                body = wp_error_of(answer, 400)
                assert "billabel" in body["message"] or "billabel" in json.dumps(body["data"]), (method, path, body)
                asked += 1
    assert asked >= 30


def test_quantities_may_be_json_numbers_as_well_as_text(team):
    with team.client("admin") as api:
        made = api.post("/time-entries", json={"project_id": 1, "hours": 1.5, "date": "2026-03-06"})
        assert made.status_code == 201, made.text
        assert made.json()["duration"] == 5400
        line = api.post("/invoices/2/lines", json={"description": "Fee", "quantity": 2, "unit_price": 49.99})
        assert line.status_code in (200, 201), line.text
        assert api.put("/settings", json={"tax_rate": 19}).json()["tax_rate"] == "19"
        assert api.post("/invoices/3/issue", json={}).status_code == 200
        paid = api.post("/invoices/3/payments", json={"amount": 10})
        assert paid.status_code in (200, 201), paid.text
        assert wp_error_of(api.post("/time-entries", json={"project_id": 1, "hours": True}), 400)


def test_the_logo_is_sent_as_an_image_and_never_names_a_file_of_the_server(team, tmp_path):
    """Whether a path exists on the server is never told: a path is refused by what it is."""
    image = pytest.importorskip("PIL.Image")
    import base64
    import io

    png = io.BytesIO()
    image.new("RGB", (60, 20)).save(png, "PNG")
    with team.client("admin") as api:
        said = set()
        for path in ("/etc/passwd", "/no/such/file.png", "/dev/zero", "file:///etc/hostname"):
            said.add(wp_error_of(api.put("/settings", json={"company_logo": path}), 400)["message"])
        assert len(said) == 1 and "not a path" in said.pop()
        uri = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
        assert api.put("/settings", json={"company_logo": uri}).json()["company_logo"] == uri
        gif = io.BytesIO()
        image.new("RGB", (60, 20)).save(gif, "GIF")
        fake = "data:image/png;base64," + base64.b64encode(gif.getvalue()).decode()  # labelled PNG, a GIF inside
        assert "GIF" in wp_error_of(api.put("/settings", json={"company_logo": fake}), 400)["message"]


def test_an_edit_made_on_a_stale_view_is_refused_412_and_changes_nothing(team):
    """Two managers open entry 1; the first saves; the second's save names the version she saw."""
    with team.client("manager") as max_, team.client("admin") as ada:
        seen = max_.get("/time-entries/1")
        tag = seen.headers["etag"]
        assert ada.get("/time-entries/1").headers["etag"] == tag  # one version, whoever reads it
        first = ada.put("/time-entries/1", json={"notes": "checked by ada"}, headers={"If-Match": tag})
        assert first.status_code == 200 and first.headers["etag"] not in (tag, None)
        late = max_.put("/time-entries/1", json={"notes": "checked by max"}, headers={"If-Match": tag})
        assert wp_error_of(late, 412)["code"] == "rest_precondition_failed"
        assert max_.get("/time-entries/1").json()["notes"] == "checked by ada"
        fresh = max_.put("/time-entries/1", json={"notes": "and max"}, headers={"If-Match": first.headers["etag"]})
        assert fresh.status_code == 200
        assert max_.put("/time-entries/1", json={"notes": "any"}, headers={"If-Match": "*"}).status_code == 200
        wp_error_of(max_.put("/time-entries/1", json={"notes": "x"}, headers={"If-Match": 'W/"abc"'}), 400)
        assert max_.put("/time-entries/1", json={"notes": "no header: as before"}).status_code == 200
    with team.client("manager") as max_:
        tag = max_.get("/clients/1").headers["etag"]
        assert max_.put("/clients/1", json={"email": "ap@acme.test"}, headers={"If-Match": tag}).status_code == 200
        stale = max_.put("/clients/1", json={"email": "x@acme.test"}, headers={"If-Match": tag})
        assert wp_error_of(stale, 412)["code"] == "rest_precondition_failed"
        assert max_.get("/clients/1").json()["email"] == "ap@acme.test"


def test_head_and_options_are_answered_and_lists_link_their_other_pages(team, aos):
    for day in range(10, 25):
        aos("add", "-p", "Site", "--hours", "1", "--date", f"2026-03-{day}", "--user", "max")
    with team.client("manager") as max_:
        got = max_.get("/time-entries", params={"per_page": 5, "page": 2})
        head = max_.head("/time-entries", params={"per_page": 5, "page": 2})
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == got.headers["content-length"]
        assert head.headers["x-wp-total"] == got.headers["x-wp-total"] == "21"  # the fixture's 6 and these 15
        links = httpx.Response(200, headers={"link": got.headers["link"]}).links
        assert set(links) == {"prev", "next"}
        assert "page=1" in links["prev"]["url"] and "page=3" in links["next"]["url"]
        assert "per_page=5" in links["next"]["url"]
        following = max_.get(links["next"]["url"].removeprefix(API))
        assert [e["id"] for e in following.json()] != [e["id"] for e in got.json()]
        last = max_.get("/time-entries", params={"per_page": 5, "page": 5})
        assert 'rel="next"' not in last.headers["link"] and 'rel="prev"' in last.headers["link"]
        assert "link" not in max_.get("/time-entries", params={"per_page": 100}).headers
        options = max_.options("/time-entries/1")
        assert options.status_code == 204 and options.headers["allow"] == "DELETE, GET, HEAD, OPTIONS, PUT"
        assert max_.options("/no-such-thing").status_code == 404
        assert max_.head("/time-entries/999999").status_code == 404
    with httpx.Client(base_url=team.server.url + API) as anonymous:
        assert anonymous.head("/time-entries").status_code == 401  # HEAD needs the token GET needs


def test_a_token_lives_at_most_ten_years_however_its_end_is_given(team, aos):
    for given in ("3661d", "2040-01-01", "600w"):
        assert "3660 days" in aos("token", "create", "--expires", given, expect=2).err
    with team.client("member") as ann:
        made = ann.post("/tokens", json={"name": "phone", "expires": "2026-12-31"})
        assert made.status_code == 201 and "location" not in made.headers  # no URL to GET a token at


def test_search_names_records_and_entries_and_a_member_finds_only_her_own_time(team):
    """GET /search: the clients, projects and tasks whose names, and the newest entries whose
    descriptions, have a word starting with each word typed (the use case `aos list --search` uses)."""
    with team.client("member") as ann, team.client("manager") as max_:
        mine = ann.get("/search", params={"text": "work"}).json()
        assert [e["description"] for e in mine["entries"]] == ["ann's work"]  # hers only, as her listing
        everyone = max_.get("/search", params={"text": "WORK"}).json()
        assert sorted(e["user_name"] for e in everyone["entries"]) == ["ada", "ann", "max"]
        assert everyone["words"] == ["work"] and everyone["entries"][0]["version"]
        named = max_.get("/search", params={"text": "si"}).json()
        assert [p["name"] for p in named["projects"]] == ["Site"] and named["clients"] == named["entries"] == []
        assert [t["name"] for t in max_.get("/search", params={"text": "des"}).json()["tasks"]] == ["Design"]
        assert max_.get("/search", params={"text": "acme co"}).json()["clients"][0]["name"] == "Acme Corp"
        assert wp_error_of(max_.get("/search", params={"text": "?!"}), 400)["message"].startswith(
            "search '?!' has no words"
        )
        wp_error_of(max_.get("/search", params={"text": "x", "limit": 51}), 400)
        page = max_.get("/time-entries", params={"search": "ada", "per_page": 1})
        assert page.headers["x-wp-total"] == "1" and page.json()[0]["user_name"] == "ada"


def test_a_member_changes_her_own_profile_over_the_api_but_not_her_role_nor_anothers(team, aos):
    with team.client("member") as ann:
        saved = ann.put("/users/1", json={"locale": "fr", "week_start": "sunday", "theme": "light"})
        assert saved.status_code == 200, saved.text
        assert (saved.json()["locale"], saved.json()["week_start"], saved.json()["theme"]) == ("fr", "sunday", "light")
        assert ann.get("/users/1").json() == saved.json() == aos("user", "list", "--json").json[0]
        refused = wp_error_of(ann.put("/users/1", json={"theme": "blue"}), 400)
        assert refused["message"].startswith("theme 'blue' is not one of: system, light, dark")
        wp_error_of(ann.put("/users/1", json={"role": "admin"}), 403)
        wp_error_of(ann.put("/users/1", json={"hourly_rate": "500"}), 403)
        wp_error_of(ann.put("/users/2", json={"theme": "dark"}), 403)
    assert [u["role"] for u in aos("user", "list", "--json").json] == ["member", "manager", "admin"]
    assert aos("user", "list", "--json").json[1]["theme"] is None
