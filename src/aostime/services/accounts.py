"""The web app's accounts: a member's password (Argon2id, argon2-cffi), one-time invitations to
choose one, sign-in with throttling, and sessions. Only hashes of the secrets a cookie or a link
carries are stored, so a copy of the database signs nobody in."""

from __future__ import annotations

import hashlib
import math
import secrets
from datetime import datetime, timedelta

from aostime.domain.names import fold
from aostime.errors import AosError, BadInput, NotFound
from aostime.services import Session, access, resolve
from aostime.services.access import Actor
from aostime.services.declared import use_case

MIN_PASSWORD, MAX_PASSWORD = 10, 1024
INVITE_DAYS = 7
MAX_INVITE_DAYS = 60
# Throttling: after FAILURES failed sign-ins within WINDOW for one name (or one address), the
# next attempt waits until the oldest of them leaves the window (429 with Retry-After).
FAILURES, WINDOW = 5, timedelta(minutes=15)
IDLE = timedelta(days=14)  # a session unused this long has ended


class Throttled(AosError):
    """Too many failed sign-ins for a name or an address (HTTP 429)."""

    slug = "throttled"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SignedOut(AosError):
    """No session, or one that has ended (the web app shows the sign-in page)."""

    slug = "signed_out"


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def _hasher():
    try:
        from argon2 import PasswordHasher
    except ImportError:
        raise BadInput("passwords need argon2-cffi: pip install 'aostime[server]'") from None
    return PasswordHasher()  # Argon2id with the library's current parameters (RFC 9106's second choice)


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise BadInput(f"a password has at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise BadInput(f"a password has at most {MAX_PASSWORD} characters")
    if not password.strip() or "\x00" in password:
        raise BadInput("a password is not only spaces and holds no NUL character")
    return password


def _own_or_admin(session: Session, member) -> None:
    actor = session.actor
    if actor is None or actor.user.id == member.id:
        access.require(session, "own_time", writes=True)
    else:
        access.require(session, "users", writes=True)


@use_case(writes=True)
def set_password(session: Session, user: str, password: str) -> str:
    """A member's password for the web app (one's own, or anyone's for an admin); their sessions end."""
    check_password(password)
    hashed = _hasher().hash(password)
    with session.store.transaction() as store:
        member = resolve(session, "user", user)
        _own_or_admin(session, member)
        store.set_password_hash(member.id, hashed, session.now)
        store.end_sessions_of(member.id, session.now)
        return member.name


@use_case(needs="users", writes=True)
def invite_user(session: Session, user: str, expires: str = f"{INVITE_DAYS}d") -> tuple[str, str, datetime]:
    """A one-time secret with which a member chooses a password: (name, secret, until when)."""
    access.require(session, "users", writes=True)
    raw = expires.strip().lower()
    if not (raw.endswith("d") and raw[:-1].isdigit() and 0 < int(raw[:-1]) <= MAX_INVITE_DAYS):
        raise BadInput(f"--expires {expires!r}: give 1d to {MAX_INVITE_DAYS}d")
    secret = "aos_inv_" + secrets.token_urlsafe(32)  # named as ours, as tokens are, for secret scanners
    until = session.now + timedelta(days=int(raw[:-1]))
    with session.store.transaction() as store:
        member = resolve(session, "user", user)
        if member.archived:
            raise BadInput(f"{member.name} is archived; 'aos user restore {member.name}' first")
        store.insert_invite(member.id, secret_hash(secret), session.now, until)
        return member.name, secret, until


@use_case(writes=True)
def sign_out_user(session: Session, user: str) -> int:
    """End every session of a member (one's own, or anyone's for an admin): how many there were."""
    with session.store.transaction() as store:
        member = resolve(session, "user", user)
        _own_or_admin(session, member)
        return store.end_sessions_of(member.id, session.now)


# -- what the web app's pages call (no token: these make and read the sessions themselves)


def invited(session: Session, secret: str):
    """The member a live invitation is for; NotFound for an unknown, used or expired one."""
    invite = session.store.invite_by_hash(secret_hash(secret))
    if invite is None or invite["used_at"] is not None or invite["expires_at"] <= session.now:
        raise NotFound("this invitation is not valid any more; ask an admin for a new one ('aos user invite')")
    return session.store.get_record("user", invite["user_id"])


def accept_invite(session: Session, secret: str, password: str) -> str:
    """The invited member's password, once: the link works no more."""
    check_password(password)
    hashed = _hasher().hash(password)
    with session.store.transaction() as store:
        member = invited(session, secret)
        invite = store.invite_by_hash(secret_hash(secret))
        if not store.use_invite(invite["id"], session.now):
            raise NotFound("this invitation is not valid any more; ask an admin for a new one ('aos user invite')")
        store.set_password_hash(member.id, hashed, session.now)
        store.end_sessions_of(member.id, session.now)
        return member.name


def sign_in(session: Session, who: str, password: str, address: str) -> tuple[str, str]:
    """A new session for the member named (by name or e-mail) if the password is theirs:
    (session secret, CSRF token). Failures are counted per name and per address."""
    keys = (f"name:{fold(who.strip())}", f"address:{address}")
    with session.store.transaction() as store:
        store.prune_sign_in_failures(session.now - WINDOW)  # what the window no longer sees
        for key in keys:
            _refuse_if_throttled(session, key)
        member = _member_named(session, who)
        stored = store.password_hash_of(member.id) if member is not None else None
        if not _verified(stored, password):
            for key in keys:
                store.record_sign_in_failure(key, session.now)
            failed = True
        else:
            failed = False
            for key in keys:
                store.forget_sign_in_failures(key)
            secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            store.insert_session(member.id, secret_hash(secret), csrf, session.now)
    if failed:  # after the transaction: the failure is counted
        raise BadInput("the name or the password is not right")
    return secret, csrf


def change_password(session: Session, current: str, password: str, address: str) -> tuple[str, str]:
    """The signed-in member's own password, changed with her current one (a wrong one counts as a
    failed sign-in, and is throttled as one). The same rules and hash as `aos user password`; every
    session of hers ends, as there, and a fresh one is made for the browser that asked: (session
    secret, CSRF token)."""
    access.require(session, "own_time", writes=True)
    member = session.actor.user
    check_password(password)
    keys = (f"name:{fold(member.name)}", f"address:{address}")
    with session.store.transaction() as store:
        store.prune_sign_in_failures(session.now - WINDOW)
        for key in keys:
            _refuse_if_throttled(session, key)
        failed = not _verified(store.password_hash_of(member.id), current)
        if failed:
            for key in keys:
                store.record_sign_in_failure(key, session.now)
        else:
            store.set_password_hash(member.id, _hasher().hash(password), session.now)
            store.end_sessions_of(member.id, session.now)
            secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            store.insert_session(member.id, secret_hash(secret), csrf, session.now)
    if failed:  # after the transaction: the failure is counted
        raise BadInput("the current password is not right")
    return secret, csrf


def signed_in(session: Session, secret: str | None) -> tuple[Actor, str, int]:
    """(who the session acts as, its CSRF token, its id); SignedOut when there is none."""
    if not secret:
        raise SignedOut("sign in first")
    found = session.store.session_by_hash(secret_hash(secret))
    if found is None or found["ended_at"] is not None or session.now - found["seen_at"] > IDLE:
        raise SignedOut("your session has ended; sign in again")
    member = session.store.get_record("user", found["user_id"])
    if member is None or member.archived:
        raise SignedOut("your account is archived")
    if session.now - found["seen_at"] >= timedelta(minutes=1):
        with session.store.transaction() as store:
            store.touch_session(found["id"], session.now)
    return Actor(member), found["csrf_token"], found["id"]


def sign_out(session: Session, secret: str) -> None:
    found = session.store.session_by_hash(secret_hash(secret))
    if found is not None:
        with session.store.transaction() as store:
            store.end_session(found["id"], session.now)


def _member_named(session: Session, who: str):
    wanted = fold(who.strip())
    for member in session.store.list_records("user"):  # active members only
        if fold(member.name) == wanted or (member.email and member.email.strip().lower() == who.strip().lower()):
            return member
    return None


_DUMMY: list[str] = []


def _verified(stored: str | None, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = _hasher()
    try:
        if stored is None:  # the same work as a real check: no name is told apart by the time it takes
            if not _DUMMY:
                _DUMMY.append(hasher.hash(secrets.token_urlsafe(16)))
            hasher.verify(_DUMMY[0], password)
            return False
        return hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _refuse_if_throttled(session: Session, key: str) -> None:
    failures = session.store.sign_in_failures(key, session.now - WINDOW)
    if len(failures) >= FAILURES:
        wait = failures[-FAILURES] + WINDOW - session.now
        seconds = max(1, math.ceil(wait.total_seconds()))  # never past the window's end (900 s, not 901)
        raise Throttled(f"too many failed sign-ins; try again in {seconds} seconds", seconds)
