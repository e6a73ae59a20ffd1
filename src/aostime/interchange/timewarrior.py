"""Timewarrior: the JSON `timew export` prints, what `timew report <extension>` pipes to an
extension, and its own data files (data/YYYY-MM.data). Read as Timewarrior 1.4 writes and reads them:

- `timew export`: a JSON array of {"id", "start", "end"?, "tags"?, "annotation"?}; times are UTC
  (20260302T090000Z), an open interval (the running one) has no "end".
- Extension input: configuration lines `name: value`, a blank line, then the same JSON array.
  No setting changes what an interval means (times stay UTC; intervals that overlap the report's
  range, temp.report.start/end, come whole, not cut to it), so the settings are skipped.
- Data files: `inc START [- END] [# TAG ...] [# "ANNOTATION"]`, one interval a line, in the file of
  the month it starts in. Tokens are read with Timewarrior's own rules (see _tokens).

An interval has a start, an end (absent while it runs), tags and an annotation. Each becomes an
entry with source "timewarrior" and its start (20260302T090000Z) as source_id: Timewarrior never
lets two intervals start at the same instant, and its @ids change as intervals are added, so
the start is the stable key, the same whatever form is read. The annotation is the description;
every tag is kept in the notes.

The project. Timewarrior has no projects, only tags, and it keeps them SORTED: typed
`website design`, they are stored and exported as `design website`. So the order of the tags says
nothing, and the project must not depend on it. The rule, applied by the import service (which
alone knows the projects and the options; this parser leaves `project` unset):
1. with --project-tag-prefix, the tag starting with it names the project (`project:website` ->
   website; Timewarrior users commonly write projects so);
2. else the tag naming a project that exists, or that the import names by itself (an interval's
   only tag, a prefixed tag), case-insensitively, wherever it stands in the file;
3. else the tag of an interval with one tag (`timew start website`);
4. else, without tags, --default-project (default "Untagged").
Tags that leave a choice (two candidates at a step, or several tags and none decides) send the
interval to --default-project when one is given; otherwise the import stops, naming the interval
and its tags, and writes nothing: create the project first (aos project add), or give
--project-tag-prefix or --default-project. An interval imported before keeps its project.
(Until records.py and services/interchange.py follow this rule, step 2 comes first, a name counts
only once an earlier interval created its project, and a choice falls to the first tag, i.e. the
alphabetical first; tests/interchange/test_timewarrior_format.py marks those cases xfail.)
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

from aostime.interchange.records import Batch, ImportedEntry, clean_text, fail, load_json

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


# -- intervals ------------------------------------------------------------------------------


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
    entry = ImportedEntry(start, end, None, where, SOURCE, start_text, description=description, tags=tags)
    batch.entries.append(entry)


# -- `timew export` and extension input -----------------------------------------------------


def parse_export(text: str, path: str, first_line: int = 1) -> Batch:
    """`timew export` JSON: [{"id", "start", "end"?, "tags"?, "annotation"?}, ...]."""
    batch = Batch("timewarrior", path)
    # The document may start further down (after an extension's settings): blank lines before
    # it keep the line numbers of JSON errors those of the file.
    padded = "\n" * (first_line - 1) + text
    # strict=False: Timewarrior's JSON encoder leaves control characters other than \b\f\n\r\t raw.
    intervals = load_json(padded, path, empty=[], strict=False)
    if not isinstance(intervals, list):
        raise fail(path, "", "is not a `timew export` document (a JSON array of intervals)")
    for number, interval in enumerate(intervals, 1):
        _export_interval(batch, path, f"interval {number}", interval)
    return batch


def _export_interval(batch: Batch, path: str, where: str, interval) -> None:
    if not isinstance(interval, dict) or "start" not in interval:
        raise fail(path, where, "is not an interval object with a start")
    tags = interval.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise fail(path, where, f"tags {tags!r} are not a list of strings")
    annotation = interval.get("annotation") or ""
    if not isinstance(annotation, str):
        raise fail(path, where, f"annotation {annotation!r} is not text")
    _interval(batch, path, where, interval["start"], interval.get("end"), tuple(tags), annotation)


_SETTING = re.compile(r"[^\s:][^:]*:( .*)?")  # `name: value` (the value may be empty: "name: ")


def extension_body(text: str) -> int | None:
    """The line (from 1) where the JSON of an extension's input starts: after settings lines and
    one blank line; None when the text is not an extension's input."""
    if not _SETTING.fullmatch(text.split("\n", 1)[0].rstrip("\r")):
        return None  # a data file: decided by its first line, without splitting all of it
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if not line.strip():
            after = next((rest for rest in lines[number + 1 :] if rest.strip()), "")
            return number + 2 if after.lstrip().startswith("[") else None
        if not _SETTING.fullmatch(line):
            return None
    return None


def parse_extension(text: str, path: str) -> Batch:
    """What `timew report <ext>` pipes to an extension: settings, a blank line, the JSON array."""
    first_line = extension_body(text)
    if first_line is None:
        raise fail(path, "", "is not a Timewarrior extension's input (settings, a blank line, JSON)")
    body = "\n".join(text.splitlines()[first_line - 1 :])
    return parse_export(body, path, first_line)


# -- data files -----------------------------------------------------------------------------

# A word of a data line, as Timewarrior's Lexer splits it (IntervalFactory::fromSerialization): a
# string opened by " or ' and closed by the same quote (a backslash takes the next character with
# it), else anything up to the next blank. An unclosed quote is part of a bare word.
_WORD = re.compile(r"""(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(?P<bare>\S+)""")
# Inside a string: \uXXXX and U+XXXX are code points, \n \t ... control characters, \x is x.
_ESCAPE = re.compile(r"(?:U\+|\\u)([0-9A-Fa-f]{4})|\\(.)", re.DOTALL)
_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def _unescape(match: re.Match) -> str:
    if match.group(1):
        return chr(int(match.group(1), 16))
    return _ESCAPES.get(match.group(2), match.group(2))


def _tokens(line: str) -> list[str]:
    """The words of a data line as Timewarrior reads them back: strings decoded, bare words taken
    as they are, backslashes included (Timewarrior writes tags like `a\\b` and `trail\\` bare).
    Timewarrior checks that each interval it writes reads back the same, so this is exact for its
    files."""
    tokens = []
    for match in _WORD.finditer(line):
        string = match.group("string")
        if string is None:
            bare = match.group("bare")
            # Timewarrior strips matching outer quotes from every word (Lexer::dequote), even
            # from a bare one such as "x\" that is no closed string; it never writes such a word.
            tokens.append(bare[1:-1] if len(bare) > 1 and bare[0] in "'\"" and bare[-1] == bare[0] else bare)
            continue
        inner = string[1:-1]
        tokens.append(_ESCAPE.sub(_unescape, inner) if "\\" in inner or "U+" in inner else inner)
    return tokens


def parse_data_line(batch: Batch, line: str, path: str, number: int) -> None:
    """`inc START [- END] [# TAG ...] [# ANNOTATION]`."""
    where = f"line {number}"
    tokens = _tokens(line)
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
    # Several words after the second # (an annotation written unquoted) are joined by one space,
    # as Timewarrior joins them.
    _interval(batch, path, where, start, end, tuple(tags), " ".join(annotation))


def parse_data_files(files: list[tuple[str, str]], label: str) -> Batch:
    """The YYYY-MM.data files of a data directory, as (path, text) pairs in month order. A text
    that is an extension's input (`timew report <ext>` piped to `aos import timewarrior -`) is
    read as one."""
    batch = Batch("timewarrior", label)
    for path, text in files:
        if extension_body(text) is not None:
            part = parse_extension(text, path)
            batch.entries += part.entries
            batch.warnings += part.warnings
            batch.dropped += part.dropped
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                parse_data_line(batch, line, path, number)
    return batch


def data_files(directory: Path) -> list[Path]:
    """The month files of a Timewarrior data directory (or of its parent, TIMEWARRIORDB)."""
    if (directory / "data").is_dir() and not any(directory.glob("????-??.data")):
        directory = directory / "data"
    return sorted(p for p in directory.glob("????-??.data") if p.is_file())
