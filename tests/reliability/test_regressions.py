"""Bugs the reliability tests found, each pinned by the smallest command that showed it."""

from __future__ import annotations

from reliability_helpers import query


def test_adding_hours_to_a_day_that_is_already_full_is_refused_not_stacked_on_the_next_day(world, aos):
    """Found by 80 concurrent `add --hours 0.25 --date D`: past midnight every further add
    started at the same instant of the next day (overlapping, double-billed)."""
    aos("add", "-p", "1", "--start", "2026-03-02 09:00", "--end", "2026-03-02 23:45")
    aos("add", "-p", "1", "--hours", "0.25", "--date", "2026-03-02")
    result = aos("add", "-p", "1", "--hours", "0.25", "--date", "2026-03-02", expect=2)
    assert "already run until 2026-03-03 00:00" in result.err and "--start and --end" in result.err
    assert query(world, "SELECT count(*) FROM time_entries")[0][0] == 2


def test_an_argument_with_a_nul_character_is_a_usage_error_not_a_crash(world, aos):
    """Found by the fuzzer: `aos completion generate $'\\0'` (and every path option) crashed
    with 'unexpected ValueError: embedded null byte'. No real argv can hold a NUL."""
    for args in (["completion", "generate", "\x00"], ["backup", "a\x00b"], ["export", "-o", "\x00", "--json"]):
        result = aos(*args, expect=2)
        assert result.err.startswith("Error: an argument holds a NUL character"), result.err


def test_status_does_not_create_the_acting_user(world, aos, aos_proc, monkeypatch):
    """Found by the fuzzer: `aos status --quiet` (exit 1, no timer) wrote a new user row, so a
    read changed the file, and failed outright on a read-only one."""
    monkeypatch.setenv("AOS_USER", "newcomer")
    before = query(world, "SELECT name FROM users ORDER BY id")
    aos("status", "--quiet", expect=1)
    assert aos("status", "--json").json == {"running": False, "entry": None}
    aos("status")
    aos_proc("status", "--quiet", expect=1)  # the fast path of entry.py
    assert query(world, "SELECT name FROM users ORDER BY id") == before
    aos("start", "-p", "1")
    assert aos("status", "--json").json["entry"]["user_name"] == "newcomer"


def test_a_status_template_with_a_huge_width_is_a_usage_error_not_a_memory_error(world, aos):
    """Found by the fast-path fuzzer: `aos status --format '{project:>99999999999}'` died with
    'unexpected MemoryError' (and smaller widths built strings of gigabytes for a prompt)."""
    aos("start", "-p", "1")
    for template in ("{project:>99999999999}", "{project:{elapsed}}"):
        assert "too wide or nested" in aos("status", "--format", template, expect=2).err
    assert aos("status", "--format", "[{project:>18}]").out == "[  Website Redesign]\n"
