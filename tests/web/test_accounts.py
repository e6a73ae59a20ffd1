"""The web app's accounts (SPEC §10): passwords set from the CLI and hashed with Argon2id, one-time
invitations, sign-in by name or e-mail with throttling, sessions in HttpOnly SameSite cookies that
end on sign-out, archiving or a new password; every state change needs the page's CSRF token and
a same-origin Origin. A real `aos serve`, driven over HTTP as a browser would."""

from __future__ import annotations

import html
import re

import pytest

from db_query import query
from server_support import start_server, stop_server

httpx = pytest.importorskip("httpx")
pytest.importorskip("argon2")
pytest.importorskip("jinja2")
PASSWORD = "correct horse battery"


@pytest.fixture
def web(aos, tmp_path, isolated):
    aos("client", "add", "Acme", "--rate", "100")
    aos("project", "add", "Site", "--client", "Acme")
    aos("user", "add", "ann", "--email", "ann@acme.test")
    aos("user", "add", "bob")
    aos("add", "-p", "Site", "--hours", "2", "-d", "Ann's review", "-u", "ann")
    aos("add", "-p", "Site", "--hours", "1", "-d", "Bob's secret", "-u", "bob")
    aos("user", "password", "ann", "--stdin", input=PASSWORD + "\n")
    server = start_server(tmp_path)
    yield server
    log = stop_server(server)
    assert "Traceback" not in log and PASSWORD not in log, log


def browser(server) -> httpx.Client:
    """A client that keeps cookies and says where its forms come from, as a browser does."""
    return httpx.Client(base_url=server.url, headers={"Origin": server.url}, timeout=30)


def form_token(client: httpx.Client, path: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)


def sign_in(client: httpx.Client, who: str = "ann", password: str = PASSWORD) -> httpx.Response:
    return client.post("/login", data={"who": who, "password": password, "csrf": form_token(client, "/login")})


def test_a_password_is_kept_only_as_its_argon2id_hash_and_a_weak_one_is_refused(aos, isolated):
    aos("user", "add", "ann")
    aos("user", "password", "ann", "--stdin", input=PASSWORD + "\n")
    (stored,) = query(isolated, "SELECT password_hash FROM users WHERE name = 'ann'")[0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert "at least 10 characters" in aos("user", "password", "ann", "--stdin", input="short\n", expect=2).err
    assert "--stdin" in aos("user", "password", "ann", expect=2).err  # never read from an argument


def test_signing_in_by_name_or_email_sets_a_new_httponly_samesite_session(web):
    with browser(web) as first, browser(web) as second:
        assert "Ann's review" not in first.get("/time", follow_redirects=True).text  # signed out: the sign-in page
        answer = sign_in(first)
        assert answer.status_code == 303 and answer.headers["location"] == "/time"
        cookie = answer.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie  # plain http here
        assert sign_in(second, "ann@acme.test").status_code == 303
        assert first.cookies["aos_session"] != second.cookies["aos_session"]  # a new session id each time
        week = html.unescape(first.get("/time").text)
        assert "Ann's review" in week and "Bob's secret" not in week  # a member sees her own time
        assert "200.00 USD" in week


def test_every_page_forbids_inline_script_and_framing_and_has_one_h1_and_labelled_fields(web):
    with browser(web) as client:
        pages = [client.get("/login")]
        sign_in(client)
        pages.append(client.get("/time"))
    for answer in pages:
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
        assert answer.headers["referrer-policy"] == "same-origin"
        text = answer.text
        assert text.count("<h1") == 1 and not re.search(r"\son[a-z]+=|hx-on|hx-vars|js:", text)
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", text, re.DOTALL)
        assert scripts and all(' src="/static/' in attributes and not body for attributes, body in scripts)
        for field in re.findall(r'<input id="([^"]+)"', text):
            assert f'<label for="{field}"' in text, field


def test_a_wrong_password_is_refused_alike_for_unknown_names_and_repeated_failures_wait(web):
    with browser(web) as client:
        wrong = sign_in(client, password="not the password")
        unknown = sign_in(client, who="nobody", password="not the password")
        assert wrong.status_code == unknown.status_code == 401
        assert "The name or the password is not right." in wrong.text and "aos_session" not in client.cookies
        for _ in range(3):
            sign_in(client, password="not the password")
        throttled = sign_in(client)  # five failures for ann: even the right password waits
        assert throttled.status_code == 429 and 0 < int(throttled.headers["retry-after"]) <= 900
        assert "too many failed sign-ins" in throttled.text.lower()


def test_a_form_without_its_token_or_from_another_site_changes_nothing(web):
    with browser(web) as client:
        token = form_token(client, "/login")
        refused = client.post("/login", data={"who": "ann", "password": PASSWORD, "csrf": "forged"})
        assert refused.status_code == 403 and "aos_session" not in client.cookies
        elsewhere = client.post("/login", data={"who": "ann", "password": PASSWORD, "csrf": token},
                                headers={"Origin": "https://evil.example"})  # fmt: skip
        assert elsewhere.status_code == 403
        sign_in(client)
        foreign = client.post("/logout", data={"csrf": token}, headers={"Origin": "https://evil.example"})
        assert foreign.status_code == 403
        assert client.get("/time").status_code == 200  # still signed in


def test_signing_out_archiving_or_a_new_password_ends_the_sessions(web, aos):
    with browser(web) as here, browser(web) as there:
        sign_in(here)
        sign_in(there)
        token = re.search(r'name="csrf" value="([^"]+)"', here.get("/time").text).group(1)
        assert here.post("/logout", data={"csrf": token}).headers["location"] == "/login"
        assert here.get("/time").headers.get("location") == "/login"
        assert there.get("/time").status_code == 200  # signing out here ends this session only
        aos("user", "sign-out", "ann")
        assert there.get("/time").headers.get("location") == "/login"
        sign_in(there)
        aos("user", "password", "ann", "--stdin", input="another long password\n")
        assert there.get("/time").headers.get("location") == "/login"
        assert sign_in(there, password="another long password").status_code == 303
        aos("user", "archive", "ann")
        assert there.get("/time").headers.get("location") == "/login"
        assert sign_in(there, password="another long password").status_code == 401


def test_an_invitation_lets_a_member_choose_a_password_once(web, aos):
    link = aos("user", "invite", "bob", "--url", web.url, "--json").json["link"]
    path = link.removeprefix(web.url)
    with browser(web) as client:
        assert "Choose a password, bob" in client.get(path).text
        token = form_token(client, path)
        differ = client.post(path, data={"password": "a long password", "again": "another", "csrf": token})
        assert differ.status_code == 400 and "The two passwords differ." in differ.text
        short = client.post(path, data={"password": "short", "again": "short", "csrf": token})
        assert "at least 10 characters" in short.text
        chosen = client.post(path, data={"password": "bob's long password", "again": "bob's long password",
                                         "csrf": token})  # fmt: skip
        assert chosen.status_code == 303
        assert client.get(path).status_code == 404  # once
        assert sign_in(client, "bob", "bob's long password").status_code == 303
        assert "Bob's secret" in html.unescape(client.get("/time").text)


def test_sign_out_everywhere_ends_every_session_of_the_member_and_only_hers(web, aos):
    aos("user", "password", "bob", "--stdin", input=PASSWORD + "\n")
    laptop, phone, bob = browser(web), browser(web), browser(web)
    for client, who in ((laptop, "ann"), (phone, "ann"), (bob, "bob")):
        assert sign_in(client, who).status_code == 303
    page = laptop.get("/time").text
    assert "Sign out everywhere" in page
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert laptop.post("/logout", data={"csrf": token, "everywhere": "true"}).headers["location"] == "/login"
    assert phone.get("/time").headers["location"] == "/login"  # her other session ended too
    assert bob.get("/time").status_code == 200  # nobody else's
