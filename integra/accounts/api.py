"""API of the signed-in caller: who am I, and my personal tokens."""

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from integra.accounts import token_services, tokens
from integra.accounts.models import ApiToken, Role, RoleAssignment
from integra.audit.services import RequestContext
from integra.territories.api import TerritoryRef

router = Router(tags=["accounts"])

# The largest key the databases store; a larger path parameter is refused, never sent to SQL.
MAX_ID = 2**63 - 1
# Control characters never occur in names, and PostgreSQL refuses NUL in a string.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"


class Assignment(Schema):
    role: Role
    role_label: str = Field(description="The role in words, in the language of the request.")
    territory: TerritoryRef = Field(description="The unit the role is held over (and below).")
    valid_from: date
    valid_until: date | None = Field(
        description="The first day the assignment no longer holds; null when open-ended."
    )

    @staticmethod
    def resolve_role_label(assignment: RoleAssignment) -> str:
        return str(assignment.get_role_display())


class Me(Schema):
    username: str
    email: str
    full_name: str
    language: str = Field(description="Language of the answers, e.g. 'pl'.")
    assignments: list[Assignment] = Field(
        description="Role assignments valid today or starting later."
    )


class Token(Schema):
    id: int
    name: str
    key_prefix: str = Field(description="The token's first characters, to tell tokens apart.")
    created_at: datetime
    last_used_at: datetime | None = Field(description="Last call made with it (to the minute).")
    expires_on: date | None = Field(description="The first day it no longer works.")
    revoked_at: datetime | None
    state: ApiToken.State

    @staticmethod
    def resolve_state(token: ApiToken) -> str:
        return token.state()


class IssuedToken(Token):
    token: str = Field(
        description="The secret, for `Authorization: Bearer <token>`. Shown only in this answer."
    )


class TokenRequest(Schema):
    name: str = Field(
        min_length=1,
        max_length=token_services.NAME_MAX_LENGTH,
        pattern=PRINTABLE,
        description="What the token is for, e.g. the system using it.",
    )
    expires_on: date | None = Field(
        None, description="The first day it no longer works (after today); none: never expires."
    )


@router.get("/me", response=Me, summary="The caller")
def accounts_me(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user (by session or token) and their role assignments."""
    user = request.auth  # type: ignore[attr-defined]
    return {
        "username": user.get_username(),
        "email": user.email,
        "full_name": user.get_full_name(),
        "language": translation.get_language(),
        "assignments": list(tokens.list_own_assignments(user)),
    }


@router.get("/me/tokens", response=list[Token], summary="My API tokens")
def accounts_tokens_list(request: HttpRequest) -> QuerySet[ApiToken]:
    """The caller's tokens, newest first, revoked and expired ones included; never a secret."""
    return tokens.list_own_tokens(request.auth)  # type: ignore[attr-defined]


@router.post("/me/tokens", response={201: IssuedToken}, summary="Issue an API token")
def accounts_tokens_issue(request: HttpRequest, payload: TokenRequest) -> Status[ApiToken]:
    """A new token of the caller, with its secret, shown this once. A token may not issue
    tokens (403 `token_not_allowed`): a leaked one could otherwise outlive its revocation."""
    if getattr(request, "api_token", None) is not None:
        raise token_services.TokenNotAllowed(
            _("An API token cannot issue tokens; sign in to issue one.")
        )
    token, secret = token_services.issue_token(
        actor=request.auth,  # type: ignore[attr-defined]
        user=request.auth,  # type: ignore[attr-defined]
        name=payload.name,
        expires_on=payload.expires_on,
        context=RequestContext.of(request),
    )
    token.token = secret  # type: ignore[attr-defined]
    return Status(201, token)


@router.post("/me/tokens/{token_id}/revoke", response=Token, summary="Revoke one of my tokens")
def accounts_tokens_revoke(
    request: HttpRequest, token_id: int = Path(..., ge=1, le=MAX_ID)
) -> ApiToken:
    """From now on the token is refused (401). 404 for a token of someone else."""
    token = tokens.get_own_token(request.auth, token_id)  # type: ignore[attr-defined]
    return token_services.revoke_token(
        actor=request.auth,  # type: ignore[attr-defined]
        token=token,
        context=RequestContext.of(request),
    )
