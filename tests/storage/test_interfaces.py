"""Each backend's Store implements every method the storage interface declares, with the same
parameters: the use cases are written against storage.interfaces.Storage alone."""

from __future__ import annotations

import inspect

import pytest

from aostime.storage import interfaces


def declared() -> dict[str, inspect.Signature]:
    found = {}
    for protocol in interfaces.Storage.__mro__:
        if protocol.__module__ != interfaces.__name__:
            continue
        for name, member in vars(protocol).items():
            if inspect.isfunction(member) and not name.startswith("_"):
                found.setdefault(name, inspect.signature(member))
    return found


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_every_declared_method_is_implemented_with_the_same_parameters(backend):
    if backend == "postgres":
        pytest.importorskip("psycopg")
        from aostime.storage.postgres import Store
    else:
        from aostime.storage.sqlite.store import Store
    methods = declared()
    assert {"record_entry_event", "save_budget", "set_entry_tags", "transaction"} <= set(methods)
    for name, signature in methods.items():
        implemented = getattr(Store, name, None)
        assert implemented is not None, f"{backend} Store lacks {name}"
        wanted = list(signature.parameters)
        got = list(inspect.signature(implemented).parameters)
        assert got[: len(wanted)] == wanted, f"{backend} Store.{name}{inspect.signature(implemented)} != {signature}"
