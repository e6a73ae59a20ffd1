"""Where the store repeats a domain rule in SQL for speed, the SQL must agree with the Python rule
over random data: a running timer's money in a report is timer.amount_so_far, half-up to the
cent, 0 when it is not billable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from aostime.domain.models import Entry
from aostime.domain.timer import amount_so_far, elapsed

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200_000), st.integers(0, 99_999), st.booleans()), min_size=1, max_size=6))
def test_running_money_in_a_report_is_the_timers_own_rule(tmp_path_factory, timers):
    from aostime.storage import open_storage

    storage = open_storage(str(tmp_path_factory.mktemp("sql") / "rules.db"))
    expected_seconds = expected_cents = 0
    with storage.transaction():
        client = storage.insert_record("client", {"name": "Acme", "currency": "USD"}, NOW)
        project = storage.insert_record("project", {"client_id": client, "name": "Site"}, NOW)
        for i, (seconds, rate, billable) in enumerate(timers):
            user = storage.insert_record("user", {"name": f"u{i}"}, NOW)
            start = NOW - timedelta(seconds=seconds)
            storage.insert_entry({"project_id": project, "user_id": user, "start_time": start, "billable": billable,
                                  "hourly_rate_cents": rate}, NOW)  # fmt: skip
            timer = Entry(0, project, "Site", None, None, client, "Acme", user, f"u{i}", start, None, None, "", "",
                          billable, rate, None, False, None)  # fmt: skip
            expected_seconds += elapsed(timer, NOW)
            expected_cents += amount_so_far(timer, NOW)
    rows = storage.report_rows(["client"], 0, {}, NOW)
    storage.close()
    seconds = sum(row[2] for row in rows)
    cents = sum(row[4] for row in rows)
    assert (seconds, cents) == (expected_seconds, expected_cents)
