"""The timeclock file of Emacs' timeclock.el, as hledger reads it too
(hledger.org/1.25/hledger.html#timeclock-format): a clock-in and its clock-out per entry, in
start order.

    i 2026/03/02 09:00:00 Acme Corp:Website Redesign:Design mockups  Homepage concepts
    o 2026/03/02 10:30:00

- The account is client:project, or client:project:task: `hledger bal` totals hours per client,
  project and task. A ':' inside a name would start a new level and a ';' a comment, so they are
  written as '-' and ','; blanks are collapsed to one space (two end the account).
- Times are the entry's local wall time in the session's zone, `YYYY/MM/DD HH:MM:SS` without an
  offset: timeclock.el's timeclock-read-moment reads `CODE Y/M/D H:M:S` and takes the rest of the
  line for the project (an offset would become part of it), hledger reads the same. Both count
  wall-clock time (a session across a DST change counts an hour more or less there); aostime's
  `aos import timeclock` reads the times in the session's zone, so the instants come back, except
  a time in the hour an autumn change repeats, which reads as its first occurrence (the zone
  says no more). `aos import timeclock` still reads files with offsets (older exports).
- The description (on one line, ';' written as ',') follows the account after two spaces; notes,
  users and money are left out (hledger's timeclock has none).
- Each clock-out follows its clock-in, so a file of several people's overlapping work still pairs
  up. A running entry is a clock-in without a clock-out, written at the end of the file (hledger
  counts it until now); sessions across midnight stay one pair (hledger splits them per day).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TextIO

from aostime.interchange.writers.fields import Doc, local, one_line


def name(text: str | None) -> str:
    return one_line(text).replace(":", "-").replace(";", ",")


def account(doc: Doc) -> str:
    parts = [doc.get("client_name"), doc["project_name"], doc.get("task_name")]
    return ":".join(name(p) for p in parts if p and name(p))


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y/%m/%d %H:%M:%S")


def clock_in(doc: Doc) -> str:
    line = f"i {stamp(local(doc['start_time']))} {account(doc)}"
    description = one_line(doc.get("description")).replace(";", ",")
    return f"{line}  {description}" if description else line


def write_timeclock(docs: Iterable[Doc], out: TextIO) -> int:
    count = 0
    running: list[str] = []
    for doc in docs:
        count += 1
        if doc.get("end_time") is None:
            running.append(clock_in(doc))
            continue
        out.write(f"{clock_in(doc)}\no {stamp(local(doc['end_time']))}\n")
    out.writelines(line + "\n" for line in running)
    return count
