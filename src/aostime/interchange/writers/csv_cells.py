"""The one CSV writer behind every CSV aostime writes: `aos export` in its CSV formats (csv,
toggl, clockify, harvest, kimai), `aos list --csv`, `aos report --csv`, `aos unbilled --csv`,
`aos invoice show --csv` and the server's answers in those formats.

RFC 4180 with CRLF line ends, and every cell neutralised against formula injection as OWASP
recommends ("CSV Injection"): a text cell beginning with = + - @ TAB or CR gets a leading single
quote, so that a spreadsheet shows `'=HYPERLINK(...)` as text instead of running it. Only text
is neutralised: the numbers aostime writes as numbers (int and Decimal: durations, hours, rates,
amounts, negative ones too) are written as they are, so they stay numbers in a spreadsheet. A
writer must therefore hand its numeric columns over as numbers, never as formatted text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A cell as written: text that a spreadsheet would read as a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def uncell(value: str) -> str:
    """A cell as it was before `cell` (for aostime's CSV importers): the quote in front of a
    formula character comes off, so that what was written comes back the same."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


class CsvWriter:
    """csv.writer with CRLF line ends whose every row goes through `cell`."""

    def __init__(self, out: TextIO, quote_all: bool = False) -> None:
        self._writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: TextIO, quote_all: bool = False) -> CsvWriter:
    return CsvWriter(out, quote_all)
