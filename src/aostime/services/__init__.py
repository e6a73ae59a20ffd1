"""Use cases shared by the CLI and the server: each opens its transaction, loads, applies the
domain rules and saves. They take primitives (ids, names, time text) and return models."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime, tzinfo

from aostime.domain.settings import SETTINGS
from aostime.domain.timeparse import local_zone, now_utc, parse_date, parse_range_end, parse_time
from aostime.errors import Ambiguous, BadInput, NotFound

TYPE_CHECKING = False  # the models cost milliseconds to define; only annotations name them here
if TYPE_CHECKING:
    from aostime.domain.models import User
    from aostime.storage.interfaces import Storage

MAX_ID = 2**63 - 1


class Session:
    """What every use case needs: the store, the clock read once, the zone, who is acting.
    (A plain class: the prompt commands create one and need not pay for importing dataclasses.)"""

    def __init__(self, store: Storage, now: datetime | None = None, zone: tzinfo | None = None,
                 user_ref: str | None = None, notify: Callable[[str], None] | None = None) -> None:  # fmt: skip
        self.store = store
        self.now = now_utc() if now is None else now
        self.zone = local_zone() if zone is None else zone
        self.user_ref = user_ref
        self.notify = notify  # where notes for people go (the CLI: stderr)
        self._user: User | None = None
        self._noted: set[str] = set()
        self.actor = None  # services.access.Actor for a request made with a token; None: full control
        self.remote = None  # remote.client.Remote when the command runs against a team server
        # who runs a declared use case instead of this process (services.declared): the team
        # client's runner, set by the face that made the session; None runs it here
        self.runner = None
        self.via = "cli"  # the face the person uses (domain.control.VIAS), kept in the entries' history
        if store is not None:  # every entry write asks this session who writes and whether it may
            store.entry_changes = self

    def entry_author(self) -> tuple[int, str, str]:
        """Who changes entries, for their history: (member id, name, face). Through a token, its
        member (a manager acting for a member is named, not the member); never creates the default member (recording who acts is no reason to add them to the team): one not yet
        created is named by the login."""
        user = self.actor.user if self.actor is not None else self.known_user()  # who asks, not whom for
        if user is None:
            return None, _login(), self.via
        return user.id, user.name, self.via

    def check_entry_changes(self, rows) -> None:
        """Refuse (Locked) a change of entries the lock or an approved week closes to who acts;
        rows: (entry id or None, member id, start) of each entry as it is and as it would be."""
        from aostime.services.entry_guard import check

        check(self, rows)

    def notice(self, text: str) -> None:
        """A note for the person (once per command)."""
        if self.notify is not None and text not in self._noted:
            self._noted.add(text)
            self.notify(text)

    def setting(self, key: str) -> str:
        value = self.store.get_setting(key)
        return SETTINGS[key].default if value is None else value

    def date_order(self, text: str) -> str | None:
        """The date_order setting, read only for a slashed date (the one form that needs it)."""
        return (self.setting("date_order") or None) if "/" in text else None

    def time(self, text: str, day: date | None = None) -> datetime:
        """A typed time; a bare time of day falls on `day` (default today)."""
        return parse_time(text, self.now, self.zone, day, self.date_order(text))

    def range_end(self, text: str) -> datetime:
        """A typed time as the end of a range: a bare day includes all of that day."""
        return parse_range_end(text, self.now, self.zone, self.date_order(text))

    def day(self, text: str) -> date:
        """A typed calendar day (--date)."""
        return parse_date(text, self.now, self.zone, self.date_order(text))

    def user(self) -> User:
        """The team member acting: the token's member, else --user (must exist), else AOS_USER,
        else the OS login; the last two are configuration, so they are created on first use."""
        if self.actor is not None and self._user is None:
            return self.actor.user
        if self._user is None:
            if self.user_ref:
                self._user = resolve(self, "user", self.user_ref)
            else:
                self._user = _default_user(self)
        return self._user

    def known_user(self) -> User | None:
        """The acting user without creating it: None when the default user does not exist yet.
        For reads (status), which must not write, e.g. on a read-only file."""
        if self.actor is not None and self._user is None:
            return self.actor.user
        if self._user is None and not self.user_ref:
            login = _login()
            if not login.isdigit():
                found = self.store.find_records("user", login)
                return found[0] if found else None
        return self.user()


def act_for(session: Session, user_ref: str | None) -> None:
    """Through a token, work on another member's timer (a manager's right, checked by each use
    case): the session's acting member becomes that member; who asks stays the token's."""
    if user_ref is not None:
        session._user = resolve(session, "user", user_ref)


def reading(session: Session):
    """A consistent read for a face that streams a long answer (a listing, an export): the
    entries and their totals come from one snapshot. Faces open it here, never on the store."""
    return session.store.snapshot()


def _login() -> str:
    login = os.environ.get("AOS_USER", "").strip()
    if login:
        return login
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "me"


def _default_user(session: Session) -> User:
    return _find_or_create_user(session, _login())


def _find_or_create_user(session: Session, login: str) -> User:
    if login.isdigit():
        return resolve(session, "user", login)
    found = session.store.find_records("user", login)
    if found:
        return found[0]
    from aostime.domain.names import clean_name

    try:
        name = clean_name("user", login)  # the same rules as 'aos user add'
    except BadInput as exc:
        raise BadInput(f"AOS_USER (or the login name) is not a valid team member name: {exc}") from None
    with session.store.transaction():
        found = session.store.find_records("user", name)
        if found:
            return found[0]
        user_id = session.store.insert_record("user", {"name": name}, session.now)
    return session.store.get_record("user", user_id)


def parse_id(text: str | int, what: str = "id") -> int:
    raw = str(text).strip()
    if not raw.isdigit() or not raw.isascii():
        raise BadInput(f"{what} {text!r} is not a number")
    value = int(raw)
    if value > MAX_ID:
        raise NotFound(f"{what} {raw} not found")
    return value


def resolve(session: Session, kind: str, ref: str | int, parent_id: int | None = None):
    """An id (all digits) or a case-insensitive name; an ambiguous name lists the candidates."""
    raw = str(ref).strip()
    if not raw:
        raise BadInput(f"{kind} must not be empty; give an id or a name")
    if raw.isdigit() and raw.isascii():
        record = session.store.get_record(kind, int(raw)) if int(raw) <= MAX_ID else None
        if record is None:
            raise NotFound(f"{kind} {raw} not found; see 'aos {kind} list'")
        if parent_id is not None and kind == "task" and record.project_id != parent_id:
            raise BadInput(f"task {raw} ({record.name!r}) belongs to another project")
        return record
    found = session.store.find_records(kind, raw, parent_id)
    active = [r for r in found if not r.archived] or found
    if not active and kind != "user":  # who acts is never guessed from a prefix
        # a unique beginning: -c Acme means "Acme Corp", and says so; archived records count,
        # so a prefix never silently skips one to land on another
        active = session.store.find_records(kind, raw, parent_id, prefix=True)
        if len(active) == 1:
            session.notice(f"{kind} {raw!r} is {_describe(kind, active[0])}")
    if not active:
        where = " in that project" if kind == "task" and parent_id is not None else ""
        raise NotFound(f"no {kind} named {raw!r}{where}{_suggestions(session, kind, raw, parent_id)}")
    if len(active) > 1:
        options = "; ".join(_describe(kind, r) for r in active)
        raise Ambiguous(f"{kind} {raw!r} is ambiguous: {options}; give the id")
    return active[0]


def _suggestions(session: Session, kind: str, name: str, parent_id: int | None) -> str:
    from aostime.domain.names import closest

    records = session.store.list_records(kind, True, parent_id=parent_id if kind == "task" else None)
    close = closest(name, [r.name for r in records])
    if close:
        return "; did you mean " + " or ".join(repr(c) for c in close) + "?"
    return f"; see 'aos {kind} list'"


def _describe(kind: str, record) -> str:
    if kind == "project":
        return f"{record.id} ({record.client_name} / {record.name})"
    if kind == "task":
        return f"{record.id} ({record.project_name} / {record.name})"
    return f"{record.id} ({record.name})"
