"""Time entries: the seed's four endpoints (list, unbilled, create, mark-invoiced) and reading,
editing, deleting and unmarking one entry. A member's lists hold their own entries only, and
another member's entry is absent to them (the use cases decide: services/access.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from starlette.responses import Response

from aostime.server.bodies import EntryEditIn
from aostime.server.common import (
    API_PREFIX,
    ETAG,
    LOCATION,
    PAGE_HEADERS,
    Current,
    IdParam,
    IfMatch,
    Page,
    PerPage,
    SearchQuery,
    TagQuery,
    TimeQuery,
    err,
    etag,
    json_response,
    ok,
    page_headers,
    path_id,
    ref,
    saved_answer,
    subject_router,
    version_in,
)  # fmt: skip
from aostime.server.schemas import EntryIdsIn, EntryIn, EntryOut, FoundOut, MarkEntriesIn, MarkInvoicedIn, UnbilledOut

router = subject_router("time entries")
EntryId = path_id("Time entry")


@router.get("/time-entries", response_model=None,
            responses=ok(list[EntryOut], "Entries, newest first", headers=PAGE_HEADERS))  # fmt: skip
def list_time_entries(
    request: Request, session: Current, project_id: IdParam = None, task_id: IdParam = None, user_id: IdParam = None,
    client_id: IdParam = None, billable: bool | None = None, invoiced: bool | None = None,
    from_date: TimeQuery = None, to_date: TimeQuery = None, page: Page = 1, per_page: PerPage = 10,
    search: SearchQuery = None, tag: TagQuery = None,
) -> Response:  # fmt: skip
    """List time entries (seed: GET time-entries); from_date: started at or after; to_date:
    started before (a bare date includes that day); search: words that each start a word of the
    description, as `aos list --search`; tag (repeatable): entries with any of these tags."""
    from aostime.domain.documents import entry_document
    from aostime.services import listing

    query = listing.entry_query(
        session, ref(project_id), ref(task_id), ref(client_id), ref(user_id), billable, invoiced,
        from_date, to_date, limit=per_page, offset=(page - 1) * per_page, search=search, tags=tag,
    )  # fmt: skip
    total, pages, entries = listing.entry_page(session, query, per_page, page)
    documents = [entry_document(e, session.zone) for e in entries]
    return json_response(documents, headers=page_headers(request, total, pages, page))


@router.get("/search", response_model=None, responses=ok(FoundOut, "What the words name"))
def search(
    session: Current,
    text: Annotated[str, Query(min_length=1, max_length=200, description="The words, as typed.")],
    limit: Annotated[int, Query(ge=1, le=50, description="At most this many of each kind.")] = 8,
) -> Response:
    """Clients, projects and tasks whose names, and the newest entries whose descriptions, have a
    word starting with each word of `text` (as `aos list --search`); a member finds her own entries."""
    from aostime.domain.documents import found_document
    from aostime.services import listing

    return json_response(found_document(listing.search(session, text=text, limit=limit), session.zone))


@router.get("/time-entries/unbilled", response_model=None,
            responses=ok(UnbilledOut, "Unbilled entries by client, project, oldest first; totals over all pages",
                         headers=PAGE_HEADERS))  # fmt: skip
def unbilled_time_entries(request: Request, session: Current, client_id: IdParam = None, project_id: IdParam = None,
                          to_date: TimeQuery = None, page: Page = 1,
                          per_page: Annotated[int, Query(ge=1, le=1000)] = 100) -> Response:  # fmt: skip
    """Billable, finished, not yet invoiced entries (seed: GET time-entries/unbilled), a page at a
    time; total_hours and total_amount cover every page. to_date: started before (a bare date
    includes that day), as `aos unbilled --to`."""
    from aostime.domain.documents import unbilled_document
    from aostime.services import billing

    sums, total, pages, entries = billing.unbilled_page(
        session, ref(client_id), ref(project_id), per_page, page, to_date
    )
    return json_response(unbilled_document(entries, session.zone, sums),
                         headers=page_headers(request, total, pages, page))  # fmt: skip


@router.get("/time-entries/{entry_id:int}", response_model=None,
            responses={**ok(EntryOut, "The entry", headers=ETAG), 404: err("No such entry (or another member's)")})  # fmt: skip
def get_time_entry(session: Current, entry_id: EntryId) -> Response:
    """One time entry."""
    from aostime.domain.documents import entry_document
    from aostime.services import tracking

    entry = tracking.get_entry(session, entry_id)
    return json_response(entry_document(entry, session.zone), headers=etag(entry))


CREATED_LINKS = {
    "GetEntry": {"operationId": "get_time_entry", "parameters": {"entry_id": "$response.body#/id"}},
    "MarkInvoiced": {"operationId": "mark_time_entry_invoiced", "parameters": {"entry_id": "$response.body#/id"}},
}


@router.post("/time-entries", status_code=201, response_model=None, responses={
    201: {"model": EntryOut, "description": "The saved entry", "headers": {**LOCATION, **ETAG}, "links": CREATED_LINKS},
    409: err("Conflicts with stored data"),
})  # fmt: skip
def create_time_entry(session: Current, body: EntryIn) -> Response:
    """Create a time entry (seed: POST time-entries). Without hourly_rate the rate comes from the
    task, project, client, user, else the default; without user_id it is the token's member."""
    from aostime.domain.documents import entry_document
    from aostime.services import tracking

    options: dict[str, Any] = {
        "task": ref(body.task_id), "description": body.description, "notes": body.notes,
        "billable": body.billable, "rate": ref(body.hourly_rate), "user": ref(body.user_id), "force": body.force,
        "tags": body.tags,
    }  # fmt: skip
    project = str(body.project_id)
    if body.duration is not None:
        saved = tracking.add_entry_lasting(session, project, body.start_time, body.duration, **options)
    elif body.hours is not None:
        saved = tracking.add_entry(session, project, hours=body.hours, date=body.date, **options)
    else:
        saved = tracking.add_entry(session, project, start=body.start_time, end=body.end_time, **options)
    return saved_answer(entry_document(saved.entry, session.zone), saved, 201, headers=etag(saved.entry))


def created(document: dict[str, Any], path: str) -> Response:
    return json_response(document, 201, headers={"Location": f"{API_PREFIX}{path}"})


@router.put("/time-entries/{entry_id:int}", response_model=None, responses={
    **ok(EntryOut, "The entry as saved", headers=ETAG), 404: err("No such entry"), 409: err("Invoiced, or conflicts"),
    412: err("If-Match names a version the entry no longer has: someone changed it since"),
})  # fmt: skip
def edit_time_entry(session: Current, entry_id: EntryId, body: EntryEditIn, if_match: IfMatch = None) -> Response:
    """Change an entry, as `aos edit`: only the keys given change; the amount is recomputed.
    With If-Match (the ETag of GET), only if the entry has not changed since."""
    from aostime.domain.documents import entry_document
    from aostime.services import tracking

    saved = tracking.edit_entry(
        session, str(entry_id), start=body.start_time, end=body.end_time, hours=body.hours, date=body.date,
        project=ref(body.project_id), task=ref(body.task_id), description=body.description, notes=body.notes,
        billable=body.billable, rate=ref(body.hourly_rate), reset_rate=body.reset_rate, force=body.force,
        if_version=version_in(if_match), tags=body.tags, untag=body.untag,
    )  # fmt: skip
    return saved_answer(entry_document(saved.entry, session.zone), saved, headers=etag(saved.entry))


@router.delete("/time-entries/{entry_id:int}", response_model=None, responses={
    200: {"description": '{"deleted": [id], "count": 1}, as `aos delete --json`'},
    404: err("No such entry"), 409: err("Invoiced: void its invoice first"),
})  # fmt: skip
def delete_time_entry(session: Current, entry_id: EntryId) -> Response:
    """Delete an entry that is not invoiced."""
    from aostime.domain.documents import deleted_document
    from aostime.services import tracking

    return json_response(deleted_document(tracking.delete_entries(session, [str(entry_id)])))


@router.put("/time-entries/{entry_id:int}/mark-invoiced", response_model=None, responses={
    **ok(EntryOut, "The entry, now invoiced"), 404: err("No such entry"),
    409: err("Already invoiced, running or non-billable"),
})  # fmt: skip
def mark_time_entry_invoiced(
    request: Request, session: Current, entry_id: EntryId, body: MarkInvoicedIn | None = None
) -> Response:
    """Mark an entry as invoiced (seed: PUT mark-invoiced), optionally on an invoice."""
    from aostime.domain.documents import entry_document
    from aostime.services import billing, tracking

    tracking.get_entry(session, entry_id)  # 404 when the entry is absent
    request.state.resource_found = True  # from here, an unknown invoice_id is bad input
    invoice = ref(body.invoice_id) if body is not None else None
    (entry,) = billing.mark_entries(session, [str(entry_id)], invoice)
    return json_response(entry_document(entry, session.zone))


@router.put("/time-entries/{entry_id:int}/unmark-invoiced", response_model=None, responses={
    **ok(EntryOut, "The entry, unbilled again"), 404: err("No such entry"),
    409: err("Not invoiced, or on an invoice (void the invoice instead)"),
})  # fmt: skip
def unmark_time_entry_invoiced(session: Current, entry_id: EntryId) -> Response:
    """Undo mark-invoiced for an entry that is on no invoice: it becomes unbilled again."""
    from aostime.domain.documents import entry_document
    from aostime.services import billing, tracking

    tracking.get_entry(session, entry_id)  # 404 when the entry is absent
    (entry,) = billing.unmark_entries(session, [str(entry_id)])
    return json_response(entry_document(entry, session.zone))


# Several entries in one request, all or nothing, as `aos delete 3 4 5` and `aos invoice mark 3 4`
# are locally; an id that is not there (or not the asker's) is a 404, as in the URL.


@router.post("/time-entries/delete", response_model=None, responses={
    200: {"description": '{"deleted": [ids], "count": n}, as `aos delete --json`'},
    404: err("An entry is not there"), 409: err("One is invoiced: void its invoice first"),
})  # fmt: skip
def delete_time_entries(request: Request, session: Current, body: EntryIdsIn) -> Response:
    """Delete several entries, none of them invoiced: all or none."""
    from aostime.domain.documents import deleted_document
    from aostime.services import tracking

    request.state.body_names_resources = True
    return json_response(deleted_document(tracking.delete_entries(session, [str(i) for i in body.ids])))


@router.put("/time-entries/mark-invoiced", response_model=None, responses={
    **ok(list[EntryOut], "The entries, now invoiced"), 404: err("An entry is not there"),
    409: err("One is already invoiced, running or non-billable"),
})  # fmt: skip
def mark_time_entries_invoiced(request: Request, session: Current, body: MarkEntriesIn) -> Response:
    """Mark several entries as invoiced, optionally on an invoice: all or none."""
    from aostime.domain.documents import entry_document
    from aostime.services import billing, tracking

    request.state.body_names_resources = True
    refs = [str(i) for i in body.ids]
    tracking.entries_named(session, refs)  # 404 when one is absent
    request.state.body_names_resources = False  # from here, an unknown invoice_id is bad input
    entries = billing.mark_entries(session, refs, ref(body.invoice_id))
    return json_response([entry_document(e, session.zone) for e in entries])


@router.put("/time-entries/unmark-invoiced", response_model=None, responses={
    **ok(list[EntryOut], "The entries, unbilled again"), 404: err("An entry is not there"),
    409: err("One is not invoiced, or on an invoice (void the invoice instead)"),
})  # fmt: skip
def unmark_time_entries_invoiced(request: Request, session: Current, body: EntryIdsIn) -> Response:
    """Undo mark-invoiced for several entries on no invoice: all or none."""
    from aostime.domain.documents import entry_document
    from aostime.services import billing

    request.state.body_names_resources = True
    entries = billing.unmark_entries(session, [str(i) for i in body.ids])
    return json_response([entry_document(e, session.zone) for e in entries])
