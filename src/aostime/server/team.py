"""Who am I, is the database up, tokens and settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Body, Request
from starlette.responses import Response

from aostime.server.bodies import TokenIn
from aostime.server.common import (
    PAGE_HEADERS,
    Current,
    err,
    json_response,
    path_id,
    ref,
    subject_router,
    wp_error,
)  # fmt: skip
from aostime.server.schemas import number_or_text

router = subject_router("team")
TokenId = path_id("Token")


@router.get("/me", response_model=None, responses={200: {"description": "The token's member and role"}})
def get_me(session: Current) -> Response:
    from aostime.domain.documents import me_document

    return json_response(me_document(session.actor.user, session.actor.read_only))


@router.get("/health", response_model=None, responses={
    200: {"description": '{"status": "ok", "database": "ok"}'}, 503: err("The database does not answer"),
})  # fmt: skip
def get_health(request: Request) -> Response:
    """Needs no token: says whether the database answers (for load balancers and monitors)."""
    from aostime.errors import AosError

    try:
        with request.app.state.stores.acquire() as store:
            store.get_setting("currency")
    except AosError as exc:
        return wp_error(503, "rest_storage_unavailable", str(exc))
    return json_response({"status": "ok", "database": "ok"})


@router.get("/tokens", response_model=None, responses={
    200: {"description": "Your tokens (admins: everyone's), never the secrets", "headers": PAGE_HEADERS},
})  # fmt: skip
def list_tokens(session: Current) -> Response:
    from aostime.domain.documents import token_document
    from aostime.services import tokens

    found = tokens.list_tokens(session)
    return json_response([token_document(t, session.zone) for t in found],
                         headers={"X-WP-Total": str(len(found)), "X-WP-TotalPages": "1"})  # fmt: skip


@router.post("/tokens", status_code=201, response_model=None, responses={
    201: {"description": "The token, with its secret in 'token' (shown only now); GET /tokens lists it"},
})  # fmt: skip
def create_token(session: Current, body: TokenIn) -> Response:
    from aostime.domain.documents import token_document
    from aostime.services import tokens

    token, secret = tokens.create_token(session, ref(body.user_id), body.name, body.expires, body.read_only)
    return json_response(dict(token_document(token, session.zone), token=secret), 201)


@router.delete("/tokens/{token_id:int}", response_model=None, responses={
    200: {"description": "The revoked token"}, 404: err("No such token (or another member's)"),
    409: err("Already revoked"),
})  # fmt: skip
def revoke_token(session: Current, token_id: TokenId) -> Response:
    from aostime.domain.documents import token_document
    from aostime.services import tokens

    return json_response(token_document(tokens.revoke_token(session, str(token_id)), session.zone))


@router.get("/settings", response_model=None, responses={200: {"description": "As `aos config list --json`"}})
def get_settings(session: Current) -> Response:
    from aostime.services import catalog

    return json_response(catalog.all_settings(session))


Settings = Annotated[dict[str, number_or_text(800_000)], Body(
    description="Settings to change, e.g. {\"tax_rate\": \"19\"}; an empty value resets a setting.",
    examples=[{"tax_rate": "19"}],
)]  # fmt: skip


@router.put("/settings", response_model=None, responses={200: {"description": "All settings, as saved"}})
def put_settings(session: Current, body: Settings) -> Response:
    """Change settings, all in one write or none."""
    from aostime.services import catalog

    return json_response(catalog.set_settings(session, body))
