"""Writes of gmina strategies (GSRPS), one module per document: the strategy and its life cycle,
its diagnosis, goals, working team and participation events."""

from integra.strategies.rules import (
    DiagnosisSpec,
    EventSpec,
    GoalSpec,
    StrategySpec,
    TeamMemberSpec,
)
from integra.strategies.services.diagnosis import (
    add_diagnosis_entry,
    remove_diagnosis_entry,
    update_diagnosis_entry,
)
from integra.strategies.services.events import (
    add_participation_event,
    remove_participation_event,
    update_participation_event,
)
from integra.strategies.services.goals import GoalInUse, add_goal, remove_goal, update_goal
from integra.strategies.services.records import MANAGERS_ONLY, ItemEditConflict, StrategyInvalid
from integra.strategies.services.strategies import (
    STRATEGY_WORKFLOW,
    StrategyEditConflict,
    StrategyTransitionRefused,
    adopt_strategy,
    create_strategy,
    record_strategy_update,
    start_consultation,
    update_strategy,
)
from integra.strategies.services.team import (
    add_team_member,
    remove_team_member,
    update_team_member,
)

__all__ = [
    "MANAGERS_ONLY",
    "STRATEGY_WORKFLOW",
    "DiagnosisSpec",
    "EventSpec",
    "GoalInUse",
    "GoalSpec",
    "ItemEditConflict",
    "StrategyEditConflict",
    "StrategyInvalid",
    "StrategySpec",
    "StrategyTransitionRefused",
    "TeamMemberSpec",
    "add_diagnosis_entry",
    "add_goal",
    "add_participation_event",
    "add_team_member",
    "adopt_strategy",
    "create_strategy",
    "record_strategy_update",
    "remove_diagnosis_entry",
    "remove_goal",
    "remove_participation_event",
    "remove_team_member",
    "start_consultation",
    "update_diagnosis_entry",
    "update_goal",
    "update_participation_event",
    "update_strategy",
    "update_team_member",
]
