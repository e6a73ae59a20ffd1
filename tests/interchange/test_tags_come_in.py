"""Histories recorded with the real Watson 2.1.0 and Timewarrior 1.4.3 (fixtures/make_real_fixtures.sh,
fixtures/timewarrior/real/make_fixtures.sh) come in with every tag: each tag of a frame or an
interval is the entry's tag, or it named the entry's project or task."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from interchange_helpers import FIXTURES

from aostime.domain.names import fold

TAGGED = FIXTURES / "watson" / "tagged"


def _by_start(aos, *db: str) -> dict[datetime, dict]:
    docs = aos(*db, "export", "--format", "json").json["entries"]
    return {datetime.fromisoformat(d["start_time"]).astimezone(UTC): d for d in docs}


def _accounted(tags: list[str], doc: dict, prefix: str = "") -> bool:
    """Every tag of the source is the entry's, or named its project or its task; and no other."""
    named = {fold(doc["project_name"]), fold(prefix + doc["project_name"])} | (
        {fold(doc["task_name"])} if doc["task_name"] else set()
    )
    kept = {fold(t) for t in doc["tags"]}
    return {fold(t) for t in tags} - named == kept


def test_watsons_frames_come_in_with_every_tag_and_go_back_out_with_them(acme, tmp_path):
    acme("import", "watson", str(TAGGED))
    docs = _by_start(acme)
    frames = json.loads((TAGGED / "frames").read_text())
    state = json.loads((TAGGED / "state").read_text())
    for start, _stop, _project, _id, tags, _updated in frames:
        assert _accounted(tags, docs[datetime.fromtimestamp(start, UTC)])
    assert _accounted(state["tags"], docs[datetime.fromtimestamp(state["start"], UTC)])
    assert [d["tags"] for d in docs.values()] == [
        ["client-call", "deep work", "Urgent"], ["review", "urgent"], ["büro ☕", "it's"], [], ["admin", "büro ☕"],
    ]  # fmt: skip
    assert docs[datetime.fromtimestamp(frames[1][0], UTC)]["task_name"] == "Design mockups"
    exported = json.loads(acme("export", "--format", "watson").out)
    assert [frame[4] for frame in exported] == [
        ["client-call", "deep work", "Urgent"], ["Design mockups", "review", "urgent"], ["büro ☕", "it's"], [],
    ]  # fmt: skip
    other = str(tmp_path / "other.db")
    path = tmp_path / "frames"
    path.write_text(json.dumps(exported))
    acme("--db", other, "import", "watson", str(path))
    assert [d["tags"] for d in _by_start(acme, "--db", other).values()] == [
        ["client-call", "deep work", "Urgent"],
        ["Design mockups", "review", "urgent"],
        ["büro ☕", "it's"],
        [],
    ]  # fmt: skip  (no task of that name there: the task's tag stays a tag)


def test_timewarriors_intervals_come_in_with_every_tag_that_did_not_name_the_project(aos):
    real = FIXTURES / "timewarrior" / "real" / "export.json"
    aos("import", "timewarrior", str(real), "--project-tag-prefix", "project:", "--default-project", "Misc")
    docs = _by_start(aos)
    intervals = json.loads(real.read_text())
    assert len(docs) == len(intervals)
    for interval in intervals:
        doc = docs[datetime.strptime(interval["start"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)]
        assert _accounted(interval.get("tags", []), doc, "project:"), (interval, doc)
    assert sum(len(d["tags"]) for d in docs.values()) >= 10  # quotes, backslashes, '#', non-ASCII among them


def test_a_timewarrior_history_comes_in_with_its_tags_from_its_data_files_and_its_export_alike(acme, tmp_path):
    recorded = FIXTURES / "timewarrior" / "tagged"
    acme("import", "timewarrior", str(recorded / "data"), "--project-tag-prefix", "project:")
    docs = _by_start(acme)
    for interval in json.loads((recorded / "export.json").read_text()):
        doc = docs[datetime.strptime(interval["start"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)]
        assert _accounted(interval.get("tags", []), doc, "project:"), (interval, doc)
    assert [(d["project_name"], d["task_name"], d["tags"]) for d in docs.values()] == [
        ("Website Redesign", None, ["client-call", "deep work", "Urgent"]),  # Urgent and urgent: one tag
        ("Website Redesign", "Design mockups", ["review"]),
        ("Internal", None, ["büro ☕", "it's"]),
        ("Internal", None, []),
        ("Internal", None, ["admin"]),
    ]
    other = str(tmp_path / "other.db")
    acme("--db", other, "import", "timewarrior", str(recorded / "export.json"), "--project-tag-prefix", "project:")
    assert [d["tags"] for d in _by_start(acme, "--db", other).values()] == [
        ["client-call", "deep work", "Urgent"],
        ["Design mockups", "review"],
        ["büro ☕", "it's"],
        [],
        ["admin"],
    ]  # fmt: skip  (no task of that name there: it stays a tag)
