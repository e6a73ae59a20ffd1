"""What every importer produces, and the small rules they share.

An importer returns a Batch: entries (ImportedEntry, a NamedTuple so that 100,000 of them are
cheap) and, for aostime's own format, the catalog (clients, projects, tasks, users) and settings.
Times are aware UTC datetimes with whole seconds; money is integer cents.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NamedTuple

from aostime.domain.names import fold
from aostime.errors import BadInput

MAX_NAME = 200
NO_PROJECT = "Untagged"


class ImportedEntry(NamedTuple):
    start: datetime
    end: datetime | None  # None: a running timer
    project: str | None  # None: chosen from the tags (choose_project)
    where: str  # "line 12", "row 3", "frame 7": names the record in messages
    source: str | None = None
    source_id: str | None = None
    client: str | None = None
    task: str | None = None
    user: str | None = None
    user_email: str | None = None
    description: str = ""
    notes: str = ""
    tags: tuple[str, ...] = ()
    billable: bool | None = None
    rate_cents: int | None = None
    amount_cents: int | None = None
    invoiced: bool = False
    currency: str | None = None  # of the client, when the source says


@dataclass(frozen=True)
class ImportedClient:
    name: str
    email: str | None = None
    currency: str | None = None
    rate_cents: int | None = None
    archived: bool = False


@dataclass(frozen=True)
class ImportedProject:
    client: str
    name: str
    rate_cents: int | None = None
    archived: bool = False


@dataclass(frozen=True)
class ImportedTask:
    client: str
    project: str
    name: str
    rate_cents: int | None = None
    billable: bool | None = None
    archived: bool = False


@dataclass(frozen=True)
class ImportedUser:
    name: str
    email: str | None = None
    rate_cents: int | None = None
    archived: bool = False


@dataclass
class Batch:
    """One import: the format's name, where it came from, and what it holds."""

    format: str
    path: str
    entries: list[ImportedEntry] = field(default_factory=list)
    clients: list[ImportedClient] = field(default_factory=list)
    projects: list[ImportedProject] = field(default_factory=list)
    tasks: list[ImportedTask] = field(default_factory=list)
    users: list[ImportedUser] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    dropped: int = 0  # records the parser could not turn into entries (see warnings)
    # The zone (timeparse.zone_name) times written without an offset were read in; None when the
    # file's times say their instant (UTC, an offset). A re-import in another zone is refused.
    zone: str | None = None
    # The ids are positions (the n-th row of a person's day), not the source's own: a re-import
    # takes the entry of such an id only if it is plausibly the same work (services/reimport.py).
    weak_ids: bool = False
    # The rows have a date and a length, no time of day (Harvest): their starts are laid out end to
    # end by aostime, so a row's start moves when a row before it changes. Such a row's own times
    # are its date and its length (services/reimport.py).
    dated_only: bool = False


class EntryStream:
    """A batch's entries read anew at each pass over a big file, never all in memory. `len()`
    is the number of records; some may still be left out as they are read: what the first pass
    leaves out goes to the batch (dropped, warnings), later passes say it again to no one."""

    def __init__(self, read, count: int, batch: Batch) -> None:
        self.read, self.count, self.batch, self.passes = read, count, batch, 0

    def __iter__(self):
        self.passes += 1
        return self.read(self.batch if self.passes == 1 else Batch(self.batch.format, self.batch.path))

    def __len__(self) -> int:
        return self.count


def fail(path: str, where: str, message: str) -> BadInput:
    """The error every parser raises: names the file and the line, row or record."""
    return BadInput(f"{path}: {where}: {message}" if where else f"{path}: {message}")


_NO_DEFAULT = object()


def load_json(text: str, path: str, empty=_NO_DEFAULT, **options):
    """Parse a JSON document, naming the file, line and column when it is not valid; blank text
    gives `empty` when one is given (Watson and Timewarrior write nothing for no data)."""
    import json

    if empty is not _NO_DEFAULT and not text.strip():
        return empty
    try:
        return json.loads(text, **options)
    except json.JSONDecodeError as exc:
        raise fail(path, f"line {exc.lineno}, column {exc.colno}", f"not valid JSON ({exc.msg})") from None


# -- names, tags, ids -----------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def clean_name(text: str | None) -> str | None:
    """A client/project/task/user name as aostime accepts it: control characters become
    spaces, at most 200 characters, and an all-digit name (which would read as an id) gets
    ' (imported)' appended. Empty -> None."""
    if text is None:
        return None
    name = " ".join(_CONTROL.sub(" ", str(text)).split())
    if not name:
        return None
    name = name[:MAX_NAME].strip()
    if name.isdigit():
        name = f"{name} (imported)"
    return name


def clean_text(text: str | None) -> str:
    """Description and notes: NUL removed, line ends normalised, outer blanks stripped."""
    if not text:
        return ""
    return str(text).replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()


def join_notes(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def content_id(*parts: object) -> str:
    """A stable id for a record that carries none: a hash of what it says."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:24]


class UniqueIds:
    """Identical records in one file (two '1h' lines with the same summary on one day) get
    distinct ids by their rank among equals, so the n-th stays the n-th on a re-import."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def __call__(self, key: str) -> str:
        self.seen[key] += 1
        n = self.seen[key]
        return key if n == 1 else f"{key}#{n}"


def choose_project(tags: tuple[str, ...], existing: dict[str, str], prefix: str | None) -> str | None:
    """The project of a tagged interval (Timewarrior, klog): a tag naming an existing project
    (case-insensitive), else the first tag starting with `prefix` (the rest of it), else the
    first tag; None without tags. `existing` maps lower-cased names to names."""
    for tag in tags:
        if fold(tag) in existing:
            return existing[fold(tag)]
    if prefix:
        for tag in tags:
            if fold(tag).startswith(fold(prefix)) and len(tag) > len(prefix):
                return tag[len(prefix) :]
    return tags[0] if tags else None


def choose_project_from_set(tags: tuple[str, ...], known: dict[str, str], prefix: str | None) -> str | None:
    """The project of an interval whose tags are a set, not a sequence (Timewarrior keeps them
    sorted, so their order says nothing), by rules that do not look at the order: the tags starting
    with `prefix` name it (the rest of the tag); else the tags naming a known project (`known` maps
    lower-cased names to names: the projects that exist and those the import names,
    project_tag_names); else the only tag. None without tags, and when the tags leave a choice
    (two candidates, or several tags and none decides): the caller takes --default-project or
    refuses."""
    if prefix:
        named = {fold(t[len(prefix) :]): t[len(prefix) :] for t in tags
                 if fold(t).startswith(fold(prefix)) and len(t) > len(prefix)}  # fmt: skip
        if named:
            return _only(named)
    matches = {fold(t): known[fold(t)] for t in tags if fold(t) in known}
    if matches:
        return _only(matches)
    return tags[0] if len(tags) == 1 else None


def _only(candidates: dict[str, str]) -> str | None:
    return next(iter(candidates.values())) if len(candidates) == 1 else None


def project_tag_names(entries: list[ImportedEntry], prefix: str | None) -> dict[str, str]:
    """The projects an import's tags name by themselves (a tag with `prefix`, an interval's only
    tag), lower-cased name -> name: known before any interval is resolved, so that a tag names the
    same project wherever the intervals stand in the file."""
    names: dict[str, str] = {}
    for entry in entries:
        if entry.project is None:
            name = choose_project_from_set(entry.tags, {}, prefix)
            if name:
                names.setdefault(fold(name), name)
    return names


def choose_task(tags: tuple[str, ...], existing: dict[str, str], project: str | None = None) -> str | None:
    """The first tag naming an existing task of the entry's project (case-insensitive); the tag
    that named the project itself is not a task."""
    for tag in tags:
        key = fold(tag)
        if key in existing and (project is None or key != fold(project)):
            return existing[key]
    return None


# -- values ---------------------------------------------------------------------------------

# Toggl and Clockify write Billable in the account's language: English Yes/No, Japanese はい/いいえ,
# German Ja/Nein, French Oui/Non, Spanish Sí/No, Portuguese Sim/Não, Italian Sì/No (and others).
_TRUE = {"yes", "y", "true", "1", "x", "billable", "ja", "oui", "sí", "si", "sì", "sim", "はい", "是", "예", "tak",
         "да", "evet", "ano", "kyllä"}  # fmt: skip
_FALSE = {"no", "n", "false", "0", "", "non-billable", "nein", "non", "não", "nao", "いいえ", "否", "아니요",
          "아니오", "nee", "nej", "nie", "нет", "hayır", "ne", "ei"}  # fmt: skip


def parse_flag(text: str | None, path: str, where: str, what: str) -> bool | None:
    """Yes/No, true/false, 1/0 -> bool; an absent column -> None."""
    if text is None:
        return None
    value = text.strip().casefold()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise fail(path, where, f"{what} {text!r} is not yes/no")


_MONEY_JUNK = re.compile(r"[^\d,.\-]")


def parse_cents(text: str | None, path: str, where: str, what: str) -> int | None:
    """'332.50', '1,234.50', '1.234,50', '€ 95', '150.0' -> cents (half-up); blank -> None."""
    if text is None:
        return None
    raw = _MONEY_JUNK.sub("", str(text).strip())
    if not raw:
        return None
    if "," in raw and "." in raw:
        thousands = "," if raw.index(",") < raw.index(".") else "."
        raw = raw.replace(thousands, "")
    if "," in raw:
        head, _, tail = raw.rpartition(",")
        raw = f"{head.replace(',', '')}.{tail}" if len(tail) != 3 or not head else raw.replace(",", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise fail(path, where, f"{what} {text!r} is not an amount") from None
    if not value.is_finite() or value < 0:
        raise fail(path, where, f"{what} {text!r} is not an amount of 0 or more")
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


_TWELVE_HOUR = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)")


def parse_hours(text: str, path: str, where: str, what: str = "hours") -> int:
    """'1.5', '1,5' (hours), '1:30', '01:30:00', '12:20:00 AM' (12-hour clock: 20 minutes) -> whole
    seconds."""
    raw = (text or "").strip()
    clock = re.fullmatch(r"(\d+):(\d{1,2})(?::(\d{1,2}))?", raw)
    if clock:
        return int(clock.group(1)) * 3600 + int(clock.group(2)) * 60 + int(clock.group(3) or 0)
    twelve = _TWELVE_HOUR.fullmatch(raw)
    if twelve:  # Toggl writes durations in the account's time format: '12:20:00 AM' is 20 minutes
        hour = int(twelve.group(1))
        if not 1 <= hour <= 12:
            raise fail(path, where, f"{what} {text!r} is not a duration (1.5 or 1:30)")
        hour = hour % 12 + (12 if twelve.group(4).casefold().startswith("p") else 0)
        return hour * 3600 + int(twelve.group(2)) * 60 + int(twelve.group(3) or 0)
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        raise fail(path, where, f"{what} {text!r} is not a duration (1.5 or 1:30)") from None
    if not value.is_finite() or value < 0:
        raise fail(path, where, f"{what} {text!r} is not a duration of 0 or more")
    return int((value * 3600).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def currency_code(text: str | None) -> str | None:
    """'USD', 'Euro - EUR', 'Swedish Krona - SEK' -> the ISO code, else None."""
    if not text:
        return None
    match = re.search(r"\b([A-Za-z]{3})\s*$", text.strip())
    return match.group(1).upper() if match else None


# -- currencies -----------------------------------------------------------------------------

# A bare "$" names no currency: it is the sign of the US, Canadian, Australian, New Zealand...
# dollar alike, so such amounts take the client's currency. Prefixed dollars say which.
_PREFIXED_DOLLARS = {"us$": "USD", "au$": "AUD", "a$": "AUD", "nz$": "NZD", "ca$": "CAD", "c$": "CAD",
                     "hk$": "HKD", "s$": "SGD", "r$": "BRL", "mx$": "MXN"}  # fmt: skip
_SYMBOLS = {"€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "₺": "TRY", "₪": "ILS",
            "zł": "PLN", "kč": "CZK", "₴": "UAH", "₱": "PHP", "฿": "THB", "₫": "VND"}  # fmt: skip
_WORDS = {"euro": "EUR", "euros": "EUR", "fr": "CHF"}


def currency_mark(text: str | None) -> str | None:
    """The currency a money cell or a column label names: an ISO code ('NZD 48.75', 'EUR -',
    '(USD)'), a currency word ('EURO'), a prefixed dollar ('NZ$12') or a symbol ('48,75 €',
    '€48.75'); None when it names none (a bare '$' included)."""
    lowered = (text or "").casefold()
    for mark, code in _PREFIXED_DOLLARS.items():
        if mark in lowered:
            return code
    for word in re.findall(r"[^\W\d_]+", text or ""):
        if word.casefold() in _WORDS:
            return _WORDS[word.casefold()]
        if len(word) == 3 and word.isascii():
            return word.upper()
    return next((code for mark, code in _SYMBOLS.items() if mark in lowered), None)


def parse_money(text: str | None, path: str, where: str, what: str) -> tuple[int | None, str | None]:
    """A money cell as exports render it -> (cents, the currency it names or None):
    ' NZD 48.75 ', '48,75 €', '€48.75', '1.234,50 EUR', '150.00'. A lone dash (' EUR - ', the
    accounting format's zero) is 0; blank -> None."""
    if text is None:
        return None, None
    code = currency_mark(text)
    if not any(c.isdigit() for c in text) and text.strip(" \u00a0\u202f") and "-" in text:
        return 0, code
    return parse_cents(text, path, where, what), code
