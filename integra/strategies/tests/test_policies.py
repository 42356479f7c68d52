"""Who may see and change a gmina's strategy: every role over its own gmina and a foreign one."""

from __future__ import annotations

import pytest

from integra.strategies.policies import (
    can_create_any_strategy,
    can_manage_strategy,
    can_view_any_strategy,
    can_view_strategy,
)
from integra.strategies.tests.factories import StrategyFactory

pytestmark = pytest.mark.django_db

OWN = "1001022"  # the coordinator's and viewer's gmina, in łódzkie (10)
FOREIGN = "0601022"  # a gmina of lubelskie (06)

# persona: (view own, manage own, view foreign, manage foreign)
RIGHTS = {
    "admin": (True, False, True, False),
    "analyst": (True, False, True, False),
    "officer": (True, False, False, False),
    "officer_lublin": (False, False, True, False),
    "consultant": (True, False, False, False),
    "finance": (True, False, False, False),
    "coordinator": (True, True, False, False),
    "neighbour": (False, False, False, False),
    "viewer": (True, False, False, False),
    "coordinator_lublin": (False, False, True, True),
    "provider": (False, False, False, False),
    "expert": (False, False, False, False),
}


@pytest.fixture
def strategies(small_tree):
    return {
        "own": StrategyFactory(gmina=small_tree[OWN]),
        "foreign": StrategyFactory(gmina=small_tree[FOREIGN]),
    }


@pytest.mark.parametrize(("persona", "rights"), RIGHTS.items())
def test_rights_over_a_strategy_by_role_and_gmina(personas, strategies, persona, rights):
    user = getattr(personas, persona)
    found = (
        can_view_strategy(user, strategies["own"]),
        can_manage_strategy(user, strategies["own"]),
        can_view_strategy(user, strategies["foreign"]),
        can_manage_strategy(user, strategies["foreign"]),
    )
    assert found == rights


@pytest.mark.parametrize(("persona", "rights"), RIGHTS.items())
def test_the_list_is_open_to_readers_and_new_strategies_to_coordinators(personas, persona, rights):
    user = getattr(personas, persona)
    assert can_view_any_strategy(user) == (rights[0] or rights[2] or persona == "neighbour")
    assert can_create_any_strategy(user) == (
        persona in {"coordinator", "neighbour", "coordinator_lublin"}
    )


def test_an_anonymous_visitor_has_no_right(strategies):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not can_view_strategy(anonymous, strategies["own"])
    assert not can_manage_strategy(anonymous, strategies["own"])
    assert not can_view_any_strategy(anonymous)
    assert not can_create_any_strategy(anonymous)
