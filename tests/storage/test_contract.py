"""The storage contract: what the use cases rely on from any backend, through the interfaces of
aostime.storage only (domain values in and out, no SQL). Each test runs on every backend in
BACKENDS; a new backend adds its opener there and must pass unchanged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aostime.domain.models import Invoice, InvoiceLine
from aostime.errors import Conflict

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def sqlite_storage(tmp_path, cleanups):
    from aostime.storage import open_storage

    return open_storage(str(tmp_path / "contract.db"))


def postgres_storage(tmp_path, cleanups):
    import pg_support

    if not pg_support.available():
        pytest.skip("no PostgreSQL server: set AOS_TEST_POSTGRES (tools/pg_scratch.py starts one)")
    from aostime.storage import open_storage

    url, schema = pg_support.fresh_schema_url()
    cleanups.append(lambda: pg_support.drop_schema(schema))
    return open_storage(url)


BACKENDS = {"sqlite": sqlite_storage, "postgres": postgres_storage}


@pytest.fixture(params=sorted(BACKENDS))
def storage(request, tmp_path):
    cleanups: list = []
    store = BACKENDS[request.param](tmp_path, cleanups)
    yield store
    store.close()
    for cleanup in cleanups:
        cleanup()


@pytest.fixture
def world(storage):
    """A client in EUR with a project and a task, and one team member."""
    with storage.transaction():
        client = storage.insert_record("client", {"name": "Müller GmbH", "currency": "EUR"}, NOW)
        project = storage.insert_record(
            "project", {"client_id": client, "name": "Site", "hourly_rate_cents": 9000}, NOW
        )
        task = storage.insert_record("task", {"project_id": project, "name": "Design"}, NOW)
        user = storage.insert_record("user", {"name": "alice"}, NOW)
    return {"client": client, "project": project, "task": task, "user": user}


def entry(world, start: datetime, hours: float | None = 1, **values):
    row = {"project_id": world["project"], "task_id": None, "user_id": world["user"], "start_time": start,
           "description": "", "notes": "", "billable": True, "hourly_rate_cents": 9000}  # fmt: skip
    if hours is not None:
        seconds = int(hours * 3600)
        row.update(end_time=start + timedelta(seconds=seconds), duration=seconds, amount_cents=seconds * 9000 // 3600)
    return {**row, **values}


# -- the unit of work -------------------------------------------------------------------------


def test_a_transaction_commits_on_a_clean_exit_and_undoes_everything_on_an_error(storage):
    with storage.transaction():
        storage.set_setting("currency", "EUR")
    with pytest.raises(RuntimeError), storage.transaction():
        storage.set_setting("currency", "JPY")
        storage.set_setting("tax_rate", "19")
        raise RuntimeError("the command failed")
    assert storage.get_setting("currency") == "EUR" and storage.get_setting("tax_rate") is None


def test_a_nested_transaction_that_fails_undoes_only_its_own_writes(storage):
    with storage.transaction():
        storage.set_setting("currency", "EUR")
        with pytest.raises(Conflict), storage.transaction():
            storage.set_setting("tax_rate", "19")
            raise Conflict("inner")
        storage.set_setting("week_start", "sunday")
    assert storage.all_settings() == {"currency": "EUR", "week_start": "sunday"}


def test_a_snapshot_reads_and_a_setting_can_be_removed(storage):
    with storage.transaction():
        storage.set_setting("currency", "EUR")
        storage.delete_setting("currency")
    with storage.snapshot():
        assert storage.get_setting("currency") is None


# -- the catalog ------------------------------------------------------------------------------


def test_names_are_unique_by_their_folded_form_within_their_scope(storage, world):
    with pytest.raises(Conflict), storage.transaction():
        storage.insert_record("client", {"name": "MÜLLER GMBH", "currency": "EUR"}, NOW)
    with storage.transaction():  # the same project name under another client is fine
        other = storage.insert_record("client", {"name": "Globex", "currency": "USD"}, NOW)
        storage.insert_record("project", {"client_id": other, "name": "SITE"}, NOW)
    assert [p.client_name for p in storage.find_records("project", "site")] == ["Müller GmbH", "Globex"]
    assert [c.name for c in storage.find_records("client", "müller gmbh")] == ["Müller GmbH"]
    assert [c.name for c in storage.find_records("client", "mü", prefix=True)] == ["Müller GmbH"]


def test_records_come_back_as_domain_values_and_archived_ones_leave_the_list(storage, world):
    with storage.transaction():
        storage.update_record("task", world["task"], {"billable": False, "archived": True}, NOW)
    task = storage.get_record("task", world["task"])
    assert task.billable is False and task.archived is True and task.project_name == "Site"
    assert storage.list_records("task") == [] and storage.list_records("task", True) == [task]
    chain = storage.rate_chain(world["project"], world["task"], world["user"])
    assert chain["project"] == 9000 and chain["task"] is None and chain["task_billable"] == 0


# -- entries and the running timer ------------------------------------------------------------


def test_times_and_flags_round_trip_exactly(storage, world):
    start = datetime(2026, 3, 29, 0, 30, 15, tzinfo=UTC)
    with storage.transaction():
        entry_id = storage.insert_entry(entry(world, start, 2.5, billable=False, amount_cents=0), NOW)
    saved = storage.get_entry(entry_id)
    assert (saved.start, saved.end, saved.duration) == (start, start + timedelta(hours=2.5), 9000)
    assert saved.billable is False and saved.invoiced is False and saved.currency == "EUR"


def test_one_running_timer_per_member(storage, world):
    with storage.transaction():
        running = storage.insert_entry(entry(world, NOW - timedelta(hours=1), None), NOW)
    with pytest.raises(Conflict), storage.transaction():
        storage.insert_entry(entry(world, NOW, None), NOW)
    assert storage.running_entry(world["user"]).id == running
    with storage.transaction():
        storage.update_entry(running, {"end_time": NOW, "duration": 3600, "amount_cents": 9000}, NOW)
    assert storage.running_entry(world["user"]) is None and storage.last_entry(world["user"]).id == running


def test_overlaps_listings_and_totals(storage, world):
    base = datetime(2026, 3, 2, 9, tzinfo=UTC)
    with storage.transaction():
        first = storage.insert_entry(entry(world, base, 2), NOW)
        storage.insert_entry(entry(world, base + timedelta(days=1), 1), NOW)
        storage.insert_entry(entry(world, base - timedelta(days=3), 30), NOW)  # longer than a day
    overlapping = storage.overlapping_entries(world["user"], base + timedelta(hours=1), base + timedelta(hours=3), None)
    assert [e.id for e in overlapping] == [first]
    open_ended = storage.overlapping_entries(world["user"], base - timedelta(days=2), None, None)
    assert [e.id for e in open_ended] == [3, first, 2], "a 30-hour entry still running into the range counts"
    listed = list(storage.iter_entries({"start_from": base, "start_before": base + timedelta(days=2)}))
    assert [e.start for e in listed] == [base + timedelta(days=1), base]
    assert storage.entry_totals({}) == [("EUR", 3, 33 * 3600, 33 * 9000)]
    assert storage.last_end_between(world["user"], base, base + timedelta(days=1)) == base + timedelta(hours=2)


# Instants at the edges of local days, weeks, months and DST changes in the zones below.
EDGES = [datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC), datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
         datetime(2026, 4, 5, 13, 59, 59, tzinfo=UTC), datetime(2026, 4, 5, 14, 0, tzinfo=UTC),
         datetime(2026, 3, 31, 22, 30, tzinfo=UTC), datetime(2026, 11, 1, 6, 59, tzinfo=UTC),
         datetime(2026, 11, 1, 7, 0, tzinfo=UTC), datetime(2026, 12, 31, 23, 0, tzinfo=UTC),
         datetime(2025, 6, 15, 12, 0, tzinfo=UTC)]  # fmt: skip
ZONES = ["Europe/Berlin", "Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]


@pytest.mark.parametrize("zone_name", ZONES)
def test_report_periods_are_the_local_days_weeks_months_and_years_of_the_zone_asked_for(storage, world, zone_name):
    """Whatever zone the process runs in: a server answers people in many zones."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(zone_name)
    with storage.transaction():
        for start in EDGES:
            storage.insert_entry(entry(world, start, 0.25), NOW)
    for field, key in [("day", lambda d: d.isoformat()), ("week", lambda d: (d - timedelta(days=d.weekday())).isoformat()),
                       ("month", lambda d: d.isoformat()[:7]), ("year", lambda d: str(d.year))]:  # fmt: skip
        expected: dict[str, int] = {}
        for start in EDGES:
            local_key = key(start.astimezone(zone).date())
            expected[local_key] = expected.get(local_key, 0) + 900
        rows = storage.report_rows([field], 0, {}, NOW, zone)
        assert {row[0]: row[2] for row in rows} == expected, field


# -- invoices ---------------------------------------------------------------------------------


def test_invoice_numbers_never_repeat_and_an_invoice_holds_its_entries(storage, world):
    with storage.transaction():
        entry_id = storage.insert_entry(entry(world, datetime(2026, 3, 2, 9, tzinfo=UTC), 1), NOW)
        assert [storage.next_invoice_sequence(2026) for _ in range(2)] == [1, 2]
        line = InvoiceLine(None, "Site", 3600, 9000, 9000, world["project"], None, (entry_id,))
        invoice = Invoice(None, "INV-2026-0003", world["client"], "Müller GmbH", "2026-03-02", "2026-04-01",
                          "draft", "EUR", 9000, "19", 1710, 10710, "", (line,))  # fmt: skip
        invoice_id = storage.insert_invoice(invoice, NOW)
        assert storage.mark_invoiced([entry_id], invoice_id, NOW) == 1
    assert storage.peek_invoice_sequence(2026) == 3
    saved = storage.get_invoice("inv-2026-0003")
    assert saved.id == invoice_id and saved.lines[0].entry_ids == (entry_id,) and saved.total_cents == 10710
    assert storage.get_entry(entry_id).invoice_number == "INV-2026-0003"
    with storage.transaction():
        storage.set_invoice_status(invoice_id, "void", NOW)
        assert storage.release_invoice_entries(invoice_id, NOW) == 1
    assert storage.get_entry(entry_id).invoiced is False
    assert [i.status for i in storage.list_invoices(world["client"], None)] == ["void"]


def test_marking_without_an_invoice_can_be_undone(storage, world):
    with storage.transaction():
        entry_id = storage.insert_entry(entry(world, datetime(2026, 3, 2, 9, tzinfo=UTC), 1), NOW)
        storage.mark_invoiced([entry_id], None, NOW)
    assert storage.get_entry(entry_id).invoiced is True
    with storage.transaction():
        assert storage.unmark_invoiced([entry_id], NOW) == 1
    assert storage.get_entry(entry_id).invoiced is False


# -- tokens -----------------------------------------------------------------------------------


def test_tokens_are_found_by_their_hash_and_revoked(storage, world):
    with storage.transaction():
        token_id = storage.insert_token(world["user"], "laptop", "ab" * 32, NOW)
        storage.revoke_token(token_id, NOW + timedelta(minutes=1))
    token = storage.token_by_hash("ab" * 32)
    assert token["id"] == token_id and token["user_name"] == "alice"
    assert token["revoked_at"] == NOW + timedelta(minutes=1)


def test_the_days_an_import_covered_are_kept_per_scope_and_source_and_the_last_import_wins(storage):
    march = (NOW - timedelta(days=1), NOW + timedelta(days=2))
    with storage.transaction():
        storage.remember_import_span("toggl", ["s1", "s2"], *march)
        storage.remember_import_span("harvest", ["s1"], NOW, NOW + timedelta(days=1))
        storage.remember_import_span("toggl", [], NOW, NOW)  # no scope: nothing
    assert storage.import_spans("toggl", ["s1", "s2", "s3"]) == [march]
    assert storage.import_spans("toggl", ["s3"]) == []
    later = (NOW, NOW + timedelta(days=3))
    with storage.transaction():
        storage.remember_import_span("toggl", ["s2"], *later)
    assert storage.import_spans("toggl", ["s1", "s2"]) == sorted([march, later])
    assert storage.import_spans("harvest", ["s1", "s2"]) == [(NOW, NOW + timedelta(days=1))]
