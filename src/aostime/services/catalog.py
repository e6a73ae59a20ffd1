"""Clients, projects, tasks, team members and settings."""

from __future__ import annotations

from typing import Any, Literal

from aostime.domain.money import parse_money
from aostime.domain.settings import SETTINGS, _currency, check_setting, shown_setting
from aostime.domain.versions import check_version
from aostime.errors import AosError, BadInput, Conflict, NotFound
from aostime.services import Session, access, resolve
from aostime.services.declared import use_case

RECORD_FIELDS = {
    "name": "str | None", "rate": "str | None", "email": "str | None", "currency": "str | None",
    "billable": "bool | None", "client": "str | None", "project": "str | None", "role": "str | None",
    "time_zone": "str | None", "address": "str | None", "country": "str | None", "vat_id": "str | None",
    "language": "str | None", "tax_mode": "str | None", "archived": "bool | None",
    "buyer_reference": "str | None", "peppol_id": "str | None",
    "locale": "str | None", "week_start": "str | None", "theme": "str | None",
}  # fmt: skip
# a member's own preferences on their user record (domain.preferences): each read by its rule
PREFERENCES = ("locale", "week_start", "theme")


def _values(session: Session, kind: str, fields: dict[str, Any], current=None) -> dict[str, Any]:
    """Option values -> column values, checked."""
    unknown = sorted(set(fields) - set(RECORD_FIELDS))
    if unknown:
        raise BadInput(f"a {kind} has no field {', '.join(unknown)}")
    values: dict[str, Any] = {}
    if fields.get("name") is not None:
        from aostime.domain.names import clean_name

        values["name"] = clean_name(kind, fields["name"])
    if fields.get("rate") is not None:
        rate = str(fields["rate"]).strip()
        values["hourly_rate_cents"] = None if rate.lower() in ("", "none") else parse_money(rate)
    if fields.get("email") is not None:
        values["email"] = fields["email"].strip() or None
    if fields.get("currency") is not None and kind == "client":
        values["currency"] = _currency(fields["currency"])
    if fields.get("billable") is not None and kind == "task":
        values["billable"] = bool(fields["billable"])
    if fields.get("client") is not None and kind == "project":
        values["client_id"] = resolve(session, "client", fields["client"]).id
    if fields.get("project") is not None and kind == "task":
        values["project_id"] = resolve(session, "project", fields["project"]).id
    if fields.get("role") is not None and kind == "user":
        values["role"] = _role(fields["role"])
    if fields.get("time_zone") is not None and kind == "user":
        values["time_zone"] = _time_zone(fields["time_zone"])
    if kind == "user":
        from aostime.domain import preferences

        values.update({key: getattr(preferences, key)(str(fields[key])) for key in PREFERENCES
                       if fields.get(key) is not None})  # fmt: skip
    if kind == "client":
        values.update(_billing(fields, current))
    if fields.get("archived") is not None:  # the API archives with its edit, in the same write
        values["archived"] = bool(fields["archived"])
    return values


CLIENT_BILLING = {"address": "address", "country": "country", "vat_id": "vat_id", "language": "language",
                  "tax_mode": "tax_mode", "buyer_reference": "buyer_reference", "peppol_id": "peppol_id"}  # fmt: skip


def _billing(fields: dict[str, Any], current=None) -> dict[str, Any]:
    """A client's billing fields, checked (domain/parties.py); '' or 'none' clears one. The
    address is read by the client's country's format (the one given with it, else its own)."""
    from aostime.domain import parties

    values: dict[str, Any] = {}
    for field in CLIENT_BILLING:
        given = fields.get(field)
        if given is None:
            continue
        text = str(given).strip()
        values[field] = None if text.lower() in ("", "none") else getattr(parties, field)(text)
    address = values["address"] if "address" in values else getattr(current, "address", None)
    country = values["country"] if "country" in values else getattr(current, "country", None)
    if address and country and ("address" in values or "country" in values):
        try:
            values["address"] = parties.address_in(address, country)
        except BadInput as exc:
            if "address" in values:
                raise
            raise BadInput(f"{exc}; give the address in that format with --address") from None
    return values


def _role(text: str) -> str:
    from aostime.domain.permissions import check_role

    try:
        return check_role(text)
    except ValueError as exc:
        raise BadInput(str(exc)) from None


def _time_zone(text: str) -> str | None:
    """An IANA zone name (Europe/Berlin), or '' / none to clear it."""
    name = text.strip()
    if name.lower() in ("", "none"):
        return None
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        raise BadInput(f"time zone {text!r} is not an IANA zone name (e.g. Europe/Berlin, America/New_York)") from None
    return name


RecordKind = Literal["client", "project", "task", "user"]
KINDS = RecordKind.__args__


def _kind(kind: str) -> None:
    if kind not in KINDS:
        raise BadInput(f"kind {kind!r} is not one of: {', '.join(KINDS)}")


def _writes(session: Session, kind: str) -> None:
    _kind(kind)
    access.require(session, "users" if kind == "user" else "edit_catalog", writes=True)


def _own_profile(session: Session, kind: str, ref: str, fields: dict[str, Any]) -> bool:
    """A member changing her own profile (name, e-mail, zone, preferences), which her own
    right allows; never her role, rate or archived state: those stay the admins'. (Another
    member's record, or none, is refused for the role as before: no name is told apart.)"""
    actor = session.actor
    if kind != "user" or actor is None:
        return False
    try:
        if resolve(session, "user", ref).id != actor.user.id:
            return False
    except AosError:
        return False
    if fields.get("role") is not None and str(fields["role"]).strip().lower() != actor.user.role:
        return False
    return fields.get("rate") is None and fields.get("archived") is None


def _reads(session: Session, kind: str) -> None:
    """Clients, projects and tasks are every member's to read. Users: a member reads their own
    record, managers everyone's (the names their reports and -u filters carry); only admins
    change them (_writes)."""
    _kind(kind)
    access.require(session, "read_catalog")


def _visible(session: Session, kind: str, record, ref: str):
    """Another member's user record is absent to a member, as their entries are."""
    if kind == "user" and not access.sees_everyone(session) and record.id != session.actor.user.id:
        raise NotFound(f"user {str(ref).strip()} not found; see 'aos user list'")
    return record


def client_values(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    """A new client's currency is fixed when it is made: the one given, else the currency
    setting as it stands then. Changing the setting later never relabels a client."""
    return {**values, "currency": values.get("currency") or session.setting("currency")}


@use_case(writes=True, fields=RECORD_FIELDS)
def add_record(session: Session, kind: RecordKind, **fields: Any):
    _writes(session, kind)
    with session.store.transaction():
        values = _values(session, kind, fields)
        if not values.get("name"):
            raise BadInput(f"a {kind} needs a name")
        if kind == "client":
            values = client_values(session, values)
        if kind == "project" and "client_id" not in values:
            raise BadInput("a project needs a client: --client CLIENT")
        if kind == "task" and "project_id" not in values:
            raise BadInput("a task needs a project: --project PROJECT")
        record_id = session.store.insert_record(kind, values, session.now)
        return session.store.get_record(kind, record_id)


@use_case(writes=True, fields=RECORD_FIELDS)
def edit_record(session: Session, kind: RecordKind, ref: str, if_version: str | None = None, **fields: Any):
    """Change a record's fields; with `if_version` (its version when it was shown), only if
    nobody has changed it since."""
    own = _own_profile(session, kind, ref, fields)
    if own:
        access.require(session, "own_time", writes=True)
    else:
        _writes(session, kind)
    with session.store.transaction():
        record = resolve(session, kind, ref)
        if own and record.id != session.actor.user.id:  # renamed meanwhile: another's record now
            _writes(session, kind)
        check_version(record, if_version, f"{kind} {record.name!r}")
        values = _values(session, kind, fields, record)
        if not values:
            raise BadInput(f"nothing to change; give at least one option (see 'aos {kind} edit --help')")
        _check_money_stays_put(session, kind, record, values)
        session.store.update_record(kind, record.id, values, session.now)
        _keep_an_admin(session, kind)
        return session.store.get_record(kind, record.id)


def _keep_an_admin(session: Session, kind: str) -> None:
    """Through a token, the team keeps at least one active admin: an admin who demoted or
    archived the last one would leave nobody to manage members and roles over the API."""
    if (
        kind == "user"
        and session.actor is not None
        and not any(u.role == "admin" for u in session.store.list_records("user"))
    ):
        raise Conflict("that would leave no active admin; make another member admin first")


def _check_money_stays_put(session: Session, kind: str, record, values: dict[str, Any]) -> None:
    """Amounts already recorded never change currency or client under the books: a client
    with entries or invoices keeps its currency, and a project with invoiced entries, or with
    entries in another currency than its new client's, keeps its client."""
    if kind == "client" and values.get("currency", record.currency) != record.currency:
        invoices = session.store.list_invoices(record.id, None)
        entries, _ = session.store.entry_counts("client", record.id)
        if invoices or entries:
            raise Conflict(
                f"client {record.name!r} has {entries} entries and {len(invoices)} invoice(s) in {record.currency}; "
                "its currency cannot change (make a new client for the new currency)"
            )
    if kind == "project" and values.get("client_id", record.client_id) != record.client_id:
        entries, invoiced = session.store.entry_counts("project", record.id)
        old = session.store.get_record("client", record.client_id)
        new = session.store.get_record("client", values["client_id"])
        if invoiced:
            raise Conflict(
                f"project {record.name!r} has {invoiced} invoiced entries of {old.name!r}; it stays with them"
            )
        if entries and old.currency != new.currency:
            raise Conflict(
                f"project {record.name!r} has {entries} entries in {old.currency}; {new.name!r} bills in "
                f"{new.currency}, so the project cannot move there"
            )


@use_case(writes=True)
def archive_record(session: Session, kind: RecordKind, ref: str, archived: bool = True):
    """Archived records keep their entries and ids but leave lists and name lookups (an archived
    member's tokens stop working at once)."""
    _writes(session, kind)
    with session.store.transaction():
        record = resolve(session, kind, ref)
        session.store.update_record(kind, record.id, {"archived": archived}, session.now)
        if kind == "user" and archived:  # signed out of the web app at once, as their tokens stop
            session.store.end_sessions_of(record.id, session.now)
        _keep_an_admin(session, kind)
        return session.store.get_record(kind, record.id)


def get_record(session: Session, kind: RecordKind, ref: str):
    _reads(session, kind)
    return _visible(session, kind, resolve(session, kind, ref), ref)


def find_record(session: Session, kind: str, ref: str, parent: str | None = None):
    """The record an id or name names (as -p/-c/-t/-u resolve it), within a parent if given."""
    _reads(session, kind)
    parent_id = None
    if parent is not None:
        parent_id = resolve(session, {"project": "client", "task": "project"}[kind], parent).id
    return _visible(session, kind, resolve(session, kind, ref, parent_id), ref)


@use_case()
def list_records(session: Session, kind: RecordKind, include_archived: bool = False, parent: str | None = None):
    _reads(session, kind)
    parent_id = None
    if parent is not None:
        parent_kind = {"project": "client", "task": "project"}[kind]
        parent_id = resolve(session, parent_kind, parent).id
    records = session.store.list_records(kind, include_archived, parent_id)
    if kind == "user" and not access.sees_everyone(session):
        records = [r for r in records if r.id == session.actor.user.id]
    return records


@use_case(needs="settings")
def get_setting(session: Session, key: str) -> str:
    access.require(session, "settings")
    if key not in SETTINGS:
        raise BadInput(f"unknown setting {key!r}; known: {', '.join(SETTINGS)}")
    return shown_setting(key, session.setting(key))


@use_case(needs="settings", writes=True)
def set_setting(session: Session, key: str, value: str) -> str:
    access.require(session, "settings", writes=True)
    checked = _address_by_country(session, {key: check_setting(key, value)})[key]
    with session.store.transaction():
        session.store.set_setting(key, checked)
    return shown_setting(key, checked)


def _address_by_country(session: Session, checked: dict[str, str | None]) -> dict[str, str | None]:
    """The sender's address read by the sender's country's format (the one given with it, else
    the one set), and kept as that country writes it. A new country alone is not refused for an
    address of the old one: the address is given next, and an invoice is not issued before."""
    from aostime.domain import parties

    address = checked.get("company_address")
    if address:
        country = checked["company_country"] if "company_country" in checked else session.setting("company_country")
        checked = {**checked, "company_address": parties.address_in(address, country)}
    return checked


def set_settings(session: Session, values: dict[str, str]) -> dict[str, str]:
    """Several settings in one write, all checked first (an empty value resets one); returns
    every setting as it then stands."""
    access.require(session, "settings", writes=True)
    if not values:
        raise BadInput("give at least one setting to change")
    checked = {}
    stored = session.store.all_settings()
    for key, value in values.items():
        if key not in SETTINGS:
            raise BadInput(f"unknown setting {key!r}; known: {', '.join(SETTINGS)}")
        if key in stored and value == shown_setting(key, stored[key]) != stored[key]:
            continue  # a secret sent back as it was shown (masked): unchanged
        checked[key] = check_setting(key, value) if value.strip() else None
    checked = _address_by_country(session, checked)
    with session.store.transaction():
        for key, value in checked.items():
            if value is None:
                session.store.delete_setting(key)
            else:
                session.store.set_setting(key, value)
        return all_settings(session)


@use_case(needs="settings", writes=True)
def unset_setting(session: Session, key: str) -> str:
    access.require(session, "settings", writes=True)
    if key not in SETTINGS:
        raise BadInput(f"unknown setting {key!r}; known: {', '.join(SETTINGS)}")
    with session.store.transaction():
        session.store.delete_setting(key)
    return SETTINGS[key].default


# what shapes what every member types and sees (a team client keeps them: remote.team_settings)
TEAM_SETTINGS = ("date_order", "week_start", "currency", "max_entry_hours", "long_timer_hours")


@use_case()
def team_settings(session: Session) -> dict[str, str]:
    """The settings every member's commands read (TEAM_SETTINGS), for any role; the rest, such
    as the sender's bank data, stay the admins'. (One read: every answer of the server names
    their version.)"""
    stored = session.store.all_settings()
    return {key: stored.get(key, SETTINGS[key].default) for key in TEAM_SETTINGS}


@use_case(needs="settings")
def all_settings(session: Session) -> dict[str, str]:
    access.require(session, "settings")
    stored = session.store.all_settings()
    return {key: shown_setting(key, stored.get(key, spec.default)) for key, spec in SETTINGS.items()}
