"""What the content of a version refers to by code or id, fetched at once: the service types,
target groups, goals and strategy an API request names (unknown ones are simply absent)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from integra.action_plans.models import ActionPlan
from integra.catalog.models import ServiceType, TargetGroup
from integra.strategies.models import Goal, Strategy


@dataclass(frozen=True)
class References:
    types: dict[str, ServiceType]
    groups: dict[str, TargetGroup]
    goals: dict[int, Goal]
    strategy: Strategy | None


def plan_references(
    *,
    plan: ActionPlan,
    type_codes: Iterable[str],
    group_codes: Iterable[str],
    goal_ids: Iterable[int],
    strategy_id: int | None,
) -> References:
    """The entries named, in four queries; goals and the strategy only of the plan's gmina."""
    types = ServiceType.objects.filter(code__in=set(type_codes))
    groups = TargetGroup.objects.filter(code__in=set(group_codes))
    goals = Goal.objects.filter(pk__in=set(goal_ids), strategy__gmina=plan.gmina)
    strategy = (
        Strategy.objects.filter(pk=strategy_id, gmina=plan.gmina).first()
        if strategy_id is not None
        else None
    )
    return References(
        types={t.code: t for t in types},
        groups={g.code: g for g in groups},
        goals={g.pk: g for g in goals},
        strategy=strategy,
    )
