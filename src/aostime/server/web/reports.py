"""Reports (/reports): `aos report` as a page. A GET form (the filters live in the address, so a
report can be shared) asks the use case `aos report` and GET /reports call (services.reporting:
a member's report holds her own time, whatever she asks); the table shows its rows and one total
per currency, a chart above it the rows' hours (static/js/report-chart.js). "Download CSV" is
`aos report --csv` byte for byte, "Download XLSX" `aos report --xlsx`'s workbook."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from aostime.errors import BadInput
from aostime.server.web.auth import with_session
from aostime.server.web.language import N_
from aostime.server.web.render import SECURITY_HEADERS, guarded, page, redirect

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
Short = Annotated[str, Query(max_length=200)]
# (value, label): the values are the CLI's --by words and --period words
GROUPS = [("client", N_("Client")), ("project", N_("Project")), ("task", N_("Task")), ("user", N_("Member")),
          ("tag", N_("Tag")), ("day", N_("Day")), ("week", N_("Week")), ("month", N_("Month"))]  # fmt: skip
PERIODS = [("week", N_("This week")), ("last-week", N_("Last week")), ("month", N_("This month")),
           ("last-month", N_("Last month")), ("quarter", N_("This quarter")), ("year", N_("This year")),
           ("last-year", N_("Last year")), ("all", N_("All time")), ("custom", N_("Custom"))]  # fmt: skip
ALL_TIME = "all"  # `aos report` with neither --period nor --from/--to: every entry there is
BILLABLE = {"any": None, "billable": True, "non-billable": False}


@dataclass(frozen=True)
class Asked:
    """The report the form asks for, as the address holds it."""

    by: str = "project"
    then: str = ""
    period: str = "month"
    since: str = ""
    until: str = ""
    client: str = ""
    project: str = ""
    task: str = ""
    member: str = ""
    billable: str = "any"
    tags: str = ""  # "a, b": entries with any of them (`--tag a --tag b`)

    @property
    def group_by(self) -> str:
        return ",".join(f for f in (self.by, self.then) if f and f != "none")

    def query(self) -> str:
        return urlencode({"by": self.by, "then": self.then, "period": self.period, "from": self.since,
                          "to": self.until, "client": self.client, "project": self.project, "task": self.task,
                          "member": self.member, "billable": self.billable, "tags": self.tags})  # fmt: skip


def asked(by: Short = "project", then: Short = "", period: Short = "month", since: Annotated[str, Query(
          alias="from", max_length=200)] = "", until: Annotated[str, Query(alias="to", max_length=200)] = "",
          client: Short = "", project: Short = "", task: Short = "", member: Short = "",
          billable: Short = "any", tags: Annotated[str, Query(max_length=10_000)] = "") -> Asked:  # fmt: skip
    return Asked(by, then, period, since.strip(), until.strip(), client, project, task, member, billable, tags)


Form = Annotated[Asked, Depends(asked)]


def run_report(session, form: Asked):
    """The use case's report for the form; a date it cannot read is refused as (field, the CLI's words)."""
    from aostime.domain.tags import split_tags
    from aostime.server.web.refusals import refused_field, tags_refused
    from aostime.services.reporting import make_report

    if form.billable not in BILLABLE:
        raise BadInput(f"billable {form.billable!r} is not one of: {', '.join(BILLABLE)}")
    custom = form.period == "custom"
    if form.period == ALL_TIME and (form.since or form.until):
        raise FieldRefused("period", "all time has no From or To; choose Custom to give dates")
    if custom:
        refused = refused_field([("from", lambda: session.time(form.since) if form.since else _needs_from()),
                                 ("to", lambda: form.until and session.range_end(form.until))])  # fmt: skip
        if refused:
            raise FieldRefused(*refused)
    try:  # a preset with dates typed too is the CLI's "either --period or --from/--to": refused, not guessed
        return make_report(session, form.group_by, form.since or None, form.until or None,
                           None if custom or form.period == ALL_TIME else form.period,
                           form.project or None, form.task or None, form.client or None, form.member or None,
                           BILLABLE[form.billable], split_tags(form.tags) or None)  # fmt: skip
    except BadInput as exc:
        field = "to" if str(exc).startswith("--to") else "period" if "--period" in str(exc) else "by"
        field = "tags" if tags_refused(str(exc)) else field
        if "--from/--to" in str(exc):
            field = "period"
        raise FieldRefused(field, str(exc)) from None


def _needs_from() -> None:
    raise BadInput("a custom period needs a From date, e.g. 2026-03-01")


class FieldRefused(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


@router.get("/reports")
def reports_page(session: Signed, form: Form) -> Response:
    if session is None:
        return redirect("/login")

    def act() -> Response:
        from aostime.server.web.render import sentence

        if form.period == ALL_TIME and not form.since and not form.until:
            return _streamed(session, form)
        try:
            report = run_report(session, form)
        except FieldRefused as refused:
            return _answer(session, form, None, 400, {refused.field: sentence(BadInput(refused.message))})
        return _answer(session, form, report)

    return guarded(act)


def _streamed(session, form: Asked) -> Response:
    """All time reads every entry, so the page is sent in two parts: the form and a note that it
    may take a moment at once, the report once it is made. The session stays open until the
    response is sent (FastAPI ≥ 0.118 closes a dependency after the response)."""
    from starlette.responses import StreamingResponse

    from aostime.server.web.render import environment, sentence
    from aostime.server.web.report_table import report_view

    html = _answer(session, form, None, pending=True).body.decode()
    head, tail = html.split(REPORT_PLACE, 1)

    def parts():
        yield head
        try:
            report = run_report(session, form)
        except (FieldRefused, BadInput) as refused:
            message = refused.message if isinstance(refused, FieldRefused) else str(refused)
            yield environment().get_template("_report_refused.html").render(message=sentence(BadInput(message)))
        else:
            yield (
                environment()
                .get_template("_report_result.html")
                .render(view=report_view(report, session.zone), members=_members(session), query=form.query())
            )
        yield tail

    return StreamingResponse(parts(), 200, media_type="text/html; charset=utf-8", headers=SECURITY_HEADERS)


REPORT_PLACE = "<!--report-result-->"


def _members(session) -> list:
    from aostime.services import access, catalog

    return catalog.list_records(session, "user") if access.sees_everyone(session) else []


def _answer(session, form: Asked, report, status: int = 200, errors: dict[str, str] | None = None,
            pending: bool = False) -> Response:  # fmt: skip
    from aostime.server.web.report_table import report_view
    from aostime.server.web.timer_region import timer_region
    from aostime.services import catalog

    choices = {kind: catalog.list_records(session, kind) for kind in ("client", "project", "task")}
    return page("reports.html", status, title=N_("Reports"), member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), form=form, groups=GROUPS, periods=PERIODS, choices=choices,
                members=_members(session), errors=errors or {}, pending=pending,
                view=report_view(report, session.zone) if report is not None else None,
                query=form.query())  # fmt: skip


@router.get("/reports.csv")
def report_csv(session: Signed, form: Form) -> Response:
    """`aos report --csv` for the same filters, byte for byte."""
    from io import StringIO

    from aostime.render.reports import write_report_csv

    def write(report, document) -> bytes:
        text = StringIO()
        write_report_csv(report, document, text)
        return text.getvalue().encode("utf-8")

    return _download(session, form, "csv", "text/csv; charset=utf-8", write)


@router.get("/reports.xlsx")
def report_xlsx_file(session: Signed, form: Form) -> Response:
    """`aos report --xlsx FILE`'s workbook for the same filters."""
    from aostime.render.report_xlsx import report_xlsx

    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(session, form, "xlsx", kind, lambda report, document: report_xlsx(document))


def _download(session, form: Asked, suffix: str, kind: str, write) -> Response:
    if session is None:
        return redirect("/login")

    def act() -> Response:
        from aostime.domain.documents import report_document
        from aostime.server.web.render import sentence

        try:
            report = run_report(session, form)
        except FieldRefused as refused:
            return page("error.html", 400, message=sentence(BadInput(refused.message)), signed_in=True)
        data = write(report, report_document(report, session.zone))
        name = f"report-{_period_name(report, session.zone)}.{suffix}"
        return Response(data, 200, media_type=kind,
                        headers={**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip

    return guarded(act)


def _period_name(report, zone) -> str:
    """The report's days, first to last (its end is exclusive): 2026-02-01_2026-02-28."""
    from datetime import timedelta

    first = report.start.astimezone(zone).date().isoformat() if report.start else "start"
    last = (report.end.astimezone(zone) - timedelta(seconds=1)).date().isoformat() if report.end else "now"
    return f"{first}_{last}"
