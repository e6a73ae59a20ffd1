"""API tokens through the team server (services/tokens.py's use cases)."""

from __future__ import annotations

from typing import Any

from aostime.remote.common import (
    given,
    ref_id,
)
from aostime.remote.models import token_from

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.services import Session


def create_token(session: Session, user=None, name="", expires=None, read_only=False):
    member = user or session.user_ref
    body = given({"user_id": ref_id(session, "user", member), "name": name or None, "expires": expires,
                   "read_only": read_only or None})  # fmt: skip
    doc = session.remote.call("POST", "/tokens", body)
    return token_from(doc), doc["token"]


def list_tokens(session: Session) -> list[dict[str, Any]]:
    return [token_from(doc) for doc in session.remote.call("GET", "/tokens")]


def revoke_token(session: Session, ref: str) -> dict[str, Any]:
    from aostime.services import parse_id

    return token_from(session.remote.call("DELETE", f"/tokens/{parse_id(ref, 'token id')}"))
