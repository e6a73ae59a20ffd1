"""Search (/search): clients, projects, tasks and entries named by the words typed (the use case
`search`, as `aos list --search` and GET /search find them). The header's search box asks as one
types (htmx, debounced) and swaps only the results; without scripts it is a plain GET form."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from aostime.errors import AosError
from aostime.server.web.auth import with_session
from aostime.server.web.language import N_
from aostime.server.web.render import page, redirect, sentence

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
LIMIT = 8  # of each kind: a page of answers, not a listing (aos list --search gives every match)


@router.get("/search")
def search_page(request: Request, session: Signed, q: Annotated[str, Query(max_length=200)] = "") -> Response:
    if session is None:
        return redirect("/login")
    values = {"q": q, **_results(session, q)}
    if request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == "search-results":
        return page("_search_results.html", **values)
    from aostime.server.web.timer_region import timer_region

    return page("search.html", title=N_("Search"), member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), **values)  # fmt: skip


def _results(session, q: str) -> dict[str, Any]:
    from aostime.services.listing import search

    if not q.strip():
        return {"found": None, "error": None}
    try:
        found = search(session, text=q, limit=LIMIT)
    except AosError as exc:
        return {"found": None, "error": sentence(exc)}
    return {"found": _view(found, session), "error": None}


def _view(found, session) -> dict[str, Any]:
    from aostime.domain.reports import day_of
    from aostime.server.web.pages import iso_week

    own = session.actor.user.id
    entries = []
    for entry in found.entries:
        day = day_of(entry.start, session.zone)
        whose = "" if entry.user_id == own else f"&member={entry.user_id}"
        entries.append({"href": f"/time?week={iso_week(day)}&focus={entry.id}{whose}", "description": entry.description,
                        "where": f"{entry.client_name} / {entry.project_name}"
                                 + (f" / {entry.task_name}" if entry.task_name else ""),
                        "day": day.isoformat(), "user": entry.user_name if entry.user_id != own else None,
                        "tags": entry.tags})  # fmt: skip
    count = len(found.clients) + len(found.projects) + len(found.tasks) + len(entries)
    return {"clients": found.clients, "projects": found.projects, "tasks": found.tasks, "entries": entries,
            "count": count}  # fmt: skip
