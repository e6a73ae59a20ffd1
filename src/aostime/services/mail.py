"""Sending one e-mail through the team's SMTP server (smtp_url), with the standard library:
smtps:// speaks TLS from the first byte (RFC 8314), smtp:// upgrades with STARTTLS when the server
offers it (RFC 3207); the server's certificate is checked against the system's trust store
(SSL_CERT_FILE adds one); AUTH with the URL's user and password once the line is encrypted."""

from __future__ import annotations

from aostime.domain.budgets import Smtp


class MailError(Exception):
    """The mail did not go out: the reason, in one line."""


def send_mail(smtp: Smtp, sender: str, recipients: list[str], subject: str, body: str, timeout: float) -> None:
    import smtplib
    import ssl
    from email.message import EmailMessage
    from email.utils import formatdate, make_msgid

    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message["Date"] = formatdate()
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(body)
    context = ssl.create_default_context()
    try:
        if smtp.implicit_tls:
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=timeout, context=context)
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=timeout)
        with client:
            client.ehlo()
            if not smtp.implicit_tls and client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
            if smtp.user is not None:
                client.login(smtp.user, smtp.password or "")
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"{smtp.host}:{smtp.port}: {_reason(exc)}") from None


def _reason(exc: Exception) -> str:
    import smtplib

    if isinstance(exc, smtplib.SMTPResponseException):
        detail = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"{exc.smtp_code} {detail}".strip()
    return " ".join(str(exc).split()) or type(exc).__name__
