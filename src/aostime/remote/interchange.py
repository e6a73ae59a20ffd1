"""`aos import` through the team server: the records parsed here, imported by the server."""

from __future__ import annotations

from aostime.remote.models import summary_from

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.services import Session


def import_batch(session: Session, batch, client=None, default_project=None, project_tag_prefix=None,
                 dry_run=False, progress=None, prune=False):  # fmt: skip
    """`aos import` remotely: the records parsed here, imported by the server in one write (its
    POST /import), answered with the summary the local import prints."""
    from dataclasses import asdict

    from aostime.remote.sync import send

    entries = [dict(e._asdict(), start=e.start.isoformat(), end=e.end.isoformat() if e.end else None,
                    tags=list(e.tags)) for e in batch.entries]  # fmt: skip
    body = {
        "batch": {"format": batch.format, "path": batch.path, "entries": entries,
                  "clients": [asdict(c) for c in batch.clients], "projects": [asdict(p) for p in batch.projects],
                  "tasks": [asdict(t) for t in batch.tasks], "users": [asdict(u) for u in batch.users],
                  "settings": batch.settings, "warnings": batch.warnings, "dropped": batch.dropped,
                  "zone": batch.zone, "weak_ids": batch.weak_ids},
        "client": client, "default_project": default_project, "project_tag_prefix": project_tag_prefix,
        "dry_run": dry_run, "prune": prune,
    }  # fmt: skip
    if dry_run:
        return summary_from(session.remote.call("POST", "/import", body))
    return summary_from(send(session, "POST", "/import", body, lambda: (body, f"import {len(entries)} records")))
