"""Whatever the source changed in its file (any field of any row, a row added or removed),
importing the file again leaves the database holding the source's entries: no duplicates. A
changed row whose times, text or position still tell its entry updates it; at most the entry of
the changed row stays beside them (a row moved to another day, say), and it is listed as removed
from the source whenever the file still covers its project and shares a row with the file
imported before (on whatever day it is: the file covers at least the days it covered then), so
that --prune leaves the database holding exactly the source's entries."""

from __future__ import annotations

import tempfile
from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pg_support import BACKEND

DAY = date(2026, 3, 2)
PROJECTS = ("Web", "App", "Ops")
WORDS = ("", "Design", "Review", "Call", "Deploy")

# A row: (day 0-2, start in quarter hours, length in minutes, project, description, billable)
ROW = st.tuples(st.integers(0, 2), st.integers(0, 80), st.integers(5, 120), st.sampled_from(PROJECTS),
                st.sampled_from(WORDS), st.booleans())  # fmt: skip
ROWS = st.lists(ROW, min_size=1, max_size=7, unique_by=lambda r: (r[0], r[1]))
EDITS = ("start", "end", "description", "project", "billable", "day", "remove", "add")


@contextmanager
def _fresh_db(tmp: str):
    """A database of its own for one example, on the suite's backend: an SQLite file, or a new
    PostgreSQL schema, dropped afterwards."""
    if BACKEND != "postgres":
        yield str(Path(tmp) / "t.db")
        return
    import pg_support

    url, schema = pg_support.fresh_schema_url()
    try:
        yield url
    finally:
        pg_support.drop_schema(schema)


def _times(row) -> tuple[datetime, datetime]:
    start = datetime.combine(DAY + timedelta(days=row[0]), datetime.min.time()) + timedelta(minutes=15 * row[1])
    return start, start + timedelta(minutes=row[2])


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def _toggl(rows) -> str:
    head = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags\n"
    lines = []
    for row in rows:
        start, end = _times(row)
        lines.append(f"Jo,jo@example.com,Acme,{row[3]},,{row[4]},{_yes(row[5])},{start:%Y-%m-%d},{start:%H:%M:%S},"
                     f"{end:%Y-%m-%d},{end:%H:%M:%S},{end - start},\n")  # fmt: skip
    return head + "".join(lines)


def _clockify(rows) -> str:
    head = ("Project,Client,Description,Task,User,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,"
            "Duration (h),Duration (decimal)\n")  # fmt: skip
    lines = []
    for row in rows:
        start, end = _times(row)
        lines.append(f"{row[3]},Acme,{row[4]},,Jo,jo@example.com,,{_yes(row[5])},{start:%Y-%m-%d},{start:%H:%M:%S},"
                     f"{end:%Y-%m-%d},{end:%H:%M:%S},{end - start},{row[2] / 60:.2f}\n")  # fmt: skip
    return head + "".join(lines)


def _harvest(rows) -> str:
    head = ("Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,First Name,"
            "Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,"
            "External Reference URL\n")  # fmt: skip
    lines = [f"{DAY + timedelta(days=r[0])},Acme,{r[3]},,Design,{r[4]},{r[2] / 60:.4f},,{_yes(r[5])},No,No,Jo,Doe,,"
             f"Yes,,,,,,\n" for r in rows]  # fmt: skip
    return head + "".join(lines)


def _kimai(rows) -> str:
    head = "Date,From,To,Duration,Name,User,E-mail,Customer,Project,Activity,Description\n"
    lines = []
    for row in rows:
        start, end = _times(row)
        lines.append(f"{start:%Y-%m-%d},{start:%H:%M},{end:%H:%M},{row[2] / 60:.2f},Jo,jo,jo@example.com,Acme,"
                     f"{row[3]},Work,{row[4]}\n")  # fmt: skip
    return head + "".join(lines)


def _timeclock(rows) -> str:
    lines = []
    for row in rows:
        start, end = _times(row)
        text = f"  {row[4]}" if row[4] else ""
        lines.append(f"i {start:%Y-%m-%d %H:%M:%S} acme:{row[3]}{text}\no {end:%Y-%m-%d %H:%M:%S}\n")
    return "".join(lines)


def _timetrap(rows) -> str:
    lines = []
    for row in rows:
        start, end = _times(row)
        lines.append(f'"{start:%Y-%m-%d %H:%M:%S}","{end:%Y-%m-%d %H:%M:%S}","{row[4]}","{row[3]}"\n')
    return "start,end,note,sheet\n" + "".join(lines)


# format -> (aos import command, how the file is written, whether it says billable, whether its
# rows have times of day: Harvest's have a date and hours, laid end to end by aostime)
FORMATS = {
    "toggl": ("csv", _toggl, True, True),
    "clockify": ("csv", _clockify, True, True),
    "harvest": ("csv", _harvest, True, False),
    "kimai": ("csv", _kimai, False, True),
    "timeclock": ("timeclock", _timeclock, False, True),
    "timetrap": ("timetrap", _timetrap, False, True),
}


def _edited(rows: list, edit: str, at: int, value: int) -> list:
    """The rows with one change: `at` picks the row, `value` what it becomes."""
    rows = [list(r) for r in rows]
    row = rows[at % len(rows)]
    taken = {(r[0], r[1]) for r in rows}
    if edit == "start":
        slot = value % 81
        if (row[0], slot) not in taken:
            row[1] = slot
    elif edit == "end":
        row[2] = 5 + value % 116
    elif edit == "description":
        row[4] = WORDS[(WORDS.index(row[4]) + 1 + value % (len(WORDS) - 1)) % len(WORDS)]
    elif edit == "project":
        row[3] = PROJECTS[(PROJECTS.index(row[3]) + 1 + value % 2) % len(PROJECTS)]
    elif edit == "billable":
        row[5] = not row[5]
    elif edit == "day":
        day = (row[0] + 1 + value % 2) % 3
        if (day, row[1]) not in taken:
            row[0] = day
    elif edit == "remove" and len(rows) > 1:
        rows.remove(row)
    elif edit == "add":
        slot = value % 81
        if (row[0], slot) not in taken:
            rows.append([row[0], slot, 30, row[3], "Added", True])
    return [tuple(r) for r in sorted(rows, key=lambda r: (r[0], r[1]))]  # as trackers list them: by start


def _expected(rows, billable: bool, timed: bool) -> Counter:
    found = Counter()
    for row in rows:
        start, end = _times(row)
        where = (start.isoformat(), end.isoformat()) if timed else (start.date().isoformat(), 60 * row[2])
        found[(*where, row[3], row[4], row[5] if billable else None)] += 1
    return found


def _held(aos, db: str, billable: bool, timed: bool) -> Counter:
    held = Counter()
    for e in aos("--db", db, "list", "--json").json["entries"]:
        start, end = e["start_time"][:19], e["end_time"][:19]
        where = (start, end) if timed else (start[:10], e["duration"])
        held[(*where, e["project_name"], e["description"], e["billable"] if billable else None)] += 1
    return held


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=ROWS, edit=st.sampled_from(EDITS), at=st.integers(0, 20), value=st.integers(0, 200))
def test_a_re_import_after_any_change_in_the_source_holds_the_sources_entries(aos, fmt, rows, edit, at, value):
    command, write, billable, timed = FORMATS[fmt]
    rows = sorted(rows, key=lambda r: (r[0], r[1]))
    changed = _edited(rows, edit, at, value)
    with tempfile.TemporaryDirectory() as tmp, _fresh_db(tmp) as db:
        path = Path(tmp) / f"export.{fmt}"
        path.write_text(write(rows))
        aos("--db", db, "import", command, str(path))
        assert _held(aos, db, billable, timed) == _expected(rows, billable, timed)
        path.write_text(write(changed))
        again = aos("--db", db, "import", command, str(path), "--json").json
        held, expected = _held(aos, db, billable, timed), _expected(changed, billable, timed)
        assert not expected - held, "every record of the source is an entry"
        stale = sum((held - expected).values())
        assert stale <= 1, "at most the entry of the changed row stays beside it"
        shares = bool(set(rows) & set(changed))  # a row as it was: the import finds this file's entries by it
        if timed and edit not in ("day", "remove") and shares:  # found again by its times, text or position
            assert held == expected and again["removed"]["count"] == 0
        listed = again["removed"]["count"]
        assert listed <= stale, "only an entry beside the source's is listed as removed"
        if _still_covered(rows, changed, at):  # the file still covers the row's project, and shares rows
            assert listed == stale, "what stays beside the source is listed as removed"
        aos("--db", db, "import", command, str(path), "--prune")
        assert sum((_held(aos, db, billable, timed) - expected).values()) == stale - listed


def _still_covered(rows, changed, at: int) -> bool:
    """Whether the changed file still covers the project of the row that changed (it has rows of
    it) and holds a row of the file as it was (the import it shares, found by that row). Its days
    need not hold the row's: the file covers at least the days it covered when imported before."""
    project = rows[at % len(rows)][3]
    return project in {r[3] for r in changed} and bool(set(rows) & set(changed))


# What each other row of the file becomes when one row moves away: every row is changed, each as
# its format can say (a format without billable has its end moved instead, and so has Harvest's
# start: its rows have no times of day of their own). The first keeps its times (a corrected
# description, project or billable): the file is known by it as the file imported before.
OTHER_EDITS = ("end", "description", "project", "billable", "start")
SAME_TIMES = ("description", "project", "billable")


def _all_changed(rows: list, at: int, day: int, edits: list, billable: bool, timed: bool) -> list:
    """The rows with the `at`-th moved to `day` (a day the file did not cover) and every other one
    changed by its edit."""
    moved = list(rows[at % len(rows)])
    moved[0] = day
    changed, taken = [tuple(moved)], {(r[0], r[1]) for r in rows}
    others = [list(r) for i, r in enumerate(rows) if i != at % len(rows)]
    for row, (edit, value) in zip(others, edits, strict=False):
        if edit == "billable" and not billable:
            edit = "description" if edit in SAME_TIMES else "end"
        slot = (row[1] + 1 + value % 3) % 81
        if edit == "start" and (not timed or (row[0], slot) in taken):
            edit = "end"
        if edit == "end":
            row[2] = 5 + (row[2] - 5 + 1 + value % 115) % 116  # never the length it had
        elif edit == "description":
            row[4] = WORDS[(WORDS.index(row[4]) + 1 + value % (len(WORDS) - 1)) % len(WORDS)]
        elif edit == "project":
            row[3] = PROJECTS[(PROJECTS.index(row[3]) + 1 + value % 2) % len(PROJECTS)]
        elif edit == "billable":
            row[5] = not row[5]
        else:
            taken.add((row[0], slot))
            row[1] = slot
        changed.append(tuple(row))
    return sorted(changed, key=lambda r: (r[0], r[1]))


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, min_size=2, max_size=7, unique_by=lambda r: (r[0], r[1])), at=st.integers(0, 20),
       later=st.booleans(), first=st.tuples(st.sampled_from(SAME_TIMES), st.integers(0, 200)),
       edits=st.lists(st.tuples(st.sampled_from(OTHER_EDITS), st.integers(0, 200)), min_size=5, max_size=5))  # fmt: skip
@example(
    rows=[(1, 0, 5, "App", "", False), (1, 1, 5, "Web", "", False)],
    at=0,
    later=False,
    first=("project", 0),
    edits=[("end", 0)] * 5,
)  # Web's only row moved to App: Web's entry is not the file's any more
@example(
    rows=[(1, 0, 6, "Web", "", False), (1, 1, 5, "Web", "", False)],
    at=0,
    later=False,
    first=("project", 0),
    edits=[("end", 0)] * 5,
)  # Harvest: the kept row now starts the day (the row before it moved), in another project
def test_a_row_moved_beyond_the_files_days_among_rows_all_changed_leaves_the_sources_entries_once_pruned(
    aos, fmt, rows, at, later, first, edits
):
    """No row of the file is as it was, and one moved to a day before or after all the file's days
    (so that its old day may be one the file no longer covers): what stays beside the source's
    entries (that row's old entry, and those of rows changed beyond recognition) is listed as
    removed, however far from the file's new days, and --prune leaves exactly the source's;
    except an entry of a project the file no longer has rows of (a row moved to another project
    left it: the file is then an export filtered to its projects), which stays, unlisted."""
    command, write, billable, timed = FORMATS[fmt]
    rows = sorted(rows, key=lambda r: (r[0], r[1]))
    days = [r[0] for r in rows]
    changed = _all_changed(rows, at, max(days) + 1 if later else min(days) - 1, [first, *edits], billable, timed)
    with tempfile.TemporaryDirectory() as tmp, _fresh_db(tmp) as db:
        path = Path(tmp) / f"export.{fmt}"
        path.write_text(write(rows))
        aos("--db", db, "import", command, str(path))
        path.write_text(write(changed))
        again = aos("--db", db, "import", command, str(path), "--json").json
        held, expected = _held(aos, db, billable, timed), _expected(changed, billable, timed)
        assert not expected - held, "every record of the source is an entry"
        projects = {r[3] for r in changed}  # an entry of another project is not the file's to list
        beside = {key: n for key, n in (held - expected).items() if key[2] in projects}
        assert again["removed"]["count"] == sum(beside.values()), "what stays beside it is listed"
        aos("--db", db, "import", command, str(path), "--prune")
        pruned = _held(aos, db, billable, timed)
        assert not expected - pruned and all(key[2] not in projects for key in pruned - expected)
