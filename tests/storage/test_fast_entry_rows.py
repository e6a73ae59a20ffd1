"""`aos list --json` writes each entry from a lean row (render.lists.entry_json_rows) instead of
Entry -> entry_document -> dumps; this holds the two byte for byte, over data that exercises
every branch (running, no task, invoiced with and without a number, non-billable, text that
needs escaping) and over zones with and without daylight saving."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aostime.domain.documents import entry_document, entry_sums
from aostime.domain.money import amount_cents
from aostime.render.json import dumps
from aostime.render.lists import entry_json_rows
from aostime.runtime import session
from aostime.services import listing
from aostime.storage.sqlite import stored_time

COLUMNS = ("project_id", "task_id", "user_id", "start_time", "end_time", "duration", "description", "notes",
           "billable", "hourly_rate_cents", "amount_cents", "invoiced", "created_at", "updated_at")  # fmt: skip
TEXTS = ["", "Homepage concepts", 'say "hi"\\ back\nslash', "Café ☕ naïve — ünïcode", "tab\there", "\x7f<>&'"]


@pytest.fixture
def varied(acme):
    acme("client", "add", 'Ünïcode "Quoted" Ltd', "--rate", "99.99")
    acme("project", "add", "Ops ☕", "--client", 'Ünïcode "Quoted" Ltd')
    acme("user", "add", "bob")
    run = session()
    users = [run.user().id, run.store.find_records("user", "bob")[0].id]
    rows = []
    for i in range(400):
        seconds = 60 * (1 + (i * 37) % 600) + i % 7
        start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=i * 5, minutes=(i * 7) % 60, seconds=i % 60)
        rate = [0, 1, 9999, 15000, 12345][i % 5]
        billable = i % 3 != 0
        rows.append((
            1 + i % 2, 1 if i % 4 == 0 else None, users[i % 3 % 2], stored_time(start), stored_time(start + timedelta(seconds=seconds)),
            seconds, TEXTS[i % len(TEXTS)], TEXTS[(i + 3) % len(TEXTS)], int(billable), rate,
            amount_cents(seconds, rate) if billable else 0, int(billable and i % 11 == 0), stored_time(start), stored_time(start),
        ))  # fmt: skip
    with run.store.transaction() as store:
        assert store.insert_entries_many(COLUMNS, rows) == len(rows)
    acme("invoice", "create", "-c", "Acme Corp", "--to", "2026-02-01")
    acme("start", "Still going ☕", "-p", "Website Redesign", "--at", "-2h")
    return run


def slow_and_fast(**query):
    run = session()
    q = listing.entry_query(run, **query)
    slow = [dumps(entry_document(e, run.zone)) for e in listing.iter_entries(run, q)]

    def fast_rows(**options):
        from aostime.services import tracking

        rows, lookups = listing.listing_rows(run, q), listing.listing_lookups(run)
        return entry_json_rows(rows, lookups, run.zone, lambda i: tracking.get_entry(run, i), **options)

    fast = list(fast_rows(batch=1))
    sums = entry_sums(())
    assert ",\n  ".join(fast) == ",\n  ".join(fast_rows(batch=7, sums=sums)) == ",\n  ".join(fast_rows())
    sql = listing.entry_totals(run, q)
    assert sums.per_currency() == sql.per_currency(), "the streamed totals are the SQL totals of the same rows"
    return slow, fast


@pytest.mark.parametrize("zone", ["UTC", "Europe/Amsterdam", "America/St_Johns", "Asia/Kolkata", ""])
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"limit": 5},
        {"since": "2026-02-01", "until": "2026-03-01"},
        {"client": "Acme Corp"},
        {"billable": False},
        {"invoiced": True},
        {"user": "bob"},
        {"project": "Ops ☕"},
    ],
    ids=repr,
)
def test_fast_rows_are_byte_identical_to_entry_documents(varied, monkeypatch, zone, query):
    monkeypatch.setenv("TZ", zone)
    slow, fast = slow_and_fast(**query)
    assert slow, "the query should list something"
    for a, b in zip(slow, fast, strict=True):
        assert a == b


def test_the_varied_data_covers_every_branch(varied):
    slow, _ = slow_and_fast()
    text = "\n".join(slow)
    needles = ['"running": true', '"task_id": null', '"invoice_number": "INV-', '"invoice_id": null',
               '"invoiced": true', '"billable": false', "\\u2615", '\\"hi\\"']  # fmt: skip
    for needle in needles:
        assert needle in text


def test_a_whole_listing_is_the_same_document(varied, aos):
    import json

    result = aos("list", "--json")
    document = json.loads(result.out)
    assert document["count"] == len(document["entries"]) == 401
