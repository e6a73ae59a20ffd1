"""Imports and exports: resolve parsed records against the database, in one transaction.

An import loads the catalog once (clients, projects, tasks, users: a few queries, however many
entries), resolves every entry in memory, creating the clients, projects, tasks and users it
needs, skips what was imported before, and inserts the entries in bulk. Nothing is written
unless all of it is: one transaction, rolled back on any error and on --dry-run.

Rules (docs/import-export.md):
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
- Entries of the file's scope that the file no longer holds are reported, and with `prune`
  deleted unless invoiced (services/removed.py).
"""

from __future__ import annotations

from aostime.domain.settings import check_setting
from aostime.errors import BadInput
from aostime.interchange.records import Batch
from aostime.services import Session
from aostime.services.declared import use_case
from aostime.services.import_catalog import ImportCatalog, apply_catalog
from aostime.services.import_summary import ImportSummary, Progress, ProjectTotal  # noqa: F401 (remote/models.py)


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@use_case(needs="edit_catalog", writes=True, streams=True)
def import_batch(
    session: Session, batch: Batch, client: str | None = None, default_project: str | None = None,
    project_tag_prefix: str | None = None, dry_run: bool = False, progress: Progress | None = None,
    prune: bool = False,
) -> ImportSummary:  # fmt: skip
    if session.actor is not None:  # through a token: an import makes catalog records and others' time
        from aostime.services import access

        access.require(session, "edit_catalog", writes=True)
        access.require(session, "everyones_time", writes=True)
        if any(entry.invoiced for entry in batch.entries):
            access.require(session, "invoices", writes=True)
    summary = ImportSummary(batch.format, batch.path, dry_run)
    store = session.store
    try:
        with store.transaction():
            _import(session, batch, summary, client, default_project, project_tag_prefix, progress, prune)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    # What the parser said, known once it has read everything (a big file is read as it is imported)
    summary.dropped += batch.dropped
    summary.warnings[:0] = batch.warnings
    return summary


def _import(session: Session, batch: Batch, summary: ImportSummary, client_option: str | None,
            default_project: str, prefix: str | None, progress: Progress | None, prune: bool) -> None:  # fmt: skip
    from aostime.services import restore

    if restore.restorable(session.store, batch):
        from aostime.services import access

        # The whole database as it was: its team, settings and invoices are an admin's to restore.
        for action in ("users", "settings", "invoices"):
            access.require(session, action, writes=True)
        restore.restore(session.store, batch, summary)
        return
    warning = restore.left_behind(batch)
    if warning:
        summary.warnings.append(warning)
    catalog = ImportCatalog(session, summary, client_option)
    apply_catalog(catalog, batch)
    _apply_settings(session, batch, summary)
    from aostime.services.entry_import import EntryImport

    EntryImport(session, batch, summary, catalog, default_project, prefix, progress, prune).run()


def _apply_settings(session: Session, batch: Batch, summary: ImportSummary) -> None:
    """The file's settings, where this database has none of its own; invalid ones are reported,
    and so are all of them when the importer may not change settings (the entries still come in)."""
    from aostime.domain.permissions import WHAT, permitted

    store, actor = session.store, session.actor
    if batch.settings and actor is not None and not permitted(actor.user.role, "settings"):
        summary.warnings.append(f"{len(batch.settings)} setting(s) not applied: {WHAT['settings']} are for "
                                f"admins (your role: {actor.user.role})")  # fmt: skip
        return
    for key, value in batch.settings.items():
        try:
            checked = check_setting(key, value)
        except BadInput:
            summary.warnings.append(f"setting {key}={value!r} was not applied (unknown or invalid here)")
            continue
        if store.get_setting(key) is None:
            store.set_setting(key, checked)
            summary.settings.append(key)
