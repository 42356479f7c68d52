"""Rights over users and role assignments.

A ministry admin manages every user. A regional officer manages the users of the gminas of their
voivodeship: assignments of gmina roles over a gmina inside it. The target of an assignment is
located at its territory; a user is located at each territory of their assignments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integra.core.policies import action, holds_any
from integra.core.roles import GMINA_ROLES, Role

GMINA_CODE_LENGTH = 7
# The prefix of the whole country: a role held over it reaches everything.
EVERYWHERE = ""
USER_MANAGERS = frozenset({Role.MINISTRY_ADMIN, Role.REGIONAL_OFFICER})


@action("accounts.user.manage", _("create users and grant or end their role assignments"))
def can_manage_users_at(user: Any, teryt: str) -> bool:
    if holds_any(user, {Role.MINISTRY_ADMIN}, teryt):
        return True
    return len(teryt) == GMINA_CODE_LENGTH and holds_any(user, {Role.REGIONAL_OFFICER}, teryt)


def grantable_roles(user: Any, teryt: str) -> set[str]:
    """The roles this user may grant over `teryt`."""
    if holds_any(user, {Role.MINISTRY_ADMIN}, teryt):
        return set(Role.values)
    if can_manage_users_at(user, teryt):
        return set(GMINA_ROLES)
    return set()


def can_grant_role(user: Any, role: str, teryt: str) -> bool:
    return role in grantable_roles(user, teryt)


def can_manage_users(user: Any) -> bool:
    """May open the user pages at all; they then show only the users within the user's reach."""
    return bool(getattr(user, "is_authenticated", False) and user.scope_prefixes(USER_MANAGERS))


def grantable_roles_anywhere(user: Any) -> list[str]:
    """The roles this user may grant over some territory, in the order of Role."""
    if not getattr(user, "is_authenticated", False):
        return []
    if user.scope_prefixes({Role.MINISTRY_ADMIN}):
        return list(Role.values)
    if user.scope_prefixes({Role.REGIONAL_OFFICER}):
        return [role for role in Role.values if role in GMINA_ROLES]
    return []


def is_open(assignment: Any, on: dt.date | None = None) -> bool:
    """Valid today or later: not ended (an ended assignment is history, beyond anyone's reach)."""
    on = on or timezone.localdate()
    return assignment.valid_until is None or assignment.valid_until > on


def can_manage_assignment(user: Any, assignment: Any) -> bool:
    """May end this assignment (or have granted it): its role over its territory is grantable,
    and it is not the user's own."""
    if getattr(user, "pk", None) == assignment.user_id:
        return False
    return can_grant_role(user, assignment.role, assignment.territory.teryt)


def can_grant_to(user: Any, target: Any, role: str, teryt: str) -> bool:
    """May give `target` the role over `teryt`; nobody grants roles to themselves."""
    return getattr(user, "pk", None) != target.pk and can_grant_role(user, role, teryt)


def can_edit_user(user: Any, target: Any) -> bool:
    """May change the person's name, e-mail and whether the account is active: every open
    assignment of theirs is within the user's reach, and a staff account (the Django admin) only
    by a ministry admin over the whole country."""
    if not can_manage_users(user):
        return False
    if target.is_staff or target.is_superuser:
        return holds_any(user, {Role.MINISTRY_ADMIN}, EVERYWHERE)
    return all(
        can_grant_role(user, assignment.role, assignment.territory.teryt)
        for assignment in target.assignments.all()
        if is_open(assignment)
    )


def can_manage_tokens_of(user: Any, owner: Any) -> bool:
    """May issue and revoke the personal API tokens of `owner`: the owner themselves, or a
    ministry admin for anyone; never an inactive user."""
    if not getattr(user, "is_active", False) or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.pk == owner.pk or user.scope_prefixes({Role.MINISTRY_ADMIN}))


def can_create_user(user: Any, grants: Iterable[tuple[str, str]], is_superuser: bool) -> bool:
    """May create a user holding these (role, TERYT) grants: every one is grantable, and only a
    ministry admin over the whole country opens the Django admin (a superuser)."""
    if is_superuser and not holds_any(user, {Role.MINISTRY_ADMIN}, EVERYWHERE):
        return False
    return all(can_grant_role(user, role, teryt) for role, teryt in grants)


def can_reset_sign_in_of(user: Any, target: Any) -> bool:
    """May reset the target's second factor or lift the lockout of their account: a ministry
    admin over the whole country, for anyone but themselves (another admin resets an admin's
    factor, so that a stolen password and session alone never replace it)."""
    if getattr(user, "pk", None) == getattr(target, "pk", None):
        return False
    return holds_any(user, {Role.MINISTRY_ADMIN}, EVERYWHERE)
