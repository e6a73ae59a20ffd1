"""Export (/export): `aos export` as a page. A GET form of the format and the filters `aos export`
takes; "Download" (/export/download, the same query) is the document `aos export --format FORMAT`
writes for them, byte for byte: the same use case (services.exporting.write_export) through the
same spooling as the API's GET /export. A member's export holds her own entries (the use case
decides); a refusal (a date it cannot read, currencies a format cannot mix) is the CLI's sentence
beside the form, 400, and no file."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response, StreamingResponse

from aostime.errors import AosError, Forbidden, NotFound
from aostime.server.web.auth import with_session
from aostime.server.web.language import N_
from aostime.server.web.render import SECURITY_HEADERS, guarded, page, redirect, sentence

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
Short = Annotated[str, Query(max_length=200)]
# (value, label): `aos export --format` words
FORMATS = [("json", N_("aostime JSON (lossless)")), ("csv", "aostime CSV"), ("toggl", "Toggl Track CSV"),
           ("clockify", "Clockify CSV"), ("harvest", "Harvest CSV"), ("kimai", "Kimai CSV"), ("watson", "Watson"),
           ("timewarrior", "Timewarrior"), ("klog", "klog"), ("ical", "iCalendar"), ("timeclock", "timeclock")]  # fmt: skip
SUFFIXES = {
    "json": "json",
    "watson": "json",
    "timewarrior": "data",
    "klog": "klg",
    "ical": "ics",
    "timeclock": "timeclock",
}  # fmt: skip (the CSV formats: csv)
CHOICES = {"any": None, "yes": True, "no": False}


@dataclass(frozen=True)
class Asked:
    """The export the form asks for, as the address holds it."""

    format: str = "json"
    since: str = ""
    until: str = ""
    client: str = ""
    project: str = ""
    task: str = ""
    member: str = ""
    billable: str = "any"
    invoiced: str = "any"
    currency: str = ""

    def query(self) -> str:
        values = {**asdict(self), "from": self.since, "to": self.until}
        del values["since"], values["until"]
        return urlencode({key: value for key, value in values.items() if value not in ("", "any")})


def asked(format: Short = "json", since: Annotated[str, Query(alias="from", max_length=200)] = "",
          until: Annotated[str, Query(alias="to", max_length=200)] = "", client: Short = "", project: Short = "",
          task: Short = "", member: Short = "", billable: Short = "any", invoiced: Short = "any",
          currency: Short = "") -> Asked:  # fmt: skip
    return Asked(format, since.strip(), until.strip(), client, project, task, member, billable, invoiced,
                 currency.strip())  # fmt: skip


Form = Annotated[Asked, Depends(asked)]


@router.get("/export")
def export_page(session: Signed, form: Form) -> Response:
    if session is None:
        return redirect("/login")
    return guarded(lambda: _form(session, form))


@router.get("/export/download")
def download(session: Signed, form: Form) -> Response:
    """`aos export` with the form's options, as a file."""
    from aostime.server.exports import MEDIA_TYPES, spooled_export

    if session is None:
        return redirect("/login")

    def act() -> Response:
        from aostime.errors import BadInput

        try:
            if form.billable not in CHOICES or form.invoiced not in CHOICES:
                raise BadInput(f"billable and invoiced are one of: {', '.join(CHOICES)}")
            count, chunks = spooled_export(session, form.format, form.project or None, form.task or None,
                                           form.client or None, form.member or None, CHOICES[form.billable],
                                           CHOICES[form.invoiced], form.since or None, form.until or None,
                                           form.currency or None)  # fmt: skip
        except (Forbidden, NotFound):
            raise
        except AosError as exc:
            return _form(session, form, 400, sentence(exc))
        name = f"aostime-export.{SUFFIXES.get(form.format, 'csv')}"
        return StreamingResponse(chunks, media_type=MEDIA_TYPES[form.format],
                                 headers={**SECURITY_HEADERS, "X-WP-Total": str(count),
                                          "Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip

    return guarded(act)


def _form(session, form: Asked, status: int = 200, error: str | None = None) -> Response:
    from aostime.server.web.timer_region import timer_region
    from aostime.services import access, catalog, reading

    everyone = access.sees_everyone(session)
    with reading(session):
        choices = {kind: catalog.list_records(session, kind) for kind in ("client", "project", "task")}
        members = catalog.list_records(session, "user") if everyone else []
    return page("export.html", status, title="Export", member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), form=form, formats=FORMATS, choices=choices, members=members,
                refusal=error, query=form.query())  # fmt: skip
