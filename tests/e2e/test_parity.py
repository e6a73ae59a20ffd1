"""Every declared use case (services.declared) gives the same answer, the same error and the same
notes whether it runs on the database itself or through a real `aos serve` (the team client's
one runner): invocations generated from each declaration, one per field, on two identical
databases. A field added to a use case without a sample value here fails the first test; a
field that some face drops fails the second."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("httpx")
pytest.importorskip("fastapi")

from billing_support import ready_to_issue
from pg_support import BACKEND
from server_support import start_server, stop_server
from use_case_samples import OVERRIDES, SAMPLES, declared, fields_of, invocations

NOW = "2026-03-04T17:00:00+00:00"


def test_every_field_of_every_use_case_has_a_sample_and_a_route_that_takes_it():
    from aostime.server.app import create_app

    routes = create_app(":memory:").openapi()["paths"]
    schemas = create_app(":memory:").openapi()["components"]["schemas"]
    cases = declared()
    assert len(cases) >= 35
    for name, case in cases.items():
        missing = [f for f in fields_of(case) if f not in SAMPLES and (name, f) not in OVERRIDES]
        assert missing == [], f"{name}: give {missing} a sample value in SAMPLES"
        operation = routes[f"/wp-json/agency-os-ai/v1{case.route}"]["post"]
        body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        request = schemas[schemas[body]["properties"]["request"]["$ref"].rsplit("/", 1)[1]]
        assert sorted(request["properties"]) == sorted(fields_of(case)), name
        assert request.get("additionalProperties") is False, name


def _second_database(tmp_path):
    if BACKEND == "postgres":
        import pg_support

        return pg_support.fresh_schema_url()[0]
    return str(tmp_path / "served.db")


def _seed(aos_proc, db: str) -> str:
    """The same team on each database: a client, project and task, ann (member), boss (admin)
    with a token, two entries and a draft invoice."""
    env = {"AOS_DB": db, "AOS_NOW": NOW}
    for args in (
        ("client", "add", "Acme Corp", "--rate", "100", "--currency", "EUR"),
        ("project", "add", "Site", "-c", "Acme Corp"),
        ("task", "add", "Design", "-p", "Site"),
        ("user", "add", "ann"),
        ("user", "add", "boss", "--role", "admin"),
        ("add", "-p", "Site", "--hours", "2", "--date", "2026-03-02", "--user", "ann"),
        ("add", "-p", "Site", "-t", "Design", "--hours", "1", "--date", "2026-03-03", "--user", "boss"),
        ("add", "-p", "Site", "--hours", "3", "--date", "2026-03-03", "--user", "boss"),
        ("invoice", "create", "-c", "Acme Corp", "--group-by", "project"),
    ):
        aos_proc(*args, env=env)
    ready_to_issue(lambda *args: aos_proc(*args, env=env), "Acme Corp")  # sender and client data: issue works
    return aos_proc("token", "create", "--user", "boss", env=env).out.splitlines()[-1]


SECRET = re.compile(r"aos_[A-Za-z0-9_\-]{8,}")


def _unused(value):
    """The encoded result, less when the server's own token was last used (the local side uses none)."""
    if isinstance(value, list):
        return [_unused(v) for v in value]
    if isinstance(value, dict):
        if value.get("$") == "dict":
            return dict(value, v=[[k, None if k == "last_used_at" else _unused(v)] for k, v in value["v"]])
        return {k: _unused(v) for k, v in value.items()}
    return value


def _outcome(run, notes):
    from aostime.errors import AosError
    from aostime.remote import wire

    try:
        result = ("ok", SECRET.sub("aos_…", repr(_unused(wire.encode(run())))))
    except AosError as exc:
        result = ("error", type(exc).__name__, str(exc))
    return result, list(notes)


@pytest.fixture
def twins(aos_proc, tmp_path, isolated, monkeypatch):
    """The same seeded team on two databases: (the one opened directly, a real `aos serve` over
    the other, an admin's token there); one clock for both."""
    local_db, served_db = str(isolated), _second_database(tmp_path)
    _seed(aos_proc, local_db)
    token = _seed(aos_proc, served_db)
    monkeypatch.setenv("AOS_NOW", NOW)
    server = start_server(tmp_path, env={"AOS_DB": served_db, "AOS_NOW": NOW})
    try:
        yield local_db, server, token
    finally:
        stop_server(server)


def test_each_use_case_answers_the_same_on_the_database_and_through_the_server(twins, tmp_path):
    from aostime.remote import Target
    from aostime.remote.session import RemoteSession
    from aostime.services import Session
    from aostime.storage import open_storage

    local_db, server, token = twins
    cases = declared()
    differ = []
    for count, (name, request) in enumerate(invocations()):
        case = cases[name]
        local_notes: list[str] = []
        remote_notes: list[str] = []
        store = open_storage(local_db)
        try:
            here = Session(store, user_ref="boss", notify=local_notes.append)
            mine = _outcome(lambda: case.call(here, **request), local_notes)  # noqa: B023
        finally:
            store.close()
        there = RemoteSession(Target(server.url, token, "test"), str(tmp_path / "journal.db"),
                              notify=remote_notes.append, settings_path=str(tmp_path / "team.json"))  # fmt: skip
        try:
            theirs = _outcome(lambda: case.call(there, **request), remote_notes)  # noqa: B023
        finally:
            there.remote.close()
        if mine != theirs:
            differ.append((count, name, request, mine, theirs))
    assert count > 150
    for item in differ:
        print("DIFF", item)
    assert differ == []
