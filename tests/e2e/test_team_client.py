"""The CLI as a team client: `aos login`, then the same commands through a real `aos serve` on
loopback give the same documents as on the database itself, under the member's role."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time

import pytest

pytest.importorskip("httpx")
pytest.importorskip("fastapi")

from billing_support import ready_to_issue
from server_support import API, start_server, stop_server

NOW = "2026-03-04T17:00:00+00:00"  # one clock for the server and both CLIs


@pytest.fixture
def served(aos_proc, tmp_path, isolated, monkeypatch):
    """A server over the test's database with Acme Corp / Site, ann (member) and max (manager)
    and a token file for each; then AOS_DB is unset, so that commands go where the login says
    (the database itself is named explicitly where a test wants it)."""
    local = {"AOS_NOW": NOW}
    aos_proc("client", "add", "Acme Corp", "--rate", "100", env=local)
    aos_proc("project", "add", "Site", "-c", "Acme Corp", env=local)
    files = {}
    for name, role in (("ann", "member"), ("max", "manager")):
        aos_proc("user", "add", name, "--role", role, env=local)
        files[name] = tmp_path / f"{name}.token"
        files[name].write_text(aos_proc("token", "create", "--user", name, env=local).out.splitlines()[-1] + "\n")
    server = start_server(tmp_path, env={"AOS_NOW": NOW})
    monkeypatch.delenv("AOS_DB")
    yield server, files
    log = stop_server(server)
    for path in files.values():
        assert path.read_text().strip() not in log


def client_env(tmp_path, name: str) -> dict:
    """A team client's environment: its own config directory (where its login is kept)."""
    return {"XDG_CONFIG_HOME": str(tmp_path / f"config-{name}"), "AOS_NOW": NOW, "AOS_USER": name}


def test_login_keeps_the_token_for_the_user_alone_and_whoami_and_logout_say_where_commands_act(
    served, aos_proc, tmp_path
):
    server, files = served
    env = client_env(tmp_path, "ann")
    logged = aos_proc("login", server.url, "--token-file", str(files["ann"]), env=env)
    assert logged.out.strip() == f"Logged in to {server.url} as ann (member)"
    login_file = tmp_path / "config-ann" / "aostime" / "login.json"
    assert stat.S_IMODE(login_file.stat().st_mode) == 0o600
    token = files["ann"].read_text().strip()
    assert token in login_file.read_text() and token not in logged.out + logged.err
    who = aos_proc("whoami", "--json", env=env).json
    assert who["server"] == server.url and (who["user"]["name"], who["user"]["role"]) == ("ann", "member")
    assert "Logged out" in aos_proc("logout", env=env).err
    assert not login_file.exists()
    again = aos_proc("login", server.url, "--json", env=dict(env, AOS_TOKEN=token)).json
    assert again["server"] == server.url and again["user"]["role"] == "member" and token not in json.dumps(again)
    assert aos_proc("logout", "--json", env=env).json == {"logged_out": True, "login_file": str(login_file)}
    assert aos_proc("whoami", "--json", env=env).json["server"] is None


def test_remote_commands_give_the_documents_the_database_gives(served, aos_proc, tmp_path, isolated):
    server, files = served
    remote = client_env(tmp_path, "ann")
    aos_proc("login", server.url, "--token-file", str(files["ann"]), env=remote)
    assert aos_proc("whoami", "--json", env=remote).json["server"] == server.url
    local = {"AOS_DB": str(isolated), "AOS_NOW": NOW, "AOS_USER": "ann"}
    started = aos_proc("start", "-p", "site", "-d", "mockups", "--at", "15:00", "--json", env=remote).json
    assert started["user_name"] == "ann" and started["start_time"] == "2026-03-04T15:00:00+00:00"
    assert aos_proc("status", "--json", env=remote).json == aos_proc("status", "--json", env=local).json
    assert aos_proc("status", "--quiet", env=remote, expect=0).out == ""
    stopped = aos_proc("stop", "--at", "16:30", "--json", env=remote).json
    assert stopped["duration"] == 5400 and stopped["amount"] == 150.0
    added = aos_proc("add", "-p", "Site", "--hours", "2", "--date", "2026-03-03", "--json", env=remote).json
    assert added["start_time"] == "2026-03-03T09:00:00+00:00"
    for args in (["list", "--json"], ["unbilled", "--json"], ["report", "--by", "project,day", "--json"]):
        assert aos_proc(*args, env=remote).json == aos_proc(*args, env=local).json, args
    for args in (["list", "--csv"], ["report", "--by", "client,project,week"], ["report", "--csv"]):
        assert aos_proc(*args, env=remote).out == aos_proc(*args, env=local).out, args
    assert aos_proc("status", "--quiet", env=remote, expect=1).out == ""


def test_a_member_sees_her_own_entries_and_may_not_invoice(served, aos_proc, tmp_path, isolated):
    server, files = served
    local = {"AOS_DB": str(isolated), "AOS_NOW": NOW}
    aos_proc("add", "-p", "Site", "--hours", "1", "--date", "2026-03-02", "--user", "max", env=local)
    ann = client_env(tmp_path, "ann")
    aos_proc("login", server.url, "--token-file", str(files["ann"]), env=ann)
    aos_proc("add", "-p", "Site", "--hours", "3", "--date", "2026-03-02", env=ann)
    assert [e["user_name"] for e in aos_proc("list", "--json", env=ann).json["entries"]] == ["ann"]
    refused = aos_proc("invoice", "create", "-c", "Acme Corp", env=ann, expect=1)
    assert refused.err == "Error: not allowed for your role (member): invoices\n"
    max_ = client_env(tmp_path, "max")
    aos_proc("login", server.url, "--token-file", str(files["max"]), env=max_)
    assert sorted(e["user_name"] for e in aos_proc("list", "--json", env=max_).json["entries"]) == ["ann", "max"]
    invoice = aos_proc("invoice", "create", "-c", "Acme Corp", "--json", env=max_).json
    assert invoice["total"] == 400.0 and len(invoice["lines"]) == 2


def test_a_server_that_is_down_or_a_rejected_token_is_one_line_exit_3_within_the_timeout(served, aos_proc, tmp_path):
    server, files = served
    env = client_env(tmp_path, "ann")
    aos_proc("login", server.url, "--token-file", str(files["ann"]), env=env)
    rejected = aos_proc("status", env=dict(env, AOS_SERVER=server.url, AOS_TOKEN="aos_not-a-token"), expect=3)
    assert rejected.err.startswith("Error: token rejected") and rejected.err.strip().endswith("aos login")
    stop_server(server)
    began = time.monotonic()
    down = aos_proc("status", env=env, expect=3)
    assert time.monotonic() - began < 10 and down.err.count("\n") == 1 and "cannot reach" in down.err
    refused = aos_proc("backup", env=env, expect=2)
    assert "not through the team server" in refused.err


def test_a_local_database_named_always_wins_over_the_login(served, aos_proc, tmp_path):
    server, files = served
    env = client_env(tmp_path, "ann")
    aos_proc("login", server.url, "--token-file", str(files["ann"]), env=env)
    elsewhere = tmp_path / "mine.db"
    aos_proc("add", "-p", "Mine", "--hours", "1", env=dict(env, AOS_DB=str(elsewhere)), expect=1)  # no such project
    aos_proc("--db", str(elsewhere), "client", "add", "Me", env=env)
    assert aos_proc("--db", str(elsewhere), "client", "list", "--json", env=env).json[0]["name"] == "Me"
    assert [c["name"] for c in aos_proc("client", "list", "--json", env=env).json] == ["Acme Corp"]


def test_offline_changes_are_queued_with_their_times_and_land_exactly_once(served, aos_proc, tmp_path, isolated):
    server, files = served
    port = int(server.url.rsplit(":", 1)[1])
    env = dict(client_env(tmp_path, "ann"), XDG_DATA_HOME=str(tmp_path / "data-ann"))
    aos_proc("login", server.url, "--token-file", str(files["ann"]), env=env)
    aos_proc("start", "-p", "Site", "--at", "09:00", env=env)
    stop_server(server)
    stopped = aos_proc("stop", "--at", "12:00", env=env)
    assert stopped.err.startswith("Queued (offline): stop at 2026-03-04 12:00")
    aos_proc("add", "-p", "site", "--hours", "1", "--date", "2026-03-03", "--json", env=env)  # a name, resolved later
    aos_proc("start", "-p", "Site", "--at", "13:00", "-d", "after lunch", env=env)
    down = aos_proc("status", env=env, expect=3)
    assert "queued offline: stop at" in down.err and "start Site at 2026-03-04 13:00" in down.err
    journal = tmp_path / "data-ann" / "aostime" / "team-journal.db"
    before_sync = journal.read_bytes()
    again = start_server(tmp_path, env={"AOS_NOW": NOW, "AOS_DB": str(isolated)}, port=port)
    try:
        assert aos_proc("sync", "--json", env=env).json == {"sent": 3, "conflicts": [], "cleared": 0}
        # the CLI killed after the server took them, before it noted so: sent again, taken once
        journal.write_bytes(before_sync)
        assert aos_proc("sync", "--json", env=env).json["sent"] == 3
        status = aos_proc("status", "--json", env=env).json
        assert status["entry"]["description"] == "after lunch"
    finally:
        stop_server(again)
    local = {"AOS_DB": str(isolated), "AOS_NOW": NOW}
    rows = [(e["start_time"], e["end_time"]) for e in aos_proc("list", "--json", env=local).json["entries"]]
    assert rows == [("2026-03-04T13:00:00+00:00", None), ("2026-03-04T09:00:00+00:00", "2026-03-04T12:00:00+00:00"),
                    ("2026-03-03T09:00:00+00:00", "2026-03-03T10:00:00+00:00")]  # fmt: skip


def test_a_start_made_offline_wins_over_a_timer_started_meanwhile_elsewhere(served, aos_proc, tmp_path, isolated):
    server, files = served
    port = int(server.url.rsplit(":", 1)[1])
    env = dict(client_env(tmp_path, "ann"), XDG_DATA_HOME=str(tmp_path / "data-ann"))
    aos_proc("login", server.url, "--token-file", str(files["ann"]), env=env)
    stop_server(server)
    aos_proc("start", "-p", "Site", "--at", "11:00", "-d", "laptop", env=env)
    local = {"AOS_DB": str(isolated), "AOS_NOW": NOW, "AOS_USER": "ann"}
    aos_proc("start", "-p", "Site", "--at", "10:00", "-d", "desktop", env=local)  # meanwhile, on another device
    again = start_server(tmp_path, env={"AOS_NOW": NOW, "AOS_DB": str(isolated)}, port=port)
    try:
        assert aos_proc("sync", "--json", env=env).json["sent"] == 1
        assert aos_proc("stop", "--at", "12:00", "--json", env=env).json["description"] == "laptop"
        aos_proc("stop", "--at", "12:30", env=env, expect=1)  # nothing runs any more
        # a stop made offline for a timer already stopped elsewhere: kept as a conflict
        stop_server(again)
        aos_proc("stop", "--at", "12:45", env=env)
        again = start_server(tmp_path, env={"AOS_NOW": NOW, "AOS_DB": str(isolated)}, port=port)
        synced = aos_proc("sync", "--json", env=env).json
        assert synced["sent"] == 0 and "no timer is running" in synced["conflicts"][0]["server_said"]
        assert aos_proc("sync", "--clear-conflicts", "--json", env=env).json["cleared"] == 1
    finally:
        stop_server(again)
    rows = [
        (e["description"], e["start_time"], e["end_time"])
        for e in aos_proc("list", "--json", env=local).json["entries"]
    ]
    assert rows == [("laptop", "2026-03-04T11:00:00+00:00", "2026-03-04T12:00:00+00:00"),
                    ("desktop", "2026-03-04T10:00:00+00:00", "2026-03-04T11:00:00+00:00")]  # fmt: skip


def test_commands_without_a_remote_form_say_so_in_one_line_and_the_rest_work(served, aos_proc, tmp_path, isolated):
    server, files = served
    env = client_env(tmp_path, "max")
    aos_proc("login", server.url, "--token-file", str(files["max"]), env=env)
    added = aos_proc("add", "-p", "Site", "--hours", "1", "--date", "2026-03-02", "--json", env=env).json
    assert aos_proc("edit", str(added["id"]), "-d", "edited", "--json", env=env).json["description"] == "edited"
    assert aos_proc("restart", str(added["id"]), "--at", "15:00", "--json", env=env).json["description"] == "edited"
    aos_proc("cancel", env=env)
    assert aos_proc("delete", str(added["id"]), "--yes", "--json", env=env).json["deleted"] == [added["id"]]
    aos_proc("client", "add", "Globex", "--json", env=env)
    assert [c["name"] for c in aos_proc("client", "list", "--json", env=env).json] == ["Acme Corp", "Globex"]
    assert aos_proc("client", "edit", "globex", "--rate", "90", "--json", env=env).json["hourly_rate"] == 90
    assert aos_proc("client", "archive", "Globex", "--json", env=env).json["archived"] is True
    aos_proc("add", "-p", "Site", "--hours", "2", "--date", "2026-03-03", env=env)
    draft = aos_proc("invoice", "create", "-c", "Acme Corp", "--json", env=env).json
    assert aos_proc("invoice", "void", str(draft["id"]), "--json", env=env).json["status"] == "void"
    ready_to_issue(lambda *args: aos_proc(*args, env={"AOS_DB": str(isolated), "AOS_NOW": NOW}), "Acme Corp")
    invoice = aos_proc("invoice", "create", "-c", "Acme Corp", "--json", env=env).json
    assert aos_proc("invoice", "status", invoice["number"], "sent", "--json", env=env).json["status"] == "sent"
    made = aos_proc("token", "create", "--name", "phone", "--expires", "30d", "--json", env=env).json
    assert made["user_name"] == "max" and made["token"].startswith("aos_")
    assert [t["name"] for t in aos_proc("token", "list", "--json", env=env).json] == ["", "phone"]
    assert aos_proc("token", "revoke", str(made["id"]), "--json", env=env).json["revoked"] is True
    assert aos_proc("config", "list", env=env, expect=1).err == "Error: not allowed for your role (manager): settings\n"
    refused = aos_proc("restore", "elsewhere.db", env=env, expect=2)
    assert refused.err.count("\n") == 1 and "team server" in refused.err


def test_export_through_the_server_is_the_databases_export_byte_for_byte(served, aos_proc, tmp_path, isolated):
    server, files = served
    local = {"AOS_DB": str(isolated), "AOS_NOW": NOW, "AOS_USER": "max"}
    aos_proc("task", "add", "Build", "-p", "Site", env=local)
    aos_proc("add", "-p", "Site", "-t", "Build", "--hours", "2", "--date", "2026-03-02", "-d", "max's", env=local)
    aos_proc("add", "-p", "Site", "--hours", "3", "--date", "2026-03-03", "--user", "ann", "-d", "ann's", env=local)
    max_, ann = client_env(tmp_path, "max"), client_env(tmp_path, "ann")
    aos_proc("login", server.url, "--token-file", str(files["max"]), env=max_)
    aos_proc("login", server.url, "--token-file", str(files["ann"]), env=ann)
    for args in (["export"], ["export", "--format", "csv"], ["export", "-u", "ann", "--from", "2026-03-03"],
                 ["export", "-t", "Build", "--format", "csv"]):  # fmt: skip
        assert aos_proc(*args, env=max_).out == aos_proc(*args, env=local).out, args
    aos_proc("config", "set", "currency", "EUR", env=local)
    whole = json.loads(aos_proc("export", env=max_).out)  # a manager's: the whole file
    assert whole["settings"] == {"currency": "EUR"} and [e["description"] for e in whole["entries"]] == [
        "max's",
        "ann's",
    ]
    assert [u["name"] for u in whole["users"]] == ["ann", "max"]
    hers = json.loads(aos_proc("export", env=ann).out)  # a member's: her time and what it uses, no settings
    assert hers["settings"] == {} and [e["description"] for e in hers["entries"]] == ["ann's"]
    assert [u["name"] for u in hers["users"]] == ["ann"]
    written = aos_proc("export", "-o", str(tmp_path / "ann.json"), env=ann)
    assert written.err.strip().endswith("Exported 1 entry to " + str(tmp_path / "ann.json"))
    assert json.loads((tmp_path / "ann.json").read_text()) == hers


def test_several_entries_are_deleted_or_marked_in_one_request_all_or_none(served, aos_proc, tmp_path, isolated):
    server, files = served
    local = {"AOS_DB": str(isolated), "AOS_NOW": NOW, "AOS_USER": "max"}
    max_ = client_env(tmp_path, "max")
    aos_proc("login", server.url, "--token-file", str(files["max"]), env=max_)
    ids = [str(aos_proc("add", "-p", "Site", "--hours", "1", "--date", day, "--json", env=max_).json["id"])
           for day in ("2026-03-01", "2026-03-02", "2026-03-03")]  # fmt: skip
    assert aos_proc("unbilled", "--to", "2026-03-02", "--json", env=max_).json == aos_proc(
        "unbilled", "--to", "2026-03-02", "--json", env=local).json  # fmt: skip
    marked = aos_proc("invoice", "mark", ids[0], ids[1], "--json", env=max_).json
    assert [e["invoiced"] for e in marked["entries"]] == [True, True]
    refused = aos_proc("delete", ids[1], ids[2], "--yes", env=max_, expect=1)  # one is invoiced: neither goes
    assert refused.err.count("\n") == 1
    assert len(aos_proc("list", "--json", env=local).json["entries"]) == 3
    unmarked = aos_proc("invoice", "unmark", ids[0], ids[1], "--json", env=max_).json
    assert [e["invoiced"] for e in unmarked["entries"]] == [False, False]
    missing = aos_proc("delete", ids[2], "999", "--yes", env=max_, expect=1)
    assert missing.err == aos_proc("delete", ids[2], "999", "--yes", env=local, expect=1).err
    deleted = aos_proc("delete", ids[1], ids[2], "--yes", "--json", env=max_).json
    assert deleted == {"deleted": [int(ids[1]), int(ids[2])], "count": 2}
    assert [str(e["id"]) for e in aos_proc("list", "--json", env=local).json["entries"]] == [ids[0]]


def test_a_prompts_status_answers_from_the_last_few_seconds_without_asking(served, aos_proc, tmp_path):
    server, files = served
    env = dict(client_env(tmp_path, "ann"), XDG_DATA_HOME=str(tmp_path / "data-ann"))
    aos_proc("login", server.url, "--token-file", str(files["ann"]), env=env)
    aos_proc("start", "-p", "Site", "--at", "16:00", env=env)
    aos_proc("status", "--quiet", env=env, expect=0)  # asks, and keeps the answer
    stop_server(server)
    soon, later = dict(env, AOS_NOW="2026-03-04T17:00:04+00:00"), dict(env, AOS_NOW="2026-03-04T17:00:06+00:00")
    assert aos_proc("status", "--format", "{project} since {start}", env=soon).out == "Site since 16:00\n"
    code = "import sys, aostime.entry as e; e.main(['status', '--quiet']); print('httpx' in sys.modules)"
    answered = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, **soon), capture_output=True,
                              text=True, check=False)  # fmt: skip
    assert answered.stdout.strip() == "False", answered  # no request, not even the import
    assert "cannot reach" in aos_proc("status", "--quiet", env=later, expect=3).err  # too old: asks
    aos_proc("stop", env=soon)  # queued offline, and the kept answer is forgotten
    aos_proc("status", "--quiet", env=soon, expect=3)


def test_without_httpx_commands_still_reach_the_server_and_a_document_stream_says_how_to_get_it(
    served, aos_proc, tmp_path
):
    server, files = served
    shim = tmp_path / "shim" / "httpx"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("raise ImportError('No module named httpx (test shim)')\n")
    env = {k: v for k, v in os.environ.items() if k != "AOS_DB"}
    env.update(PYTHONPATH=os.pathsep.join([str(shim.parent), os.environ.get("PYTHONPATH", "")]),
               AOS_SERVER=server.url, AOS_TOKEN=files["ann"].read_text().strip(), AOS_NOW=NOW,
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))  # fmt: skip

    def aos(*args):
        done = subprocess.run([sys.executable, "-m", "aostime", *args], env=env, capture_output=True, text=True,
                              check=False)  # fmt: skip
        return done.returncode, done.stdout, done.stderr

    assert aos("start", "-p", "Site", "--at", "16:00")[0] == 0
    code, out, err = aos("status", "--json")
    assert (code, json.loads(out)["entry"]["project_name"]) == (0, "Site"), err
    assert aos("export")[::2] == (2, "Error: the team client needs httpx for this: pip install 'aostime[team]'\n")


def test_import_through_the_server_is_one_write_with_the_local_summary_and_idempotent(
    served, aos_proc, tmp_path, isolated
):
    from pathlib import Path

    watson = Path(__file__).resolve().parents[1] / "fixtures" / "watson"
    server, files = served
    local = {"AOS_DB": str(isolated), "AOS_NOW": NOW, "AOS_USER": "max"}  # who the import acts as
    args = ["import", "watson", str(watson), "--client", "Acme Corp", "--json"]
    expected = aos_proc(*args, "--dry-run", env=local).json
    max_ = client_env(tmp_path, "max")
    aos_proc("login", server.url, "--token-file", str(files["max"]), env=max_)
    assert aos_proc(*args, "--dry-run", env=max_).json == expected
    imported = aos_proc(*args, env=max_).json
    assert imported == dict(expected, dry_run=False) and imported["entries"]["created"] > 0
    again = aos_proc(*args, env=max_).json["entries"]
    assert (again["created"], again["unchanged"]) == (0, imported["entries"]["created"])
    ann = client_env(tmp_path, "ann")
    aos_proc("login", server.url, "--token-file", str(files["ann"]), env=ann)
    refused = aos_proc(*args, env=ann, expect=1)
    assert refused.err.startswith("Error: not allowed for your role (member)")


def test_a_corrected_file_imported_through_the_server_updates_prunes_and_keeps_its_zone(served, aos_proc, tmp_path):
    """The records parsed here carry the zone their times were read in and whether their ids are
    positions; the server matches them as a local import does."""
    server, files = served
    head = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags\n"
    rows = [f"Max,max@example.com,Acme Corp,Site,,{d},Yes,2026-03-0{n},09:00:00,2026-03-0{n},10:00:00,01:00:00,\n"
            for n, d in ((2, "Design"), (3, "Review"), (4, "Deploy"))]  # fmt: skip
    path = tmp_path / "toggl.csv"
    path.write_text(head + "".join(rows))
    max_ = client_env(tmp_path, "max")
    aos_proc("login", server.url, "--token-file", str(files["max"]), env=max_)
    assert aos_proc("import", "csv", str(path), "--json", env=max_).json["entries"]["created"] == 3
    path.write_text(head + rows[0].replace("10:00:00,01:00:00", "10:30:00,01:30:00") + rows[2])
    again = aos_proc("import", "csv", str(path), "--prune", "--json", env=max_).json
    assert (again["entries"]["created"], again["entries"]["updated"]) == (0, 1)
    assert [(r["description"], r["deleted"]) for r in again["removed"]["entries"]] == [("Review", True)]
    refused = aos_proc("import", "csv", str(path), env=dict(max_, TZ="Asia/Tokyo"), expect=2)
    assert "TZ=UTC" in refused.err


def test_what_a_command_says_beside_its_answer_is_said_remotely_too(served, aos_proc, tmp_path, isolated):
    """Name completions, overlap warnings and the timer a --switch stopped: the same lines on
    stdout and stderr as the same commands on a copy of the database."""
    server, files = served
    copy = tmp_path / "copy.db"
    aos_proc("db", "copy", str(isolated), str(copy))  # from this backend's database into a file
    local = {"AOS_DB": str(copy), "AOS_NOW": NOW, "AOS_USER": "ann"}
    remote = client_env(tmp_path, "ann")
    aos_proc("login", server.url, "--token-file", str(files["ann"]), env=remote)
    for args in (["start", "-p", "sit", "--at", "15:00"], ["start", "-p", "Site", "--switch", "--at", "16:00"],
                 ["add", "-p", "Site", "--start", "15:30", "--end", "16:30"], ["stop", "--at", "16:45"]):  # fmt: skip
        here, there = aos_proc(*args, env=local), aos_proc(*args, env=remote)
        assert (there.out, there.err) == (here.out, here.err), args
    said = aos_proc("add", "-p", "Site", "--start", "15:40", "--end", "15:50", env=remote).err
    assert said.count("Warning: overlaps entry") == 2  # 1 (15:00-16:00) and 3 (15:30-16:30)


def test_an_invoice_is_issued_paid_cancelled_and_sent_as_a_document_through_the_server(
    served, aos_proc, tmp_path, isolated
):
    server, files = served
    ready_to_issue(lambda *args: aos_proc(*args, env={"AOS_DB": str(isolated), "AOS_NOW": NOW}), "Acme Corp")
    env = client_env(tmp_path, "max")
    aos_proc("login", server.url, "--token-file", str(files["max"]), env=env)
    aos_proc("add", "-p", "Site", "--hours", "2", "--date", "2026-03-03", env=env)
    aos_proc("invoice", "create", "-c", "Acme Corp", "--tax", "19", env=env)
    fee = aos_proc("invoice", "add-line", "1", "-d", "Fee", "-q", "1", "--unit-price", "50", "--json", env=env).json
    assert (fee["subtotal"], fee["total"]) == (250, 297.5)
    assert aos_proc("invoice", "remove-line", "1", "2", "--json", env=env).json["total"] == 238
    # USD with German VAT: its VAT in EUR too, at the rate given at issue
    issued = aos_proc("invoice", "issue", "1", "--exchange-rate", "0.92", "--json", env=env).json
    assert (issued["status"], issued["exchange_rate"]) == ("sent", 0.92)
    assert aos_proc("invoice", "pay", "1", "--amount", "38", "--json", env=env).json["open"] == 200
    pdf = tmp_path / "invoice.pdf"
    aos_proc("invoice", "show", "1", "--format", "pdf", "-o", str(pdf), env=env)
    assert pdf.read_bytes().startswith(b"%PDF")
    page = aos_proc("invoice", "show", "1", "--format", "html", env=env).out
    assert page.lower().startswith("<!doctype html>") and "INV-2026-0001" in page and "Müller" in page
    cancelled = aos_proc("invoice", "cancel", "1", "--json", env=env).json
    assert (cancelled["credit_note"]["number"], cancelled["credit_note"]["total"]) == ("CN-2026-0001", -238)
    local = {"AOS_DB": str(isolated), "AOS_NOW": NOW}
    assert [i["status"] for i in aos_proc("invoice", "list", "--json", env=local).json] == ["cancelled", "sent"]


def test_what_once_went_astray_through_the_server_now_acts_as_locally(served, aos_proc, tmp_path, isolated):
    """Billing fields of a client, time booked for another member, --date with --start/--end, the
    team's date order, and -t by name while the server is down: each as on the database."""
    server, files = served
    port = int(server.url.rsplit(":", 1)[1])
    local = {"AOS_DB": str(isolated), "AOS_NOW": NOW}
    aos_proc("task", "add", "Design", "-p", "Site", env=local)
    aos_proc("config", "set", "date_order", "dmy", env=local)
    max_ = dict(client_env(tmp_path, "max"), XDG_DATA_HOME=str(tmp_path / "data-max"))
    aos_proc("login", server.url, "--token-file", str(files["max"]), env=max_)
    billing = ("--address", "Ring 1\n1010 Wien", "--country", "AT", "--vat-id", "ATU12345675", "--language", "en",
               "--tax-mode", "exempt")  # fmt: skip
    edited = aos_proc("client", "edit", "Acme Corp", *billing, "--json", env=max_).json
    assert (edited["country"], edited["vat_id"], edited["tax_mode"], edited["language"]) == ("AT", "ATU12345675",
                                                                                          "exempt", "en")  # fmt: skip
    booked = aos_proc("add", "-p", "Site", "--hours", "1", "--date", "2026-03-02", "-u", "ann", "--json", env=max_)
    assert booked.json["user_name"] == "ann"
    assert aos_proc("--user", "ann", "add", "-p", "Site", "--hours", "1", "--json", env=max_).json["user_name"] == "ann"
    ranged = aos_proc("add", "-p", "Site", "--date", "02.03.", "--start", "13:30", "--end", "17", "--json", env=max_)
    assert (ranged.json["start_time"], ranged.json["duration"]) == ("2026-03-02T13:30:00+00:00", 12600)
    slashed = aos_proc("add", "-p", "Site", "--hours", "2", "--date", "03/02/2026", "--json", env=max_).json
    assert slashed["start_time"].startswith("2026-02-03")
    stop_server(server)
    queued = aos_proc("start", "-p", "site", "-t", "design", "--at", "14:00", env=max_)
    assert queued.err.startswith("Queued (offline): start site at 2026-03-04 14:00")
    down = aos_proc("list", env=max_, expect=3)
    assert down.err.count("\n") == 1 and "cannot reach" in down.err and "queued offline: start site" in down.err
    for args in (["export"], ["report"], ["invoice", "list"], ["client", "list"], ["token", "list"]):
        refused = aos_proc(*args, env=max_, expect=3)
        assert refused.err.count("\n") == 1 and "cannot reach the team server" in refused.err, args
    again = start_server(tmp_path, env={"AOS_NOW": NOW, "AOS_DB": str(isolated)}, port=port)
    try:
        assert aos_proc("sync", "--json", env=max_).json["sent"] == 1
        running = aos_proc("status", "--json", env=max_).json["entry"]
        assert (running["project_name"], running["task_name"], running["start_time"]) == (
            "Site", "Design", "2026-03-04T14:00:00+00:00")  # fmt: skip
    finally:
        stop_server(again)


def test_the_teams_date_order_is_kept_and_read_again_when_an_admin_changes_it(served, aos_proc, tmp_path, isolated):
    server, files = served
    port = int(server.url.rsplit(":", 1)[1])
    local = {"AOS_DB": str(isolated), "AOS_NOW": NOW}
    ann = dict(client_env(tmp_path, "ann"), XDG_DATA_HOME=str(tmp_path / "data-ann"))
    aos_proc("login", server.url, "--token-file", str(files["ann"]), env=ann)
    aos_proc("status", env=ann)  # any answer: the team's settings are read and kept
    aos_proc("config", "set", "date_order", "mdy", env=local)  # an admin, meanwhile
    aos_proc("status", env=ann)  # the answer names a new version: read again
    stop_server(server)
    queued = aos_proc("add", "-p", "Site", "--hours", "1", "--date", "03/02/2026", env=ann)
    assert queued.err.startswith("Queued (offline): add 1 h on 2026-03-02 (Site)"), queued.err
    again = start_server(tmp_path, env={"AOS_NOW": NOW, "AOS_DB": str(isolated)}, port=port)
    try:
        assert aos_proc("sync", "--json", env=ann).json["sent"] == 1
    finally:
        stop_server(again)
    entries = aos_proc("list", "--json", env=local).json["entries"]
    assert [e["start_time"][:10] for e in entries] == ["2026-03-02"]


def test_an_edit_names_the_version_it_was_made_on_and_a_stale_one_is_refused_through_the_server(
    served, aos_proc, tmp_path, isolated
):
    """The team client's edit sends the version its user saw, as the web app's form and a REST
    PUT's If-Match do: max saw ann's entry, ann corrected it since, max's edit changes nothing."""
    import httpx

    server, files = served
    ann, max_ = client_env(tmp_path, "ann"), client_env(tmp_path, "max")
    for name, env in (("ann", ann), ("max", max_)):
        aos_proc("login", server.url, "--token-file", str(files[name]), env=env)
    entry = aos_proc("add", "-p", "Site", "--hours", "2", "--date", "2026-03-03", "-d", "draft", "--json", env=ann).json
    seen = aos_proc("list", "--json", env=max_).json["entries"][0]["version"]
    token = files["max"].read_text().strip()
    got = httpx.get(f"{server.url}{API}/time-entries/{entry['id']}", headers={"Authorization": f"Bearer {token}"})
    assert got.headers["etag"] == f'"{seen}"' == f'"{entry["version"]}"'  # one version, by every face
    aos_proc("edit", str(entry["id"]), "-d", "final copy", env=ann)
    late = aos_proc("edit", str(entry["id"]), "--hours", "1", "--if-version", seen, env=max_, expect=1)
    assert "was changed since it was read" in late.err
    now = aos_proc("list", "--json", env=max_).json["entries"][0]
    assert (now["description"], now["duration"]) == ("final copy", 7200)
    edited = aos_proc("edit", str(entry["id"]), "--hours", "1", "--if-version", now["version"], "--json", env=max_)
    assert (edited.json["description"], edited.json["duration"]) == ("final copy", 3600)
