"""Writes to personal API tokens — issuing, revoking, noting their use — each issue and revocation
with its audit event."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.accounts.models import SECRET_PREFIX, SHOWN_LENGTH, ApiToken, User, hash_secret
from integra.accounts.policies import can_manage_tokens_of
from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, checked, is_system, user_of
from integra.core.errors import DomainError
from integra.core.roles import SECOND_FACTOR_ROLES

NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length or 100
# The longest a token may live: whoever holds one must come back for a new one within a year.
MAX_TOKEN_DAYS = 365
# Methods a read-only token may call: those that change nothing.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Saving the time of every call would turn each read into a write; a minute is precise enough.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


class TokenNotAllowed(DomainError):
    code = "token_not_allowed"
    status = 403

    @classmethod
    def to_issue(cls) -> TokenNotAllowed:
        return cls(_("You may issue tokens only for yourself."))

    @classmethod
    def to_revoke(cls) -> TokenNotAllowed:
        return cls(_("Only the token's owner or a ministry administrator may revoke it."))

    @classmethod
    def by_a_token(cls) -> TokenNotAllowed:
        """A token may not issue tokens: a leaked one could otherwise outlive its revocation."""
        return cls(_("An API token cannot issue tokens; sign in to issue one."))

    @classmethod
    def without_second_factor(cls) -> TokenNotAllowed:
        """A token of a second-factor role is issued only by a session that verified a code."""
        return cls(
            _(
                "Confirm your sign-in with a code from your authenticator app before issuing "
                "a token."
            ),
            code="second_factor_required",
        )

    @classmethod
    def read_only(cls) -> TokenNotAllowed:
        """A read-only token tried a change."""
        return cls(
            _("This API token is read-only: it may only read (GET)."), code="token_read_only"
        )


class TokenInvalid(DomainError):
    code = "token_invalid"


class TokenAlreadyRevoked(DomainError):
    code = "token_already_revoked"
    status = 409

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _("This token has already been revoked."))


def may_manage_tokens_of(actor: Actor, owner: User) -> bool:
    """The owner manages their own tokens, a ministry admin anyone's; the system (an operations
    command such as "manage.py issue_token") may. NotAnActor for a string."""
    return is_system(actor) or can_manage_tokens_of(checked(actor), owner)


def new_secret() -> str:
    """A fresh secret: the prefix (recognisable by secret scanners) and 256 random bits."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def issue_token(
    *,
    actor: Actor,
    user: User,
    name: str,
    expires_on: dt.date | None = None,
    read_only: bool = False,
    context: RequestContext | None = None,
) -> tuple[ApiToken, str]:
    """Issue a token for `user`; return it with its secret, which is never stored nor shown again.

    Without `expires_on` the token ends INTEGRA_TOKEN_DAYS after today; a `read_only` token is
    refused every unsafe call. Raises NotAnActor for a string actor, TokenNotAllowed when the
    actor may not manage the user's tokens, or when the actor or the owner holds a second-factor
    role and the actor's session has not verified a code (code `second_factor_required`),
    TokenInvalid for an empty or too long name, an expiry day not after today or more than
    MAX_TOKEN_DAYS ahead, or an inactive user.
    """
    if not may_manage_tokens_of(actor, user):
        raise TokenNotAllowed.to_issue()
    if not _second_factor_verified(actor, user):
        raise TokenNotAllowed.without_second_factor()
    name = name.strip()
    today = timezone.localdate()
    expires_on = expires_on or today + dt.timedelta(days=settings.INTEGRA_TOKEN_DAYS)
    _check_token_request(user, name, expires_on)
    secret = new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_prefix=secret[:SHOWN_LENGTH],
        key_hash=hash_secret(secret),
        expires_on=expires_on,
        read_only=read_only,
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
            "read_only": read_only,
        },
    )
    return token, secret


def _second_factor_verified(actor: Actor, owner: User) -> bool:
    """The system may always; a user only from a session that verified a TOTP code when they or
    the token's owner hold a second-factor role (a token would otherwise skip the factor the
    pages demand). A user object without `is_verified` (not from a request) counts as unverified.
    """
    user: Any = user_of(actor)
    if user is None:
        return True
    if not (user.scope_prefixes(SECOND_FACTOR_ROLES) or owner.scope_prefixes(SECOND_FACTOR_ROLES)):
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


def _check_token_request(user: User, name: str, expires_on: dt.date) -> None:
    if not user.is_active:
        raise TokenInvalid(_("An inactive user cannot be given a token."))
    if not name:
        raise TokenInvalid(_("Give the token a name."))
    if len(name) > NAME_MAX_LENGTH:
        raise TokenInvalid(
            _("The name may have at most %(count)s characters.") % {"count": NAME_MAX_LENGTH}
        )
    today = timezone.localdate()
    if expires_on <= today:
        raise TokenInvalid(_("The expiry date must be after today."))
    if expires_on > today + dt.timedelta(days=MAX_TOKEN_DAYS):
        raise TokenInvalid(
            _("A token may live at most %(days)s days: choose an expiry date until %(last)s.")
            % {"days": MAX_TOKEN_DAYS, "last": today + dt.timedelta(days=MAX_TOKEN_DAYS)}
        )


@transaction.atomic
def revoke_token(
    *, actor: Actor, token: ApiToken, context: RequestContext | None = None
) -> ApiToken:
    """Revoke the token at once; calls made with it are refused from now on.

    Raises NotAnActor for a string actor, TokenNotAllowed unless the actor is the token's owner
    or a ministry admin, and TokenAlreadyRevoked when it was revoked before.
    """
    checked(actor)
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if not may_manage_tokens_of(actor, token.user):
        raise TokenNotAllowed.to_revoke()
    if token.revoked_at is not None:
        raise TokenAlreadyRevoked()
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


def note_token_use(*, token: ApiToken) -> None:
    """Keep the time of the token's latest call, at most once a minute (no audit event: a use is
    not a change, and the access log keeps the calls)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def end_tokens_of(
    *, actor: Actor, user: User, reason: str, context: RequestContext | None = None
) -> int:
    """Revoke every token of `user` still working, each with its `accounts.api_token.revoked`
    event (`reason` says why, e.g. "password_set"); returns how many. Runs inside the caller's
    transaction (a password set or changed). No rights are checked: the caller's change is the
    reason, and it checked its own."""
    ended = 0
    now = timezone.now()
    for token in ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True):
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        record_event(
            actor=actor,
            action="accounts.api_token.revoked",
            target=token,
            context=context,
            changes={"name": token.name, "user": user.get_username(), "reason": reason},
        )
        ended += 1
    return ended


def refuse_unsafe_call(token: ApiToken, method: str) -> None:
    """Raises TokenNotAllowed (403 `token_read_only`) for a change made with a read-only token."""
    if token.read_only and method.upper() not in SAFE_METHODS:
        raise TokenNotAllowed.read_only()
