"""Writes to personal API tokens — issuing and revoking — each with its audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.accounts import tokens
from integra.accounts.models import ApiToken, Role, User
from integra.audit.services import RequestContext, record_event
from integra.core.actors import is_system
from integra.core.errors import DomainError

NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length or 100


class TokenNotAllowed(DomainError):
    code = "token_not_allowed"
    status = 403


class TokenInvalid(DomainError):
    code = "token_invalid"


class TokenAlreadyRevoked(DomainError):
    code = "token_already_revoked"
    status = 409


def may_manage_tokens_of(actor: Any, owner: User) -> bool:
    """The owner manages their own tokens, a ministry admin anyone's; the system (an operations
    command such as "manage.py issue_token") may."""
    if is_system(actor):
        return True
    if not isinstance(actor, User) or not actor.is_active:
        return False
    return actor.pk == owner.pk or bool(actor.scope_prefixes({Role.MINISTRY_ADMIN}))


@transaction.atomic
def issue_token(
    *,
    actor: Any,
    user: User,
    name: str,
    expires_on: dt.date | None = None,
    context: RequestContext | None = None,
) -> tuple[ApiToken, str]:
    """Issue a token for `user`; return it with its secret, which is never stored nor shown again.

    Raises TokenNotAllowed when the actor may not manage the user's tokens, TokenInvalid for an
    empty or too long name, an expiry day not after today, or an inactive user.
    """
    if not may_manage_tokens_of(actor, user):
        raise TokenNotAllowed(_("You may issue tokens only for yourself."))
    name = name.strip()
    _check_token_request(user, name, expires_on)
    secret = tokens.new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_prefix=secret[: tokens.SHOWN_LENGTH],
        key_hash=tokens.hash_secret(secret),
        expires_on=expires_on,
    )
    record_event(
        actor=actor,
        action="accounts.api_token.issued",
        target=token,
        context=context,
        changes={
            "name": name,
            "user": user.get_username(),
            "key_prefix": token.key_prefix,
            "expires_on": expires_on,
        },
    )
    return token, secret


def _check_token_request(user: User, name: str, expires_on: dt.date | None) -> None:
    if not user.is_active:
        raise TokenInvalid(_("An inactive user cannot be given a token."))
    if not name:
        raise TokenInvalid(_("Give the token a name."))
    if len(name) > NAME_MAX_LENGTH:
        raise TokenInvalid(
            _("The name may have at most %(count)s characters.") % {"count": NAME_MAX_LENGTH}
        )
    if expires_on is not None and expires_on <= timezone.localdate():
        raise TokenInvalid(_("The expiry date must be after today."))


@transaction.atomic
def revoke_token(*, actor: Any, token: ApiToken, context: RequestContext | None = None) -> ApiToken:
    """Revoke the token at once; calls made with it are refused from now on.

    Raises TokenNotAllowed unless the actor is the token's owner or a ministry admin, and
    TokenAlreadyRevoked when it was revoked before.
    """
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if not may_manage_tokens_of(actor, token.user):
        raise TokenNotAllowed(
            _("Only the token's owner or a ministry administrator may revoke it.")
        )
    if token.revoked_at is not None:
        raise TokenAlreadyRevoked(_("This token has already been revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(
        actor=actor,
        action="accounts.api_token.revoked",
        target=token,
        context=context,
        changes={"name": token.name, "user": token.user.get_username()},
    )
    return token
