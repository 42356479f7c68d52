"""Who may read and who may keep the catalogue, persona by persona."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from integra.accounts.services import create_user
from integra.catalog.policies import (
    can_manage_catalogue,
    can_manage_catalogue_at,
    can_view_catalogue,
    can_view_catalogue_at,
)
from integra.core.actors import SystemActor

pytestmark = pytest.mark.django_db

# persona: (may view, may manage)
RIGHTS = {
    "admin": (True, True),
    "analyst": (True, False),
    "officer": (True, False),
    "consultant": (True, False),
    "finance": (True, False),
    "coordinator": (True, False),
    "viewer": (True, False),
    "provider": (True, False),
    "expert": (True, False),
    "commuter": (True, False),
}


@pytest.mark.parametrize(("name", "rights"), RIGHTS.items())
def test_every_role_reads_the_catalogue_and_only_the_ministry_admin_keeps_it(
    personas, name, rights
):
    user = getattr(personas, name)

    assert (can_view_catalogue(user), can_manage_catalogue(user)) == rights


def test_an_anonymous_visitor_and_a_user_without_a_role_get_nothing(small_tree):
    nobody = create_user(
        actor=SystemActor("test"), username="nobody", email="", password="x-long-pass-99"
    )

    for user in (AnonymousUser(), nobody):
        assert not can_view_catalogue(user)
        assert not can_manage_catalogue(user)


@pytest.mark.parametrize(
    ("name", "teryt", "view", "manage"),
    [
        ("admin", "", True, True),
        ("admin", "1001022", True, True),
        ("coordinator", "1001022", True, False),
        ("coordinator", "", False, False),
        ("officer", "10", True, False),
        ("officer", "06", False, False),
    ],
)
def test_the_registered_predicates_follow_the_scope(personas, name, teryt, view, manage):
    user = getattr(personas, name)

    assert can_view_catalogue_at(user, teryt) is view
    assert can_manage_catalogue_at(user, teryt) is manage
