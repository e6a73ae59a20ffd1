"""The SQL both backends run, one mixin per aggregate (catalog, entries, invoices, reports,
tokens, interchange), written once in the common dialect of SQLite and PostgreSQL with sqlite3's
? and :name marks. Each backend's base class supplies the connection, the unit of work and the
few things the dialects spell differently (see Dialect in common.py): how an instant is stored,
how a new id comes back, which rule a failed write broke, and a handful of SQL fragments."""
