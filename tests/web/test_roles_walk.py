"""Every page and action of the web app, for each role, allowed exactly where the API's table
(domain.permissions.LEAST_ROLE) allows its right: a role below it gets 403 and nothing changes."""

from __future__ import annotations

import re

import httpx
import pytest

from billing_support import ready_to_issue
from server_support import start_server, stop_server

pytest.importorskip("argon2")
PASSWORD = "correct horse battery"
ROLES = ("member", "manager", "admin")
# (method, path, form, the right it needs): every page and every form of the web app
PAGES = [
    ("GET", "/dashboard", None, "own_time"),
    ("GET", "/dashboard?whose=team", None, "everyones_time"),
    ("GET", "/time", None, "own_time"),
    ("GET", "/timesheet", None, "own_time"),
    ("GET", "/time/new", None, "own_time"),
    ("GET", "/calendar", None, "own_time"),
    ("GET", "/calendar?view=day&day=2026-03-03", None, "own_time"),
    ("GET", "/calendar/new?day=2026-03-03", None, "own_time"),
    ("GET", "/reports", None, "own_time"),
    ("GET", "/reports?by=client&then=user&period=custom&from=2026-03-01&to=2026-03-31", None, "own_time"),
    ("GET", "/reports.csv?period=month", None, "own_time"),
    ("GET", "/reports.xlsx?period=month", None, "own_time"),
    ("GET", "/export", None, "own_time"),  # a member's export holds her own time (services.exporting)
    ("GET", "/export/download?format=csv&from=2026-03-01", None, "own_time"),
    ("GET", "/import", None, "edit_catalog"),  # services.interchange.import_batch's role
    ("GET", "/search?q=site", None, "read_catalog"),
    ("GET", "/palette", None, "own_time"),  # what it lists follows the role (tests/web/test_keyboard.py)
    ("GET", "/clients", None, "edit_catalog"),
    ("GET", "/clients/project/1", None, "edit_catalog"),
    ("POST", "/clients/new/client", {"name": "New {role}"}, "edit_catalog"),
    ("POST", "/clients/project/1", {"name": "Site", "rate": "90"}, "edit_catalog"),
    ("POST", "/clients/project/1/reprice", {"rate": "95", "since": "2026-03-01"}, "edit_catalog"),
    ("POST", "/settings/lock", {"before": "2026-01-01"}, "settings"),
    ("POST", "/clients/project/1/budget", {"figure": "40", "unit": "hours"}, "edit_catalog"),
    ("POST", "/clients/task/1/archive", {}, "edit_catalog"),
    ("POST", "/clients/task/1/restore", {}, "edit_catalog"),
    ("GET", "/team", None, "users"),
    ("POST", "/team/new", {"name": "new-{role}", "role": "member"}, "users"),
    ("POST", "/team/4/edit", {"role": "member", "time_zone": "Europe/Paris"}, "users"),
    ("POST", "/team/4/invite", {}, "users"),
    ("GET", "/profile", None, "own_time"),  # one's own profile, password and tokens: every role's
    (
        "POST",
        "/profile",
        {"name": "{role}", "time_zone": "Europe/Paris", "locale": "de", "week_start": "sunday", "theme": "dark"},
        "own_time",
    ),
    ("POST", "/profile/theme", {"theme": "light"}, "own_time"),
    ("POST", "/profile/tokens", {"name": "by {role}", "expires": "30d"}, "own_time"),
    ("POST", "/profile/tokens/1/revoke", {}, "own_time"),
    ("GET", "/invoices", None, "invoices"),
    ("GET", "/invoices/new?client=1", None, "invoices"),
    ("POST", "/invoices/new", {"client": "1", "tax": "19"}, "invoices"),  # invoice 1, a draft
    ("GET", "/invoices/1", None, "invoices"),
    ("POST", "/invoices/1/line", {"description": "Hosting", "quantity": "1", "unit_price": "10"}, "invoices"),
    ("POST", "/invoices/1/lines/2/remove", {}, "invoices"),
    ("GET", "/invoices/1/preview", None, "invoices"),
    ("GET", "/invoices/1/download/pdf", None, "invoices"),
    ("POST", "/invoices/1/issue", {"exchange_rate": "0.92"}, "invoices"),  # Acme is billed in USD
    ("POST", "/invoices/1/pay", {"amount": "1"}, "invoices"),
    ("POST", "/invoices/1/cancel", {}, "invoices"),  # its credit note is invoice 2
    ("POST", "/invoices/new", {"client": "1"}, "invoices"),
    ("POST", "/invoices/3/void", {}, "invoices"),
    ("POST", "/time/week/submit", {"week": "2026-W10"}, "own_time"),
    ("POST", "/time/week/return", {"week": "2026-W10", "member": "{role}", "note": "Fix Tuesday"}, "everyones_time"),
    ("GET", "/settings", None, "settings"),
    ("POST", "/settings", {"company_name": "By {role}"}, "settings"),
    # last: a new password begins a new session (and CSRF token) for the browser that asked
    ("POST", "/profile/password", {"current": PASSWORD, "password": PASSWORD, "again": PASSWORD}, "own_time"),
]


@pytest.fixture
def team(aos, tmp_path, isolated, monkeypatch):
    monkeypatch.setenv("AOS_NOW", "2026-03-04T16:00:00+00:00")
    aos("client", "add", "Acme", "--rate", "100")
    aos("project", "add", "Site", "--client", "Acme")
    aos("task", "add", "Design", "--project", "Site")
    for role in ROLES:
        aos("user", "add", role, "--role", role)
        aos("user", "password", role, "--stdin", input=PASSWORD + "\n")
    aos("user", "add", "zed")  # user 4: the one the team page's actions change
    aos("add", "-p", "Site", "--start", "2026-02-20T09:00:00+00:00", "--end", "2026-02-20T10:00:00+00:00", "-u", "zed")
    ready_to_issue(aos, "Acme")  # what the invoice pages issue
    server = start_server(tmp_path, env={"AOS_NOW": "2026-03-04T16:00:00+00:00"})
    yield server
    log = stop_server(server)
    assert "Traceback" not in log, log


@pytest.mark.parametrize("role", ROLES)
def test_each_page_and_action_is_allowed_from_the_apis_role_up_and_forbidden_below(team, role, db_dump):
    from aostime.domain.permissions import LEAST_ROLE

    client = httpx.Client(base_url=team.url, headers={"Origin": team.url}, timeout=30)
    login = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', login).group(1)
    assert client.post("/login", data={"who": role, "password": PASSWORD, "csrf": token}).status_code == 303
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/time").text).group(1)
    for method, path, form, right in PAGES:
        allowed = ROLES.index(role) >= ROLES.index(LEAST_ROLE[right])
        before = None if allowed or method == "GET" else db_dump()
        data = None if form is None else {"csrf": csrf, **{k: v.format(role=role) for k, v in form.items()}}
        answer = client.request(method, path, data=data)
        if allowed:  # a form that changes something answers with its page's address (post/redirect/get)
            done = answer.status_code == 303 and not answer.headers["location"].startswith("/login")
            assert answer.status_code in (200, 204) or done, (role, method, path, answer.status_code)
        else:
            assert answer.status_code == 403, (role, method, path, answer.status_code)
            assert f"your role ({role})" in answer.text
            if before is not None:
                assert db_dump() == before, (role, method, path)
    client.close()
