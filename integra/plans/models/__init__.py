"""The models of plans: strategies (GSRPS) and Action Plans with their versions."""

from integra.plans.models.action_plans import (
    ActionPlan,
    ActionPlanQuerySet,
    PlannedService,
    PlanVersion,
    PlanVersionQuerySet,
    PublicComment,
    ReviewComment,
)
from integra.plans.models.strategy import (
    DiagnosisEntry,
    Goal,
    ParticipationEvent,
    Strategy,
    StrategyQuerySet,
    TeamMember,
)

__all__ = [
    "ActionPlan",
    "ActionPlanQuerySet",
    "DiagnosisEntry",
    "Goal",
    "ParticipationEvent",
    "PlanVersion",
    "PlanVersionQuerySet",
    "PlannedService",
    "PublicComment",
    "ReviewComment",
    "Strategy",
    "StrategyQuerySet",
    "TeamMember",
]
