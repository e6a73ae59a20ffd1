"""A sample value for every field a declared use case (services.declared) takes, and the calls
generated from the declarations with them: the parity test runs each on the database and through
a server, the role test sends each derived route a request from every role below its own."""

from __future__ import annotations

# A value for every field any use case declares (by the field's name), the same on both sides.
SAMPLES = {
    "project": "Site", "task": "Design", "client": "Acme Corp", "user": "ann", "description": "parity",
    "notes": "a note", "billable": False, "rate": "80", "at": "10:00", "switch": True, "force": True,
    "hours": "1.5", "date": "2026-03-02", "start": "09:00", "end": "10:30", "ref": "1", "refs": ["1", "2"],
    "entry_ref": "1", "kind": "client", "include_archived": True, "parent": None, "archived": False,
    "key": "currency", "value": "EUR", "name": "Globex", "expires": "30d", "read_only": True,
    "invoice": None, "status": "sent", "paid_too": True, "until": "2026-03-04", "since": "2026-03-01",
    "group_by": "project", "round_to": "15m", "rounding": "up", "tax": "19", "due_days": 14,
    "dry_run": True, "by": "project,day", "period": "month", "limit": 5, "invoiced": False,
    "reset_rate": True, "issue_date": "2026-03-04", "amount": "10", "paid_on": "2026-03-04",
    "position": 1, "quantity": "2", "unit_price": "50", "unit": "hours", "exchange_rate": None,
    "rows": ["1-1"], "copy_last_week": True, "search": "work", "text": "site", "tags": ["Ops", "meeting"],
    "untag": ["meeting"],
    "if_version": "0" * 20, "password": "correct horse battery",  # a version nothing has: refused as stale on both sides
    # a catalog record's fields (services.catalog.RECORD_FIELDS)
    "email": "billing@example.com", "currency": "EUR", "role": "manager", "time_zone": "Europe/Berlin",
    "address": "Hauptstraße 1\n1010 Wien", "country": "AT", "vat_id": "ATU12345678", "language": "en",
    "tax_mode": "exempt", "buyer_reference": "04011000-1234512345-06", "peppol_id": "9914:ATU12345678",
    "order_reference": "PO-4711",
    # a member's own preferences on her user record (domain.preferences)
    "locale": "de", "week_start": "sunday", "theme": "dark",
    # the history, the lock, the weeks (services.entry_control, services.weeks)
    "entry_id": 1, "before": "2026-03-01", "clear": False, "week": "2026-W10", "decision": "approve",
    "note": "checked",
    # a budget (services.budgets)
    "member": "ann", "alert": "80", "remove": True,
}  # fmt: skip
# where a field names something else in one use case
OVERRIDES = {
    ("edit_record", "ref"): "Acme Corp", ("archive_record", "ref"): "Acme Corp", ("revoke_token", "ref"): "2",
    ("get_invoice", "ref"): "1", ("create_token", "user"): None, ("add_record", "name"): "Globex",
}  # fmt: skip


def declared():
    from aostime.server.uses import all_use_cases

    return {name: case for name, case in sorted(all_use_cases().items()) if not case.streams}


def fields_of(case) -> list[str]:
    return [name for name, _ in case.parameters()] + list(case.fields)


def sample(case, field: str):
    return OVERRIDES.get((case.name, field), SAMPLES[field])


def invocations():
    """Per use case: its required fields alone, then each optional field added in turn."""
    from aostime.services.declared import REQUIRED

    for name, case in declared().items():
        required = {f: sample(case, f) for f, default in case.parameters() if default is REQUIRED}
        yield name, required
        for field in fields_of(case):
            if field not in required:
                yield name, dict(required, **{field: sample(case, field)})
