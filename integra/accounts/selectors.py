"""Reads of users and their role assignments for the pages and the API, narrowed to the users the
caller manages; the caller's own tokens and assignments; the user behind a token's secret."""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.accounts.backends import lockout_username
from integra.accounts.models import SECRET_PREFIX, ApiToken, RoleAssignment, User, hash_secret
from integra.accounts.policies import can_manage_users
from integra.core.roles import GMINA_ROLES, Role
from integra.core.scope import prefix_q
from integra.territories.models import Territory


def manageable_users(user: Any) -> QuerySet[User]:
    """Users within the user's reach: every user for a ministry admin over the country; for a
    regional officer, the users who hold or held a gmina role over a gmina of their voivodeship
    (they may still hold other assignments elsewhere, which the policies then protect)."""
    if not can_manage_users(user):
        return User.objects.none()
    admin_prefixes = user.scope_prefixes({Role.MINISTRY_ADMIN})
    if "" in admin_prefixes:
        return User.objects.all()
    reached = RoleAssignment.objects.filter(
        prefix_q("territory__teryt", admin_prefixes)
    ) | RoleAssignment.objects.filter(
        prefix_q("territory__teryt", user.scope_prefixes({Role.REGIONAL_OFFICER})),
        role__in=GMINA_ROLES,
        territory__level=Territory.Level.GMINA,
    )
    return User.objects.filter(Exists(reached.filter(user=OuterRef("pk"))))


def list_users(
    *,
    user: Any,
    query: str | None = None,
    role: str | None = None,
    territory: str | None = None,
) -> QuerySet[User]:
    """Users the caller manages, by user name; `query` matches a part of the user name, name or
    e-mail; `role` and `territory` (a TERYT prefix, "PL" for the country) keep the users holding
    an open assignment of that role and/or under that unit. Open assignments are prefetched as
    `open_assignments`."""
    users = manageable_users(user)
    if query := (query or "").strip():
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    if role or territory:
        held = _open(RoleAssignment.objects.filter(user=OuterRef("pk")))
        if role:
            held = held.filter(role=role)
        if territory:
            held = held.filter(territory__teryt__startswith=territory)
        users = users.filter(Exists(held))
    open_assignments = Prefetch(
        "assignments",
        queryset=_open(RoleAssignment.objects.select_related("territory")).order_by(
            "role", "territory__teryt"
        ),
        to_attr="open_assignments",
    )
    return users.prefetch_related(open_assignments).order_by("username")


def get_user(*, user: Any, pk: int) -> User:
    """One user the caller manages, with every assignment (newest first, territory joined);
    User.DoesNotExist when absent or beyond the caller's reach."""
    assignments = Prefetch(
        "assignments",
        queryset=RoleAssignment.objects.select_related("territory").order_by("-valid_from", "pk"),
    )
    return manageable_users(user).prefetch_related(assignments).get(pk=pk)


def get_assignment(*, user: Any, user_pk: int, pk: int) -> RoleAssignment:
    """One assignment of a user the caller manages; RoleAssignment.DoesNotExist otherwise."""
    assignment: RoleAssignment = RoleAssignment.objects.select_related("territory", "user").get(
        pk=pk, user__in=manageable_users(user).filter(pk=user_pk)
    )
    return assignment


def assignable_territory(teryt: str) -> Territory:
    """The current unit with this TERYT code; Territory.DoesNotExist when absent or retired."""
    territory: Territory = Territory.objects.current().get(teryt=teryt)
    return territory


# The caller's own account -----------------------------------------------------------------------


def user_for_secret(secret: str) -> tuple[User, ApiToken] | None:
    """The active user owning this usable (not revoked, not expired) token, and the token.

    None for an unknown, revoked or expired token, or an inactive owner. The caller notes the
    use (services.tokens.note_token_use).
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


def confirmed_devices(user: Any) -> list[TOTPDevice]:
    """The user's confirmed authenticator devices (the second factor asks a code of one)."""
    return list(TOTPDevice.objects.devices_for_user(user, confirmed=True))


def _open(assignments: QuerySet[RoleAssignment]) -> QuerySet[RoleAssignment]:
    today = timezone.localdate()
    return assignments.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=today))


def sign_in_state(target: User) -> dict[str, Any]:
    """What the user page shows a ministry admin of the target's sign-in: their confirmed TOTP
    devices, the failed sign-ins counted against the account within the cool-off time, and
    whether these lock it out now."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(
        username=lockout_username(None, {"username": target.get_username()}),
        attempt_time__gte=since,
    )
    failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
    return {
        "devices": TOTPDevice.objects.filter(user=target, confirmed=True).count(),
        "failures": failures,
        "locked_out": failures >= settings.AXES_FAILURE_LIMIT,
    }
