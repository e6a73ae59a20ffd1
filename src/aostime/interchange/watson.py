"""Watson (td-watson): its `frames` file and its `state` file.

frames is a JSON array of [start, stop, project, id, tags, updated_at] (Unix seconds, UTC); state
is {"project", "start", "tags"} while a frame runs, else {}. Each frame becomes an entry with
source "watson" and its frame id as source_id. Watson has no clients, tasks or descriptions: the
service puts the projects under --client (default "Imported"), makes the first tag that names an
existing task of the project the entry's task, and every other tag is kept as the entry's tag.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from aostime.interchange.records import ImportedEntry, clean_name, fail, load_json

SOURCE = "watson"


def default_dir(environ: dict[str, str] | None = None, platform: str | None = None) -> Path:
    """WATSON_DIR, else where Watson keeps its files (click.get_app_dir('watson')):
    ~/.config/watson (XDG_CONFIG_HOME honoured), ~/Library/Application Support/watson on
    macOS, %APPDATA%\\watson on Windows."""
    env = os.environ if environ is None else environ
    platform = platform or sys.platform
    if env.get("WATSON_DIR"):
        return Path(env["WATSON_DIR"]).expanduser()
    if platform.startswith("win"):
        return Path(env.get("APPDATA") or Path.home() / "AppData" / "Roaming") / "watson"
    if platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "watson"
    return Path(env.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "watson"


def _stamp(value, path: str, where: str, what: str) -> datetime:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise fail(path, where, f"{what} {value!r} is not a Unix timestamp")
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (OverflowError, OSError, ValueError):
        raise fail(path, where, f"{what} {value!r} is out of range") from None


def _tags(value, path: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise fail(path, where, f"tags {value!r} are not a list of strings")
    return tuple(value)


def _project(value, path: str, where: str) -> str:
    name = clean_name(value) if isinstance(value, str) else None
    if name is None:
        raise fail(path, where, f"project {value!r} is not a name")
    return name


def parse_frames(text: str, path: str) -> list[ImportedEntry]:
    """The frames file -> entries, in file order. A frame whose stop is not after its start,
    or that is not the 6-field list Watson writes, is an error naming the frame."""
    frames = load_json(text, path, empty=[])
    if not isinstance(frames, list):
        raise fail(path, "", "is not a Watson frames file (a JSON array of frames)")
    entries: list[ImportedEntry] = []
    append, make = entries.append, ImportedEntry._make
    for number, frame in enumerate(frames, 1):
        where = f"frame {number}"
        if not isinstance(frame, list) or len(frame) < 4:
            raise fail(path, where, "is not [start, stop, project, id, tags, updated_at]")
        start_ts, stop_ts, project, frame_id = frame[0], frame[1], frame[2], frame[3]
        if type(start_ts) is int and type(stop_ts) is int and type(project) is str and type(frame_id) is str:
            # the common case, kept lean: 100,000 frames must import in well under 4 s
            if stop_ts <= start_ts:
                raise fail(path, f"{where} (id {frame_id})", "stop is not after start")
            start, end = datetime.fromtimestamp(start_ts, UTC), datetime.fromtimestamp(stop_ts, UTC)
        else:
            start = _stamp(start_ts, path, where, "start")
            end = _stamp(stop_ts, path, where, "stop")
            if not isinstance(frame_id, str) or not frame_id:
                raise fail(path, where, f"id {frame_id!r} is not a frame id")
            if end <= start:
                raise fail(path, f"{where} (id {frame_id})", "stop is not after start")
        name = project if project and project.isprintable() and len(project) <= 200 and not project.isdigit() else None
        if name is None or name != name.strip():
            name = _project(project, path, where)
        tags = frame[4] if len(frame) > 4 else None
        if tags:
            if not (isinstance(tags, list) and all(type(t) is str for t in tags)):
                tags = _tags(tags, path, where)
            tags = tuple(tags)
            notes = ""
        else:
            tags, notes = (), ""
        # positional, in ImportedEntry's field order: the keyword constructor is 3x slower
        append(make((start, end, name, where, SOURCE, frame_id, None, None, None, None, "", notes, tags,
                     None, None, None, False, None)))  # fmt: skip
    return entries


def parse_state(text: str, path: str) -> ImportedEntry | None:
    """The state file -> the running frame, or None when nothing runs. Its source_id is
    'running:<start>' (Watson gives a frame its id only when it stops)."""
    state = load_json(text, path, empty={})
    if not isinstance(state, dict):
        raise fail(path, "", "is not a Watson state file (a JSON object)")
    if not state.get("project"):
        return None
    start = _stamp(state.get("start"), path, "state", "start")
    tags = _tags(state.get("tags"), path, "state")
    project = _project(state["project"], path, "state")
    return ImportedEntry(
        start, None, project, "running frame", SOURCE, f"running:{int(start.timestamp())}",
        tags=tags,
    )  # fmt: skip
