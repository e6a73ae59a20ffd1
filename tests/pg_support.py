"""PostgreSQL for the tests: AOS_TEST_POSTGRES names a server (a URL whose role may create
schemas, e.g. postgresql://postgres@127.0.0.1:54329/postgres; tools/pg_scratch.py starts a
throwaway one). Each test gets a schema of its own, dropped afterwards; without the variable the
PostgreSQL tests are skipped."""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

SERVER = os.environ.get("AOS_TEST_POSTGRES", "")
BACKEND = os.environ.get("AOS_TEST_BACKEND", "sqlite")  # the backend the whole suite runs on


def available() -> bool:
    return bool(SERVER)


def fresh_schema_url() -> tuple[str, str]:
    """(a URL whose search_path is a new, empty schema, the schema's name)."""
    import psycopg

    name = f"aos_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    separator = "&" if "?" in SERVER else "?"
    return f"{SERVER}{separator}options={quote(f'-csearch_path={name}')}", name


def drop_schema(name: str) -> None:
    import psycopg

    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
