"""`aos export --format json | aos import json -` into an empty database is lossless: the export of
the copy is the export of the original byte for byte, for random hierarchies, users, settings,
entries (running, invoiced, imported, any text) and invoices (draft, sent, paid, void)."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aostime.domain.money import amount_cents
from aostime.storage.sqlite import open_store
from billing_support import SENDER

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
WORDS = (
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzÄéß -&'", min_size=1, max_size=12)
    .map(str.strip)
    .filter(lambda s: bool(s) and not s.isdigit())
)
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
RATE = st.none() | st.integers(0, 50_000)


def _unique(names: list[str]) -> list[str]:
    seen, out = set(), []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


@st.composite
def worlds(draw):
    clients = _unique(draw(st.lists(WORDS, min_size=1, max_size=3)))
    users = _unique(draw(st.lists(WORDS, min_size=1, max_size=3)))
    world = {
        "settings": draw(st.dictionaries(st.sampled_from(["currency", "default_rate", "week_start"]),
                                         st.sampled_from(["EUR", "12.50", "sunday"]), max_size=2)),
        "clients": [(name, draw(st.sampled_from(["USD", "EUR", "JPY"])), draw(RATE), draw(st.booleans()))
                    for name in clients],
        "users": [(name, draw(st.none() | st.just(f"u{i}@example.com")), draw(RATE)) for i, name in enumerate(users)],
        "projects": [], "tasks": [], "entries": [],
    }  # fmt: skip
    world["settings"] = {k: v for k, v in world["settings"].items()
                         if (k, v) in {("currency", "EUR"), ("default_rate", "12.50"), ("week_start", "sunday")}}  # fmt: skip
    for c in range(len(clients)):
        for name in _unique(draw(st.lists(WORDS, min_size=1, max_size=2))):
            world["projects"].append((c, name, draw(RATE), draw(st.booleans())))
    for p in range(len(world["projects"])):
        for name in _unique(draw(st.lists(WORDS, max_size=2))):
            world["tasks"].append((p, name, draw(RATE), draw(st.none() | st.booleans())))
    running_users = set()
    for i in range(draw(st.integers(0, 12))):
        start = NOW - timedelta(seconds=draw(st.integers(3600, 3 * 365 * 86400)))
        user = draw(st.integers(0, len(users) - 1))
        running = draw(st.booleans()) and user not in running_users and i % 4 == 0
        if running:
            running_users.add(user)
        project = draw(st.integers(0, len(world["projects"]) - 1))
        tasks = [t for t, task in enumerate(world["tasks"]) if task[0] == project]
        world["entries"].append({
            "project": project, "task": draw(st.none() | st.sampled_from(tasks)) if tasks else None, "user": user,
            "start": start, "seconds": None if running else draw(st.integers(1, 2 * 86400)),
            "description": draw(TEXT), "notes": draw(TEXT), "billable": draw(st.booleans()),
            "rate": draw(st.integers(0, 50_000)), "odd_amount": draw(st.none() | st.integers(0, 10**7)),
            "invoiced": not running and draw(st.booleans()),
            "source": draw(st.none() | st.sampled_from(["watson", "toggl"])), "n": i,
        })  # fmt: skip
    return world


def _build(path: Path, world: dict) -> None:
    store = open_store(path)
    stamp = "2026-03-31 12:00:00"
    with store.transaction():
        for key, value in world["settings"].items():
            store.set_setting(key, value)
        clients = [store.insert_record("client", {"name": n, "currency": cur, "hourly_rate_cents": r,
                                                  "archived": int(a)}, NOW) for n, cur, r, a in world["clients"]]  # fmt: skip
        users = [store.insert_record("user", {"name": n, "email": e, "hourly_rate_cents": r}, NOW)
                 for n, e, r in world["users"]]  # fmt: skip
        projects = [store.insert_record("project", {"client_id": clients[c], "name": n, "hourly_rate_cents": r,
                                                    "archived": int(a)}, NOW) for c, n, r, a in world["projects"]]  # fmt: skip
        tasks = [store.insert_record("task", {"project_id": projects[p], "name": n, "hourly_rate_cents": r,
                                              "billable": None if b is None else int(b)}, NOW)
                 for p, n, r, b in world["tasks"]]  # fmt: skip
        for e in world["entries"]:
            end = None if e["seconds"] is None else e["start"] + timedelta(seconds=e["seconds"])
            cents = None
            if end is not None:
                cents = e["odd_amount"] if e["odd_amount"] is not None else amount_cents(e["seconds"], e["rate"])
            store.insert_entry({
                "project_id": projects[e["project"]], "task_id": None if e["task"] is None else tasks[e["task"]],
                "user_id": users[e["user"]], "start_time": e["start"].strftime("%Y-%m-%d %H:%M:%S"),
                "end_time": end and end.strftime("%Y-%m-%d %H:%M:%S"), "duration": e["seconds"],
                "description": e["description"], "notes": e["notes"], "billable": int(e["billable"]),
                "hourly_rate_cents": e["rate"], "amount_cents": cents, "invoiced": int(e["invoiced"]),
                "source": e["source"], "source_id": e["source"] and f"id-{e['n']}",
            }, NOW)  # fmt: skip
        del stamp
    store.close()


def _normalised(doc: dict) -> dict:
    """The export without what a database assigns (ids) or the moment of the export."""
    ids = ("id", "client_id", "project_id", "task_id", "user_id", "invoice_id")

    def strip(item: dict) -> dict:
        return {k: v for k, v in item.items() if k not in ids}

    out = {k: v for k, v in doc.items() if k != "exported_at"}
    for key in ("clients", "projects", "tasks", "users", "entries"):
        out[key] = sorted((strip(i) for i in doc[key]), key=repr)
    return out


INVOICE_ACTIONS = st.lists(st.tuples(st.integers(0, 2), st.sampled_from(["draft", "sent", "paid", "void", "cancelled"])),
                           max_size=3)  # fmt: skip


def _invoice(aos, source: str, world: dict, actions: list[tuple[int, str]]) -> None:
    """Invoices as people make them: created per client, then issued, paid, cancelled (a credit
    note) or voided."""
    from billing_support import ready_to_issue

    if actions:
        ready_to_issue(lambda *args: aos("--db", source, *args), *(str(n) for n in range(1, len(world["clients"]) + 1)))
    for client, status in actions:
        if client >= len(world["clients"]):
            continue
        made = aos("--db", source, "invoice", "create", "-c", world["clients"][client][0], "--json", expect=None)
        if made.code != 0:
            continue  # nothing unbilled for that client
        number = made.json["number"]
        if status in ("sent", "paid"):
            aos("--db", source, "invoice", "status", number, "sent")
        if status == "paid" and made.json["total"] > 0:  # an invoice of 0.00 owes nothing: it is never paid
            aos("--db", source, "invoice", "status", number, "paid")
        if status == "void":
            aos("--db", source, "invoice", "void", number)
        if status == "cancelled":
            aos("--db", source, "invoice", "issue", number)
            aos("--db", source, "invoice", "pay", number, "--amount", "0.01", expect=None)  # nothing open: refused
            aos("--db", source, "invoice", "cancel", number)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(world=worlds(), zone=st.sampled_from(["UTC", "Europe/Berlin", "America/New_York"]), actions=INVOICE_ACTIONS)
def test_export_then_import_into_an_empty_database_exports_the_same_document(aos, monkeypatch, world, zone, actions):
    monkeypatch.setenv("TZ", zone)
    monkeypatch.setenv("AOS_NOW", "2026-03-31T12:00:00+00:00")
    with tempfile.TemporaryDirectory() as tmp:
        source, copy = str(Path(tmp) / "source.db"), str(Path(tmp) / "copy.db")
        _build(Path(source), world)
        _invoice(aos, source, world, actions)
        exported = aos("--db", source, "export", "--format", "json")
        imported = aos("--db", copy, "import", "json", "-", "--json", input=exported.out).json
        assert imported["entries"] == {"created": len(world["entries"]), "updated": 0, "unchanged": 0, "skipped": 0,
                                       "dropped": 0}  # fmt: skip
        assert imported["warnings"] == []
        assert aos("--db", copy, "export", "--format", "json").out == exported.out  # byte for byte
        again = aos("--db", copy, "import", "json", "-", "--json", input=exported.out).json
        assert again["entries"]["created"] == 0
        if exported.json["invoices"]:  # merged into a database with data, the invoices stay behind
            assert any("not imported" in w for w in again["warnings"])
        number = aos("--db", copy, "invoice", "create", "-c", world["clients"][0][0], "--json", expect=None)
        if number.code == 0:  # the copy continues the original's numbering
            assert number.json["number"] not in {i["number"] for i in exported.json["invoices"]}


def test_a_filtered_export_carries_only_the_records_its_entries_use(acme):
    acme("client", "add", "Globex", "--currency", "EUR")
    acme("project", "add", "Secret", "--client", "Globex")
    acme("add", "-p", "Website Redesign", "--hours", "1", "--date", "2026-03-02")
    acme("add", "-p", "Secret", "--hours", "2", "--date", "2026-03-02")
    doc = acme("export", "--client", "Acme Corp", "--json").json
    assert [c["name"] for c in doc["clients"]] == ["Acme Corp"]
    assert [p["name"] for p in doc["projects"]] == ["Website Redesign"]
    assert doc["tasks"] == [] and doc["settings"] == {} and doc["count"] == 1


def test_export_csv_has_the_list_columns_plus_the_source(acme, tmp_path):
    acme("add", "-p", "Website Redesign", "--hours", "1.5", "--date", "2026-03-02", "-d", "Homepage")
    out = tmp_path / "out.csv"
    result = acme("export", "--format", "csv", "-o", str(out))
    assert result.out == "" and result.err == f"Exported 1 entry to {out}\n"
    header, row = out.read_text().splitlines()
    assert header.endswith(",source,source_id") and header.startswith("id,date,start_time")
    assert "Homepage" in row and "225.00" in row


def test_export_refuses_an_unknown_format(aos):
    assert "unknown export format 'xml'" in aos("export", "--format", "xml", expect=2).err


def test_a_whole_export_restored_into_this_backend_exports_the_same_bytes_and_continues_the_numbering(
    aos, tmp_path, monkeypatch
):
    """From an SQLite file into the test's database (on PostgreSQL too): ids, timestamps,
    invoices with their lines and statuses, the numbering and the id counters."""
    monkeypatch.setenv("AOS_NOW", "2026-03-31T12:00:00+00:00")
    source = str(tmp_path / "source.db")
    for args in (["client", "add", "Acme Corp", "--rate", "100", "--currency", "EUR", "--address", "Hauptstraße 1\\n1010 Wien",
                  "--country", "AT", "--vat-id", "ATU12345678", "--tax-mode", "reverse-charge"],
                 *(["config", "set", key, value] for key, value in SENDER.items()), ["project", "add", "Site",
                 "-c", "Acme Corp"], ["task", "add", "Build", "-p", "Site"], ["user", "add", "ann", "--role", "manager"],
                 ["project", "edit", "Site", "--budget-hours", "2.5", "--budget-alert", "50"],
                 ["add", "-p", "Site", "-t", "Build", "--hours", "2", "--date", "2026-03-02", "-d", "Ünïcode"],
                 ["add", "-p", "Site", "--hours", "1", "--date", "2026-03-03", "--user", "ann"],
                 ["invoice", "create", "-c", "Acme Corp"], ["invoice", "status", "INV-2026-0001", "sent"],
                 ["invoice", "pay", "INV-2026-0001", "--amount", "50", "--date", "2026-03-31"],
                 ["invoice", "cancel", "INV-2026-0001"],
                 ["add", "-p", "Site", "--hours", "3", "--date", "2026-03-04"], ["invoice", "create", "-c", "Acme Corp"],
                 ["invoice", "void", "INV-2026-0002"], ["add", "-p", "Site", "--hours", "1", "--date", "2026-03-05"],
                 ["delete", "4", "--yes"], ["start", "-p", "Site", "--at", "11:00"], ["project", "archive", "Site"],
                 ["config", "set", "tax_rate", "19"], ["client", "edit", "Acme Corp", "--tax-mode", "standard"]):  # fmt: skip
        aos("--db", source, *args)
    exported = aos("--db", source, "export").out
    doc = json.loads(exported)
    assert [i["status"] for i in doc["invoices"]] == ["cancelled", "sent", "void"]
    assert [i["tax_mode"] for i in doc["invoices"]] == ["reverse-charge"] * 3  # as made, not as the client is now
    assert doc["invoice_sequences"] == {"2026": 2} and doc["credit_note_sequences"] == {"2026": 1}
    assert doc["invoices"][1]["credits"] == "INV-2026-0001" and doc["payments"][0]["amount"] == 50
    assert doc["id_counters"]["time_entries"] == 5  # entry 4 was deleted: its id is not given again
    assert [(a["threshold"], a["sent_at"]) for a in doc["budgets"][0]["alerts"]] == [(50, None), (100, None)]
    aos("import", "json", "-", input=exported)
    assert aos("export").out == exported
    aos("project", "unarchive", "Site")
    aos("add", "-p", "Site", "--hours", "1", "--date", "2026-03-06")
    made = aos("invoice", "create", "-c", "Acme Corp", "--json").json
    billed = sorted(i for line in made["lines"] for i in line["entry_ids"])
    assert made["number"] == "INV-2026-0003" and billed == [1, 2, 3, 6]  # 1, 2: unbilled by the credit note
    assert made["tax_mode"] == "standard"


def test_a_whole_export_written_before_invoices_kept_their_tax_mode_is_restored_by_the_migration_s_rule(
    aos, tmp_path, monkeypatch
):
    """An invoice that charged VAT was standard; any other takes its client's tax mode."""
    monkeypatch.setenv("AOS_NOW", "2026-03-31T12:00:00+00:00")
    source = str(tmp_path / "source.db")
    for args in (["client", "add", "Acme", "--rate", "100", "--currency", "EUR"], ["project", "add", "Site", "-c", "Acme"],
                 ["add", "-p", "Site", "--hours", "2", "--date", "2026-03-02"], ["invoice", "create", "-c", "Acme", "--tax", "19"],
                 ["client", "edit", "Acme", "--tax-mode", "exempt"],
                 ["add", "-p", "Site", "--hours", "1", "--date", "2026-03-03"], ["invoice", "create", "-c", "Acme"]):  # fmt: skip
        aos("--db", source, *args)
    doc = json.loads(aos("--db", source, "export").out)
    assert [(i["tax"], i["tax_mode"]) for i in doc["invoices"]] == [(38, "standard"), (0, "exempt")]
    for invoice in doc["invoices"]:
        del invoice["tax_mode"]
    aos("import", "json", "-", input=json.dumps(doc))
    assert [i["tax_mode"] for i in aos("invoice", "list", "--json").json] == ["standard", "exempt"]
