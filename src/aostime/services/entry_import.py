"""The entries of one import, resolved against the catalog and written in chunks.

A big file is never all in memory: the entries come as the parser reads them (a list, or a
records.EntryStream read again for each pass), a chunk at a time; each chunk's records imported
before are looked up in one query (services/reimport.py), its new entries inserted and its
updates applied before the next chunk is read. All of it inside the import's one transaction.
"""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from typing import Any

from aostime.domain.money import entry_amount_cents
from aostime.domain.names import fold
from aostime.domain.rates import resolve_billable, resolve_rate
from aostime.errors import BadInput
from aostime.interchange.records import (
    NO_PROJECT,
    Batch,
    ImportedEntry,
    choose_project,
    choose_project_from_set,
    choose_task,
    project_tag_names,
)  # fmt: skip
from aostime.services import Session
from aostime.services.import_catalog import ImportCatalog, check_not_archived
from aostime.services.import_summary import ImportSummary, Progress, ProjectTotal
from aostime.services.reimport import Known, Reimports
from aostime.services.removed import Coverage, new_scope, removed_from_source

COLUMNS = (
    "project_id", "task_id", "user_id", "start_time", "end_time", "duration", "description", "notes", "billable",
    "hourly_rate_cents", "amount_cents", "invoiced", "created_at", "updated_at", "source", "source_id",
    "import_scope", "import_zone",
)  # fmt: skip

CHUNK = 5_000
MAX_TEXT = 10_000


class EntryImport:
    """One import's entries: each resolved in memory against the catalog (memoised per user and
    per project/task/user chain), then inserted in chunks."""

    def __init__(self, session: Session, batch: Batch, summary: ImportSummary, catalog: ImportCatalog,
                 default_project: str, prefix: str | None, progress: Progress | None,
                 prune: bool = False) -> None:  # fmt: skip
        self.prune = prune
        self.session, self.store, self.batch, self.summary, self.catalog = (
            session, session.store, batch, summary, catalog)  # fmt: skip
        self.default_project, self.prefix, self.progress = default_project or NO_PROJECT, prefix, progress
        self.default_given = default_project is not None  # else tags that leave a choice stop the import
        self.tag_sets = batch.format == "timewarrior"  # its tags are sorted: their order says nothing
        self.scope = new_scope(session.now)
        self.reimports = Reimports(self.store, batch, self.scope)
        self.covered = Coverage()  # what the file covers: rows it no longer holds are looked for there
        self.checked: set[tuple] = set()  # (project, task, user) that may take new time
        self.content_keys: Counter[tuple] | None = None
        self.chains: dict[tuple, dict] = {}
        self.users: dict[str | None, Any] = {}
        self.project_names = catalog.project_names()
        if self.tag_sets:  # the projects that exist win: their spelling, their client
            self.project_names = {**project_tag_names(batch.entries, prefix), **self.project_names}
        self.rows: list[tuple] = []  # new entries, in the file's order: (row, its tags)
        # entries imported before: their tags in the file, and whether nothing else of them changed
        self.known_tags: dict[int, tuple[tuple[str, ...], bool]] = {}
        self.running: dict[int, tuple] = {}
        self.tasks_from_tags = batch.format not in ("json", "aostime-csv")  # aostime's own files name the task

    def run(self) -> None:
        work, done = len(self.batch.entries), 0
        for chunk in _chunks(self.batch.entries, CHUNK):
            for part in self.reimports.parts(chunk):
                users = [self._user(entry).id for entry in part]
                for entry, known in zip(part, self.reimports.match(part, users), strict=True):
                    self._add(entry, known)
                self._flush()
            done += len(chunk)
            if self.progress is not None:
                self.progress(done, work)
        for entry, row, user, project, tags in self.running.values():
            self._queue(row, tags)
            if entry.source is not None:  # its id was looked up in an earlier part
                self.reimports.detached.append((entry.source, entry.source_id))
            self.summary.running.append({"user": user.name, "project": project.name, "start": entry.start})
        self._flush()
        self.summary.updated, self.summary.unchanged = self.reimports.updated, self.reimports.unchanged
        self.reimports.unzoned.settle(self.summary.warnings)  # refused: nothing of it is written
        removed_from_source(self.session, self.batch, self.summary, self.reimports, self.covered, self.prune)

    def _flush(self) -> None:
        """Write what the entries so far make: the ids entries give up, the updates of known
        entries, then the new entries."""
        self.reimports.apply(self.session.now)
        # in the file's order (ids follow it): untagged runs at once, a tagged entry alone for its id
        named = COLUMNS[:12] + COLUMNS[14:]  # insert_entry stamps created_at and updated_at itself
        for tagged, run in groupby(self.rows, key=lambda item: bool(item[1])):
            if not tagged:
                self.store.insert_entries_many(COLUMNS, [row for row, _ in run])
                continue
            for row, tags in run:
                entry_id = self.store.insert_entry(dict(zip(named, row[:12] + row[14:], strict=True)), row[12])
                self.store.set_entry_tags(entry_id, tags)
        self.summary.created += len(self.rows)
        self.rows = []
        if self.known_tags:
            now = self.store.tags_of(list(self.known_tags))
            for entry_id, (tags, unchanged) in self.known_tags.items():
                if now.get(entry_id, ()) != tags:
                    self.store.set_entry_tags(entry_id, tags)
                    if unchanged:  # its tags alone changed: updated after all
                        self.reimports.unchanged -= 1
                        self.reimports.updated += 1
            self.known_tags = {}

    def _queue(self, row: tuple, tags: tuple[str, ...]) -> None:
        self.rows.append((row, tags))

    def _kept_tags(self, entry: ImportedEntry, project, task) -> tuple[str, ...]:
        """The source's tags that did not name the entry's project or task (those chosen from its
        tags), as aostime keeps tags (domain.tags); one it cannot keep is left out, with a warning."""
        from aostime.domain.tags import clean_tag, sorted_tags

        named = set()
        if task is not None and not entry.task:
            named.add(fold(task.name))
        project_key = fold(project.name) if entry.project is None else None
        if project_key is not None and self.prefix:
            named.add(fold(self.prefix + project.name))
        kept: dict[str, str] = {}
        for tag in entry.tags:
            key = fold(tag)
            if key in named or (project_key is not None and _names_project(key, project_key)):
                continue
            try:
                cleaned = clean_tag(tag)
            except BadInput as exc:
                self.summary.warnings.append(f"{entry.where}: {exc}; left out")
                continue
            kept.setdefault(fold(cleaned), cleaned)
        return sorted_tags(kept.values())

    def _add(self, entry: ImportedEntry, known: Known | None) -> None:
        project, task, user, client_name = self._target(entry, known)
        if entry.source is not None and entry.end is not None:
            self.covered.add(entry.source, entry.start, project.id, user.id)
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
        tags = self._kept_tags(entry, project, task) if entry.tags else ()
        if known is not None:
            outcome = self._reimport(entry, known, project, task, user, description, notes)
            if outcome != "invoiced" and not known.invoiced:  # an invoiced entry keeps its tags too
                self.known_tags[known.id] = (tags, outcome == "unchanged")
            return
        stamp = self.session.now
        scope, zone = (self.scope, self.batch.zone) if entry.source is not None else (None, None)
        row = (
            project.id, task and task.id, user.id, entry.start, entry.end, seconds, description, notes,
            bool(billable), rate, cents, bool(entry.invoiced), stamp, stamp, entry.source, entry.source_id,
            scope, zone,
        )  # fmt: skip
        if entry.source is not None and entry.end is not None and self.reimports.held(entry.source, entry.source_id):
            self.reimports.detached.append((entry.source, entry.source_id))
        if entry.end is None:
            _running(self.session, entry, row, user, self.running, self.summary, project, tags)
            return
        self._queue(row, tags)
        _count(self.summary, self.catalog, client_name, project, seconds, cents)

    def _reimport(self, entry: ImportedEntry, known: Known, project, task, user, description: str,
                  notes: str) -> str:  # fmt: skip
        """Compare and update an entry imported before: Reimports.compare's outcome."""
        outcome = self.reimports.compare(known, entry, project.id, task and task.id, user.id, description, notes)
        if outcome == "invoiced":
            self.summary.skipped += 1
            self.summary.warnings.append(
                f"{entry.where}: changed in the source, but entry {known.id} is invoiced; left as it is"
            )
        return outcome

    def _target(self, entry: ImportedEntry, known: Known | None = None) -> tuple[Any, Any, Any, str]:
        """(project, task or None, user, client name) the entry lands on, created as needed."""
        if known is not None and entry.project is None:  # chosen here from tags before: it stays
            project = self.catalog.projects_by_id[known.project_id]
            task = self.catalog.tasks_by_id.get(known.task_id)
            return project, task, self._user(entry), self.catalog.clients_by_id[project.client_id].name
        catalog = self.catalog
        project_name = entry.project
        if project_name is None and self.tag_sets:
            project_name = self._project_from_tag_set(entry)
        elif project_name is None:
            project_name = choose_project(entry.tags, self.project_names, self.prefix) or self.default_project
        project, client_name = catalog.target(entry.client, project_name, entry.currency)
        if not self.tag_sets:  # the names of a tag set are all known up front (project_tag_names)
            self.project_names.setdefault(fold(project.name), project.name)
        task = None
        if entry.task:
            task = catalog.task(project, entry.task)
        elif entry.tags and self.tasks_from_tags:
            task_name = choose_task(entry.tags, catalog.task_names.get(project.id, {}), project.name)
            task = task_name and catalog.tasks[(project.id, fold(task_name))]
        return project, task, self._user(entry), client_name

    def _project_from_tag_set(self, entry: ImportedEntry) -> str:
        """records.choose_project_from_set, else --default-project; tags that leave a choice stop
        the import unless one is given (an interval imported before keeps its project: _target)."""
        name = choose_project_from_set(entry.tags, self.project_names, self.prefix)
        if name is not None or not entry.tags or self.default_given:
            return name or self.default_project
        raise BadInput(
            f"{self.batch.path}: {entry.where}: the tags {', '.join(entry.tags)} do not say which is the project: "
            "create it first (aos project add), or give --project-tag-prefix or --default-project"
        )

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


def _names_project(tag_key: str, project_key: str) -> bool:
    """Whether a folded tag named the project: its name, or its name after a prefix ending in a
    separator (project:NAME, project=NAME; a file imported before with --project-tag-prefix)."""
    if tag_key == project_key:
        return True
    head = tag_key[: -len(project_key)] if tag_key.endswith(project_key) else ""
    return bool(head) and head[-1] in ":=/#"


def _chunks(entries, size: int):
    chunk: list[ImportedEntry] = []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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
             project, tags: tuple[str, ...] = ()) -> None:  # fmt: skip
    """At most one running timer per user, and only if none runs already."""
    if session.store.running_entry(user.id) is not None:
        summary.dropped += 1
        summary.warnings.append(
            f"{entry.where}: {user.name} already has a running timer; the running {project.name} was not started"
        )
        return
    candidate = (entry, row, user, project, tags)
    earlier = running.get(user.id)
    if earlier is not None:
        older, newer = sorted([earlier, candidate], key=lambda item: item[0].start)
        running[user.id] = newer
        summary.dropped += 1
        summary.warnings.append(f"{older[0].where}: an older open interval was not started (only one timer runs)")
        return
    running[user.id] = candidate


def _text(value: str, what: str, entry: ImportedEntry, summary: ImportSummary) -> str:
    if len(value) > MAX_TEXT:
        summary.warnings.append(f"{entry.where}: {what} cut to {MAX_TEXT} characters")
        return value[:MAX_TEXT]
    return value
