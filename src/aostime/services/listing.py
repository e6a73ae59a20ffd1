"""Which entries a listing, a report or an export covers (the seed's GET time-entries
parameters, resolved once), and reading them: streamed, totalled per currency, or a page."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator

from aostime.errors import BadInput
from aostime.services import Session, access, reading, resolve
from aostime.services.declared import use_case

TYPE_CHECKING = False  # the models cost milliseconds to define; only annotations name them here
if TYPE_CHECKING:
    from aostime.domain.models import Entry
    from aostime.domain.search import Found


class EntryQuery(namedtuple("EntryQuery", "filters limit start_from start_before offset", defaults=(0,))):
    """The seed's GET time-entries parameters, resolved: ids (filters: dict[str, object]), the
    limit (int | None), UTC bounds (datetime | None) and an offset. A named tuple, as the models
    are: `aos list --json` need not import dataclasses."""

    __slots__ = ()


def entry_query(
    session: Session, project: str | None = None, task: str | None = None,
    client: str | None = None, user: str | None = None, billable: bool | None = None,
    invoiced: bool | None = None, since: str | None = None, until: str | None = None,
    limit: int | None = None, finished: bool = False, offset: int = 0, search: str | None = None,
    tags: list[str] | None = None,
) -> EntryQuery:  # fmt: skip
    if limit is not None and limit < 0:
        raise BadInput(f"--limit {limit} must be 0 or more")
    if offset < 0:
        raise BadInput(f"offset {offset} must be 0 or more")
    filters: dict[str, object] = {"billable": billable, "invoiced": invoiced, "finished": finished}
    if search is not None:  # words each starting a word of the description (domain.search)
        from aostime.domain.search import search_words

        filters["search"] = search_words(search)
    if tags:  # entries carrying any of them (domain.tags)
        from aostime.domain.names import fold
        from aostime.domain.tags import clean_tags

        filters["tag_keys"] = [fold(name) for name in clean_tags(tags)]
    if project is not None:
        filters["project_id"] = resolve(session, "project", project).id
    if task is not None:
        filters["task_id"] = resolve(session, "task", task, filters.get("project_id")).id
    if client is not None:
        filters["client_id"] = resolve(session, "client", client).id
    if user is not None:
        filters["user_id"] = resolve(session, "user", user).id
    own = access.only_user_id(session)
    if own is not None:
        # A member sees their own time only: asked for another member's, the answer is empty
        # (ids start at 1, so 0 matches nothing), as if that time did not exist.
        filters["user_id"] = own if filters.get("user_id", own) == own else 0
    start_from = session.time(since) if since is not None else None
    start_before = session.range_end(until) if until is not None else None
    if start_from and start_before and start_before <= start_from:
        raise BadInput(f"--to {until!r} is not after --from {since!r}")
    filters.update(start_from=start_from, start_before=start_before)
    return EntryQuery(filters, limit, start_from, start_before, offset)


def iter_entries(session: Session, query: EntryQuery) -> Iterator[Entry]:
    return session.store.iter_entries(query.filters, query.limit, offset=query.offset)


def entry_totals(session: Session, query: EntryQuery):
    """Count, seconds and cents of the entries the query lists, per currency (CurrencySums)."""
    from aostime.domain.documents import entry_sums

    sums = entry_sums(())
    for currency, count, seconds, cents in session.store.entry_totals(query.filters, query.limit, query.offset):
        sums.add(currency, count=count, seconds=seconds, cents=cents)
    return sums


def listing_rows(session: Session, query: EntryQuery):
    """The query's entries as the store's lean rows (Storage.iter_listing_rows), for streaming."""
    return session.store.iter_listing_rows(query.filters, query.limit, query.offset)


def listing_lookups(session: Session) -> tuple[dict[str, dict[int, str]], dict[int, str], dict[int, str]]:
    """What a lean row refers to: names by kind and id, each client's currency, invoice numbers."""
    store = session.store
    names = {kind: store.names(kind) for kind in ("project", "task", "client", "user")}
    return names, store.client_currencies(), store.invoice_number_map()


def entry_page(session: Session, query: EntryQuery, per_page: int, page: int) -> tuple[int, int, list[Entry]]:
    """(all matches, pages, this page's entries), read in one snapshot; a page past the last is refused."""
    with session.store.snapshot():
        total = count_entries(session, query)
        pages = -(-total // per_page)
        if page > max(pages, 1):
            raise BadInput(f"page {page} is past the last page ({pages}) of {total} entries")
        return total, pages, list(iter_entries(session, query))


def count_entries(session: Session, query: EntryQuery) -> int:
    """All the entries the query's filters match, whatever its limit and offset (for paging)."""
    return session.store.count_entries(query.filters)


@use_case()
def list_entries(
    session: Session, project: str | None = None, task: str | None = None, client: str | None = None,
    user: str | None = None, billable: bool | None = None, invoiced: bool | None = None,
    since: str | None = None, until: str | None = None, limit: int | None = None, search: str | None = None,
    tags: list[str] | None = None,
) -> list[Entry]:  # fmt: skip
    """The entries `aos list` shows, newest first, as one list (a face that cannot stream from
    the store: the team client); `limit` None is every match; `tags`: those carrying any of them."""
    query = entry_query(session, project, task, client, user, billable, invoiced, since, until, limit, search=search,
                        tags=tags)  # fmt: skip
    with reading(session):
        return list(iter_entries(session, query))


@use_case()
def search(session: Session, text: str, limit: int = 8) -> Found:
    """What `text` names (domain.search: each word starts a word): the clients, projects and
    tasks whose names match, and the `limit` entries recorded last whose description does (by
    the rule `aos list --search` lists them with; a member's own only), latest start first."""
    from aostime.domain.search import Found, name_matches, search_words

    words = search_words(text)
    if not 1 <= limit <= 50:
        raise BadInput(f"limit {limit} must be from 1 to 50")
    with reading(session):
        access.require(session, "read_catalog")
        named = {kind: tuple(r for r in session.store.list_records(kind, False, None) if name_matches(r.name, words))[:limit]
                 for kind in ("client", "project", "task")}  # fmt: skip
        ids = session.store.search_latest(words, access.only_user_id(session), limit)
        entries = sorted(
            session.store.iter_entries({"ids": ids}) if ids else (), key=lambda e: (e.start, e.id), reverse=True
        )
        return Found(words, named["client"], named["project"], named["task"], tuple(entries))
