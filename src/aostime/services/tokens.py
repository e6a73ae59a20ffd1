"""API tokens for `aos serve`: created for a team member, shown once, stored as a sha256 hash,
looked up on every request (so a token created or revoked while the server runs counts at once)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from aostime.domain.models import User
from aostime.errors import AosError, BadInput, NotFound, NothingToDo
from aostime.services import Session, parse_id, resolve

PREFIX = "aos_"
MAX_NAME = 200
# last_used_at is a hint for `aos token list`, not an audit log: writing it at most once a
# minute keeps read requests from queueing on the write lock.
TOUCH_EVERY = timedelta(seconds=60)


class Unauthorized(AosError):
    """No token, or one that is unknown or revoked (HTTP 401)."""

    slug = "unauthorized"


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(session: Session, user: str | None = None, name: str = "") -> tuple[dict[str, Any], str]:
    """A new token for `user` (default: the acting member). Returns (record, secret); the
    secret exists only in this return value."""
    name = (name or "").strip()
    if len(name) > MAX_NAME or any(ord(c) < 32 for c in name):
        raise BadInput(f"token name must be one line of at most {MAX_NAME} characters")
    secret = PREFIX + secrets.token_urlsafe(32)
    with session.store.transaction() as store:
        member = resolve(session, "user", user) if user else session.user()
        token_id = store.insert_token(member.id, name, token_hash(secret), session.now)
        return store.get_token(token_id), secret


def list_tokens(session: Session) -> list[dict[str, Any]]:
    return session.store.list_tokens()


def revoke_token(session: Session, ref: str) -> dict[str, Any]:
    token_id = parse_id(ref, "token id")
    with session.store.transaction() as store:
        token = store.get_token(token_id)
        if token is None:
            raise NotFound(f"token {token_id} not found; see 'aos token list'")
        if token["revoked_at"] is not None:
            raise NothingToDo(f"token {token_id} is already revoked")
        store.revoke_token(token_id, session.now)
        return store.get_token(token_id)


def authenticate(session: Session, secret: str | None) -> User:
    """The team member a bearer token belongs to; refuses a missing, unknown or revoked one."""
    if not secret:
        raise Unauthorized("this API needs a token: send 'Authorization: Bearer <token>' ('aos token create')")
    token = session.store.token_by_hash(token_hash(secret))
    if token is None or token["revoked_at"] is not None:
        raise Unauthorized("the token is not valid or has been revoked")
    last = token["last_used_at"]
    if last is None or session.now - last >= TOUCH_EVERY:
        with session.store.transaction() as store:
            store.touch_token(token["id"], session.now)
    user = session.store.get_record("user", token["user_id"])
    if user is None:  # pragma: no cover - the foreign key keeps the user
        raise Unauthorized("the token's team member no longer exists")
    return user
