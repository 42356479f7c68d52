"""Reads of gminas' strategies for pages, the API and Action Plans, within the reader's scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from integra.core.collation import polish
from integra.strategies.models import DiagnosisEntry, Goal, Strategy

ADOPTED = (Strategy.Status.ADOPTED, Strategy.Status.UPDATED)


def list_strategies(
    *,
    user: Any,
    voivodeship: str | None = None,
    status: str | None = None,
    gmina: str | None = None,
) -> QuerySet[Strategy]:
    """Strategies visible to the user by gmina TERYT code, newest period first; filtered by
    voivodeship (two-digit TERYT code), status and gmina (TERYT code)."""
    strategies = Strategy.objects.visible_to(user).select_related("gmina__parent__parent")
    if voivodeship:
        strategies = strategies.filter(gmina__teryt__startswith=voivodeship)
    if status:
        strategies = strategies.filter(status=status)
    if gmina:
        strategies = strategies.filter(gmina__teryt=gmina)
    return strategies.order_by(polish("gmina__name"), "gmina__teryt", "-period_from", "pk")


def get_strategy(*, user: Any, strategy_id: int) -> Strategy:
    """One strategy with its diagnosis (and target groups), goals, team and events loaded;
    Strategy.DoesNotExist when absent or outside the user's scope alike."""
    return (
        Strategy.objects.visible_to(user)
        .select_related("gmina__parent__parent")
        .prefetch_related(
            Prefetch(
                "diagnosis",
                queryset=DiagnosisEntry.objects.select_related("target_group").order_by(
                    "target_group__position", "target_group__code", "pk"
                ),
            ),
            Prefetch("goals", queryset=Goal.objects.select_related("parent").order_by("code")),
            "team",
            "events",
        )
        .get(pk=strategy_id)
    )


def current_strategy(*, user: Any, gmina: Any) -> Strategy | None:
    """The gmina's adopted (or updated) strategy with the latest period, else None."""
    return (
        Strategy.objects.visible_to(user)
        .filter(gmina=gmina, status__in=ADOPTED)
        .order_by("-period_from", "-pk")
        .first()
    )


def strategy_goals(strategy: Strategy) -> QuerySet[Goal]:
    """Every goal of the strategy, strategic and operational, by number (the parent loaded): what
    a planned service of an Action Plan may point to."""
    return Goal.objects.filter(strategy=strategy).select_related("parent").order_by("code", "pk")


@dataclass
class GoalBranch:
    """A strategic goal with its operational goals."""

    goal: Goal
    children: list[Goal] = field(default_factory=list)


def goal_tree(goals: Any) -> list[GoalBranch]:
    """Strategic goals in order, each with its operational goals (from already loaded goals)."""
    branches = {g.pk: GoalBranch(g) for g in goals if g.kind == Goal.Kind.STRATEGIC}
    for goal in goals:
        if goal.kind == Goal.Kind.OPERATIONAL and goal.parent_id in branches:
            branches[goal.parent_id].children.append(goal)
    return list(branches.values())


@dataclass
class DiagnosisGroup:
    """The diagnosis entries of one target group."""

    target_group: Any
    entries: list[DiagnosisEntry] = field(default_factory=list)


def diagnosis_by_group(entries: Any) -> list[DiagnosisGroup]:
    """Loaded diagnosis entries grouped by target group, in the groups' order."""
    groups: dict[int, DiagnosisGroup] = {}
    for entry in entries:
        group = groups.setdefault(entry.target_group_id, DiagnosisGroup(entry.target_group))
        group.entries.append(entry)
    return list(groups.values())
