"""Writes of a strategy's goals: strategic goals and the operational goals under them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext
from integra.core.actors import Actor
from integra.core.errors import DomainError
from integra.strategies.models import Goal, Strategy
from integra.strategies.rules import (
    GoalContext,
    GoalSpec,
    goal_problems,
    goal_removal_problems,
)
from integra.strategies.services.records import (
    changed,
    created,
    is_adopted,
    record,
    refuse,
    require_manager,
    require_unchanged,
    snapshot,
    touch,
)

GOAL_FIELDS = ("kind", "code", "title", "parent")


class GoalInUse(DomainError):
    code = "goal_in_use"
    status = 409


def _check_goal(strategy: Strategy, spec: GoalSpec, goal: Goal | None = None) -> None:
    taken = strategy.goals.filter(code=spec.code.strip())
    if goal is not None:
        taken = taken.exclude(pk=goal.pk)
    context = GoalContext(
        strategy_id=strategy.pk,
        goal_id=goal.pk if goal is not None else None,
        code_taken=bool(spec.code.strip()) and taken.exists(),
        has_children=goal is not None and goal.children.exists(),
    )
    refuse(goal_problems(spec, context, kinds=list(Goal.Kind.values)))


def _goal_values(spec: GoalSpec) -> dict[str, Any]:
    return {
        "kind": spec.kind,
        "code": spec.code.strip(),
        "title": spec.title.strip(),
        "parent": spec.parent if spec.kind == Goal.Kind.OPERATIONAL else None,
    }


@transaction.atomic
def add_goal(
    *, actor: Actor, strategy: Strategy, spec: GoalSpec, context: RequestContext | None = None
) -> Goal:
    """A strategic goal, or an operational goal under a strategic goal of the same strategy.
    Raises StrategyInvalid (every problem at once), PermissionDenied, Strategy.DoesNotExist."""
    require_manager(actor, strategy)
    _check_goal(strategy, spec)
    goal: Goal = created(
        actor, strategy, Goal, _goal_values(spec), GOAL_FIELDS, "goal_added", context
    )
    return goal


@transaction.atomic
def update_goal(
    *,
    actor: Actor,
    goal: Goal,
    spec: GoalSpec,
    lock_version: int,
    context: RequestContext | None = None,
) -> Goal:
    """Change a goal's number, wording, kind or parent; the errors of add_goal, and
    ItemEditConflict when `lock_version` is not the goal's (someone saved in between)."""
    strategy = goal.strategy
    require_manager(actor, strategy)
    require_unchanged(goal, lock_version)
    _check_goal(strategy, spec, goal)
    saved: Goal = changed(actor, goal, _goal_values(spec), GOAL_FIELDS, "goal_changed", context)
    return saved


@transaction.atomic
def remove_goal(*, actor: Actor, goal: Goal, context: RequestContext | None = None) -> None:
    """Delete a goal. Raises GoalInUse when a planned service of an Action Plan points to it,
    StrategyInvalid for a strategic goal that still has operational goals or for the last
    strategic goal of an adopted strategy."""
    strategy = goal.strategy
    require_manager(actor, strategy)
    refuse(
        goal_removal_problems(
            has_children=goal.children.exists(),
            is_last_strategic_of_adopted=(
                is_adopted(strategy)
                and goal.kind == Goal.Kind.STRATEGIC
                and strategy.goals.filter(kind=Goal.Kind.STRATEGIC).count() == 1
            ),
        )
    )
    before = {"id": goal.pk, **snapshot(goal, GOAL_FIELDS)}
    try:
        with transaction.atomic():
            goal.delete()
    except ProtectedError as exc:
        raise GoalInUse(
            _(
                "Goal %(code)s is linked to planned services of an Action Plan, so it cannot be "
                "removed."
            )
            % {"code": goal.code}
        ) from exc
    touch(strategy)
    record(actor, strategy, "goal_removed", before, {}, context)
