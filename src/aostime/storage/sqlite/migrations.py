"""Numbered schema migrations. The version lives in PRAGMA user_version; the file is stamped
with PRAGMA application_id so a foreign SQLite file is never mistaken for ours."""

from __future__ import annotations

APPLICATION_ID = 0x416F5354  # "AoST"

M001_INITIAL = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE clients (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) > 0),
    email TEXT,
    currency TEXT,
    hourly_rate_cents INTEGER CHECK (hourly_rate_cents >= 0),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE projects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    name TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(name)) > 0),
    hourly_rate_cents INTEGER CHECK (hourly_rate_cents >= 0),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (client_id, name)
);
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    name TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(name)) > 0),
    hourly_rate_cents INTEGER CHECK (hourly_rate_cents >= 0),
    billable INTEGER CHECK (billable IN (0, 1)),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (project_id, name)
);
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) > 0),
    email TEXT,
    hourly_rate_cents INTEGER CHECK (hourly_rate_cents >= 0),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE invoices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL UNIQUE,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    issue_date TEXT NOT NULL,
    due_date TEXT,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent', 'paid', 'void')),
    currency TEXT NOT NULL,
    subtotal_cents INTEGER NOT NULL,
    tax_rate TEXT NOT NULL DEFAULT '0',
    tax_cents INTEGER NOT NULL DEFAULT 0,
    total_cents INTEGER NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (total_cents = subtotal_cents + tax_cents)
);
CREATE TABLE invoice_sequences (
    year INTEGER PRIMARY KEY,
    last_number INTEGER NOT NULL
);
CREATE TABLE invoice_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    invoice_id INTEGER NOT NULL REFERENCES invoices(id),
    position INTEGER NOT NULL,
    description TEXT NOT NULL,
    seconds INTEGER NOT NULL CHECK (seconds >= 0),
    hourly_rate_cents INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL,
    project_id INTEGER REFERENCES projects(id),
    task_id INTEGER REFERENCES tasks(id)
);
CREATE TABLE time_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    task_id INTEGER REFERENCES tasks(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    start_time TEXT NOT NULL,
    end_time TEXT,
    duration INTEGER,
    description TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    billable INTEGER NOT NULL CHECK (billable IN (0, 1)),
    hourly_rate_cents INTEGER NOT NULL CHECK (hourly_rate_cents >= 0),
    amount_cents INTEGER,
    invoiced INTEGER NOT NULL DEFAULT 0 CHECK (invoiced IN (0, 1)),
    invoice_id INTEGER REFERENCES invoices(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (end_time IS NULL OR end_time > start_time),
    CHECK ((end_time IS NULL) = (duration IS NULL)),
    CHECK ((end_time IS NULL) = (amount_cents IS NULL)),
    CHECK (duration IS NULL OR duration > 0),
    CHECK (invoice_id IS NULL OR invoiced = 1),
    CHECK (invoiced = 0 OR end_time IS NOT NULL)
);
CREATE UNIQUE INDEX one_running_timer_per_user ON time_entries(user_id) WHERE end_time IS NULL;
CREATE INDEX time_entries_by_start ON time_entries(start_time);
CREATE INDEX time_entries_by_invoice ON time_entries(invoice_id);
CREATE TABLE invoice_line_entries (
    line_id INTEGER NOT NULL REFERENCES invoice_lines(id),
    entry_id INTEGER NOT NULL REFERENCES time_entries(id),
    PRIMARY KEY (line_id, entry_id)
);
CREATE INDEX invoice_line_entries_by_entry ON invoice_line_entries(entry_id);
"""

# Reports group and sum over these without touching the table (covering indexes); imports
# remember where each entry came from so that re-running an import adds nothing; API tokens
# are stored as hashes only.
M002_REPORTS_IMPORTS_TOKENS = """
CREATE INDEX time_entries_report
    ON time_entries(project_id, billable, invoiced, duration, amount_cents, task_id, user_id, start_time);
CREATE INDEX time_entries_by_user_start ON time_entries(user_id, start_time);
ALTER TABLE time_entries ADD COLUMN source TEXT;
ALTER TABLE time_entries ADD COLUMN source_id TEXT;
CREATE UNIQUE INDEX time_entries_by_source ON time_entries(source, source_id)
    WHERE source IS NOT NULL;
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL DEFAULT '',
    user_id INTEGER NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
"""

# The overlap check of a new or edited entry must not read the user's whole history: an entry
# of at most a day that overlaps [start, end) starts within a day before `start`, which
# time_entries_by_user_start finds directly; the rare longer ones (--force, imports) sit in
# this small partial index. Store.LONG_ENTRY_SECONDS is the same 86400.
M003_LONG_ENTRIES = """
CREATE INDEX time_entries_long ON time_entries(user_id, start_time) WHERE duration > 86400;
"""

# A client's currency is fixed when it is created. Clients made before that rule had none and
# followed the currency setting: they keep the currency of their latest invoice (which proves
# what they were billed in), else the one the setting gives them now.
M004_CLIENT_CURRENCY = """
UPDATE clients SET currency = coalesce(
        (SELECT i.currency FROM invoices i WHERE i.client_id = clients.id ORDER BY i.id DESC LIMIT 1),
        (SELECT upper(value) FROM settings WHERE key = 'currency'),
        'USD')
    WHERE currency IS NULL OR trim(currency) = '';
"""

# Names are unique by Unicode case folding (aostime.domain.names.fold, registered as aos_fold while
# migrating), not by SQLite's ASCII-only NOCASE. Names that fold alike but were both accepted
# before keep working: the later ones get name_dup = their id, so they stay distinct until renamed.


def _name_keys(table: str, scope: str = "") -> str:
    """A table's name_key column, filled, with legacy duplicates kept apart, under a unique index."""
    same = f"o.{scope} = {table}.{scope} AND " if scope else ""
    columns = f"{scope}, " if scope else ""
    return f"""
ALTER TABLE {table} ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE {table} ADD COLUMN name_dup INTEGER NOT NULL DEFAULT 0;
UPDATE {table} SET name_key = aos_fold(name);
UPDATE {table} SET name_dup = id
    WHERE EXISTS (SELECT 1 FROM {table} o WHERE {same}o.name_key = {table}.name_key AND o.id < {table}.id);
CREATE UNIQUE INDEX {table}_by_name_key ON {table}({columns}name_key, name_dup);
"""


M005_NAME_KEYS = (
    _name_keys("clients")
    + _name_keys("users")
    + _name_keys("projects", "client_id")
    + _name_keys("tasks", "project_id")
)

# The team: a role per member (what a token may do, domain/permissions.py) and the zone naive
# times sent with their token are read in; tokens that expire or only read; and the first answer
# to each Idempotency-Key a member sent with a POST, so that a retry gets it again instead of
# a second record.
M006_ROLES_TOKENS_IDEMPOTENCY = """
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'member'
    CHECK (role IN ('member', 'manager', 'admin'));
ALTER TABLE users ADD COLUMN time_zone TEXT;
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0 CHECK (read_only IN (0, 1));
CREATE TABLE idempotency_keys (
    user_id INTEGER NOT NULL REFERENCES users(id),
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);
"""

# Whom invoices go to (SPEC §9): a client's billing address, country, VAT id, the language of
# its invoices and how they are taxed (standard, reverse-charge, exempt); unset: the settings'.
M007_CLIENT_BILLING = """
ALTER TABLE clients ADD COLUMN address TEXT;
ALTER TABLE clients ADD COLUMN country TEXT;
ALTER TABLE clients ADD COLUMN vat_id TEXT;
ALTER TABLE clients ADD COLUMN language TEXT;
ALTER TABLE clients ADD COLUMN tax_mode TEXT CHECK (tax_mode IN ('standard', 'reverse-charge', 'exempt'));
"""

# An invoice marked paid before payments were recorded keeps its money: one payment of its total,
# dated its last status change (updated_at: a paid invoice changes no more; the UTC day, the only
# zone a migration knows). Migration 8 does it as it adds payments; migration 10 does it for the
# databases that had already passed through migration 8 before it did.
PAID_WITHOUT_PAYMENT = """
INSERT INTO payments (invoice_id, amount_cents, paid_on, created_at)
    SELECT i.id, i.total_cents, coalesce(date(i.updated_at), i.issue_date), i.updated_at FROM invoices i
    WHERE i.status = 'paid' AND i.kind = 'invoice' AND i.total_cents > 0
      AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = i.id);
"""

# The lifecycle EU rules expect (SPEC §9): an issued invoice is cancelled by a credit note (an
# invoice of kind credit_note, numbered in its own series, naming the invoice it cancels);
# lines beyond time (a fixed fee, an expense, a discount: a quantity of units at a unit price);
# payments, partial ones too. SQLite cannot change a CHECK, so invoices is rebuilt the way SQLite
# documents (sqlite.org/lang_altertable.html#otheralter): with foreign keys off while the
# migrations run (opening._migrate), and every key checked before they commit.
M008_INVOICE_LIFECYCLE = (
    """
CREATE TABLE invoices_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL UNIQUE,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    issue_date TEXT NOT NULL,
    due_date TEXT,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent', 'paid', 'void', 'cancelled')),
    currency TEXT NOT NULL,
    subtotal_cents INTEGER NOT NULL,
    tax_rate TEXT NOT NULL DEFAULT '0',
    tax_cents INTEGER NOT NULL DEFAULT 0,
    total_cents INTEGER NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice', 'credit_note')),
    credits_invoice_id INTEGER REFERENCES invoices(id),
    CHECK (total_cents = subtotal_cents + tax_cents),
    CHECK ((kind = 'credit_note') = (credits_invoice_id IS NOT NULL))
);
INSERT INTO invoices_rebuilt (id, number, client_id, issue_date, due_date, status, currency, subtotal_cents, tax_rate,
                      tax_cents, total_cents, notes, created_at, updated_at)
    SELECT id, number, client_id, issue_date, due_date, status, currency, subtotal_cents, tax_rate, tax_cents,
           total_cents, notes, created_at, updated_at FROM invoices;
DROP TABLE invoices;
ALTER TABLE invoices_rebuilt RENAME TO invoices;
CREATE UNIQUE INDEX one_credit_note_per_invoice ON invoices(credits_invoice_id) WHERE credits_invoice_id IS NOT NULL;
ALTER TABLE invoice_lines ADD COLUMN quantity TEXT;
ALTER TABLE invoice_lines ADD COLUMN unit TEXT CHECK (unit IN ('hours', 'units'));
CREATE TABLE credit_note_sequences (
    year INTEGER PRIMARY KEY,
    last_number INTEGER NOT NULL
);
CREATE TABLE payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    invoice_id INTEGER NOT NULL REFERENCES invoices(id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    paid_on TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX payments_by_invoice ON payments(invoice_id);
"""
    + PAID_WITHOUT_PAYMENT
)

# An invoice's tax treatment is decided once, when it is made, and kept with it: its documents
# never follow a later change of the client's tax mode. Invoices made before kept none: one that
# charged VAT was standard; any other takes its client's tax mode now, the best knowledge there is.
M009_INVOICE_TAX_MODE = """
ALTER TABLE invoices ADD COLUMN tax_mode TEXT NOT NULL DEFAULT 'standard'
    CHECK (tax_mode IN ('standard', 'reverse-charge', 'exempt'));
UPDATE invoices SET tax_mode = coalesce((SELECT c.tax_mode FROM clients c WHERE c.id = invoices.client_id), 'standard')
    WHERE tax_cents = 0;
"""

M010_PAID_INVOICES_PAYMENTS = PAID_WITHOUT_PAYMENT

# Accounts of the web app: a password (its Argon2id hash) per member, sessions (only the hash of
# the cookie's secret is kept), one-time invitations, and failed sign-ins for throttling. The
# last three are the moment's state: `aos db copy` leaves them behind, as idempotency keys.
M011_ACCOUNTS = """
ALTER TABLE users ADD COLUMN password_hash TEXT;
CREATE TABLE web_sessions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    session_hash TEXT NOT NULL UNIQUE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    ended_at TEXT
);
CREATE INDEX web_sessions_by_user ON web_sessions(user_id);
CREATE TABLE invites (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    invite_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY,
    who TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX sign_in_failures_by_who ON sign_in_failures(who, at);
"""

# Where an imported entry came from, beyond its (source, source_id): the import that first brought it
# (its scope: a later import of the same file reports, and with --prune deletes, the entries of
# that scope the file no longer holds) and the zone its file's times, written without an offset,
# were read in (read again in another zone, every entry would move: such an import is refused).
# No index: they are read only with the start index's range of a file's days (a big import pays
# for no third index on every row).
M012_IMPORT_SCOPE = """
ALTER TABLE time_entries ADD COLUMN import_scope TEXT;
ALTER TABLE time_entries ADD COLUMN import_zone TEXT;
"""

# An issued invoice's document as it was issued (domain.frozen_content): its PDF, HTML and
# e-invoices are made from it from then on, never again from the settings and client of the day.
M013_ISSUED_DOCUMENTS = """
ALTER TABLE invoices ADD COLUMN document TEXT;
"""

# The days each import of a file covered, per source, under the scopes of the entries it
# imported or took in (services/removed.py): a later import of the file compares with all of
# them, so a row the source moved off the file's first or last day is still found removed.
M014_IMPORT_SPANS = """
CREATE TABLE import_spans (
    scope TEXT NOT NULL,
    source TEXT NOT NULL,
    since_time TEXT NOT NULL,
    until_time TEXT NOT NULL,
    PRIMARY KEY (scope, source)
);
"""

# Every client's tax case (domain/vat.py): a client may be outside the scope of VAT (O), an
# invoice may be a small business's (§ 19 UStG, art. 293 B CGI); a line may have its own VAT
# rate (7 % beside 19 %; NULL: the invoice's); a foreign-currency invoice that charges VAT keeps
# the exchange rate to the accounting currency it was issued at. SQLite cannot change a CHECK:
# each tax_mode column is replaced by a new one with the wider CHECK (the old column's CHECK
# is its own, so it may be dropped), which takes its place and name.
M015_TAX_CASES = """
ALTER TABLE clients ADD COLUMN tax_mode_wider TEXT
    CHECK (tax_mode_wider IN ('standard', 'reverse-charge', 'exempt', 'outside-scope'));
UPDATE clients SET tax_mode_wider = tax_mode;
ALTER TABLE clients DROP COLUMN tax_mode;
ALTER TABLE clients RENAME COLUMN tax_mode_wider TO tax_mode;
ALTER TABLE invoices ADD COLUMN tax_mode_wider TEXT NOT NULL DEFAULT 'standard'
    CHECK (tax_mode_wider IN ('standard', 'reverse-charge', 'exempt', 'outside-scope', 'small-business'));
UPDATE invoices SET tax_mode_wider = tax_mode;
ALTER TABLE invoices DROP COLUMN tax_mode;
ALTER TABLE invoices RENAME COLUMN tax_mode_wider TO tax_mode;
ALTER TABLE invoices ADD COLUMN exchange_rate TEXT;
ALTER TABLE invoice_lines ADD COLUMN tax_rate TEXT;
"""

# What the law and the e-invoice standards ask an invoice to name beyond the parties: the buyer's
# reference (BT-10, a German public buyer's Leitweg-ID) and Peppol id (BT-49), and the buyer's
# purchase order an invoice answers (BT-13).
M016_INVOICE_REFERENCES = """
ALTER TABLE clients ADD COLUMN buyer_reference TEXT;
ALTER TABLE clients ADD COLUMN peppol_id TEXT;
ALTER TABLE invoices ADD COLUMN order_reference TEXT;
"""

# Search over descriptions (domain.search): an FTS5 index kept by triggers, holding no copy of
# the text (external content). Case-insensitive, accents as typed, as PostgreSQL's 'simple'.
M017_ENTRY_SEARCH = """
CREATE VIRTUAL TABLE entry_search USING fts5(
    description, content='time_entries', content_rowid='id', tokenize='unicode61 remove_diacritics 0'
);
INSERT INTO entry_search(entry_search) VALUES ('rebuild');
CREATE TRIGGER entry_search_added AFTER INSERT ON time_entries BEGIN
    INSERT INTO entry_search(rowid, description) VALUES (new.id, new.description);
END;
CREATE TRIGGER entry_search_deleted AFTER DELETE ON time_entries BEGIN
    INSERT INTO entry_search(entry_search, rowid, description) VALUES ('delete', old.id, old.description);
END;
CREATE TRIGGER entry_search_changed AFTER UPDATE OF description ON time_entries BEGIN
    INSERT INTO entry_search(entry_search, rowid, description) VALUES ('delete', old.id, old.description);
    INSERT INTO entry_search(rowid, description) VALUES (new.id, new.description);
END;
"""

# A member's own preferences (domain.preferences), each NULL while unset: the language of the
# pages shown to them, the day their week begins on (NULL: the team's week_start setting), the
# web app's theme.
M018_MEMBER_PREFERENCES = """
ALTER TABLE users ADD COLUMN locale TEXT;
ALTER TABLE users ADD COLUMN week_start TEXT;
ALTER TABLE users ADD COLUMN theme TEXT;
"""

# The unbilled time (billable, not invoiced): in an agency's steady state a few thousand rows of a
# history of millions, read by `aos unbilled`, invoice drafts and the dashboard's totals. A partial
# index holds those rows only, so reading them costs what they are, not what the history is.
M019_UNBILLED_INDEX = """
CREATE INDEX time_entries_unbilled ON time_entries(project_id, user_id, start_time, duration, amount_cents)
    WHERE billable = 1 AND invoiced = 0;
"""

# Who changed what (domain.control): a row per change of an entry, written in the change's own
# transaction and kept when the entry is deleted (no key to time_entries); the member's weeks as
# submitted, approved or returned; the team's lock of everything before a day (one row at most).
M020_HISTORY_WEEKS_LOCK = """
CREATE TABLE entry_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id INTEGER NOT NULL,
    at TEXT NOT NULL,
    user_id INTEGER,
    user_name TEXT NOT NULL,
    via TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('create', 'edit', 'delete', 'mark', 'unmark', 'approve', 'return',
                                           'lock', 'unlock')),
    before TEXT,
    after TEXT
);
CREATE INDEX entry_history_by_entry ON entry_history(entry_id, id);
CREATE TABLE week_approvals (
    user_id INTEGER NOT NULL REFERENCES users(id),
    week TEXT NOT NULL CHECK (length(week) = 8),
    status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'returned')),
    note TEXT,
    submitted_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by INTEGER REFERENCES users(id),
    PRIMARY KEY (user_id, week)
);
CREATE TABLE period_lock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    before_day TEXT NOT NULL,
    set_by INTEGER REFERENCES users(id),
    set_at TEXT NOT NULL
);
"""

# Budgets (domain.budgets): hours or money per project, task, or member of a project, over the
# whole project or each month; one per target (NULL task and member read as 0 in the key). Each
# alert is a row keyed by (budget, period, threshold), inserted in the transaction of the change
# that crossed it, so two members crossing it together make one row and one e-mail; sent_at
# stays NULL until the mail went out (the outbox `aos budget --send-alerts` retries).
M021_BUDGETS = """
CREATE TABLE budgets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    task_id INTEGER REFERENCES tasks(id),
    user_id INTEGER REFERENCES users(id),
    period TEXT NOT NULL CHECK (period IN ('total', 'month')),
    budget_seconds INTEGER CHECK (budget_seconds > 0),
    budget_cents INTEGER CHECK (budget_cents > 0),
    alert_percent INTEGER NOT NULL CHECK (alert_percent BETWEEN 1 AND 1000),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((budget_seconds IS NULL) <> (budget_cents IS NULL))
);
CREATE UNIQUE INDEX budgets_target ON budgets(project_id, coalesce(task_id, 0), coalesce(user_id, 0));
CREATE TABLE budget_alerts (
    budget_id INTEGER NOT NULL REFERENCES budgets(id) ON DELETE CASCADE,
    period_key TEXT NOT NULL,
    threshold INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    error TEXT,
    PRIMARY KEY (budget_id, period_key, threshold)
);
"""

# Tags on entries (domain.tags): any number per entry, each kept as typed beside its folded key
# (domain.names.fold), one per key and entry; they go with their entry. The index by key answers a
# tag filter and `report --by tag` without reading every entry. A rowid table: SQLite 3.40's
# integrity_check reports a NULL in every row of this table WITHOUT ROWID (a false alarm that
# would make `aos restore` refuse every backup holding tags).
M022_ENTRY_TAGS = """
CREATE TABLE entry_tags (
    entry_id INTEGER NOT NULL REFERENCES time_entries(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_key TEXT NOT NULL,
    PRIMARY KEY (entry_id, name_key)
);
CREATE INDEX entry_tags_key ON entry_tags(name_key, entry_id);
"""

MIGRATIONS: list[str] = [
    M001_INITIAL, M002_REPORTS_IMPORTS_TOKENS, M003_LONG_ENTRIES, M004_CLIENT_CURRENCY, M005_NAME_KEYS,
    M006_ROLES_TOKENS_IDEMPOTENCY, M007_CLIENT_BILLING, M008_INVOICE_LIFECYCLE, M009_INVOICE_TAX_MODE,
    M010_PAID_INVOICES_PAYMENTS, M011_ACCOUNTS, M012_IMPORT_SCOPE, M013_ISSUED_DOCUMENTS, M014_IMPORT_SPANS,
    M015_TAX_CASES, M016_INVOICE_REFERENCES, M017_ENTRY_SEARCH, M018_MEMBER_PREFERENCES,
    M019_UNBILLED_INDEX, M020_HISTORY_WEEKS_LOCK, M021_BUDGETS, M022_ENTRY_TAGS,
]  # fmt: skip
LATEST = len(MIGRATIONS)
