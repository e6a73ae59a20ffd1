"""Every module's router, in the order the app includes them."""

from __future__ import annotations


def routers() -> list:
    from aostime.server import budgets, catalog, control, entries, exports, imports, invoices, team, timer, uses

    return [module.router for module in (entries, timer, catalog, invoices, budgets, imports, exports, team, control,
                                         uses)]  # fmt: skip
