"""`aos history`, `aos lock` and `aos week` on the database: the words and exit codes of their
refusals, and a whole-file export that carries the history, the weeks and the lock into a copy."""

from __future__ import annotations

import pytest


@pytest.fixture
def books(aos, monkeypatch):
    monkeypatch.setenv("AOS_NOW", "2026-03-06T16:00:00+00:00")
    aos("client", "add", "Acme", "--rate", "100")
    aos("project", "add", "Site", "--client", "Acme")
    aos("add", "-p", "Site", "--start", "2026-03-02 09:00", "--end", "2026-03-02 10:00", "-d", "Mockups")
    return aos


@pytest.mark.parametrize(("args", "said"), [
    (["week", "submit", "--week", "2026-W54"], "Error: week '2026-W54' does not exist: 2026 has weeks 01 to 53"),
    (["week", "submit", "--week", "2026-49"], "Error: week '2026-49' is not a week; write it as 2026-W49"),
    (["week", "list", "--status", "done"], "Error: status 'done' is not one of: open, submitted, approved, returned"),
    (["lock", "--before", "2026-13-01"], "Error: "),
    (["lock", "--before", "2026-03-01", "--clear"], "Error: give either a day to lock before"),
    (["lock", "--show", "--clear"], "Error: --show only shows the lock"),
    (["history", "x"], "Error: entry id 'x' is not a number"),
])  # fmt: skip
def test_bad_input_is_refused_with_one_line_and_exit_2(books, args, said):
    refused = books(*args, expect=2)
    assert refused.err.startswith(said) and refused.err.count("\n") == 1 and refused.out == ""


def test_week_decisions_are_refused_when_the_week_is_not_in_the_state_they_need(books):
    refused = books("week", "approve", "alice", "--week", "2026-W10", expect=1)
    assert refused.err.startswith("Error: alice's week 2026-W10 is open: only a submitted week is approved")
    books("week", "submit", "--week", "2026-W10")
    assert books("week", "submit", "--week", "2026-W10", expect=1).err.startswith(
        "Error: week 2026-W10 is submitted already and waits for a manager"
    )
    books("week", "approve", "alice", "--week", "2026-W10")
    assert books("history", "1", "--json").json["changes"][-1]["action"] == "approve"
    assert books("history", "404", expect=1).err.startswith("Error: entry 404 not found and has no history")


def test_a_whole_file_export_carries_the_history_the_weeks_and_the_lock_into_a_copy(books, tmp_path, monkeypatch):
    books("edit", "1", "-d", "Mockups v2")
    books("week", "submit", "--week", "2026-W10")
    books("week", "return", "alice", "--week", "2026-W10", "--note", "Tuesday?")
    books("lock", "--before", "2026-03-01")
    books("export", "-o", str(tmp_path / "whole.json"))
    original = [books(*args, "--json").json for args in (["history", "1"], ["week", "list"], ["lock"])]
    monkeypatch.setenv("AOS_DB", str(tmp_path / "copy.db"))
    books("import", "json", str(tmp_path / "whole.json"))
    assert [books(*args, "--json").json for args in (["history", "1"], ["week", "list"], ["lock"])] == original
    assert [c["action"] for c in original[0]["changes"]] == ["create", "edit", "return"]
