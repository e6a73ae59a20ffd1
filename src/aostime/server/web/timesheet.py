"""The weekly timesheet (/timesheet, SPEC §10): a row per project and task, a textbox per day,
row, day and week totals. One plain form posts every cell to the use case that sets a cell's
total (services.timesheet); with scripts, a cell saves alone on Enter and htmx swaps that cell
and the totals it changes. Rows without time yet ("Add row", "Copy last week's rows") live in
the page's address (?row=12-5), so the page stays a plain GET."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from aostime.errors import AosError, Forbidden, NotFound
from aostime.server.web.auth import form_allowed, with_session
from aostime.server.web.language import N_, day, week_label
from aostime.server.web.language import gettext as _
from aostime.server.web.pages import WEEK, iso_week, member_choice, monday_of
from aostime.server.web.render import page, redirect

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
MAX_ROWS = 200


@router.get("/timesheet")
def timesheet_page(session: Signed, week: Annotated[str | None, Query(pattern=WEEK)] = None,
                   member: Annotated[str | None, Query(max_length=200)] = None,
                   row: Annotated[list[str] | None, Query(max_length=MAX_ROWS)] = None,
                   add: Annotated[str | None, Query(max_length=40)] = None, copy: bool = False) -> Response:  # fmt: skip
    """A member's week as a timesheet: one's own; a manager picks any member (?member=)."""
    if session is None:
        return redirect("/login")
    rows = list(row or []) + ([add] if add else [])
    return _answer(session, week, member, rows, copy=copy)


def _answer(session, week: str | None, member: str | None, rows: list[str], copy: bool = False,
            typed: dict[str, str] | None = None, errors: dict[str, str] | None = None, status: int = 200,
            saved: str | None = None) -> Response:  # fmt: skip
    try:
        view = _view(session, week, member, rows, copy, typed or {}, errors or {})
    except (Forbidden, NotFound) as exc:
        return page("error.html", 403 if isinstance(exc, Forbidden) else 404, message=str(exc).capitalize() + ".")
    except (AosError, ValueError) as exc:
        return page("error.html", 400, message=str(exc).capitalize() + ".")
    return page("timesheet.html", status, title=N_("Timesheet"), member=session.actor.user, csrf=session.csrf,
                timer=_timer(session), errors=errors or {}, saved=saved, **view)  # fmt: skip


def _timer(session) -> dict[str, Any]:
    from aostime.server.web.timer_region import timer_region

    return timer_region(session)


def _view(session, week: str | None, member: str | None, rows: list[str], copy: bool, typed: dict[str, str],
          errors: dict[str, str]) -> dict[str, Any]:  # fmt: skip
    from datetime import timedelta

    from aostime.domain.timesheet import row_key, shown
    from aostime.server.web.budget_badges import budget_badges, row_badge
    from aostime.services import catalog
    from aostime.services.timesheet import timesheet

    monday = monday_of(week, session)
    sheet = timesheet(session, monday.isoformat(), user=member, rows=rows[:MAX_ROWS], copy_last_week=copy)
    members, person = member_choice(session, str(sheet.user_id))
    badges = budget_badges(session)
    grid = []
    for line in sheet.rows:
        key = row_key(line.project_id, line.task_id)
        cells = []
        for n, cell in enumerate(line.cells):
            name = f"h:{key}:{cell.day.isoformat()}"
            cells.append({"name": name, "id": f"in-{key}-{n}", "seconds": cell.seconds, "locked": cell.locked,
                          "value": typed.get(name, shown(cell.seconds) if cell.seconds else ""),
                          "saved": shown(cell.seconds) if cell.seconds else "", "error": errors.get(name),
                          "label": f"{line.label}, {day(cell.day, 'timesheet day')}", "least": shown(cell.others)})  # fmt: skip
        grid.append({"key": key, "label": line.label, "client": line.client_name, "cells": cells,
                     "total": shown(line.seconds), "seconds": line.seconds,
                     "badge": row_badge(badges, line.project_id, line.task_id, sheet.user_id)})  # fmt: skip
    days = sheet.days
    choices = [(str(p.id), f"{p.client_name} / {p.name}") for p in catalog.list_records(session, "project")]
    choices += [
        (f"{t.project_id}-{t.id}", f"{t.project_name} / {t.name}") for t in catalog.list_records(session, "task")
    ]
    choices.sort(key=lambda c: c[1].casefold())
    other = None if sheet.user_id == session.actor.user.id else str(sheet.user_id)
    return {"grid": grid, "days": [{"label": day(d, "timesheet day"), "date": d} for d in days], "members": members,
            "shown": person, "other": other, "week": iso_week(monday), "rows": [g["key"] for g in grid],
            "day_totals": [shown(s) for s in sheet.day_seconds()], "day_seconds": sheet.day_seconds(),
            "week_total": shown(sheet.seconds), "choices": choices, "zone": sheet.zone,
            "previous": iso_week(monday - timedelta(days=7)), "next": iso_week(monday + timedelta(days=7)),
            "label": week_label(monday)}  # fmt: skip


@router.post("/timesheet")
async def save(request: Request, session: Signed) -> Response:
    """Every cell of the form set to its total (a cell left as it was is no write); refusals are
    shown beside their cells, the cells saved stay saved. From htmx (one cell), the answer is that
    cell and the totals it changes."""
    from starlette.concurrency import run_in_threadpool

    form = await request.form(max_fields=8 * MAX_ROWS + 20)
    field = {k: str(v)[:200] for k, v in form.multi_items() if k != "row"}
    rows = [str(v)[:40] for v in form.getlist("row")][:MAX_ROWS]
    return await run_in_threadpool(_save, request, session, field, rows)  # the books are read and written off the loop


def _save(request: Request, session, field: dict[str, str], rows: list[str]) -> Response:
    from urllib.parse import urlencode

    from aostime.domain.timesheet import read_row_key
    from aostime.services.timesheet import set_timesheet_cell

    if not form_allowed(request, session, field.get("csrf", "")):
        return redirect("/login")
    week, member = field.get("week") or None, field.get("member") or None
    if week is not None and not _week_ok(week):
        return page("error.html", 400, message=_("The week is not of the form 2026-W10."))
    errors: dict[str, str] = {}
    cells = [(name, value) for name, value in field.items() if name.startswith("h:")]
    for name, value in cells:
        try:
            _prefix, key, on = name.split(":", 2)
            project_id, task_id = read_row_key(key)
            set_timesheet_cell(session, str(project_id), on, value, task=str(task_id) if task_id else None,
                               user=member)  # fmt: skip
        except (Forbidden, NotFound) as exc:
            return page("error.html", 403 if isinstance(exc, Forbidden) else 404, message=str(exc).capitalize() + ".")
        except (AosError, ValueError) as exc:
            errors[name] = str(exc)
    if request.headers.get("hx-request") and len(cells) == 1:
        return _fragment(session, week, member, rows, cells[0], errors)
    if errors:
        refused = [name.split(":")[1] for name in errors]  # their rows shown, if empty, to show why
        return _answer(session, week, member, list(dict.fromkeys(rows + refused)), typed=dict(cells), errors=errors,
                       status=400)  # fmt: skip
    query = [("week", week or "")] + ([("member", member)] if member else []) + [("row", r) for r in rows]
    return redirect("/timesheet?" + urlencode(query))


def _week_ok(week: str) -> bool:
    import re

    return re.fullmatch(WEEK, week) is not None


def _fragment(session, week, member, rows, cell: tuple[str, str], errors: dict[str, str]) -> Response:
    """The saved cell and the totals it changes, for htmx: the cell in place, the totals and the
    status out of band. A refusal keeps what was typed, marked, with the reason."""
    name, typed = cell
    view = _view(session, week, member, rows, False, {name: typed} if errors else {}, errors)
    for n, line in enumerate(view["grid"]):
        for d, shown_cell in enumerate(line["cells"]):
            if shown_cell["name"] == name:
                return page("timesheet_cell.html", row=line, cell=shown_cell, day=d, index=n, error=errors.get(name),
                            day_total=view["day_totals"][d], day_seconds=view["day_seconds"][d],
                            week_total=view["week_total"], week_seconds=sum(view["day_seconds"]))  # fmt: skip
    return page("error.html", 404, message=_("No such cell in this timesheet."))
