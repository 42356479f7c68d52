"""API of the signed-in caller: who am I, and my personal tokens."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import translation
from ninja import Path, Router, Status

from integra.accounts import selectors
from integra.accounts.api.schemas import IssuedToken, Me, Token, TokenRequest
from integra.accounts.models import ApiToken
from integra.accounts.services import tokens
from integra.audit.services import RequestContext
from integra.core.api.schemas import MAX_ID, caller

router = Router(tags=["accounts"])


@router.get("/me", response=Me, summary="The caller")
def accounts_me(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user (by session or token) and their role assignments."""
    user: Any = caller(request)
    return {
        "username": user.get_username(),
        "email": user.email,
        "full_name": user.get_full_name(),
        "language": translation.get_language(),
        "assignments": list(selectors.list_own_assignments(user)),
    }


@router.get("/me/tokens", response=list[Token], summary="My API tokens")
def accounts_tokens_list(request: HttpRequest) -> QuerySet[ApiToken]:
    """The caller's tokens, newest first, revoked and expired ones included; never a secret."""
    return selectors.list_own_tokens(caller(request))


@router.post("/me/tokens", response={201: IssuedToken}, summary="Issue an API token")
def accounts_tokens_issue(request: HttpRequest, payload: TokenRequest) -> Status[ApiToken]:
    """A new token of the caller, with its secret, shown this once. A token may not issue
    tokens (403 `token_not_allowed`): a leaked one could otherwise outlive its revocation."""
    if getattr(request, "api_token", None) is not None:
        raise tokens.TokenNotAllowed.by_a_token()
    user: Any = caller(request)
    token, secret = tokens.issue_token(
        actor=user,
        user=user,
        name=payload.name,
        expires_on=payload.expires_on,
        read_only=payload.read_only,
        context=RequestContext.of(request),
    )
    token.token = secret  # type: ignore[attr-defined]
    return Status(201, token)


@router.post("/me/tokens/{token_id}/revoke", response=Token, summary="Revoke one of my tokens")
def accounts_tokens_revoke(
    request: HttpRequest, token_id: int = Path(..., ge=1, le=MAX_ID)
) -> ApiToken:
    """From now on the token is refused (401). 404 for a token of someone else."""
    token = selectors.get_own_token(caller(request), token_id)
    return tokens.revoke_token(
        actor=caller(request), token=token, context=RequestContext.of(request)
    )
