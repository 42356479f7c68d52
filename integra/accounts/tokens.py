"""Personal API tokens: the secret's format and hash, finding a token's user by its secret, and the
reads of the caller's own account (tokens, assignments) for the profile page and /me."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from integra.accounts.models import ApiToken, RoleAssignment, User

SECRET_PREFIX = "itg_"
# "itg_" and four characters of the random part: enough to tell tokens apart, useless to guess.
SHOWN_LENGTH = 8
# Saving the time of every call would turn each read into a write; a minute is precise enough.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def new_secret() -> str:
    """A fresh secret: the prefix (recognisable by secret scanners) and 256 random bits."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """SHA-256 hex digest. The secret has 256 random bits, so no slow password hash is needed."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def user_for_secret(secret: str) -> tuple[User, ApiToken] | None:
    """The active user owning this usable (not revoked, not expired) token, and the token.

    None for an unknown, revoked or expired token, or an inactive owner. Records the time of
    use at most once a minute.
    """
    if not secret.startswith(SECRET_PREFIX):
        return None
    token = (
        ApiToken.objects.usable()
        .select_related("user")
        .filter(key_hash=hash_secret(secret), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token.user, token


def list_own_tokens(user: Any) -> QuerySet[ApiToken]:
    """The user's tokens, newest first, revoked and expired ones included (never their secret)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def get_own_token(user: Any, token_id: int) -> ApiToken:
    """One of the user's tokens; ApiToken.DoesNotExist for another user's token or none."""
    return list_own_tokens(user).get(pk=token_id)


def list_own_assignments(user: Any, on: dt.date | None = None) -> QuerySet[RoleAssignment]:
    """The user's role assignments valid today or starting later, in the order they begin."""
    on = on or timezone.localdate()
    return (
        RoleAssignment.objects.filter(user=user)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=on))
        .select_related("territory")
        .order_by("valid_from", "role", "territory__teryt")
    )
