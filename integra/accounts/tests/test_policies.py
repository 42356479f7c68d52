"""The rights over users and role assignments, role by role (table-driven)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from integra.accounts.models import Role, User
from integra.accounts.policies import (
    can_edit_user,
    can_grant_role,
    can_grant_to,
    can_manage_assignment,
    can_manage_users,
    can_manage_users_at,
    grantable_roles_anywhere,
)
from integra.core.roles import GMINA_ROLES

ALL = set(Role.values)
GMINA = set(GMINA_ROLES)
# A persona per role without the database: its assignment's prefix, as role_scopes computes it.
PLACES = {
    Role.MINISTRY_ADMIN: "",
    Role.MINISTRY_ANALYST: "",
    Role.REGIONAL_OFFICER: "10",
    Role.REGIONAL_CONSULTANT: "10",
    Role.REGIONAL_FINANCE: "10",
    Role.GMINA_COORDINATOR: "1001022",
    Role.GMINA_VIEWER: "1001022",
    Role.PROVIDER: "1001022",
    Role.EXPERT: "10",
}


def holder(role: str, pk: int = 1) -> User:
    user = User(pk=pk, username=f"holder-{role}", is_active=True)
    user._role_scopes = {role: frozenset({PLACES[role]})}
    return user


@pytest.mark.parametrize(
    ("role", "may_open", "grantable"),
    [
        (Role.MINISTRY_ADMIN, True, ALL),
        (Role.MINISTRY_ANALYST, False, set()),
        (Role.REGIONAL_OFFICER, True, GMINA),
        (Role.REGIONAL_CONSULTANT, False, set()),
        (Role.REGIONAL_FINANCE, False, set()),
        (Role.GMINA_COORDINATOR, False, set()),
        (Role.GMINA_VIEWER, False, set()),
        (Role.PROVIDER, False, set()),
        (Role.EXPERT, False, set()),
    ],
)
def test_who_opens_the_user_pages_and_which_roles_they_offer(role, may_open, grantable):
    user = holder(role)
    assert can_manage_users(user) is may_open
    assert set(grantable_roles_anywhere(user)) == grantable


def test_an_anonymous_visitor_manages_nothing():
    anonymous = AnonymousUser()
    assert not can_manage_users(anonymous)
    assert grantable_roles_anywhere(anonymous) == []
    assert not can_manage_users_at(anonymous, "1001022")


def test_an_inactive_admin_manages_nothing():
    admin = User(pk=1, username="gone", is_active=False)
    assert not can_manage_users(admin)


# (role of the actor, role granted, TERYT of the territory) → allowed
GRANTS = [
    (Role.MINISTRY_ADMIN, Role.MINISTRY_ADMIN, "PL", True),
    (Role.MINISTRY_ADMIN, Role.REGIONAL_OFFICER, "06", True),
    (Role.MINISTRY_ADMIN, Role.GMINA_VIEWER, "0601022", True),
    (Role.REGIONAL_OFFICER, Role.GMINA_COORDINATOR, "1001022", True),
    (Role.REGIONAL_OFFICER, Role.GMINA_VIEWER, "1001033", True),
    (Role.REGIONAL_OFFICER, Role.GMINA_VIEWER, "0601022", False),
    (Role.REGIONAL_OFFICER, Role.REGIONAL_CONSULTANT, "10", False),
    (Role.REGIONAL_OFFICER, Role.REGIONAL_CONSULTANT, "1001022", False),
    (Role.REGIONAL_OFFICER, Role.PROVIDER, "1001022", False),
    (Role.REGIONAL_OFFICER, Role.GMINA_VIEWER, "10", False),
    (Role.MINISTRY_ANALYST, Role.GMINA_VIEWER, "1001022", False),
    (Role.REGIONAL_CONSULTANT, Role.GMINA_VIEWER, "1001022", False),
    (Role.GMINA_COORDINATOR, Role.GMINA_VIEWER, "1001022", False),
]


@pytest.mark.parametrize(("actor_role", "role", "teryt", "allowed"), GRANTS)
def test_who_may_grant_which_role_where(actor_role, role, teryt, allowed):
    actor = holder(actor_role)
    assert can_grant_role(actor, role, teryt) is allowed
    assert can_grant_to(actor, User(pk=2), role, teryt) is allowed


def test_nobody_may_grant_a_role_to_themselves():
    admin = holder(Role.MINISTRY_ADMIN, pk=7)
    assert not can_grant_to(admin, admin, Role.GMINA_VIEWER, "1001022")


# With the database: the reach over a person depends on every open assignment they hold.
EDITS = [
    ("admin", "commuter", True),
    ("admin", "officer", True),
    ("admin", "admin", True),
    ("officer", "coordinator", True),
    ("officer", "viewer", True),
    ("officer", "commuter", False),
    ("officer", "coordinator_lublin", False),
    ("officer", "consultant", False),
    ("officer", "provider", False),
    ("officer", "officer_lublin", False),
    ("officer_lublin", "coordinator_lublin", True),
    ("officer_lublin", "coordinator", False),
    ("analyst", "coordinator", False),
    ("consultant", "coordinator", False),
    ("coordinator", "viewer", False),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("actor", "target", "allowed"), EDITS)
def test_who_may_edit_whom(personas, actor, target, allowed):
    assert can_edit_user(getattr(personas, actor), getattr(personas, target)) is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "owner", "teryt", "allowed"),
    [
        ("admin", "commuter", "0601022", True),
        ("officer", "commuter", "1001022", True),
        ("officer", "commuter", "0601022", False),
        ("officer", "consultant", "10", False),
        ("officer_lublin", "commuter", "0601022", True),
        ("analyst", "coordinator", "1001022", False),
        ("admin", "admin", "PL", False),
    ],
)
def test_who_may_end_which_assignment(personas, actor, owner, teryt, allowed):
    assignment = getattr(personas, owner).assignments.get(territory__teryt=teryt)
    assert can_manage_assignment(getattr(personas, actor), assignment) is allowed
