"""The server's SQLite stores: one connection per request, and one idle connection held while
the server runs, so that no request's connection is the file's last when it closes (the last
one checkpoints the whole WAL into the database and fsyncs it: about 12 ms of server time
per write)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from aostime.storage import request_stores
from aostime.storage.sqlite import open_store

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_a_request_closing_its_store_leaves_the_wal_until_the_server_stops(tmp_path):
    path = tmp_path / "server.db"
    open_store(path).close()
    wal = Path(f"{path}-wal")
    stores = request_stores(str(path))
    with stores.acquire() as store, store.transaction():
        store.insert_record("client", {"name": "Acme", "currency": "USD"}, NOW)
    assert wal.exists() and wal.stat().st_size > 0, "the request's close checkpointed the WAL"
    with stores.acquire() as store:
        assert [c.name for c in store.list_records("client")] == ["Acme"]
    stores.close()
    assert not wal.exists()  # the server's last connection put the WAL back into the file
    store = open_store(path)
    assert [c.name for c in store.list_records("client")] == ["Acme"]
    store.close()
