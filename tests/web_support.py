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
    until its new content has settled, focus included (a click's request starts within the click).
    A click that submits a plain form returns once the next document is committed, before it is
    parsed: until then that document has no root element to ask."""
    page.wait_for_function(
        "() => document.readyState !== 'loading' && !document.documentElement.hasAttribute('data-swapping')"
    )


AXE = Path(__file__).parent / "fixtures" / "axe"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page) -> list[tuple]:
    """axe-core's WCAG 2.2 A/AA violations on the page as it is (its context opened with
    bypass_csp=True: the page's own policy forbids the injected script): (rule, help, targets).
    A click that navigated returns once the next document is committed, not yet parsed: wait for it."""
    page.wait_for_load_state("load")
    page.add_script_tag(content=(AXE / "axe.min.js").read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA)
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


def signed_in_page(server, new_page, who: str, password: str = PASSWORD, **options):
    """A page of a browser context of its own (new_page's options), signed in by the login form."""
    page = new_page(**options)
    page.goto(server.url + "/login")
    page.get_by_role("textbox", name="Name or email").fill(who)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/time")
    return page
