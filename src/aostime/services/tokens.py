"""API tokens for `aos serve`: created for a team member, shown once, stored as a sha256 hash,
looked up on every request (so a token created or revoked while the server runs counts at once)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from aostime.domain.permissions import permitted
from aostime.errors import AosError, BadInput, Conflict, NotFound, NothingToDo, StorageError
from aostime.services import Session, access, parse_id, resolve
from aostime.services.access import Actor
from aostime.services.declared import use_case

PREFIX = "aos_"
MAX_NAME = 200
MAX_DAYS = 3660  # about ten years: a token that never needs renewing is a password nobody rotates
# last_used_at is a hint for `aos token list`, not an audit log: writing it at most once a
# minute, and only when no other writer holds the lock, keeps requests (reads too) from queueing
# behind the writers for it.
TOUCH_EVERY = timedelta(seconds=60)


class Unauthorized(AosError):
    """No token, or one that is unknown or revoked (HTTP 401)."""

    slug = "unauthorized"


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@use_case(writes=True)
def create_token(session: Session, user: str | None = None, name: str = "", expires: str | None = None,
                 read_only: bool = False) -> tuple[dict[str, Any], str]:  # fmt: skip
    """A new token for `user` (default: the acting member), valid until `expires` (a duration
    from now: 90d, 12h; or a date) if given. Returns (record, secret); the secret exists only in
    this return value."""
    name = (name or "").strip()
    if len(name) > MAX_NAME or any(ord(c) < 32 for c in name):
        raise BadInput(f"token name must be one line of at most {MAX_NAME} characters")
    expires_at = _expiry(session, expires) if expires is not None else None
    secret = PREFIX + secrets.token_urlsafe(32)
    with session.store.transaction() as store:
        member = resolve(session, "user", user) if user else session.user()
        _require_tokens_of(session, member.id, writes=True)
        if member.archived:
            raise Conflict(f"team member {member.name!r} is archived; their tokens would not work")
        token_id = store.insert_token(member.id, name, token_hash(secret), session.now, expires_at, read_only)
        return store.get_token(token_id), secret


def _expiry(session: Session, text: str):
    """--expires: a length from now (90d, 12h, 2w) or a day (its end, in the user's zone)."""
    from aostime.domain.timeparse import parse_duration

    raw = text.strip().lower()
    if raw.endswith("w") and raw[:-1].isdigit():
        raw = f"{int(raw[:-1]) * 7}d"
    if raw.endswith("d") and raw[:-1].isdigit():
        if not 0 < int(raw[:-1]) <= MAX_DAYS:
            raise BadInput(f"--expires {text!r}: give 1 to {MAX_DAYS} days")
        return session.now + timedelta(days=int(raw[:-1]))
    try:
        seconds = parse_duration(text)
    except BadInput:
        end = session.range_end(text)
    else:
        end = session.now + timedelta(seconds=seconds)
    if end <= session.now:
        raise BadInput(f"--expires {text!r} is not in the future")
    if end > session.now + timedelta(days=MAX_DAYS):  # the same cap, however the end is given
        raise BadInput(f"--expires {text!r} is more than {MAX_DAYS} days away; a token lives at most that long")
    return end


def _require_tokens_of(session: Session, user_id: int, writes: bool = False) -> None:
    actor = session.actor
    if actor is not None:
        access.require(session, "own_time" if user_id == actor.user.id else "everyones_tokens", writes)


@use_case()
def list_tokens(session: Session) -> list[dict[str, Any]]:
    """Every token; through a token, one's own unless an admin asks."""
    actor = session.actor
    if actor is not None and not permitted(actor.user.role, "everyones_tokens"):
        return session.store.list_tokens(actor.user.id)
    return session.store.list_tokens()


@use_case(writes=True)
def revoke_token(session: Session, ref: str) -> dict[str, Any]:
    token_id = parse_id(ref, "token id")
    with session.store.transaction() as store:
        token = store.get_token(token_id)
        actor = session.actor
        if token is not None and actor is not None and token["user_id"] != actor.user.id \
                and not permitted(actor.user.role, "everyones_tokens"):  # fmt: skip
            token = None  # another member's token is absent to a member
        if token is None:
            raise NotFound(f"token {token_id} not found; see 'aos token list'")
        _require_tokens_of(session, token["user_id"], writes=True)
        if token["revoked_at"] is not None:
            raise NothingToDo(f"token {token_id} is already revoked")
        store.revoke_token(token_id, session.now)
        return store.get_token(token_id)


def authenticate(session: Session, secret: str | None) -> Actor:
    """Who a bearer token acts as; refuses a missing, unknown, revoked or expired token, and
    the token of an archived member (at once: nothing is cached between requests)."""
    if not secret:
        raise Unauthorized("this API needs a token: send 'Authorization: Bearer <token>' ('aos token create')")
    token = session.store.token_by_hash(token_hash(secret))
    if token is None or token["revoked_at"] is not None:
        raise Unauthorized("the token is not valid or has been revoked")
    if token["expires_at"] is not None and token["expires_at"] <= session.now:
        raise Unauthorized("the token has expired; 'aos token create' makes a new one")
    user = session.store.get_record("user", token["user_id"])
    if user is None or user.archived:
        raise Unauthorized("the token's team member is archived")
    last = token["last_used_at"]
    if last is None or session.now - last >= TOUCH_EVERY:
        try:
            with session.store.transaction(wait=False) as store:
                store.touch_token(token["id"], session.now)
        except StorageError:
            pass  # another writer has the lock: a later request notes the use
    return Actor(user, token["read_only"])
