"""Budget alerts by e-mail: received by a real SMTP server on loopback (aiosmtpd) over STARTTLS or
TLS with a certificate made here, logging in with the URL's user and password; exactly once per
threshold when members cross it together; kept unsent, and sent later, when the server is down."""

from __future__ import annotations

import socket
import ssl
import subprocess
from email import message_from_bytes

import pytest
from reliability_helpers import run_all

from db_query import query

pytest.importorskip("aiosmtpd")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 and localhost: (certificate file, key file)."""
    where = tmp_path_factory.mktemp("tls")
    cert, key = str(where / "cert.pem"), str(where / "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", key,
                    "-out", cert, "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)  # fmt: skip
    return cert, key


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What the SMTP server accepted: each message with its envelope, and who logged in."""

    def __init__(self) -> None:
        self.messages: list = []
        self.logins: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult, LoginPassword

        good = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            b"alerts@example.com", b"p@ss:word")  # fmt: skip
        if good:
            self.logins.append(auth_data.login)
        return AuthResult(success=good)


def smtp_server(certificate, implicit_tls: bool, port: int | None = None):
    """A started aiosmtpd Controller and its Inbox: STARTTLS required before AUTH, or TLS from the first byte."""
    from aiosmtpd.controller import Controller

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    inbox = Inbox()
    # aiosmtpd counts only a STARTTLS upgrade as TLS for auth_require_tls: with TLS from the first
    # byte the whole line is encrypted anyway
    tls = {"ssl_context": context, "auth_require_tls": False} if implicit_tls else {
        "tls_context": context, "require_starttls": True, "auth_require_tls": True}  # fmt: skip
    controller = Controller(inbox, hostname="127.0.0.1", port=port or free_port(), authenticator=inbox.authenticate,
                            server_hostname="localhost", **tls)  # fmt: skip
    controller.start()
    return controller, inbox


@pytest.fixture
def team(aos, monkeypatch, certificate):
    """Project Web (4 h budget, alert at 50 %), a manager and an admin with addresses, a member
    without one; the certificate trusted as a system one would be."""
    monkeypatch.setenv("SSL_CERT_FILE", certificate[0])
    monkeypatch.setenv("AOS_NOW", "2026-12-10T15:00:00+00:00")
    aos("client", "add", "Acme", "--rate", "100")
    aos("project", "add", "Web", "-c", "Acme")
    aos("user", "add", "boss", "--email", "boss@example.com", "--role", "manager")
    aos("user", "add", "root", "--email", "root@example.com", "--role", "admin")
    aos("user", "add", "mia", "--email", "mia@example.com")
    aos("project", "edit", "Web", "--budget-hours", "4", "--budget-alert", "50")
    aos("config", "set", "alert_from", "alerts@example.com")
    return aos


def url(scheme: str, port: int) -> str:
    return f"{scheme}://alerts%40example.com:p%40ss%3Aword@127.0.0.1:{port}"


@pytest.mark.parametrize("scheme", ["smtp", "smtps"])
def test_an_alert_is_mailed_to_the_managers_over_tls_with_the_urls_login(team, certificate, scheme):
    controller, inbox = smtp_server(certificate, implicit_tls=scheme == "smtps")
    try:
        team("config", "set", "smtp_url", url(scheme, controller.port))
        first = team("add", "-p", "Web", "--hours", "1.5")
        assert (first.err, inbox.messages) == ("", [])  # 37.5 %
        crossed = team("add", "-p", "Web", "--hours", "1")
    finally:
        controller.stop()
    assert crossed.err == "Note: budget of Web reached 50%: 2.50 h of 4.00 h (62.50%)\n"
    [(sender, recipients, mail)] = inbox.messages
    assert (sender, recipients) == ("alerts@example.com", ["boss@example.com", "root@example.com"])
    assert mail["Subject"] == "Budget alert: Web has reached 50% of its budget"
    assert "Used: 2.50 h of 4.00 h (62.50%)." in mail.get_payload()
    assert inbox.logins == [b"alerts@example.com"]


def test_members_crossing_a_threshold_together_make_one_alert_and_one_mail(team, certificate, isolated):
    controller, inbox = smtp_server(certificate, implicit_tls=False)
    try:
        team("config", "set", "smtp_url", url("smtp", controller.port))
        for name in ("ann", "ben", "cy", "dee", "eve"):
            team("user", "add", name)
        # five members add an hour each at the same moment: 4 h are crossed at 2 h (50 %) and 4 h (100 %)
        names = ("ann", "ben", "cy", "dee", "eve")
        results = run_all([["--user", name, "add", "-p", "Web", "--hours", "1"] for name in names], isolated,
                          {"AOS_NOW": "2026-12-10T15:00:00+00:00"})  # fmt: skip
    finally:
        controller.stop()
    assert [code for code, _, _ in results] == [0] * 5, results
    notes = [err for _, _, err in results if err]
    assert sorted(notes) == [
        "Note: budget of Web reached 50%: 2.00 h of 4.00 h (50.00%)\n",
        "Note: budget of Web used up 100%: 4.00 h of 4.00 h (100.00%)\n",
    ]
    assert sorted(mail["Subject"] for _, _, mail in inbox.messages) == [
        "Budget alert: Web has reached 50% of its budget",
        "Budget alert: Web has used up 100% of its budget",
    ]
    rows = query(isolated, "SELECT period_key, threshold, sent_at IS NOT NULL FROM budget_alerts ORDER BY threshold")
    assert [tuple(row) for row in rows] == [("total", 50, True), ("total", 100, True)]


def test_an_alert_the_server_did_not_take_stays_unsent_until_send_alerts(team, certificate, monkeypatch):
    port = free_port()
    team("config", "set", "smtp_url", url("smtp", port))  # nothing listens there yet
    team("project", "edit", "Web", "--budget-period", "month")
    crossed = team("add", "-p", "Web", "--hours", "2.5")
    assert crossed.err.splitlines() == [
        "Note: budget of Web reached 50% in 2026-12: 2.50 h of 4.00 h (62.50%)",
        f"Note: budget alert not e-mailed (127.0.0.1:{port}: [Errno 111] Connection refused); 'aos budget "
        + "--send-alerts' retries",
    ]
    assert team("budget", "--send-alerts", "--json", expect=1).json == {
        "sent": 0, "failed": [f"Web 50%: 127.0.0.1:{port}: [Errno 111] Connection refused"]}  # fmt: skip
    monkeypatch.setenv("AOS_NOW", "2027-01-05T15:00:00+00:00")  # sent in January: December's alert and figures
    assert team("add", "-p", "Web", "--hours", "1").err == ""
    controller, inbox = smtp_server(certificate, implicit_tls=False, port=port)
    try:
        assert team("budget", "--send-alerts").err == "Sent 1 budget alert\n"
        assert team("budget", "--send-alerts").err == "Sent 0 budget alerts\n"
    finally:
        controller.stop()
    [(_, _, mail)] = inbox.messages
    assert mail["Subject"] == "Budget alert: Web has reached 50% of its budget in 2026-12"
    assert "Used: 2.50 h of 4.00 h (62.50%)." in mail.get_payload()
