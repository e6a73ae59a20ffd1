"""POST /import: the records a client parsed from another tool's file (the team client's
`aos import`), imported in one all-or-nothing write with the same idempotency as locally (each
record's source id). The body is checked as strictly as every other: a wrong type is a 400."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, Field
from starlette.responses import Response

from aostime.server.bodies import Body
from aostime.server.common import Current, json_response, subject_router
from aostime.server.schemas import Flag, Text

router = subject_router("import")
Short = Annotated[Text, Field(max_length=200)]
Long = Annotated[Text, Field(max_length=100_000)]
Cents = Annotated[int, Field(ge=-(10**15), le=10**15, strict=True)]


class EntryRecord(Body):
    start: AwareDatetime
    end: AwareDatetime | None = None
    project: Short | None = None
    where: Short
    source: Short | None = None
    source_id: Annotated[Text, Field(max_length=1000)] | None = None
    client: Short | None = None
    task: Short | None = None
    user: Short | None = None
    user_email: Short | None = None
    description: Long = ""
    notes: Long = ""
    tags: list[Short] = Field(default_factory=list)
    billable: Flag | None = None
    rate_cents: Cents | None = None
    amount_cents: Cents | None = None
    invoiced: Flag = False
    currency: Annotated[Text, Field(max_length=3)] | None = None


class ClientRecord(Body):
    name: Short
    email: Short | None = None
    currency: Annotated[Text, Field(max_length=3)] | None = None
    rate_cents: Cents | None = None
    archived: Flag = False


class ProjectRecord(Body):
    client: Short
    name: Short
    rate_cents: Cents | None = None
    archived: Flag = False


class TaskRecord(Body):
    client: Short
    project: Short
    name: Short
    rate_cents: Cents | None = None
    billable: Flag | None = None
    archived: Flag = False


class UserRecord(Body):
    name: Short
    email: Short | None = None
    rate_cents: Cents | None = None
    archived: Flag = False


class BatchIn(Body):
    format: Short
    path: Annotated[Text, Field(max_length=4096)]
    entries: list[EntryRecord] = Field(default_factory=list)
    clients: list[ClientRecord] = Field(default_factory=list)
    projects: list[ProjectRecord] = Field(default_factory=list)
    tasks: list[TaskRecord] = Field(default_factory=list)
    users: list[UserRecord] = Field(default_factory=list)
    settings: dict[Short, Annotated[Text, Field(max_length=1000)]] = Field(default_factory=dict)
    warnings: list[Long] = Field(default_factory=list)
    dropped: Annotated[int, Field(ge=0, strict=True)] = 0
    zone: Short | None = Field(None, description="The zone the file's times without an offset were read in.")
    weak_ids: Flag = Field(False, description="The source ids are positions in the file, not the source's own.")


class ImportIn(Body):
    """What `aos import` parsed, and its options."""

    batch: BatchIn
    client: Short | None = Field(None, description="As --client: entries without a client go to this one.")
    default_project: Short | None = None
    project_tag_prefix: Short | None = None
    dry_run: Flag = False
    prune: Flag = Field(False, description="As --prune: delete the file's entries it no longer holds (not invoiced).")


@router.post("/import", response_model=None, responses={
    200: {"description": "What was (or, with dry_run, would be) imported, as `aos import --json`"},
})  # fmt: skip
def import_records(session: Current, body: ImportIn) -> Response:
    """Import parsed records all or nothing; records imported before are compared and updated (managers)."""
    from aostime.interchange.records import (
        Batch,
        ImportedClient,
        ImportedEntry,
        ImportedProject,
        ImportedTask,
        ImportedUser,
    )  # fmt: skip
    from aostime.render.imports import summary_document
    from aostime.services import interchange

    given = body.batch

    def entry(record: EntryRecord) -> ImportedEntry:
        values = record.model_dump()
        values.update(start=_utc(record.start, record.where), end=_utc(record.end, record.where) if record.end else None,
                      tags=tuple(record.tags))  # fmt: skip
        return ImportedEntry(**values)

    batch = Batch(
        format=given.format, path=given.path, entries=[entry(e) for e in given.entries],
        clients=[ImportedClient(**c.model_dump()) for c in given.clients],
        projects=[ImportedProject(**p.model_dump()) for p in given.projects],
        tasks=[ImportedTask(**t.model_dump()) for t in given.tasks],
        users=[ImportedUser(**u.model_dump()) for u in given.users],
        settings=dict(given.settings), warnings=list(given.warnings), dropped=given.dropped, zone=given.zone,
        weak_ids=given.weak_ids,
    )  # fmt: skip
    summary = interchange.import_batch(session, batch, body.client, body.default_project, body.project_tag_prefix,
                                       body.dry_run, prune=body.prune)  # fmt: skip
    return json_response(summary_document(summary, session.zone))


def _utc(value: datetime, where: str) -> datetime:
    from datetime import UTC

    from aostime.errors import BadInput

    try:
        return value.astimezone(UTC).replace(microsecond=0)
    except (OverflowError, ValueError):
        raise BadInput(f"{where}: {value.isoformat()} is out of range") from None
