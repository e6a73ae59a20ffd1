"""Importing a history again: one entry per record of the source. What the source changed
since is applied (the source is where imported time is kept), a timer the source closed stops,
invoiced time is left alone, and --json says what was created, updated, unchanged and skipped."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest


def _at(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


def _watson(directory, frames: list[tuple], running: tuple | None = None) -> str:
    """A Watson directory as Watson writes it: frames [start, stop, project, id, tags, updated_at]
    and the state of the running frame."""
    directory.mkdir(exist_ok=True)
    rows = [[_at(start), _at(stop), project, frame_id, list(tags), _at(stop)] for start, stop, project, frame_id, tags
            in frames]  # fmt: skip
    (directory / "frames").write_text(json.dumps(rows, indent=1))
    state = {} if running is None else {"project": running[0], "start": _at(running[1]), "tags": list(running[2])}
    (directory / "state").write_text(json.dumps(state))
    return str(directory)


def _summary(aos, *args: str) -> dict:
    return aos("import", *args, "--json").json["entries"]


def _listed(aos) -> list[tuple]:
    return [(e["project_name"], e["start_time"], e["end_time"], e["tags"], e["invoiced"])
            for e in sorted(aos("list", "--json").json["entries"], key=lambda e: e["start_time"])]  # fmt: skip


MORNING = ("2026-03-02T09:00:00", "2026-03-02T10:30:00", "Site", "a1b2c3d4e5f60718293a4b5c6d7e8f90", ("design",))


def test_a_watson_frame_stopped_since_the_last_import_stops_the_timer_instead_of_adding_beside_it(aos, tmp_path):
    history = tmp_path / "watson"
    _watson(history, [MORNING], running=("Site", "2026-03-02T11:00:00", ("review",)))
    assert _summary(aos, "watson", str(history))["created"] == 2
    assert aos("status", "--json").json["running"] is True
    stopped = ("2026-03-02T11:00:00", "2026-03-02T12:15:00", "Site", "0f9e8d7c6b5a49382716a5b4c3d2e1f0", ("review",))
    _watson(history, [MORNING, stopped])  # `watson stop`: the frame gets its id, the state empties
    again = _summary(aos, "watson", str(history))
    assert (again["created"], again["updated"], again["unchanged"], again["skipped"]) == (0, 1, 1, 0)
    assert aos("status", "--json").json["running"] is False
    assert [(p, s, e) for p, s, e, *_ in _listed(aos)] == [
        ("Site", "2026-03-02T09:00:00+00:00", "2026-03-02T10:30:00+00:00"),
        ("Site", "2026-03-02T11:00:00+00:00", "2026-03-02T12:15:00+00:00"),
    ]
    assert _summary(aos, "watson", str(history))["unchanged"] == 2  # and the closed frame is known by its id now


def test_harmless_changes_in_the_source_update_the_entry_and_add_nothing(aos, tmp_path):
    history = tmp_path / "watson"
    _watson(history, [MORNING])
    aos("import", "watson", str(history))
    start, _, project, frame_id, _ = MORNING
    _watson(history, [(start, "2026-03-02T10:45:00", project, frame_id, ("design", "urgent"))])  # tag added, longer
    again = _summary(aos, "watson", str(history))
    assert (again["created"], again["updated"]) == (0, 1)
    ((_, _, end, tags, _),) = _listed(aos)
    assert end == "2026-03-02T10:45:00+00:00" and tags == ["design", "urgent"]


def test_an_invoiced_entry_is_left_alone_with_a_warning_when_the_source_changed_it(aos, tmp_path):
    history = tmp_path / "watson"
    _watson(history, [MORNING])
    aos("import", "watson", str(history))
    entry_id = aos("list", "--json").json["entries"][0]["id"]
    aos("invoice", "mark", str(entry_id))
    start, _, project, frame_id, tags = MORNING
    _watson(history, [(start, "2026-03-02T12:00:00", project, frame_id, tags)])
    result = aos("import", "watson", str(history), "--json").json
    assert (result["entries"]["updated"], result["entries"]["skipped"]) == (0, 1)
    assert any("invoiced" in w for w in result["warnings"])
    assert _listed(aos)[0][2] == "2026-03-02T10:30:00+00:00"  # as it was invoiced


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("2026-03-02\n    7:00 - ? Deploy\n", "2026-03-02\n    7:00 - 9:30 Deploy\n"),
        ("2026-03-02\n    7:00 - ?\n", "2026-03-02\n    7:00 - 9:30\n"),
    ],
    ids=["with a summary", "without"],
)
def test_a_klog_open_range_closed_since_stops_the_timer(aos, tmp_path, before, after):
    klog = tmp_path / "times.klg"
    klog.write_text(before)
    aos("import", "klog", str(klog), "--default-project", "Ops")
    assert aos("status", "--json").json["running"] is True
    klog.write_text(after)
    again = _summary(aos, "klog", str(klog), "--default-project", "Ops")
    assert (again["created"], again["updated"]) == (0, 1)
    assert aos("status", "--json").json["running"] is False
    assert [(s, e) for _, s, e, *_ in _listed(aos)] == [("2026-03-02T07:00:00+00:00", "2026-03-02T09:30:00+00:00")]


def test_a_timewarrior_interval_stopped_since_stops_the_timer(aos, tmp_path):
    data = tmp_path / "timew" / "data"
    data.mkdir(parents=True)
    (data / "2026-03.data").write_text("inc 20260302T090000Z # project:Site\n")
    aos("import", "timewarrior", str(data), "--project-tag-prefix", "project:")
    assert aos("status", "--json").json["running"] is True
    (data / "2026-03.data").write_text("inc 20260302T090000Z - 20260302T101500Z # project:Site\n")  # `timew stop`
    again = _summary(aos, "timewarrior", str(data), "--project-tag-prefix", "project:")
    assert (again["created"], again["updated"]) == (0, 1)
    assert aos("status", "--json").json["running"] is False
    assert [(p, e) for p, _, e, *_ in _listed(aos)] == [("Site", "2026-03-02T10:15:00+00:00")]


def test_a_timer_the_source_still_runs_is_not_reopened_once_stopped_here(aos, tmp_path):
    history = tmp_path / "watson"
    _watson(history, [], running=("Site", "2026-03-02T11:00:00", ()))
    aos("import", "watson", str(history))
    aos("stop", "--at", "2026-03-02 12:00")
    again = _summary(aos, "watson", str(history))
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 1)
    assert aos("status", "--json").json["running"] is False


def test_the_summary_says_what_a_re_import_would_do_without_doing_it(aos, tmp_path):
    history = tmp_path / "watson"
    _watson(history, [MORNING])
    aos("import", "watson", str(history))
    start, _, project, frame_id, tags = MORNING
    _watson(history, [(start, "2026-03-02T11:00:00", project, frame_id, tags)])
    dry = aos("import", "watson", str(history), "--dry-run")
    assert "0 entries would be imported" in dry.out and "1 would be updated" in dry.out
    assert _listed(aos)[0][2] == "2026-03-02T10:30:00+00:00"


def test_a_record_whose_id_changed_but_whose_times_did_not_is_the_same_entry(aos, tmp_path):
    """As after an upgrade that computes a file's ids anew (CSV rows without ids of their own)."""
    history = tmp_path / "watson"
    _watson(history, [MORNING])
    aos("import", "watson", str(history))
    start, stop, project, _, tags = MORNING
    _watson(history, [(start, stop, project, "ffffffffffffffffffffffffffffffff", tags)])
    again = _summary(aos, "watson", str(history))
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 1)  # only the id it is known by
    assert _summary(aos, "watson", str(history))["unchanged"] == 1  # known by the new id from now on
    assert len(_listed(aos)) == 1


def test_two_records_of_the_same_times_stay_two_entries(aos, tmp_path):
    history = tmp_path / "watson"
    start, stop, project, _, tags = MORNING
    twin = (start, stop, project, "ffffffffffffffffffffffffffffffff", tags)
    _watson(history, [MORNING, twin])
    assert _summary(aos, "watson", str(history))["created"] == 2
    again = _summary(aos, "watson", str(history))
    assert (again["created"], again["unchanged"]) == (0, 2)


def test_a_re_import_keeps_the_project_it_chose_from_tags_and_makes_none(aos, tmp_path):
    data = tmp_path / "timew" / "data"
    data.mkdir(parents=True)
    (data / "2026-03.data").write_text("inc 20260302T090000Z - 20260302T100000Z # design website\n")
    aos("import", "timewarrior", str(data), "--default-project", "Web")
    again = _summary(aos, "timewarrior", str(data))  # without the option now: the entry keeps its project
    assert (again["created"], again["unchanged"]) == (0, 1)
    assert [p["name"] for p in aos("project", "list", "--json").json] == ["Web"]


def test_a_newer_toggl_export_without_its_amount_column_applies_the_edits_and_keeps_the_money(aos):
    """The same five rows, exported again: Amount (EUR) dropped, a description edited, a tag added."""
    from interchange_helpers import FIXTURES

    first = aos("import", "csv", str(FIXTURES / "csv" / "toggl_amount_eur.csv"), "--json").json
    assert first["entries"]["created"] == 5
    before = {e["start_time"] + e["user_name"] + e["description"]: e for e in aos("list", "--json").json["entries"]}
    again = aos("import", "csv", str(FIXTURES / "csv" / "toggl_no_amount_edited.csv"), "--json").json["entries"]
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 2, 3)
    after = aos("list", "--json").json
    assert len(after["entries"]) == 5
    described = sorted(e["description"] for e in after["entries"])
    assert "Call with the client (notes)" in described and "Call with the client, notes" not in described
    homepage = next(e for e in after["entries"] if e["description"] == "Homepage concepts")
    assert "v2" in homepage["tags"]
    assert sorted(e["amount"] for e in after["entries"]) == sorted(e["amount"] for e in before.values())
    assert {e["currency"] for e in after["entries"] if e["client_name"] == "Acme Corp"} == {"EUR"}
