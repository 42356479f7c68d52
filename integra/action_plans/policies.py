"""Rights over Action Plans: the gmina drafts and submits, the region's consultant gives an
opinion and its officer decides; the ministry and the region read."""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from integra.action_plans.rules import update_refusal
from integra.core.policies import action, holds_any
from integra.core.roles import GMINA_ROLES, MINISTRY_ROLES, REGIONAL_ROLES, Role

PLAN_READERS = MINISTRY_ROLES | REGIONAL_ROLES | GMINA_ROLES
PLAN_WRITERS = frozenset({Role.GMINA_COORDINATOR})
PLAN_OPINERS = frozenset({Role.REGIONAL_CONSULTANT})
PLAN_DECIDERS = frozenset({Role.REGIONAL_OFFICER})


@action("action_plans.action_plan.view", _("view a gmina's Action Plans"))
def can_view_action_plan_at(user: Any, teryt: str) -> bool:
    return holds_any(user, PLAN_READERS, teryt)


@action("action_plans.action_plan.edit", _("draft, update and submit an Action Plan"))
def can_edit_action_plan_at(user: Any, teryt: str) -> bool:
    return holds_any(user, PLAN_WRITERS, teryt)


@action("action_plans.action_plan.opine", _("give an opinion on a submitted Action Plan"))
def can_opine_action_plan_at(user: Any, teryt: str) -> bool:
    return holds_any(user, PLAN_OPINERS, teryt)


@action("action_plans.action_plan.decide", _("return or approve a submitted Action Plan"))
def can_decide_action_plan_at(user: Any, teryt: str) -> bool:
    return holds_any(user, PLAN_DECIDERS, teryt)


def can_view_action_plan(user: Any, plan: Any) -> bool:
    return can_view_action_plan_at(user, plan.gmina.teryt)


def can_edit_action_plan(user: Any, plan: Any) -> bool:
    return can_edit_action_plan_at(user, plan.gmina.teryt)


def can_opine_action_plan(user: Any, plan: Any) -> bool:
    return can_opine_action_plan_at(user, plan.gmina.teryt)


def can_decide_action_plan(user: Any, plan: Any) -> bool:
    return can_decide_action_plan_at(user, plan.gmina.teryt)


def can_view_any_action_plan(user: Any) -> bool:
    """May open the list of Action Plans at all (it then shows only those within the scope)."""
    return bool(getattr(user, "is_authenticated", False) and user.scope_prefixes(PLAN_READERS))


def can_create_any_action_plan(user: Any) -> bool:
    """Coordinates at least one gmina, so may draft a new Action Plan there."""
    return bool(getattr(user, "is_authenticated", False) and user.scope_prefixes(PLAN_WRITERS))


def can_review_any_action_plan(user: Any) -> bool:
    """Gives opinions on or decides Action Plans somewhere: sees the review queue."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.scope_prefixes(PLAN_OPINERS | PLAN_DECIDERS)
    )


def can_start_plan_update(user: Any, plan: Any, statuses: Iterable[str]) -> bool:
    """The gmina's coordinator may open an update of a plan whose versions are in `statuses`:
    one is approved and none is open (the rule of rules.update_refusal)."""
    return can_edit_action_plan(user, plan) and not update_refusal(statuses)
