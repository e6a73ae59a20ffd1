"""Timewarrior: the JSON `timew export` prints, and its own data files (data/YYYY-MM.data).

An interval has a start, an end (absent while it runs), tags and an annotation. Each becomes an
entry with source "timewarrior" and its start (20260302T090000Z) as source_id: Timewarrior never
lets two intervals start at the same instant, and its @ids change as intervals are added, so
the start is the stable key, the same whether the export or the data files are read.

The annotation is the description; every tag is kept in the notes. Timewarrior has no projects:
the service picks one from the tags (records.choose_project) and the task from the rest
(records.choose_task).
"""

from __future__ import annotations

import os
import shlex
from datetime import UTC, datetime
from pathlib import Path

from aostime.interchange.records import Batch, ImportedEntry, clean_text, fail, load_json, tags_note

SOURCE = "timewarrior"
STAMP = "%Y%m%dT%H%M%SZ"


def default_data_dir(environ: dict[str, str] | None = None) -> Path:
    """TIMEWARRIORDB/data, else ~/.timewarrior/data, else $XDG_DATA_HOME/timewarrior/data
    (Timewarrior 1.5+ uses the XDG one when ~/.timewarrior does not exist)."""
    env = os.environ if environ is None else environ
    if env.get("TIMEWARRIORDB"):
        return Path(env["TIMEWARRIORDB"]).expanduser() / "data"
    legacy = Path.home() / ".timewarrior"
    if legacy.is_dir():
        return legacy / "data"
    return Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "timewarrior" / "data"


def _moment(text, path: str, where: str, what: str) -> datetime:
    if not isinstance(text, str):
        raise fail(path, where, f"{what} {text!r} is not a time like 20260302T090000Z")
    try:
        return datetime.strptime(text, STAMP).replace(tzinfo=UTC)
    except ValueError:
        raise fail(path, where, f"{what} {text!r} is not a time like 20260302T090000Z") from None


def _interval(batch: Batch, path: str, where: str, start_text: str, end_text: str | None,
              tags: tuple[str, ...], annotation: str) -> None:  # fmt: skip
    start = _moment(start_text, path, where, "start")
    end = _moment(end_text, path, where, "end") if end_text is not None else None
    if end is not None and end < start:
        raise fail(path, where, f"end {end_text} is before start {start_text}")
    if end == start:
        batch.dropped += 1
        batch.warnings.append(f"{path}: {where}: an interval of no length was left out")
        return
    description = clean_text(annotation)
    entry = ImportedEntry(
        start, end, None, where, SOURCE, start_text, description=description, notes=tags_note(tags), tags=tags
    )
    batch.entries.append(entry)


def parse_export(text: str, path: str) -> Batch:
    """`timew export` JSON: [{"id", "start", "end"?, "tags"?, "annotation"?}, ...]."""
    batch = Batch("timewarrior", path)
    intervals = load_json(text, path, empty=[])
    if not isinstance(intervals, list):
        raise fail(path, "", "is not a `timew export` document (a JSON array of intervals)")
    for number, interval in enumerate(intervals, 1):
        where = f"interval {number}"
        if not isinstance(interval, dict) or "start" not in interval:
            raise fail(path, where, "is not an interval object with a start")
        tags = interval.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise fail(path, where, f"tags {tags!r} are not a list of strings")
        annotation = interval.get("annotation") or ""
        if not isinstance(annotation, str):
            raise fail(path, where, f"annotation {annotation!r} is not text")
        _interval(batch, path, where, interval["start"], interval.get("end"), tuple(tags), annotation)
    return batch


def _tokens(line: str, path: str, where: str) -> list[str]:
    """Timewarrior quotes a tag with double quotes (backslash escapes) only when it needs to;
    a bare tag may hold a single quote (it's), so only " is a quote character."""
    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.quotes = '"'
    lexer.escapedquotes = '"'
    lexer.commenters = ""
    try:
        return list(lexer)
    except ValueError as exc:
        raise fail(path, where, f"cannot read the interval ({exc})") from None


def parse_data_line(batch: Batch, line: str, path: str, number: int) -> None:
    """`inc START [- END] [# TAG ...] [# ANNOTATION]`."""
    where = f"line {number}"
    tokens = _tokens(line, path, where)
    if not tokens:
        return
    if tokens[0] != "inc" or len(tokens) < 2:
        raise fail(path, where, f"is not an interval line ('inc START - END # TAGS'): {line.strip()[:60]!r}")
    start, end, rest = tokens[1], None, tokens[2:]
    if rest[:1] == ["-"]:
        if len(rest) < 2:
            raise fail(path, where, "has '-' but no end time")
        end, rest = rest[1], rest[2:]
    tags: list[str] = []
    annotation: list[str] = []
    if rest:
        if rest[0] != "#":
            raise fail(path, where, f"unexpected {rest[0]!r} after the times")
        rest = rest[1:]
        if "#" in rest:
            split = rest.index("#")
            tags, annotation = rest[:split], rest[split + 1 :]
        else:
            tags = rest
    _interval(batch, path, where, start, end, tuple(tags), " ".join(annotation))


def parse_data_files(files: list[tuple[str, str]], label: str) -> Batch:
    """The YYYY-MM.data files of a data directory, as (path, text) pairs in month order."""
    batch = Batch("timewarrior", label)
    for path, text in files:
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                parse_data_line(batch, line, path, number)
    return batch


def data_files(directory: Path) -> list[Path]:
    """The month files of a Timewarrior data directory (or of its parent, TIMEWARRIORDB)."""
    if (directory / "data").is_dir() and not any(directory.glob("????-??.data")):
        directory = directory / "data"
    return sorted(p for p in directory.glob("????-??.data") if p.is_file())
