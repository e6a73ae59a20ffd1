"""The overlap check reads three index ranges instead of the user's whole history (it runs on
every add, start and edit). Whatever entries exist (short, exactly a day, far longer than a day,
running, other users'), it must find exactly the entries a plain scan of everything finds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aostime.storage.sqlite import open_store

BASE = datetime(2025, 1, 1, tzinfo=UTC)  # the running timer starts BASE + 400 days, in the past
HOURS = [0.25, 1, 8, 23.99, 24, 24.01, 30, 71, 200]


def entry_times(i: int) -> tuple[datetime, datetime]:
    start = BASE + timedelta(days=11 * i, hours=i % 5)
    return start, start + timedelta(hours=HOURS[i % len(HOURS)])


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """Entries of every length for alice (and a copy of some for bob), plus alice's running timer."""
    import os

    from aostime.entry import main
    from aostime.runtime import GLOBAL

    db = tmp_path_factory.mktemp("overlaps") / "overlaps.db"
    environ = {"AOS_DB": str(db), "AOS_USER": "alice", "TZ": "UTC"}
    saved = {k: os.environ.get(k) for k in environ}
    os.environ.update(environ)
    try:
        assert main(["client", "add", "Acme", "--rate", "100"]) == 0
        assert main(["project", "add", "Web", "--client", "Acme"]) == 0
        assert main(["user", "add", "bob"]) == 0
        for i in range(3 * len(HOURS)):
            start, end = entry_times(i)
            for acting in ([], ["--user", "bob"]) if i % 4 == 0 else ([],):  # alice is AOS_USER
                args = [*acting, "add", "-p", "Web", "--start", start.isoformat(), "--end", end.isoformat()]
                assert main([*args, "--force"]) == 0
        assert main(["start", "-p", "Web", "--at", (BASE + timedelta(days=400)).isoformat()]) == 0
    finally:
        GLOBAL.update(db=None, user=None)
        for key, value in saved.items():
            os.environ.pop(key) if value is None else os.environ.__setitem__(key, value)
    return db


def plain_scan(entries, user_id, start, end, exclude):
    """The first five overlapping entries by start, as overlapping_entries returns them."""
    found = [e for e in entries if e.user_id == user_id and e.id != exclude
             and (end is None or e.start < end) and (e.end is None or e.end > start)]  # fmt: skip
    return [e.id for e in sorted(found, key=lambda e: e.start)[:5]]


# a window starting anywhere, or within two minutes of an existing entry's start or end
WINDOW_STARTS = st.one_of(
    st.integers(min_value=-3 * 24 * 3600, max_value=420 * 24 * 3600).map(lambda s: BASE + timedelta(seconds=s)),
    st.builds(lambda i, edge, nudge: entry_times(i)[edge] + timedelta(seconds=nudge),
              st.integers(0, 3 * len(HOURS) - 1), st.sampled_from([0, 1]), st.integers(-120, 120)),
)  # fmt: skip


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(
    start=WINDOW_STARTS,
    length_seconds=st.one_of(st.none(), st.integers(min_value=1, max_value=80 * 3600)),
    exclude=st.integers(min_value=0, max_value=40),
    user_id=st.sampled_from([1, 2]),
)
def test_the_overlap_check_finds_what_a_scan_of_everything_finds(history, start, length_seconds, exclude, user_id):
    store = open_store(str(history))
    entries = list(store.iter_entries({}, None))
    assert len(entries) == 35 and any(e.running for e in entries)
    end = None if length_seconds is None else start + timedelta(seconds=length_seconds)
    got = store.overlapping_entries(user_id, start, end, exclude)
    assert [e.id for e in got] == plain_scan(entries, user_id, start, end, exclude)


def test_windows_touching_every_entry_edge_find_what_a_scan_finds(history):
    """Each entry's start and end, a second either side, with short, long and open windows."""
    store = open_store(str(history))
    entries = list(store.iter_entries({}, None))
    lengths = [None, timedelta(seconds=1), timedelta(hours=1), timedelta(days=3)]
    checked = 0
    for entry in entries:
        for edge in (entry.start, entry.end or entry.start):
            for nudge in (-60, -1, 0, 1):
                start = edge + timedelta(seconds=nudge)
                for length in lengths:
                    end = None if length is None else start + length
                    for user_id in (1, 2):
                        got = store.overlapping_entries(user_id, start, end, 0)
                        assert [e.id for e in got] == plain_scan(entries, user_id, start, end, 0), (start, end)
                        checked += 1
    assert checked == 35 * 2 * 4 * 4 * 2
