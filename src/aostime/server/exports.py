"""GET /export: `aos export` through the team server, the same document byte for byte. A
member's export holds their own entries; the whole file (settings, every record) is a manager's
unfiltered export (services/exporting.py decides)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from starlette.responses import Response, StreamingResponse

from aostime.server.common import Current, IdParam, TimeQuery, ref, subject_router
from aostime.services.exporting import EXPORT_FORMATS

router = subject_router("export")
MEDIA_TYPES = {
    "json": "application/json", "csv": "text/csv; charset=utf-8", "toggl": "text/csv; charset=utf-8",
    "clockify": "text/csv; charset=utf-8", "harvest": "text/csv; charset=utf-8", "kimai": "text/csv; charset=utf-8",
    "watson": "application/json", "timewarrior": "text/plain; charset=utf-8", "klog": "text/plain; charset=utf-8",
    "ical": "text/calendar; charset=utf-8", "timeclock": "text/plain; charset=utf-8",
}  # fmt: skip
Format = Annotated[str, Query(pattern="^(" + "|".join(EXPORT_FORMATS) + ")$",
                              description="json (lossless, for aos import json), csv, or a peer's format: "
                              + ", ".join(EXPORT_FORMATS[2:]) + ".")]  # fmt: skip
CHUNK = 1 << 16


@router.get("/export", response_model=None, responses={
    200: {"description": "As `aos export --format FORMAT`; X-WP-Total: the entries written",
          "content": {media: {} for media in MEDIA_TYPES.values()}},
})  # fmt: skip
def export(
    session: Current, format: Format = "json", project_id: IdParam = None, task_id: IdParam = None,
    client_id: IdParam = None, user_id: IdParam = None, billable: bool | None = None, invoiced: bool | None = None,
    from_date: TimeQuery = None, to_date: TimeQuery = None,
    currency: Annotated[str | None, Query(description="Only the entries of clients billing in this currency.")] = None,
) -> Response:  # fmt: skip
    """Entries oldest first with the records they use; unfiltered, a manager's holds the whole file."""
    count, chunks = spooled_export(session, format, ref(project_id), ref(task_id), ref(client_id), ref(user_id),
                                   billable, invoiced, from_date, to_date, currency)  # fmt: skip
    return StreamingResponse(chunks, media_type=MEDIA_TYPES[format], headers={"X-WP-Total": str(count)})


def spooled_export(session, fmt: str, project, task, client, user, billable, invoiced, since, until, currency):
    """(entries written, the document's bytes in chunks) of `aos export --format FMT` with the
    filters of services.exporting.write_export. Written whole before the answer starts
    (the count goes in a header, and a failure is an error answer, not a cut document); spooled
    to disk past a few megabytes."""
    import tempfile

    from aostime.render.exports import write
    from aostime.services.exporting import write_export

    spool = tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8", newline="")  # noqa: SIM115 (closed by chunks())
    try:
        count = write_export(session, write, spool, fmt, project, task, client, user, billable, invoiced, since, until,
                             currency)  # fmt: skip
    except BaseException:
        spool.close()
        raise
    spool.seek(0)

    def chunks():
        with spool:
            while text := spool.read(CHUNK):
                yield text.encode("utf-8")

    return count, chunks()
