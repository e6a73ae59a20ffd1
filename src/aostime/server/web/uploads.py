"""An uploaded file between its dry run and its confirmation (/import).

The file is read from the request as it arrives, counted, and refused past LIMIT before more is
read; the multipart parser spools it to disk past a megabyte, never the whole file in memory.
It is then kept in a directory of its own under the system's temporary directory, named by a
random token: the page hands the browser only the token, never a path, and the token is bound to
the session that uploaded it (a hash of its CSRF secret) and its member. A confirmation claims the
file by renaming it (one rename wins: a double submit imports once), and leaves the result behind
for the second submit to show. Uploads left unconfirmed are removed after TTL."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LIMIT = 20 * 1024 * 1024  # bytes of an uploaded file (and of its form's request body)
TTL = 3600  # seconds an upload waits for its confirmation
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


class TooLarge(Exception):
    pass


class Gone(Exception):
    """The token names no upload of this session: expired, never made, or another's."""


def root() -> Path:
    """The uploads' directory, shared by the server's worker processes, readable by its user only."""
    path = Path(tempfile.gettempdir()) / f"aostime-uploads-{os.getuid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def owner(session) -> str:
    return hashlib.sha256(f"{session.actor.user.id}:{session.csrf}".encode()).hexdigest()


async def read_form(request) -> tuple[dict[str, str], Any]:
    """The form's text fields and its one file (a starlette UploadFile, or None), the body read
    as it arrives and refused (TooLarge) past LIMIT, declared or not."""
    from starlette.formparsers import MultiPartParser
    from starlette.requests import Headers

    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > LIMIT:
        raise TooLarge

    async def bounded():
        received = 0
        async for chunk in request.stream():
            received += len(chunk)
            if received > LIMIT:
                raise TooLarge
            yield chunk

    kind = request.headers.get("content-type", "")
    if not kind.startswith("multipart/form-data"):
        return {}, None
    parser = MultiPartParser(Headers(raw=request.headers.raw), bounded(), max_files=1, max_fields=20)
    form = await parser.parse()
    fields, upload = {}, None
    for key, value in form.multi_items():
        if isinstance(value, str):
            fields[key] = value[:2000]
        elif key == "file":
            upload = value
    return fields, upload


@dataclass
class Held:
    token: str
    directory: Path
    meta: dict[str, Any]

    @property
    def file(self) -> Path:
        return self.directory / "upload"


def keep(source, session, meta: dict[str, Any]) -> Held:
    """Keep an uploaded file (a binary file object) for this session; its token and place."""
    sweep()
    token = secrets.token_urlsafe(32)
    directory = root() / token
    directory.mkdir(mode=0o700)
    with (directory / "upload").open("wb") as out:
        shutil.copyfileobj(source, out, 1 << 20)
    meta = {**meta, "owner": owner(session), "created": time.time()}
    (directory / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return Held(token, directory, meta)


def held(token: str, session) -> Held:
    """The upload the token names, if it is this session's; else Gone."""
    if not TOKEN.fullmatch(token or ""):
        raise Gone
    directory = root() / token
    try:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise Gone from None
    if not hmac.compare_digest(meta.get("owner", ""), owner(session)) or time.time() - meta["created"] > TTL:
        raise Gone
    return Held(token, directory, meta)


def claim(upload: Held) -> Path | None:
    """Take the file for its import: its new place, or None when a confirmation took it first."""
    claimed = upload.directory / "importing"
    try:
        os.rename(upload.file, claimed)
    except FileNotFoundError:
        return None
    return claimed


def done(upload: Held, result: dict[str, Any] | None) -> None:
    """The import ended: its result stays for a second submit to show (None: it failed, and the
    upload is dropped)."""
    (upload.directory / "importing").unlink(missing_ok=True)
    if result is None:
        shutil.rmtree(upload.directory, ignore_errors=True)
        return
    from aostime.render.json import dumps  # money as exact numbers

    (upload.directory / "result.json").write_text(dumps(result), encoding="utf-8")


def result(upload: Held) -> dict[str, Any] | None:
    try:
        from decimal import Decimal

        return json.loads((upload.directory / "result.json").read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, ValueError):
        return None


def drop(upload: Held) -> None:
    shutil.rmtree(upload.directory, ignore_errors=True)


def sweep() -> None:
    """Remove the uploads older than TTL (each new upload looks)."""
    limit = time.time() - TTL
    for directory in root().iterdir():
        try:
            if directory.stat().st_mtime < limit:
                shutil.rmtree(directory, ignore_errors=True)
        except OSError:
            continue
