"""Import (/import): `aos import FORMAT FILE` as a page. A peer's file is uploaded with its format
and the options `aos import FORMAT` takes (services/import_files.FORMATS), read as the CLI reads it
and given to the same use case with dry_run (services.interchange.import_batch): the page shows
what would be created, updated, left unchanged, skipped and dropped, and why. "Import" then
imports that same file with those same options, kept on the server under a token of this session
(server/web/uploads.py); a second submit shows the first's result and imports nothing. A refusal
(a file the reader cannot read, rows it cannot place) is the CLI's sentence beside the form, 400,
nothing written. Who may: the use case's role (a manager: an import makes catalog records and
may hold others' time)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from aostime.errors import AosError, BadInput, Forbidden, NotFound
from aostime.server.web.auth import form_allowed, same_origin, with_session
from aostime.server.web.language import N_
from aostime.server.web.render import guarded, page, redirect, sentence

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
# (value, label) of the format choice: `aos import`'s subcommands
FORMATS = [("csv", N_("CSV: Toggl, Clockify, Harvest, Kimai or aostime")), ("timewarrior", "Timewarrior"),
           ("watson", N_("Watson (its frames file)")), ("watson-log", N_("Watson log (--json or --csv)")),
           ("klog", "klog"), ("ical", "iCalendar"), ("timetrap", "Timetrap CSV"),
           ("timeclock", "timeclock (hledger, Ledger)"), ("json", "aostime JSON")]  # fmt: skip
CSV_FORMATS = [("", N_("From the header")), ("toggl", "Toggl Track"), ("clockify", "Clockify"), ("harvest", "Harvest"),
               ("kimai", "Kimai"), ("aostime", "aostime")]  # fmt: skip
DATE_ORDERS = [("", N_("From the file's dates")), ("dmy", N_("Day/month/year")), ("mdy", N_("Month/day/year")),
               ("ymd", N_("Year/month/day"))]  # fmt: skip
TEXT_OPTIONS = ("csv_format", "date_order", "utc_offset", "client", "project_tag_prefix", "default_project")


def _may_import(session) -> None:
    """The import use case's role, asked before a byte is kept."""
    from aostime.services import access, interchange

    access.require(session, interchange.import_batch.use_case.needs, writes=True)
    access.require(session, "everyones_time", writes=True)


@router.get("/import")
def import_page(session: Signed) -> Response:
    if session is None:
        return redirect("/login")

    def act() -> Response:
        _may_import(session)
        return _form(session, _defaults(session))

    return guarded(act)


@router.post("/import")
async def upload(request: Request, session: Signed) -> Response:
    """The file and its options: kept under a token, then the dry run."""
    from aostime.server.web import uploads

    if session is None or not same_origin(request):
        return redirect("/login")
    try:
        _may_import(session)
    except Forbidden as exc:
        return page("error.html", 403, message=sentence(exc), signed_in=True)
    try:
        fields, file = await uploads.read_form(request)
    except uploads.TooLarge:
        limit = f"{uploads.LIMIT // (1024 * 1024)} MB"
        return _form(session, _defaults(session), 413, f"The file is larger than {limit}: nothing was imported.")
    if not form_allowed(request, session, fields.get("csrf", "")):
        return redirect("/login")
    asked = {**_defaults(session), **_asked(fields)}
    if file is None or not file.filename:
        return _form(session, asked, 400, "Choose a file to import.")
    label = _label(file.filename)

    def act() -> Response:
        with file.file as source:
            try:
                options = _options(asked)
            except BadInput as exc:
                return _form(session, asked, 400, sentence(exc))
            kept = uploads.keep(source, session, {"label": label, **options})
        try:
            summary = _run(session, kept, dry_run=True)
        except (Forbidden, NotFound):
            uploads.drop(kept)
            raise
        except AosError as exc:
            uploads.drop(kept)
            return _form(session, asked, 400, _sentence(exc, label))
        return _review(session, kept, summary)

    return await run_in_threadpool(guarded, act)


@router.post("/import/confirm")
async def confirm(request: Request, session: Signed) -> Response:
    """Import the file the dry run read, with the options it read it with; once."""
    from aostime.server.web import uploads

    form = await request.form(max_fields=5)
    if not form_allowed(request, session, str(form.get("csrf", ""))):
        return redirect("/login")

    def act() -> Response:
        _may_import(session)
        try:
            kept = uploads.held(str(form.get("token", ""))[:100], session)
        except uploads.Gone:
            return _form(session, _defaults(session), 400,
                         "This upload is no longer here (an hour has passed, or it was not yours): upload the "
                         "file again to see its dry run.")  # fmt: skip
        claimed = uploads.claim(kept)
        if claimed is None:  # imported by the first submit (or being imported): nothing more
            done = uploads.result(kept)
            if done is None:
                return _form(session, _defaults(session), 409, "This upload is being imported: wait for it.")
            return _result(session, done, again=True)
        try:
            summary = _run(session, kept, dry_run=False, path=claimed)
        except AosError as exc:
            uploads.done(kept, None)
            if isinstance(exc, (Forbidden, NotFound)):
                raise
            return _form(session, _defaults(session), 400, _sentence(exc, kept.meta["label"]))
        done = _document(session, summary)
        uploads.done(kept, done)
        return _result(session, done)

    return await run_in_threadpool(guarded, act)


def _run(session, kept, dry_run: bool, path=None):
    """The use case over the kept file, read as `aos import FORMAT` reads it."""
    from aostime.services import import_files, interchange

    meta, path = kept.meta, path or kept.file
    zone = import_files.zone_named(meta["zone"])
    batch = import_files.parse_file(session, meta["format"], path.read_bytes,
                                    lambda: path.open(encoding="utf-8-sig", newline=""), meta["label"], zone,
                                    meta.get("csv_format"), meta.get("date_order"), meta.get("utc_offset"))  # fmt: skip
    return interchange.import_batch(session, batch, meta.get("client"), meta.get("default_project"),
                                    meta.get("project_tag_prefix"), dry_run, prune=meta.get("prune", False))  # fmt: skip


def _document(session, summary) -> dict[str, Any]:
    from aostime.render.imports import summary_document

    return summary_document(summary, session.zone)


def _review(session, kept, summary) -> Response:
    from aostime.server.web.timer_region import timer_region

    return page("import_review.html", title="Import", member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), summary=_document(session, summary), token=kept.token,
                options=_shown_options(kept.meta))  # fmt: skip


def _result(session, done: dict[str, Any], again: bool = False) -> Response:
    from aostime.server.web.timer_region import timer_region

    return page("import_review.html", title="Import", member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), summary=done, token=None, again=again, options=[])  # fmt: skip


def _form(session, asked: dict[str, Any], status: int = 200, error: str | None = None) -> Response:
    from aostime.server.web.timer_region import timer_region
    from aostime.services.import_files import FORMATS as TAKES

    return page("import.html", status, title="Import", member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), asked=asked, formats=FORMATS, csv_formats=CSV_FORMATS,
                date_orders=DATE_ORDERS, takes=TAKES, refusal=error)  # fmt: skip


def _defaults(session) -> dict[str, Any]:
    from aostime.domain.timeparse import zone_name

    return {"format": "csv", "zone": zone_name(session.zone), "prune": False, **dict.fromkeys(TEXT_OPTIONS, "")}


def _asked(fields: dict[str, str]) -> dict[str, Any]:
    asked: dict[str, Any] = {key: fields.get(key, "").strip()[:200] for key in ("format", "zone", *TEXT_OPTIONS)}
    asked["prune"] = fields.get("prune") == "yes"
    return asked


def _options(asked: dict[str, Any]) -> dict[str, Any]:
    """The options the format takes, as `aos import FORMAT` would be given them; refused as it
    refuses them (an unknown format, CSV format or date order, a zone that is none)."""
    from aostime.services import import_files

    fmt = asked["format"]
    if fmt not in import_files.FORMATS:
        raise BadInput(f"unknown import format {fmt!r}; known: {', '.join(import_files.FORMATS)}")
    takes = import_files.FORMATS[fmt]
    options = {key: asked[key] or None for key in TEXT_OPTIONS if key in takes}
    if "csv_format" in takes:
        import_files.check_csv_options(options["csv_format"], options["date_order"])
    if options.get("utc_offset"):
        from aostime.interchange.watson_log import parse_offset

        parse_offset(options["utc_offset"])
    import_files.zone_named(asked["zone"])
    return {"format": fmt, "zone": asked["zone"], "prune": "prune" in takes and asked["prune"], **options}


def _shown_options(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) of what the dry run read the file with, in the page's language."""
    from aostime.server.web.language import gettext

    labels = {"csv_format": N_("CSV format"), "date_order": N_("Date order"), "utc_offset": N_("UTC offset"),
              "client": N_("Client"), "project_tag_prefix": N_("Project tag prefix"),
              "default_project": N_("Default project")}  # fmt: skip
    shown = [(N_("Format"), gettext(dict(FORMATS)[meta["format"]])), (N_("File"), meta["label"]),
             (N_("Time zone"), meta["zone"])]  # fmt: skip
    shown += [(label, meta[key]) for key, label in labels.items() if meta.get(key)]
    if meta.get("prune"):
        shown.append((N_("Prune"), gettext("Delete the entries the file no longer holds")))
    return [(gettext(label), value) for label, value in shown]


def _sentence(error: Exception, label: str) -> str:
    """A refusal as a sentence; one that starts with the file's name keeps it as it is spelt."""
    return f"{error}." if str(error).startswith(label) else sentence(error)


def _label(filename: str) -> str:
    """The name the file is called by in the summary and the refusals: its own name, no folder."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(ch for ch in name if ch.isprintable())[:200] or "upload"
