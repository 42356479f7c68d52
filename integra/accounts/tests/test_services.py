"""create_user: success, each refusal (nothing written), and the audit event."""

from __future__ import annotations

import pytest

from integra.accounts.models import Role, RoleAssignment, User
from integra.accounts.services.users import (
    AssignmentInvalid,
    EmailTaken,
    PasswordRejected,
    UsernameInvalid,
    UsernameTaken,
    create_user,
)
from integra.audit.models import AuditEvent
from integra.core.actors import SystemActor
from integra.territories.services import ensure_country

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase-7"


def state():
    return (User.objects.count(), RoleAssignment.objects.count(), AuditEvent.objects.count())


def make(small_tree, **overrides):
    values = {
        "actor": SystemActor("test"),
        "username": "konsultant.lodzkie",
        "email": "konsultant@example.org",
        "password": PASSWORD,
        "assignments": [(Role.REGIONAL_CONSULTANT, small_tree["10"])],
    }
    return create_user(**{**values, **overrides})


def test_creates_a_user_with_assignments_and_records_the_event(small_tree):
    user = make(small_tree)
    assert user.check_password(PASSWORD)
    assert not user.is_staff and not user.is_superuser
    assert list(user.active_assignments().values_list("role", "territory__teryt")) == [
        (Role.REGIONAL_CONSULTANT, "10")
    ]
    event = AuditEvent.objects.get(action="accounts.user.created")
    assert (event.target_id, event.territory_teryt) == (str(user.pk), "10")
    assert event.changes["assignments"] == [{"role": "regional_consultant", "territory": "10"}]
    assert PASSWORD not in str(event.changes)


def test_a_superuser_can_open_the_admin(small_tree):
    country = ensure_country()
    user = make(
        small_tree,
        username="admin",
        email="",
        assignments=[(Role.MINISTRY_ADMIN, country)],
        is_superuser=True,
    )
    assert user.is_staff and user.is_superuser


def test_a_provider_may_sit_on_any_level_or_none(small_tree):
    assert make(small_tree, assignments=[(Role.PROVIDER, small_tree["1001022"])])
    assert make(small_tree, username="ekspert", email="", assignments=[])


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"username": "konsultant.lodzkie", "email": "other@example.org"}, UsernameTaken),
        ({"username": "other", "email": "KONSULTANT@example.org"}, EmailTaken),
        ({"username": "has space", "email": ""}, UsernameInvalid),
        ({"username": "", "email": ""}, UsernameInvalid),
    ],
)
def test_refuses_a_taken_or_invalid_identity(small_tree, overrides, error):
    make(small_tree)
    before = state()
    with pytest.raises(error):
        make(small_tree, **overrides)
    assert state() == before


@pytest.mark.parametrize("password", ["short", "password123", "12345678901234"])
def test_refuses_a_weak_password(small_tree, password):
    before = state()
    with pytest.raises(PasswordRejected):
        make(small_tree, password=password)
    assert state() == before


@pytest.mark.parametrize(
    ("role", "teryt"),
    [
        ("mayor", "10"),
        (Role.GMINA_COORDINATOR, "10"),
        (Role.REGIONAL_OFFICER, "1001022"),
        (Role.MINISTRY_ANALYST, "06"),
    ],
)
def test_refuses_a_role_over_the_wrong_kind_of_territory(small_tree, role, teryt):
    before = state()
    with pytest.raises(AssignmentInvalid):
        make(small_tree, assignments=[(role, small_tree[teryt])])
    assert state() == before
