"""Imports and exports: resolve parsed records against the database, in one transaction.

An import loads the catalog once (clients, projects, tasks, users: a few queries, however many
entries), resolves every entry in memory, creating the clients, projects, tasks and users it
needs, skips what was imported before, and inserts the entries in bulk. Nothing is written
unless all of it is: one transaction, rolled back on any error and on --dry-run.

Rules (README "Import and export"):
- An entry that names its client (CSV, JSON) goes to that client, created if missing. Otherwise
  --client (id or name, created if missing) holds the projects; without --client a project is
  looked up by name among all clients, and a new one goes under the client "Imported".
- An entry without a project (Timewarrior, klog) takes it from its tags: a tag naming an
  existing project, else --project-tag-prefix, else the first tag, else --default-project.
- A task named by the source is created if missing; otherwise the first tag that names an
  existing task of the project is the task.
- An entry without a user belongs to the acting user (--user, AOS_USER, the login).
- Rate and billable come from the source when it has them, else from the hierarchy as for
  `aos add`; the amount is the source's when it has one, else duration x rate (half-up).
- Idempotent: an entry whose (source, source_id) is in the database is compared with it:
  unchanged, or updated to what the source says now (services/reimport.py has the rules: an
  invoiced entry is left alone, a timer the source closed is stopped); an entry of aostime's
  own format without a source is skipped when an entry of the same user, project, task, start,
  end and description exists.
- A running entry becomes the user's running timer only if none runs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aostime.domain.money import entry_amount_cents
from aostime.domain.names import fold
from aostime.domain.rates import resolve_billable, resolve_rate
from aostime.domain.settings import check_setting
from aostime.errors import BadInput
from aostime.interchange.records import NO_PROJECT, Batch, ImportedEntry, choose_project, choose_task
from aostime.services import Session, remote_capable
from aostime.services.import_catalog import ImportCatalog, apply_catalog, check_not_archived
from aostime.services.reimport import TWICE, Known, Reimports

MAX_TEXT = 10_000
CHUNK = 10_000
COLUMNS = (
    "project_id", "task_id", "user_id", "start_time", "end_time", "duration", "description", "notes", "billable",
    "hourly_rate_cents", "amount_cents", "invoiced", "created_at", "updated_at", "source", "source_id",
)  # fmt: skip


Progress = Callable[[int, int], None]


@dataclass
class ProjectTotal:
    client: str
    project: str
    currency: str | None = None  # the client's: the amounts are in it
    entries: int = 0
    seconds: int = 0
    cents: int = 0


@dataclass
class ImportSummary:
    format: str
    path: str
    dry_run: bool
    created: int = 0
    updated: int = 0  # imported before, changed in the source since (services/reimport.py)
    unchanged: int = 0  # imported before, the same
    skipped: int = 0  # changed but invoiced (left alone), or twice in the input
    dropped: int = 0  # could not be entries (the warnings say why)
    clients: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)
    settings: list[str] = field(default_factory=list)
    running: list[dict[str, Any]] = field(default_factory=list)  # the timers started
    seconds: int = 0
    cents: int = 0
    totals: dict[tuple[str, str], ProjectTotal] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def _text(value: str, what: str, entry: ImportedEntry, summary: ImportSummary) -> str:
    if len(value) > MAX_TEXT:
        summary.warnings.append(f"{entry.where}: {what} cut to {MAX_TEXT} characters")
        return value[:MAX_TEXT]
    return value


@remote_capable
def import_batch(
    session: Session, batch: Batch, client: str | None = None, default_project: str | None = None,
    project_tag_prefix: str | None = None, dry_run: bool = False, progress: Progress | None = None,
) -> ImportSummary:  # fmt: skip
    if session.actor is not None:  # through a token: an import makes catalog records and others' time
        from aostime.services import access

        access.require(session, "edit_catalog", writes=True)
        access.require(session, "everyones_time", writes=True)
    summary = ImportSummary(batch.format, batch.path, dry_run, dropped=batch.dropped, warnings=list(batch.warnings))
    store = session.store
    try:
        with store.transaction():
            _import(session, batch, summary, client, default_project or NO_PROJECT, project_tag_prefix, progress)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def _import(session: Session, batch: Batch, summary: ImportSummary, client_option: str | None,
            default_project: str, prefix: str | None, progress: Progress | None) -> None:  # fmt: skip
    from aostime.services import restore

    if restore.restorable(session.store, batch):
        restore.restore(session.store, batch, summary)
        return
    warning = restore.left_behind(batch)
    if warning:
        summary.warnings.append(warning)
    catalog = ImportCatalog(session, summary, client_option)
    apply_catalog(catalog, batch)
    _apply_settings(session.store, batch, summary)
    _EntryImport(session, batch, summary, catalog, default_project, prefix, progress).run()


class _EntryImport:
    """One import's entries: each resolved in memory against the catalog (memoised per user and
    per project/task/user chain), then inserted in chunks."""

    def __init__(self, session: Session, batch: Batch, summary: ImportSummary, catalog: ImportCatalog,
                 default_project: str, prefix: str | None, progress: Progress | None) -> None:  # fmt: skip
        self.session, self.store, self.batch, self.summary, self.catalog = (
            session, session.store, batch, summary, catalog)  # fmt: skip
        self.default_project, self.prefix, self.progress = default_project, prefix, progress
        self.reimports = Reimports(self.store, batch.entries)
        self.checked: set[tuple] = set()  # (project, task, user) that may take new time
        self.content_keys: Counter[tuple] | None = None
        self.chains: dict[tuple, dict] = {}
        self.users: dict[str | None, Any] = {}
        self.project_names = catalog.project_names() if any(e.project is None for e in batch.entries) else {}
        self.rows: list[tuple] = []
        self.running: dict[int, tuple] = {}

    def run(self) -> None:
        work = len(self.batch.entries)
        for number, entry in enumerate(self.batch.entries):
            if self.progress is not None and number % CHUNK == 0:
                self.progress(number, 2 * work)  # resolving is the first half of the work, inserting the second
            known = self.reimports.match(entry)
            if known == TWICE:
                self.summary.skipped += 1
                continue
            self._add(entry, known)
        for entry, row, user, project in self.running.values():
            self.rows.append(row)
            self.summary.running.append({"user": user.name, "project": project.name, "start": entry.start})
        self.summary.created = len(self.rows)
        self.summary.updated, self.summary.unchanged = self.reimports.updated, self.reimports.unchanged
        self._insert(work)
        self.reimports.apply(self.session.now)

    def _add(self, entry: ImportedEntry, known: Known | None) -> None:
        project, task, user, client_name = self._target(entry)
        chain_key = (project.id, task and task.id, user.id)
        chain = self.chains.get(chain_key)
        if chain is None:
            chain = self.chains[chain_key] = self.store.rate_chain(*chain_key)
        rate = entry.rate_cents if entry.rate_cents is not None else resolve_rate(None, chain)
        billable = entry.billable if entry.billable is not None else resolve_billable(None, chain)
        seconds, cents = _figures(self.batch, entry, rate, billable)
        description, notes = entry.description, entry.notes
        if len(description) > MAX_TEXT or len(notes) > MAX_TEXT:
            description = _text(description, "description", entry, self.summary)
            notes = _text(notes, "notes", entry, self.summary)
        if entry.source is None and self._same_content_exists(entry, user, project, task, description):
            return
        moved = known is None or chain_key != (known.project_id, known.task_id, known.user_id)
        if moved and chain_key not in self.checked:  # time already there may stay on an archived record
            check_not_archived(self.catalog, self.batch, entry, project, task, user)
            self.checked.add(chain_key)
        if known is not None:
            self._reimport(entry, known, project, task, user, description, notes)
            return
        stamp = self.session.now
        row = (
            project.id, task and task.id, user.id, entry.start, entry.end, seconds, description, notes,
            bool(billable), rate, cents, bool(entry.invoiced), stamp, stamp, entry.source, entry.source_id,
        )  # fmt: skip
        if entry.end is None:
            _running(self.session, entry, row, user, self.running, self.summary, project)
            return
        self.rows.append(row)
        _count(self.summary, self.catalog, client_name, project, seconds, cents)

    def _reimport(self, entry: ImportedEntry, known: Known, project, task, user, description: str,
                  notes: str) -> None:  # fmt: skip
        outcome = self.reimports.compare(known, entry, project.id, task and task.id, user.id, description, notes)
        if outcome == "invoiced":
            self.summary.skipped += 1
            self.summary.warnings.append(
                f"{entry.where}: changed in the source, but entry {known.id} is invoiced; left as it is"
            )

    def _target(self, entry: ImportedEntry) -> tuple[Any, Any, Any, str]:
        """(project, task or None, user, client name) the entry lands on, created as needed."""
        catalog = self.catalog
        project_name = entry.project
        if project_name is None:
            project_name = choose_project(entry.tags, self.project_names, self.prefix) or self.default_project
        project, client_name = catalog.target(entry.client, project_name, entry.currency)
        self.project_names.setdefault(fold(project.name), project.name)
        task = None
        if entry.task:
            task = catalog.task(project, entry.task)
        elif entry.tags:
            task_name = choose_task(entry.tags, catalog.task_names.get(project.id, {}), project.name)
            task = task_name and catalog.tasks[(project.id, fold(task_name))]
        return project, task, self._user(entry), client_name

    def _user(self, entry: ImportedEntry):
        user = self.users.get(entry.user)
        if user is None:
            if entry.user:
                user = self.catalog.user(entry.user, entry.user_email)
            else:
                user = self.session.user()
                self.catalog.users.setdefault(fold(user.name), user)
            self.users[entry.user] = user
        return user

    def _same_content_exists(self, entry: ImportedEntry, user, project, task, description: str) -> bool:
        """An entry without a source is skipped when the database holds one with the same user,
        start, end, project, task and description: as many as it holds are skipped."""
        if self.content_keys is None:
            self.content_keys = Counter(self.store.entry_content_keys())
        key = (user.id, entry.start, entry.end, project.id, task and task.id, description)
        if self.content_keys[key] > 0:
            self.content_keys[key] -= 1
            self.summary.skipped += 1
            return True
        return False

    def _insert(self, work: int) -> None:
        rows, progress = self.rows, self.progress
        for done in range(0, len(rows), CHUNK):
            self.store.insert_entries_many(COLUMNS, rows[done : done + CHUNK])
            if progress is not None:
                progress(work + (work * min(done + CHUNK, len(rows))) // len(rows), 2 * work)
        if progress is not None:
            progress(2 * work, 2 * work)


def _apply_settings(store, batch: Batch, summary: ImportSummary) -> None:
    """The file's settings, where this database has none of its own; invalid ones are reported."""
    for key, value in batch.settings.items():
        try:
            checked = check_setting(key, value)
        except BadInput:
            summary.warnings.append(f"setting {key}={value!r} was not applied (unknown or invalid here)")
            continue
        if store.get_setting(key) is None:
            store.set_setting(key, checked)
            summary.settings.append(key)


def _figures(batch: Batch, entry: ImportedEntry, rate: int, billable: bool) -> tuple[int | None, int | None]:
    """(seconds, cents) of an imported entry: none while it runs; the source's own amount wins
    (fixed prices, its rounding), else the entry's rule."""
    if entry.end is None:
        return None, None
    delta = entry.end - entry.start
    seconds = delta.days * 86400 + delta.seconds
    if seconds <= 0:
        raise BadInput(f"{batch.path}: {entry.where}: the end is not after the start")
    if entry.amount_cents is not None:
        return seconds, entry.amount_cents
    return seconds, entry_amount_cents(seconds, rate, billable)


def _count(summary: ImportSummary, catalog: ImportCatalog, client_name: str, project, seconds: int, cents: int) -> None:
    total = summary.totals.get((client_name, project.name))
    if total is None:
        currency = catalog.clients_by_id[project.client_id].currency
        total = summary.totals[(client_name, project.name)] = ProjectTotal(client_name, project.name, currency)
    total.entries += 1
    total.seconds += seconds
    total.cents += cents
    summary.seconds += seconds
    summary.cents += cents


def _running(session: Session, entry: ImportedEntry, row: tuple, user, running: dict, summary: ImportSummary,
             project) -> None:  # fmt: skip
    """At most one running timer per user, and only if none runs already."""
    if session.store.running_entry(user.id) is not None:
        summary.dropped += 1
        summary.warnings.append(
            f"{entry.where}: {user.name} already has a running timer; the running {project.name} was not started"
        )
        return
    candidate = (entry, row, user, project)
    earlier = running.get(user.id)
    if earlier is not None:
        older, newer = sorted([earlier, candidate], key=lambda item: item[0].start)
        running[user.id] = newer
        summary.dropped += 1
        summary.warnings.append(f"{older[0].where}: an older open interval was not started (only one timer runs)")
        return
    running[user.id] = candidate
