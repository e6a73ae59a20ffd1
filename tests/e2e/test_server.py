"""`aos serve` as a real process on a free loopback port, driven with httpx, next to the CLI on
the same file. AOS_STRESS=1 makes the load test bigger."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from db_query import query
from server_support import API, start_server, stop_server, wp_error_of

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")

STRESS = os.environ.get("AOS_STRESS") == "1"
SEED_BODY = {
    "project_id": 5,
    "task_id": 23,
    "user_id": 3,
    "start_time": "2026-03-31T09:00:00",
    "end_time": "2026-03-31T12:30:00",
    "description": "Homepage design mockups",
    "billable": True,
    "hourly_rate": 150.00,
}


@pytest.fixture
def server(tmp_path, isolated):
    srv = start_server(tmp_path)
    yield srv
    log = stop_server(srv)
    assert "Traceback" not in log, log


@pytest.fixture
def token(aos) -> str:
    """A token of alice, a manager: the seed's endpoints include billing (roles: test_roles.py)."""
    secret = aos("token", "create", "--name", "tests").out.strip().splitlines()[-1]
    aos("user", "edit", "alice", "--role", "manager")
    return secret


@pytest.fixture
def seed_world(aos):
    """Ids as in the seed's example: project 5, task 23, user 3, under client Acme Corp (id 1)."""
    aos("client", "add", "Acme Corp", "--rate", "150")
    for i in range(1, 5):
        aos("project", "add", f"Filler {i}", "--client", "Acme Corp")
    aos("project", "add", "Website Redesign", "--client", "Acme Corp")
    for i in range(1, 23):
        aos("task", "add", f"Filler {i}", "--project", "1")
    aos("task", "add", "Design mockups", "--project", "Website Redesign")
    for name in ("alice", "bob", "carol"):
        aos("user", "add", name)
    return aos


# -- the seed's flow ------------------------------------------------------------------------


def test_the_seeds_example_posts_lists_bills_and_marks_invoiced(server, seed_world, aos, aos_proc):
    token = aos_proc("token", "create", "--user", "carol", "--name", "seed").out.splitlines()[-1]
    aos("user", "edit", "carol", "--role", "manager")  # she bills, too
    with server.client(token) as api:
        created = api.post("/time-entries", json=SEED_BODY)
        assert created.status_code == 201, created.text
        entry = created.json()
        assert (entry["project_id"], entry["task_id"], entry["user_id"]) == (5, 23, 3)
        assert entry["duration"] == 12600
        assert '"hourly_rate": 150.00' in created.text and '"amount": 525.00' in created.text
        assert created.headers["location"] == f"{API}/time-entries/{entry['id']}"

        unbilled = api.get("/time-entries/unbilled", params={"client_id": 1})
        assert unbilled.status_code == 200
        assert '"total_amount": 525.00' in unbilled.text
        doc = unbilled.json()
        assert set(doc) == {"entries", "total_hours", "total_amount"}
        assert doc["total_hours"] == 3.5
        seed_keys = {"id", "project_name", "task_name", "date", "hours", "description", "amount"}
        assert seed_keys <= set(doc["entries"][0])
        assert doc["entries"][0]["project_name"] == "Website Redesign"

        one = api.get(f"/time-entries/{entry['id']}")
        assert one.status_code == 200 and one.json() == entry

        marked = api.put(f"/time-entries/{entry['id']}/mark-invoiced")
        assert marked.status_code == 200, marked.text
        assert marked.json()["invoiced"] is True
        again = wp_error_of(api.put(f"/time-entries/{entry['id']}/mark-invoiced", json={}), 409)
        assert "already invoiced" in again["message"]

        empty = api.get("/time-entries/unbilled", params={"client_id": 1})
        assert empty.json()["entries"] == [] and '"total_amount": 0.00' in empty.text

        # Writes through the CLI are seen by the server, and the other way round.
        aos("add", "-p", "5", "-t", "23", "--start", "2026-04-01 10:00", "--end", "2026-04-01 11:00", "-d", "CLI one")
        aos("add", "-p", "1", "--start", "2026-04-02 10:00", "--end", "2026-04-02 10:30", "--non-billable")
        listed = aos("list", "--json").json
        assert listed["count"] == 3 and any(e["invoiced"] for e in listed["entries"])

        page1 = api.get("/time-entries", params={"per_page": 2})
        assert page1.headers["x-wp-total"] == "3" and page1.headers["x-wp-totalpages"] == "2"
        assert [e["description"] for e in page1.json()] == ["", "CLI one"]  # newest first
        page2 = api.get("/time-entries", params={"per_page": 2, "page": 2})
        assert [e["id"] for e in page2.json()] == [entry["id"]]
        wp_error_of(api.get("/time-entries", params={"per_page": 2, "page": 3}), 400)

        filtered = api.get(
            "/time-entries",
            params={
                "project_id": 5,
                "task_id": 23,
                "billable": "true",
                "from_date": "2026-03-31",
                "to_date": "2026-03-31",
            },
        )
        assert [e["id"] for e in filtered.json()] == [entry["id"]]
        assert filtered.headers["x-wp-total"] == "1"
        assert [e["description"] for e in api.get("/time-entries", params={"billable": "false"}).json()] == [""]
        by_user = api.get("/time-entries", params={"user_id": 3})
        assert by_user.headers["x-wp-total"] == "1"


def test_duration_can_replace_end_time_and_missing_rate_and_user_follow_the_rules(server, acme, aos, token):
    aos("user", "add", "bob", "--rate", "90")
    with server.client(token) as api:
        body = {"project_id": 1, "start_time": "2026-03-30T14:00:00+00:00", "duration": 5400, "description": "Call"}
        saved = api.post("/time-entries", json=body)
        assert saved.status_code == 201, saved.text
        entry = saved.json()
        assert entry["end_time"] == "2026-03-30T15:30:00+00:00"
        assert entry["user_name"] == "alice"  # the token's member
        assert '"hourly_rate": 150.00' in saved.text and '"amount": 225.00' in saved.text  # client rate
        bob = api.post("/time-entries", json=dict(body, user_id=2, task_id=None)).json()
        assert bob["user_name"] == "bob" and bob["hourly_rate"] == 150  # client rate beats user rate
        both = wp_error_of(api.post("/time-entries", json=dict(body, end_time="2026-03-30T16:00:00")), 400)
        assert "not both" in json.dumps(both)


# -- errors ---------------------------------------------------------------------------------


def test_bad_input_is_a_400_in_wordpress_shape_never_a_500(server, acme, token):
    with server.client(token) as api:
        bad = wp_error_of(api.post("/time-entries", json={"project_id": "x", "start_time": "soon"}), 400)
        assert bad["code"] == "rest_invalid_param"
        assert "project_id" in bad["data"]["params"]
        soon = wp_error_of(api.post("/time-entries", json={"project_id": 1, "start_time": "soon", "duration": 60}), 400)
        assert "'soon'" in soon["message"]
        backwards = {"project_id": 1, "start_time": "2026-03-31T10:00", "end_time": "2026-03-31T09:00"}
        wp_error_of(api.post("/time-entries", json=backwards), 400)
        wp_error_of(api.post("/time-entries", content=b"{not json", headers={"content-type": "application/json"}), 400)
        no_type = wp_error_of(api.post("/time-entries", content=b'{"project_id": 1}'), 400)
        assert "Content-Type: application/json" in json.dumps(no_type)
        huge_rate = {"project_id": 1, "start_time": "2026-03-31T09:00", "duration": 60, "hourly_rate": 1e30}
        wp_error_of(api.post("/time-entries", json=huge_rate), 400)
        huge_id = {"project_id": 2**70, "start_time": "2026-03-31T09:00", "duration": 60}
        wp_error_of(api.post("/time-entries", json=huge_id), 400)
        surrogate = b'{"project_id": 1, "start_time": "2026-03-31T09:00", "duration": 60, "description": "\\ud800"}'
        wp_error_of(api.post("/time-entries", content=surrogate, headers={"content-type": "application/json"}), 400)
        wp_error_of(api.get("/time-entries", params={"per_page": 101}), 400)
        wp_error_of(api.get("/time-entries", params={"from_date": "garbage"}), 400)
        # an id that is not a number names no route, as in WordPress ((?P<id>[\d]+))
        assert wp_error_of(api.get("/time-entries/abc"), 404)["code"] == "rest_no_route"
        wp_error_of(api.get(f"/time-entries/{2**70}"), 400)


def test_a_nul_in_any_text_query_parameter_is_refused_or_matches_nothing_never_a_server_error(server, seed_world,
                                                                                               token):  # fmt: skip
    """PostgreSQL cannot hold a NUL in text: sent in a name to look up, it is the request's fault
    (a 400, or nothing found), as on SQLite, never a 503 naming the database."""
    with server.client(token) as api:
        operations = api.get(server.url + "/openapi.json").json()["paths"]
        asked = 0
        for path, methods in operations.items():
            parameters = methods.get("get", {}).get("parameters", [])
            if "{" in path or not path.startswith("/wp-json/"):
                continue
            for parameter in parameters:
                if parameter["in"] == "query" and _allows_text(parameter["schema"]):
                    answer = api.get(path.removeprefix(API), params={parameter["name"]: "x\x00"})
                    asked += 1
                    assert answer.status_code in (200, 400, 404), (path, parameter["name"], answer.text)
                    assert "postgresql://" not in answer.text, answer.text
        assert asked >= 5


def _allows_text(schema: dict) -> bool:
    options = schema.get("anyOf", [schema])
    return any(option.get("type") == "string" and "enum" not in option for option in options)


def test_requests_need_a_valid_unrevoked_token_and_new_tokens_work_at_once(server, acme, aos):
    with server.client() as anonymous:
        body = wp_error_of(anonymous.get("/time-entries"), 401)
        assert body["code"] == "rest_forbidden"
        assert anonymous.get("/time-entries").headers["www-authenticate"] == "Bearer"
    with server.client("aos_not-a-real-token") as wrong:
        wp_error_of(wrong.get("/time-entries/unbilled"), 401)
    # Created after the server started: works on the next request, and stops when revoked.
    created = aos("token", "create", "--json").json
    with server.client(created["token"]) as api:
        assert api.get("/time-entries").status_code == 200
        aos("token", "revoke", str(created["id"]))
        wp_error_of(api.get("/time-entries"), 401)
        wp_error_of(api.post("/time-entries", json={"project_id": 1}), 401)
    listed = aos("token", "list", "--json").json
    assert listed[0]["revoked"] is True and listed[0]["last_used_at"] is not None


def test_an_unknown_entry_in_the_url_is_404_and_an_unknown_id_in_query_or_body_is_400(server, acme, aos, token):
    aos("add", "-p", "1", "--start", "2026-03-31 09:00", "--end", "2026-03-31 10:00", "--non-billable")
    aos("add", "-p", "1", "--start", "2026-03-31 11:00", "--end", "2026-03-31 12:00")
    with server.client(token) as api:
        assert wp_error_of(api.get("/time-entries/999999"), 404)["code"] == "rest_not_found"
        wp_error_of(api.put("/time-entries/999999/mark-invoiced", json={"invoice_id": 1}), 404)
        bad_invoice = wp_error_of(api.put("/time-entries/2/mark-invoiced", json={"invoice_id": 77}), 400)
        assert "invoice" in bad_invoice["message"] and bad_invoice["code"] == "rest_invalid_param"
        assert api.get("/time-entries/2").json()["invoiced"] is False
        assert "project 42" in wp_error_of(api.get("/time-entries", params={"project_id": 42}), 400)["message"]
        wp_error_of(api.get("/time-entries/unbilled", params={"client_id": 42}), 400)
        unknown_project = {"project_id": 42, "start_time": "2026-03-31T09:00", "duration": 60}
        wp_error_of(api.post("/time-entries", json=unknown_project), 400)
        wp_error_of(api.post("/time-entries", json=dict(unknown_project, project_id=1, user_id=99)), 400)
        assert wp_error_of(api.get("/no-such-thing"), 404)["code"] == "rest_no_route"
        not_allowed = api.patch("/time-entries/1")
        wp_error_of(not_allowed, 405)
        assert not_allowed.headers["allow"] == "DELETE, GET, PUT"
        # A non-billable entry cannot be invoiced: a conflict, not a crash.
        wp_error_of(api.put("/time-entries/1/mark-invoiced"), 409)


def test_the_openapi_document_describes_the_seeds_endpoints(server, token):
    schema = httpx.get(server.url + "/openapi.json", headers={"Authorization": f"Bearer {token}"}).json()
    paths = schema["paths"]
    assert {
        f"{API}/time-entries", f"{API}/time-entries/unbilled", f"{API}/time-entries/{{entry_id}}",
        f"{API}/time-entries/{{entry_id}}/mark-invoiced", f"{API}/time-entries/{{entry_id}}/unmark-invoiced",
    } <= set(paths)  # fmt: skip
    assert {"get", "post"} <= set(paths[f"{API}/time-entries"])
    assert "put" in paths[f"{API}/time-entries/{{entry_id}}/mark-invoiced"]
    assert "422" not in json.dumps(schema["paths"])
    assert "bearer" in json.dumps(schema["components"]["securitySchemes"]).lower()
    listing = paths[f"{API}/time-entries"]
    assert {"X-WP-Total", "X-WP-TotalPages"} <= set(listing["get"]["responses"]["200"]["headers"])
    assert "Location" in listing["post"]["responses"]["201"]["headers"]
    assert {"400", "401", "403", "413", "503"} <= set(listing["post"]["responses"])
    from_date = next(p for p in listing["get"]["parameters"] if p["name"] == "from_date")
    assert "date-time" in json.dumps(from_date["schema"])
    entry_in = schema["components"]["schemas"]["EntryIn"]["properties"]
    assert "date-time" in json.dumps(entry_in["start_time"]) and "date-time" in json.dumps(entry_in["end_time"])
    assert paths[f"{API}/health"]["get"]["security"] == []


def test_the_openapi_document_is_valid_openapi_3_1_in_json_schemas_own_words(server, token):
    validator = pytest.importorskip("openapi_spec_validator")
    schema = httpx.get(server.url + "/openapi.json", headers={"Authorization": f"Bearer {token}"}).json()
    assert schema["openapi"].startswith("3.1")
    validator.validate(schema)  # raises with the first place it breaks the OpenAPI 3.1 schema
    text = json.dumps(schema)
    assert not re.search(r'"(ge|le|gt|lt)": -?[0-9]', text)  # pydantic's words, not JSON Schema's
    assert not re.search(r'"(minimum|maximum)": -?[0-9]+\.0\b|e\+', text)  # integers as integers
    entry_out = schema["components"]["schemas"]["EntryOut"]["properties"]
    assert entry_out["start_time"]["format"] == "date-time" and entry_out["date"]["format"] == "date"
    statuses = schema["components"]["schemas"]["InvoiceStatusIn"]["properties"]["status"]["enum"]
    assert sorted(statuses) == ["paid", "sent"]  # only what a status change accepts


def test_a_refused_field_is_named_with_its_rule_in_words_never_the_servers_internals(server, acme, token):
    with server.client(token) as api:
        long = wp_error_of(api.post("/time-entries", json={"project_id": 1, "hours": "1" * 200}), 400)
        assert long["data"]["params"]["hours"] == "is longer than 100 characters"
        typo = wp_error_of(api.post("/time-entries", json={"project_id": 1, "hours": "1", "billabel": False}), 400)
        assert typo["data"]["params"]["billabel"] == "is not a field here"
        assert "billabel is not a field here" in typo["message"]
        many = wp_error_of(api.put("/time-entries/mark-invoiced", json={"ids": list(range(1, 1100))}), 400)
        assert many["data"]["params"]["ids"] == "is longer than 1,000 items"
        for refused in (long, typo, many):
            assert not re.search(r"0x[0-9a-f]+|<function|after validation|pydantic", json.dumps(refused))
        # The use cases name the CLI's options; over HTTP the message names the API's fields.
        by = wp_error_of(api.get("/reports", params={"by": "colour"}), 400)["message"]
        assert "by" in by and "--by" not in by
        dated = wp_error_of(api.post("/time-entries", json={"project_id": 1, "start_time": "2026-03-02T10:00",
                                                             "end_time": "2026-03-02T09:00"}), 400)["message"]  # fmt: skip
        assert "--" not in dated, dated


# -- tokens ---------------------------------------------------------------------------------


def test_only_the_hash_of_a_token_is_stored_and_list_never_shows_it(aos, aos_proc, isolated, db_dump):
    result = aos_proc("token", "create", "--name", "ci")
    secret = result.out.splitlines()[-1]
    assert secret.startswith("aos_") and len(secret) > 40
    assert secret not in result.err
    listing = aos("token", "list").out + aos("token", "list", "--json").out
    assert secret not in listing and "ci" in listing
    stored = query(isolated, "SELECT token_hash FROM api_tokens")[0][0]
    assert stored == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in repr(db_dump())
    assert aos("token", "revoke", "1", "--json").json["revoked"] is True
    assert "already revoked" in aos("token", "revoke", "1", expect=1).err
    assert "not found" in aos("token", "revoke", "7", expect=1).err


def test_serve_without_the_extra_says_how_to_install_it(tmp_path, aos_proc):
    shim = tmp_path / "shim" / "fastapi"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("raise ImportError('No module named fastapi (test shim)')\n")
    env = {"PYTHONPATH": os.pathsep.join([str(shim.parent), os.environ.get("PYTHONPATH", "")])}
    result = aos_proc("serve", "--port", "0", env=env, expect=2, timeout=30)
    assert result.err == "Error: aos serve needs the server extra: pip install 'aostime[server]'\n"
    assert result.out == ""


def test_serving_beyond_loopback_warns_and_a_taken_port_is_one_line(tmp_path, isolated, aos_proc):
    srv = start_server(tmp_path, "--host", "0.0.0.0")
    try:
        port = srv.url.rsplit(":", 1)[1]
        taken = aos_proc("serve", "--port", port, expect=1, timeout=30)
        assert taken.err.count("\n") == 1 and f"cannot listen on 127.0.0.1:{port}" in taken.err
    finally:
        log = stop_server(srv)
    assert "Warning: listening on 0.0.0.0" in log


def test_serve_json_prints_where_it_listens_and_logs_only_on_stderr(tmp_path, isolated, aos):
    import select

    token = aos("token", "create").out.splitlines()[-1]
    err = tmp_path / "serve.err"
    with open(err, "wb") as err_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "aostime", "serve", "--port", "0", "--json"],
            stdout=subprocess.PIPE, stderr=err_file, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    try:
        assert select.select([proc.stdout], [], [], 30)[0], err.read_text()
        where = json.loads(proc.stdout.readline())
        assert where["url"] == f"http://127.0.0.1:{where['port']}{API}" and where["pid"] == proc.pid
        answer = httpx.get(where["url"] + "/time-entries", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200 and answer.json() == []
    finally:
        proc.terminate()
        rest, _ = proc.communicate(timeout=15)
    assert rest == b""  # the access log went to stderr
    logged = err.read_text()
    assert re.search(r"\b[0-9a-f]{16} GET /wp-json/agency-os-ai/v1/time-entries 200 [0-9.]+ms\n", logged), logged
    assert token not in logged


# -- load -----------------------------------------------------------------------------------


def test_concurrent_posts_and_cli_writes_are_each_stored_once(server, acme, aos, token, isolated, aos_proc):
    threads, per_thread, cli_adds = (16, 1000, 20) if STRESS else (8, 200, 6)
    statuses: dict[int, int] = {}
    latencies: list[float] = []
    lock = threading.Lock()
    failures: list[str] = []

    def client(n: int) -> None:
        local_latency, local_status = [], {}
        with server.client(token) as api:
            for i in range(per_thread):
                body = {
                    "project_id": 1, "task_id": 1, "start_time": "2026-01-01T00:00:00+00:00",
                    "duration": 60 + i, "description": f"load {n}-{i}",
                }  # fmt: skip
                began = time.perf_counter()
                try:
                    response = api.post("/time-entries", json=body)
                except httpx.HTTPError as exc:  # pragma: no cover - reported below
                    failures.append(f"{n}-{i}: {exc!r}")
                    continue
                local_latency.append(time.perf_counter() - began)
                local_status[response.status_code] = local_status.get(response.status_code, 0) + 1
                if response.status_code != 201:
                    failures.append(f"{n}-{i}: {response.status_code} {response.text[:200]}")
        with lock:
            latencies.extend(local_latency)
            for code, count in local_status.items():
                statuses[code] = statuses.get(code, 0) + count

    def cli_writer() -> None:
        for i in range(cli_adds):
            result = aos_proc("add", "-p", "1", "--date", "2026-02-01", "--hours", "1", "-d", f"cli {i}", expect=None)
            if result.code != 0:
                failures.append(f"cli {i}: exit {result.code}: {result.err}")

    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    workers.append(threading.Thread(target=cli_writer))
    began = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - began

    total = threads * per_thread
    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1000
    p95 = latencies[int(len(latencies) * 0.95)] * 1000
    print(
        f"\nload: {total} POSTs from {threads} threads + {cli_adds} CLI adds in {elapsed:.2f} s: "
        f"{total / elapsed:.0f} req/s, p50 {p50:.1f} ms, p95 {p95:.1f} ms, statuses {statuses}"
    )
    assert not failures, failures[:5]
    assert statuses == {201: total}
    descriptions = [r[0] for r in query(isolated, "SELECT description FROM time_entries")]
    expected = {f"load {n}-{i}" for n in range(threads) for i in range(per_thread)} | {
        f"cli {i}" for i in range(cli_adds)
    }
    assert len(descriptions) == len(expected) == total + cli_adds
    assert set(descriptions) == expected
    assert aos("list", "--json").json["count"] == total + cli_adds


# -- fuzzing against the generated OpenAPI document ------------------------------------------

RUN_SCHEMATHESIS = "import sys; from schemathesis.cli import schemathesis; sys.exit(schemathesis())"


@pytest.mark.parametrize("role", ["member", "manager"])
def test_schemathesis_finds_no_server_error_and_no_answer_off_the_schema(server, seed_world, aos, token, role,
                                                                          tmp_path):  # fmt: skip
    """Examples, coverage and fuzzing phases against /openapi.json with a member's and with a
    manager's token: no 5xx, every status code, content type, header and body as documented, bad
    data refused, auth never ignored. Revoking a token is left out: it would revoke its own."""
    pytest.importorskip("schemathesis")
    aos("add", "-p", "5", "-t", "23", "--start", "2026-03-30 09:00", "--end", "2026-03-30 10:00")
    if role == "member":
        token = aos("token", "create", "--user", "bob").out.splitlines()[-1]
        aos("add", "-p", "5", "--hours", "1", "--date", "2026-03-30", "--user", "bob")
    schema = httpx.get(server.url + "/openapi.json", headers={"Authorization": f"Bearer {token}"}).json()
    left_out = ("revoke_token", "use_revoke_token")  # revoking a token would revoke its own
    operations = sum(len(methods) for methods in schema["paths"].values()) - len(left_out)
    examples = "200" if STRESS else "25"
    proc = subprocess.run(
        [
            sys.executable, "-c", RUN_SCHEMATHESIS, "run", server.url + "/openapi.json",
            "-H", f"Authorization: Bearer {token}", "--max-examples", examples, "--seed", "20260331",
            # use_after_free: an entry's history outlives the entry by design (SPEC §11), which the
            # check takes for a deleted resource still served; that a deleted entry itself is gone
            # is asserted in tests/e2e/test_weeks_lock_history.py
            "--checks", "all", "--exclude-checks", "positive_data_acceptance,use_after_free",
            *(arg for operation in left_out for arg in ("--exclude-operation-id", operation)),
            "--phases", "examples,coverage,fuzzing,stateful", "--generation-database", "none",
            "--workers", "1", "--no-color", "--request-timeout", "30",
        ],
        cwd=tmp_path, capture_output=True, text=True, timeout=900, check=False,
        env=dict(os.environ, SCHEMATHESIS_HOOKS="", NO_COLOR="1"),
    )  # fmt: skip
    summary = proc.stdout[proc.stdout.rfind("SUMMARY") :]
    print(f"\nschemathesis as a {role} ({examples} examples per operation):\n{summary}")
    failures = proc.stdout[proc.stdout.find("FAILURES") :][:6000]  # the requests that failed, then the rest
    assert proc.returncode == 0, failures + proc.stderr[-2000:]
    assert f"Tested: {operations}" in summary, summary


def test_unmark_invoiced_reverses_a_mark_without_an_invoice(server, acme, aos, token):
    aos("add", "-p", "1", "--start", "2026-03-02 09:00", "--end", "2026-03-02 10:00")
    with server.client(token) as api:
        assert api.put("/time-entries/1/mark-invoiced").json()["invoiced"] is True
        unmarked = api.put("/time-entries/1/unmark-invoiced")
        assert unmarked.status_code == 200 and unmarked.json()["invoiced"] is False
        wp_error_of(api.put("/time-entries/1/unmark-invoiced"), 409)
        wp_error_of(api.put("/time-entries/99/unmark-invoiced"), 404)
        aos("invoice", "create", "-c", "1")
        on_invoice = wp_error_of(api.put("/time-entries/1/unmark-invoiced"), 409)
        assert "void the invoice" in on_invoice["message"]


def test_unbilled_over_the_api_never_adds_two_currencies(server, aos, token):
    aos("client", "add", "Acme", "--rate", "100", "--currency", "USD")
    aos("client", "add", "Bäckerei", "--rate", "80", "--currency", "EUR")
    aos("project", "add", "Site", "--client", "Acme")
    aos("project", "add", "Shop", "--client", "Bäckerei")
    aos("add", "-p", "Site", "--start", "2026-03-02 09:00", "--end", "2026-03-02 11:00")
    aos("add", "-p", "Shop", "--start", "2026-03-02 12:00", "--end", "2026-03-02 13:00")
    with server.client(token) as api:
        doc = api.get("/time-entries/unbilled").json()
        assert doc["total_amount"] is None
        assert {t["currency"]: t["amount"] for t in doc["totals_by_currency"]} == {"USD": 200, "EUR": 80}
        one = api.get("/time-entries/unbilled", params={"client_id": 2}).json()
        assert set(one) == {"entries", "total_hours", "total_amount"} and one["total_amount"] == 80
        assert {e["currency"] for e in api.get("/time-entries").json()} == {"USD", "EUR"}


def test_several_worker_processes_store_every_concurrent_post_once(tmp_path, acme, aos, token, isolated):
    """aos serve --workers 3: three processes behind one socket, each with its own connections
    (a pool on PostgreSQL), and forty POSTs from four threads all land exactly once."""
    from concurrent.futures import ThreadPoolExecutor

    srv = start_server(tmp_path, "--workers", "3")
    try:
        children = Path(f"/proc/{srv.proc.pid}/task/{srv.proc.pid}/children")
        deadline = time.monotonic() + 30
        while len(children.read_text().split()) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(children.read_text().split()) >= 3, "three worker processes"
        headers = {"Authorization": f"Bearer {token}"}

        def post(n: int) -> int:
            body = {"project_id": 1, "start_time": f"2026-03-0{1 + n % 9}T{8 + n // 9:02d}:00:00Z",
                    "end_time": f"2026-03-0{1 + n % 9}T{8 + n // 9:02d}:30:00Z", "description": f"worker {n}"}  # fmt: skip
            return httpx.post(srv.url + API + "/time-entries", json=body, headers=headers, timeout=30).status_code

        with ThreadPoolExecutor(4) as pool:
            statuses = list(pool.map(post, range(40)))
    finally:
        log = stop_server(srv)
    assert statuses == [201] * 40, (statuses, log[-2000:])
    descriptions = sorted(r[0] for r in query(isolated, "SELECT description FROM time_entries"))
    assert descriptions == sorted(f"worker {n}" for n in range(40))
    assert "Traceback" not in log


# -- the longest entry ----------------------------------------------------------------------


def test_a_long_entry_follows_max_entry_hours_and_force_whether_given_an_end_time_or_a_duration(
    server, acme, aos, token
):
    """One rule, whatever the form: longer than max_entry_hours is refused (409, too long)
    unless forced, by end_time as by duration, and a changed setting moves the limit for both."""
    starts = iter(f"2026-02-{day:02d}T06:00:00+00:00" for day in range(1, 28, 2))

    def post(api, form: str, hours: int, **extra):
        start = next(starts)
        body = {"project_id": 1, "start_time": start, **extra}
        if form == "end_time":
            end = datetime.fromisoformat(start) + timedelta(hours=hours)
            body["end_time"] = end.isoformat()
        else:
            body["duration"] = hours * 3600
        return api.post("/time-entries", json=body)

    with server.client(token) as api:
        for form in ("end_time", "duration"):
            refused = wp_error_of(post(api, form, 25), 409)
            assert "longer than max_entry_hours (24 h)" in refused["message"], form
            forced = post(api, form, 25, force=True)
            assert forced.status_code == 201 and forced.json()["duration"] == 25 * 3600, (form, forced.text)
        aos("config", "set", "max_entry_hours", "30")
        for form in ("end_time", "duration"):
            assert post(api, form, 25).status_code == 201, form
            assert "(30 h)" in wp_error_of(post(api, form, 31), 409)["message"], form
            assert post(api, form, 31, force=True).status_code == 201, form


def test_the_seeds_routes_take_tags_and_the_listing_filters_by_them(server, seed_world, token):
    with server.client(token) as api:
        created = api.post("/time-entries", json={**SEED_BODY, "tags": ["urgent", "Call", "URGENT"]})
        assert created.status_code == 201, created.text
        entry = created.json()
        assert entry["tags"] == ["Call", "urgent"]
        edited = api.put(f"/time-entries/{entry['id']}", json={"tags": ["review"], "untag": ["call"]})
        assert edited.json()["tags"] == ["review", "urgent"] and edited.headers["ETag"] != created.headers["ETag"]
        started = api.post("/timer", json={"project_id": 5, "tags": ["deep work"]})
        assert started.status_code == 201 and started.json()["tags"] == ["deep work"]
        listed = api.get("/time-entries", params=[("tag", "REVIEW"), ("tag", "nothing")]).json()
        assert [e["id"] for e in listed] == [entry["id"]]
        refused = api.post("/time-entries", json={**SEED_BODY, "tags": ["a\tb"]})
        assert wp_error_of(refused, 400)["message"] == "tag 'a\\tb' holds control characters"
