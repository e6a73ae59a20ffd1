"""HTTP to the team server: one connection per command, reused by its requests; a server that does not answer within the connect timeout is exit 3 in one line;
the server's WordPress errors keep their meaning as aostime's errors and exit codes."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a prompt's status milliseconds: annotations only
if TYPE_CHECKING:
    from typing import Any


from aostime.errors import AosError, BadInput, Conflict, Forbidden, NotFound, StorageError
from aostime.remote.servers import Target, connect_timeout

API = "/wp-json/agency-os-ai/v1"
READ_TIMEOUT_S = 60.0


def _http_client():
    import http.client

    return http.client


def _proxied() -> bool:
    """True when the environment names an HTTP proxy (which httpx honours, with NO_PROXY)."""
    import os

    return any(os.environ.get(name) for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy",
                                                  "https_proxy", "all_proxy"))  # fmt: skip


class _Answer:
    """An answer read whole: what answer_of and error_of read of an httpx response too."""

    def __init__(self, status: int, headers: list[tuple[str, str]], content: bytes) -> None:
        self.status_code = status
        self.headers = {name.lower(): value for name, value in headers}
        self.content = content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        import json

        return json.loads(self.content)


class Unreachable(StorageError):
    """The server did not answer (exit 3)."""

    slug = "unreachable"


class TokenRejected(StorageError):
    """401: the token is unknown, revoked, expired or of an archived member (exit 3)."""

    slug = "token_rejected"


class Remote:
    """One team server for one command. JSON calls go over the standard library's http.client
    (one kept-alive connection): httpx costs a shell prompt's `aos status` more than the rest of
    the command together. httpx is imported only to stream a document (export, an invoice's
    PDF), and for every request when the environment names an HTTP proxy, which it honours."""

    def __init__(self, target: Target) -> None:
        from aostime.domain.timeparse import iana_name, local_zone

        self.target = target
        self.timeout = connect_timeout()
        self.on_note = None  # where the server's notes for the person go (the session's notice)
        self.settings_version: str | None = None  # X-Aos-Settings of the last answer (remote.team_settings)
        self.headers = {"Authorization": f"Bearer {target.token}", "User-Agent": "aostime-cli"}
        zone = iana_name(local_zone())
        if zone is not None:  # else the server reads and shows times in the member's own zone
            self.headers["Time-Zone"] = zone
        self._http = None
        self._connection = None

    @property
    def http(self):
        """An httpx client on the API's base URL (streams; requests through a proxy)."""
        if self._http is None:
            try:
                import httpx
            except ImportError:
                raise BadInput("the team client needs httpx for this: pip install 'aostime[team]'") from None
            self._http = httpx.Client(base_url=self.target.server + API,
                                      timeout=httpx.Timeout(60.0, connect=self.timeout), headers=self.headers)  # fmt: skip
        return self._http

    def stream(self, method: str, path: str, params: dict[str, Any]):
        """An answer to be read as it arrives (a document: an export, an invoice's PDF), as a
        context manager over httpx's response; errors as call() has them."""
        from contextlib import contextmanager

        client = self.http  # without httpx: how to get it (exit 2)
        import httpx

        @contextmanager
        def answering():
            try:
                with client.stream(method, path, params=params) as response:
                    if response.status_code >= 400:
                        response.read()
                        raise error_of(response)
                    yield response
            except httpx.TimeoutException:
                raise self._silent() from None
            except httpx.HTTPError as exc:
                raise Unreachable(f"cannot reach the team server {self.target.server}: {_reason(exc)}") from None

        return answering()

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
        if self._connection is not None:
            self._connection.close()

    def call(self, method: str, path: str, body: Any = None, params: dict[str, Any] | None = None,
             headers: dict[str, str] | None = None) -> Any:  # fmt: skip
        """The JSON answer of a request, or the AosError its status means."""
        clean = {k: v for k, v in (params or {}).items() if v is not None}
        if _proxied():
            response = self._through_httpx(method, path, body, clean, headers)
        else:
            response = self._request(method, path, body, clean, headers)
        self._take_notes(response)
        if response.status_code < 400:
            return answer_of(response)
        raise error_of(response)

    def _through_httpx(self, method, path, body, params, headers):
        import httpx

        try:
            return self.http.request(method, path, json=body, params=params, headers=headers)
        except httpx.TimeoutException:
            raise self._silent() from None
        except httpx.HTTPError as exc:
            raise Unreachable(f"cannot reach the team server {self.target.server}: {_reason(exc)}") from None

    def _request(self, method, path, body, params, headers):
        import json
        import socket

        url = API + path
        if params:
            from urllib.parse import urlencode

            url += "?" + urlencode({k: str(v).lower() if isinstance(v, bool) else v for k, v in params.items()})
        sent = dict(self.headers, **(headers or {}))
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        for attempt in (1, 2):
            fresh = self._connection is None
            try:
                connection = self._connect()
                connection.request(method, url, body=data, headers=sent)
                raw = connection.getresponse()
                return _Answer(raw.status, raw.getheaders(), raw.read())
            except TimeoutError:
                self._drop()
                raise self._silent() from None
            except (OSError, _http_client().HTTPException) as exc:
                self._drop()
                if fresh or attempt == 2:  # a kept connection the server closed meanwhile: once more
                    reason = (
                        exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
                    )
                    if isinstance(exc, socket.gaierror):
                        reason = f"unknown host ({reason})"
                    raise Unreachable(f"cannot reach the team server {self.target.server}: {reason}") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _connect(self):
        if self._connection is None:
            from urllib.parse import urlsplit

            client = _http_client()
            parts = urlsplit(self.target.server)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise BadInput(f"the team server {self.target.server!r} is not an http:// or https:// URL")
            if parts.scheme == "https":
                import ssl

                connection = client.HTTPSConnection(parts.hostname, parts.port, timeout=self.timeout,
                                                    context=ssl.create_default_context())  # fmt: skip
            else:
                connection = client.HTTPConnection(parts.hostname, parts.port, timeout=self.timeout)
            connection.connect()
            connection.sock.settimeout(READ_TIMEOUT_S)  # connected: the answer may take longer
            self._connection = connection
        return self._connection

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _silent(self) -> Unreachable:
        return Unreachable(f"the team server {self.target.server} did not answer within {self.timeout:g} s")

    def _take_notes(self, response) -> None:
        """What the server's use cases said beside the answer (server/common.py: X-Aos-Notes,
        X-Aos-Saved), so that the command prints it as locally."""
        import json

        notes = response.headers.get("x-aos-notes")
        if notes and self.on_note is not None:
            for note in json.loads(notes):
                self.on_note(str(note))
        self.settings_version = response.headers.get("x-aos-settings")


def answer_of(response) -> Any:
    """A JSON answer with its numbers as they were written (675.00 stays Decimal('675.00'), as
    the CLI's own documents hold it), or the text of any other answer."""
    if not response.headers.get("content-type", "").startswith("application/json"):
        return response.text
    import json
    from decimal import Decimal

    return json.loads(response.text, parse_float=Decimal)


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.split("] ", 1)[-1]


def _error_kinds() -> dict[str, type[AosError]]:
    """aostime's errors by slug: every subclass of AosError that errors.py defines."""
    from aostime import errors

    kinds = {}
    for value in vars(errors).values():
        if isinstance(value, type) and issubclass(value, AosError) and value.__module__ == errors.__name__:
            kinds.setdefault(value.slug, value)
    return kinds


def error_of(response) -> AosError:
    """A WordPress error answer as aostime's error of the same meaning."""
    kind = None
    try:
        answer = response.json()
        message = str(answer.get("message") or "")
        kind = (answer.get("data") or {}).get("error")
    except (ValueError, AttributeError):
        message = response.text[:200]
    status = response.status_code
    if status < 500 and status not in (401, 413) and kind is not None:
        same = _error_kinds().get(kind)
        if same is not None:
            return same(message)
    if status == 401:
        return TokenRejected(f"token rejected by the team server ({message}); aos login")
    if status == 403:
        return Forbidden(message)
    if status == 404:
        return NotFound(message)
    if status in (400, 413):
        return BadInput(message)
    if status == 409:
        return Conflict(message)
    if status >= 500:
        return StorageError(f"the team server failed ({status}: {message})")
    return AosError(message)
