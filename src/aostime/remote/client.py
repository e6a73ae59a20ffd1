"""HTTP to the team server (httpx, imported only here): one connection per command, reused by
its requests; a server that does not answer within the connect timeout is exit 3 in one line;
the server's WordPress errors keep their meaning as aostime's errors and exit codes."""

from __future__ import annotations

from typing import Any

import httpx

from aostime.errors import AosError, BadInput, Conflict, Forbidden, NotFound, StorageError
from aostime.remote.servers import Target, connect_timeout

API = "/wp-json/agency-os-ai/v1"


class Unreachable(StorageError):
    """The server did not answer (exit 3)."""

    slug = "unreachable"


class TokenRejected(StorageError):
    """401: the token is unknown, revoked, expired or of an archived member (exit 3)."""

    slug = "token_rejected"


class Remote:
    def __init__(self, target: Target) -> None:
        from aostime.domain.timeparse import local_zone, zone_name

        self.target = target
        timeout = connect_timeout()
        self.timeout = timeout
        self.on_note = None  # where the server's notes for the person go (the session's notice)
        self.settings_version: str | None = None  # X-Aos-Settings of the last answer (remote.team_settings)
        self.http = httpx.Client(
            base_url=target.server + API, timeout=httpx.Timeout(60.0, connect=timeout),
            headers={"Authorization": f"Bearer {target.token}", "Time-Zone": zone_name(local_zone()),
                     "User-Agent": "aostime-cli"},
        )  # fmt: skip

    def close(self) -> None:
        self.http.close()

    def call(self, method: str, path: str, body: Any = None, params: dict[str, Any] | None = None,
             headers: dict[str, str] | None = None) -> Any:  # fmt: skip
        """The JSON answer of a request, or the AosError its status means."""
        clean = {k: v for k, v in (params or {}).items() if v is not None}
        try:
            response = self.http.request(method, path, json=body, params=clean, headers=headers)
        except httpx.TimeoutException:
            raise Unreachable(f"the team server {self.target.server} did not answer within "
                              f"{self.timeout:g} s") from None  # fmt: skip
        except httpx.HTTPError as exc:
            raise Unreachable(f"cannot reach the team server {self.target.server}: {_reason(exc)}") from None
        self._take_notes(response)
        if response.status_code < 400:
            return answer_of(response)
        raise error_of(response)

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
