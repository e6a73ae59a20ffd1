"""The timeclock format of hledger (and Ledger, timeclock.el), as hledger 1.50 reads it.

    ; comment lines start with ; # or * (blank lines too are ignored)
    i 2026/03/02 09:00:00 acme:website  Homepage concepts ; a comment
    o 2026/03/02 10:30:00
    i 2026-03-02 13:00 internal
    o 2026-03-02 14:15 internal

Rules, after hledger's reader (Hledger/Read/TimeclockReader.hs, Hledger/Data/Timeclock.hs):
- A line is `CODE DATE TIME[±ZZZZ] ...`. The date is YYYY-MM-DD, YYYY/MM/DD or YYYY.MM.DD (one
  separator, leading zeros optional), the time HH:MM or HH:MM:SS. b, h and O lines are accepted
  and ignored, as hledger does.
- `i` names an account; a description may follow it after two or more spaces or a tab; `;` starts
  a comment. A clock-in without an account is accepted, as hledger accepts it (it posts such a
  session to the empty account): the entry goes to --default-project (default "Untagged"), as an
  untagged Timewarrior interval does. An account may hold single spaces. `o` may name the account it closes and carry a
  comment; without an account it closes the most recent open clock-in.
- Several sessions may be open at once, but not two of one account. An `o` matching no open `i`,
  or earlier than its `i`, is an error. A session still open at the end is a running timer (the
  service starts the newest, and only if none runs).
- Times are local wall time in aostime's zone. hledger accepts a +HHMM/-HHMM zone after the time
  and ignores it; here it is used, since it says exactly which instant is meant.
- Sessions across midnight stay one entry (hledger splits them per day for its reports).

Mapping: the account `client:project:task` gives the entry's client, project and task (more
levels are joined back into the task name: `acme:web:design:ui` has the task "design:ui"); an
account of one level is the project alone, its client chosen as usual (--client, else a project
of that name, else "Imported"). The description is the description; the comments of the `i` and
`o` lines are the notes. The source_id is the date of the clock-in (as written, so the same under
any TZ) and its account, with its rank among that day's clock-ins of the account: a session whose
times are corrected in the file stays the same entry on a re-import (one moved to another account
is found by its times). A running session's id is prefixed with "running:",
so that once it is clocked out a re-import brings the finished session.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from aostime.domain.timeparse import localize, zone_name
from aostime.errors import BadInput
from aostime.interchange.records import Batch, ImportedEntry, UniqueIds, clean_name, clean_text, content_id, fail

SOURCE = "timeclock"
COMMENT_STARTS = ";#*"
IGNORED_CODES = "bhO"  # balance, required hours, final clock-out: hledger skips them

_HEAD = re.compile(
    r"(?P<code>[iobhO])[ \t]+"
    r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})[ \t]+"
    r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?P<zone>[+-]\d{4})?"
    r"(?=$|[ \t;])"
)
_OFFSET = re.compile(r"[+-]\d{4}$")  # a stamp written with its UTC offset
_GAP = re.compile(r"\t|[ \t]{2,}")  # what ends an account name: a tab or two spaces


@dataclass
class _Line:
    code: str
    number: int
    moment: datetime  # aware UTC
    stamp: str  # the local time as written, normalised: the session's identity
    account: str
    description: str
    comment: str


@dataclass
class _Open:
    line: _Line
    rank_key: str


def _moment(match: re.Match, zone: tzinfo, path: str, where: str) -> tuple[datetime, str]:
    """(UTC instant, normalised local text) of a line's date and time."""
    try:
        day = date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        raise fail(path, where, f"{match['year']}-{match['month']}-{match['day']} is not a calendar date") from None
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise fail(path, where, f"{match['hour']}:{match['minute']} is not a time of day (00:00 to 23:59:59)")
    naive = datetime.combine(day, time(hour, minute, second))
    offset = match["zone"]
    stamp = naive.isoformat() + (offset or "")
    if offset:
        minutes = int(offset[1:3]) * 60 + int(offset[3:])
        delta = timedelta(minutes=-minutes if offset[0] == "-" else minutes)
        return naive.replace(tzinfo=timezone(delta)).astimezone(UTC), stamp
    try:
        return localize(naive, zone, naive.isoformat(sep=" ")), stamp
    except BadInput as exc:
        raise fail(path, where, str(exc)) from None


def _split_rest(rest: str) -> tuple[str, str, str]:
    """' acct name  a description ; comment' -> (account, description, comment). Account names
    in timeclock files may not hold ';', so the first ';' starts the comment."""
    body, semicolon, comment = rest.partition(";")
    parts = _GAP.split(body.strip(), maxsplit=1)
    account = parts[0] if parts else ""
    description = parts[1].strip() if len(parts) > 1 else ""
    return account, description, comment.strip() if semicolon else ""


def _parse_line(raw: str, number: int, zone: tzinfo, path: str) -> _Line | None:
    """One line -> a clock-in/out, or None for blank, comment and ignored lines."""
    stripped = raw.strip()
    if not stripped or stripped[0] in COMMENT_STARTS:
        return None
    where = f"line {number}"
    match = _HEAD.match(raw)
    if not match:
        raise fail(path, where, f"not a timeclock line ('i 2026-03-02 09:00:00 account'): {stripped[:60]!r}")
    if match["code"] in IGNORED_CODES:
        return None
    moment, stamp = _moment(match, zone, path, where)
    account, description, comment = _split_rest(raw[match.end() :])
    if match["code"] == "o" and description:
        raise fail(path, where, f"a clock-out takes only an account and a ; comment, not {description[:40]!r}")
    return _Line(match["code"], number, moment, stamp, account, description, comment)


def _target(account: str, path: str, where: str) -> tuple[str | None, str | None, str | None]:
    """'acme:website:design' -> (client, project, task); 'website' -> (None, 'website', None);
    no account -> (None, None, None): the import's default project."""
    if not account:
        return None, None, None
    parts = [clean_name(p) for p in account.split(":")]
    parts = [p for p in parts if p]
    if not parts:
        raise fail(path, where, f"account {account!r} names nothing")
    if len(parts) == 1:
        return None, parts[0], None
    task = clean_name(":".join(parts[2:])) if len(parts) > 2 else None
    return parts[0], parts[1], task


class _Sessions:
    """Pairs clock-outs with clock-ins, as hledger does, and turns sessions into entries."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.open: list[_Open] = []  # in clock-in order: the last is the most recent
        self.done: list[tuple[_Line, _Line | None, str]] = []
        self.ids = UniqueIds()

    def clock_in(self, line: _Line) -> None:
        for session in self.open:
            if session.line.account == line.account:
                name = line.account or "a clock-in without an account"
                raise fail(self.path, f"line {line.number}", f"{name} is already clocked in "
                           f"(line {session.line.number}); one account cannot have two open sessions")  # fmt: skip
        key = self.ids(content_id(line.stamp[:10], line.account))  # its date and account, and its rank there
        self.open.append(_Open(line, key))

    def clock_out(self, line: _Line) -> None:
        where = f"line {line.number}"
        if line.account:
            found = [s for s in self.open if s.line.account == line.account]
            if not found:
                raise fail(self.path, where, f"no open clock-in of {line.account} matches this clock-out")
            session = found[0]
        elif self.open:
            session = self.open[-1]
        else:
            raise fail(self.path, where, "no open clock-in matches this clock-out")
        if line.moment < session.line.moment:
            raise fail(self.path, where, f"the clock-out is before its clock-in (line {session.line.number})")
        self.open.remove(session)
        self.done.append((session.line, line, session.rank_key))

    def entries(self, batch: Batch) -> None:
        finished = self.done + [(s.line, None, s.rank_key) for s in self.open]
        for start, end, key in sorted(finished, key=lambda item: item[0].number):
            where = f"line {start.number}"
            if end is not None and end.moment == start.moment:
                batch.dropped += 1
                batch.warnings.append(f"{self.path}: {where}: a session of no length was left out")
                continue
            client, project, task = _target(start.account, self.path, where)
            notes = "\n".join(c for c in (start.comment, end.comment if end else "") if c)
            source_id = key if end is not None else f"running:{key}"
            batch.entries.append(ImportedEntry(
                start.moment, end.moment if end else None, project, where, SOURCE, source_id, client=client,
                task=task, description=clean_text(start.description), notes=clean_text(notes),
            ))  # fmt: skip


def parse(text: str, path: str, zone: tzinfo) -> Batch:
    batch = Batch("timeclock", path, weak_ids=True)
    sessions = _Sessions(path)
    for number, raw in enumerate(text.splitlines(), 1):
        line = _parse_line(raw, number, zone, path)
        if line is None:
            continue
        if not _OFFSET.search(line.stamp):  # read in the zone: a re-import in another one is refused
            batch.zone = zone_name(zone)
        if line.code == "i":
            sessions.clock_in(line)
        else:
            sessions.clock_out(line)
    sessions.entries(batch)
    return batch
