"""The SQLite Store: the SQL both backends share (storage/sql) over SQLite's connection and
unit of work (base.py). Opening a file is opening.py's."""

from __future__ import annotations

from aostime.storage.sql.accounts import AccountsSql
from aostime.storage.sql.budgets import BudgetsSql
from aostime.storage.sql.catalog import CatalogSql
from aostime.storage.sql.control import ControlSql
from aostime.storage.sql.copying import CopyingSql
from aostime.storage.sql.entries import EntriesSql
from aostime.storage.sql.interchange import InterchangeSql
from aostime.storage.sql.invoices import InvoicesSql
from aostime.storage.sql.reports import ReportsSql
from aostime.storage.sql.tokens import TokensSql
from aostime.storage.sqlite.base import SqliteBase


class Store(
    CatalogSql,
    ControlSql,
    EntriesSql,
    InvoicesSql,
    ReportsSql,
    TokensSql,
    AccountsSql,
    InterchangeSql,
    CopyingSql,
    BudgetsSql,
    SqliteBase,
):
    """The SQLite implementation of every repository, over one connection and its unit of work."""
