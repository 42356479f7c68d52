"""Who may do what with an Action Plan: every persona × every action × the plan of their own
gmina (1001022, łódzkie), of the neighbouring gmina (1001033, łódzkie) and of a gmina of
lubelskie (0601022)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from integra.action_plans import policies

pytestmark = pytest.mark.django_db

ACTIONS = ("view", "edit", "opine", "decide")
CHECKS = {
    "view": policies.can_view_action_plan,
    "edit": policies.can_edit_action_plan,
    "opine": policies.can_opine_action_plan,
    "decide": policies.can_decide_action_plan,
}
GMINAS = {"own": "1001022", "neighbour": "1001033", "lubelskie": "0601022"}
NONE, READ = "", "view"

# persona → {gmina: the actions allowed there, as a space-separated string}
RIGHTS = {
    "admin": {"own": READ, "neighbour": READ, "lubelskie": READ},
    "analyst": {"own": READ, "neighbour": READ, "lubelskie": READ},
    "officer": {"own": "view decide", "neighbour": "view decide", "lubelskie": NONE},
    "officer_lublin": {"own": NONE, "neighbour": NONE, "lubelskie": "view decide"},
    "consultant": {"own": "view opine", "neighbour": "view opine", "lubelskie": NONE},
    "finance": {"own": READ, "neighbour": READ, "lubelskie": NONE},
    "coordinator": {"own": "view edit", "neighbour": NONE, "lubelskie": NONE},
    "neighbour": {"own": NONE, "neighbour": "view edit", "lubelskie": NONE},
    "viewer": {"own": READ, "neighbour": NONE, "lubelskie": NONE},
    "coordinator_lublin": {"own": NONE, "neighbour": NONE, "lubelskie": "view edit"},
    "provider": {"own": NONE, "neighbour": NONE, "lubelskie": NONE},
    "expert": {"own": NONE, "neighbour": NONE, "lubelskie": NONE},
    "commuter": {"own": READ, "neighbour": NONE, "lubelskie": READ},
}


@pytest.mark.parametrize("persona", RIGHTS)
def test_rights_over_action_plans_by_role_action_and_territory(personas, small_tree, persona):
    user = getattr(personas, persona)
    found = {
        where: " ".join(
            action
            for action in ACTIONS
            if CHECKS[action](user, SimpleNamespace(gmina=small_tree[teryt]))
        )
        for where, teryt in GMINAS.items()
    }
    assert found == RIGHTS[persona]


@pytest.mark.parametrize("persona", RIGHTS)
def test_the_review_queue_is_for_consultants_and_officers(personas, persona):
    expected = persona in {"officer", "officer_lublin", "consultant"}
    assert policies.can_review_any_action_plan(getattr(personas, persona)) is expected


@pytest.mark.parametrize(
    ("persona", "statuses", "allowed"),
    [
        ("coordinator", ["approved"], True),
        ("coordinator", ["superseded", "approved"], True),
        ("coordinator", ["approved", "draft"], False),
        ("coordinator", ["submitted"], False),
        ("neighbour", ["approved"], False),
        ("officer", ["approved"], False),
    ],
)
def test_only_the_coordinator_starts_an_update_of_an_approved_plan_with_nothing_open(
    personas, small_tree, persona, statuses, allowed
):
    plan = SimpleNamespace(gmina=small_tree["1001022"])
    assert policies.can_start_plan_update(getattr(personas, persona), plan, statuses) is allowed
