"""Rights over users and role assignments.

A ministry admin manages every user. A regional officer manages the users of the gminas of their
voivodeship: assignments of gmina roles over a gmina inside it. The target of an assignment is
located at its territory; a user is located at each territory of their assignments.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from integra.core.policies import action, holds_any
from integra.core.roles import GMINA_ROLES, Role

GMINA_CODE_LENGTH = 7


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
