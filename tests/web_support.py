"""The web app's tests: a real `aos serve` and a client that keeps cookies and says where its
forms come from, as a browser does, signed in as one member."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from server_support import start_server, stop_server

PASSWORD = "correct horse battery"


def form_token(client: httpx.Client, path: str) -> str:
    """The CSRF token of the form on a page."""
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)


@contextmanager
def signed_in(
    tmp_path: Path, env: dict[str, str], who: str = "ann", password: str = PASSWORD
) -> Iterator[httpx.Client]:
    """A server over the test's database, and a client signed in there; the server's log holds no traceback."""
    server = start_server(tmp_path, env=env)
    client = httpx.Client(base_url=server.url, headers={"Origin": server.url}, timeout=30)
    try:
        answer = client.post("/login", data={"who": who, "password": password, "csrf": form_token(client, "/login")})
        assert answer.status_code == 303, answer.text
        yield client
    finally:
        client.close()
        log = stop_server(server)
    assert "Traceback" not in log, log


def settled(page) -> None:
    """Wait until a swap in place is done: the page says data-swapping from a request's start
    until its new content has settled, focus included (a click's request starts within the click)."""
    page.wait_for_function("() => !document.documentElement.hasAttribute('data-swapping')")
