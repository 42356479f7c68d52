"""Rules of a strategy's input: pure checks (no queries), each returning every problem at once
with its field. The services gather what a rule needs from the database and pass it in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from integra.core.errors import Problem

# A participation event may precede the strategy's period by this many years (preparation).
EVENT_YEARS_BEFORE_PERIOD = 5
EARLIEST_DATE = dt.date(1990, 1, 1)
STRATEGIC = "strategic"
OPERATIONAL = "operational"

# The length of every text of a strategy, declared once: the models, the page forms and the API
# schemas all take these (a longer text is refused at its field, never cut).
TITLE_MAX = 300
NUMBER_MAX = 64  # a council resolution's or an ordinance's number
PROBLEM_MAX = 5000
FIGURE_UNIT_MAX = 100
SOURCE_MAX = 300
GOAL_CODE_MAX = 16
GOAL_TITLE_MAX = 400
NAME_MAX = 200
INSTITUTION_MAX = 300
TEAM_ROLE_MAX = 100
PLACE_MAX = 200
NOTES_MAX = 5000


def act_number(number: str) -> str:
    """An act's number as people read it: "nr 5/2008" for a bare number (5/2008, XII/45/08),
    and as typed when it names the act or says "nr" itself ("Zarządzenie nr 5/2008")."""
    number = number.strip()
    if not number or " " in number or number.casefold().startswith(("nr", "no.")):
        return number
    return _("No. %(number)s") % {"number": number}


# Specs: what the caller may set; each service checks them whole and reports every problem.


@dataclass(frozen=True)
class StrategySpec:
    title: str
    period_from: dt.date
    period_until: dt.date
    team_ordinance_number: str = ""
    team_ordinance_on: dt.date | None = None


@dataclass(frozen=True)
class DiagnosisSpec:
    target_group: Any
    problem: str
    figure: Decimal | None = None
    figure_unit: str = ""
    source: str = ""


@dataclass(frozen=True)
class GoalSpec:
    kind: str
    code: str
    title: str
    parent: Any = None  # a Goal of the same strategy, for an operational goal


@dataclass(frozen=True)
class TeamMemberSpec:
    name: str
    institution: str = ""
    team_role: str = ""


@dataclass(frozen=True)
class EventSpec:
    kind: str
    held_on: dt.date
    place: str
    participants: int
    notes: str = ""


def strategy_problems(spec: StrategySpec, *, today: dt.date) -> list[Problem]:
    problems = []
    if not spec.title.strip():
        problems.append(Problem(_("the title is required"), field="title"))
    if spec.period_until <= spec.period_from:
        problems.append(Problem(_("the period must end after it starts"), field="period_until"))
    if spec.period_from < EARLIEST_DATE:
        problems.append(Problem(_("the period may not start before 1990"), field="period_from"))
    if bool(spec.team_ordinance_number.strip()) != (spec.team_ordinance_on is not None):
        problems.append(
            Problem(
                _("give both the number and the date of the team ordinance, or neither"),
                field="team_ordinance_number",
            )
        )
    if spec.team_ordinance_on and spec.team_ordinance_on > today:
        problems.append(
            Problem(
                _("the team ordinance may not be dated in the future"), field="team_ordinance_on"
            )
        )
    return problems


def resolution_problems(number: str, on: dt.date | None, *, today: dt.date) -> list[Problem]:
    problems = []
    if not number.strip():
        problems.append(
            Problem(_("the council resolution number is required"), field="resolution_number")
        )
    if on is None:
        problems.append(
            Problem(_("the council resolution date is required"), field="resolution_on")
        )
    elif on > today:
        problems.append(
            Problem(
                _("the council resolution may not be dated in the future"), field="resolution_on"
            )
        )
    elif on < EARLIEST_DATE:
        problems.append(
            Problem(_("the council resolution may not be dated before 1990"), field="resolution_on")
        )
    return problems


def adoption_problems(*, has_strategic_goal: bool, has_diagnosis: bool) -> list[Problem]:
    problems = []
    if not has_strategic_goal:
        problems.append(Problem(_("at least one strategic goal is required"), field="goals"))
    if not has_diagnosis:
        problems.append(Problem(_("at least one diagnosis entry is required"), field="diagnosis"))
    return problems


def update_problems(
    number: str,
    on: dt.date | None,
    *,
    previous_number: str,
    previous_on: dt.date | None,
) -> list[Problem]:
    """What a new resolution must add to the one in force."""
    problems = []
    if number.strip() == previous_number:
        problems.append(
            Problem(
                _("the update needs a new council resolution number"), field="resolution_number"
            )
        )
    if on and previous_on and on < previous_on:
        problems.append(
            Problem(
                _("the new resolution may not be older than the previous one"),
                field="resolution_on",
            )
        )
    return problems


def diagnosis_problems(spec: DiagnosisSpec) -> list[Problem]:
    problems = []
    if spec.target_group is None:
        problems.append(Problem(_("the target group is required"), field="target_group"))
    if not spec.problem.strip():
        problems.append(Problem(_("describe the problem"), field="problem"))
    if spec.figure is not None and not spec.figure_unit.strip():
        problems.append(Problem(_("give the unit of the figure"), field="figure_unit"))
    return problems


@dataclass(frozen=True)
class GoalContext:
    """What the database says about a goal being written: facts, not queries."""

    strategy_id: int
    goal_id: int | None = None  # None for a new goal
    code_taken: bool = False
    has_children: bool = False


def goal_problems(spec: GoalSpec, context: GoalContext, *, kinds: list[str]) -> list[Problem]:
    problems = []
    if spec.kind not in kinds:
        problems.append(Problem(_("unknown kind of goal"), field="kind"))
    if not spec.code.strip() or not spec.title.strip():
        problems.append(Problem(_("the number and the goal are required"), field="code"))
    if spec.code.strip() and context.code_taken:
        problems.append(
            Problem(_("the number %(code)s is taken") % {"code": spec.code.strip()}, field="code")
        )
    message = _parent_problem(spec, context)
    if message:
        problems.append(Problem(message, field="parent"))
    return problems


def _parent_problem(spec: GoalSpec, context: GoalContext) -> str:
    parent = spec.parent
    if spec.kind == STRATEGIC:
        return _("a strategic goal has no parent") if parent is not None else ""
    if spec.kind != OPERATIONAL:
        return ""
    if parent is None:
        return _("an operational goal needs its strategic goal")
    if parent.strategy_id != context.strategy_id or parent.kind != STRATEGIC:
        return _("the parent must be a strategic goal of the same strategy")
    if context.goal_id is not None and parent.pk == context.goal_id:
        return _("a goal cannot be its own parent")
    if context.has_children:
        return _("a strategic goal with operational goals stays strategic")
    return ""


def goal_removal_problems(
    *, has_children: bool, is_last_strategic_of_adopted: bool
) -> list[Problem]:
    problems = []
    if has_children:
        problems.append(Problem(_("remove or move its operational goals first"), field="goal"))
    if is_last_strategic_of_adopted:
        problems.append(
            Problem(_("an adopted strategy keeps at least one strategic goal"), field="goal")
        )
    return problems


def member_problems(spec: TeamMemberSpec) -> list[Problem]:
    return [Problem(_("the name is required"), field="name")] if not spec.name.strip() else []


def event_problems(
    spec: EventSpec,
    *,
    kinds: list[str],
    period_from: dt.date,
    period_until: dt.date,
    today: dt.date,
) -> list[Problem]:
    problems = []
    if spec.kind not in kinds:
        problems.append(Problem(_("unknown kind of event"), field="kind"))
    if not spec.place.strip():
        problems.append(Problem(_("the place is required"), field="place"))
    if spec.participants < 0:
        problems.append(
            Problem(_("the number of participants may not be negative"), field="participants")
        )
    # The first of the month: the same day five years earlier may not exist (29 February).
    earliest = period_from.replace(year=period_from.year - EVENT_YEARS_BEFORE_PERIOD, day=1)
    if spec.held_on > today:
        problems.append(
            Problem(
                _("an event is recorded once it has taken place, not in advance"), field="held_on"
            )
        )
    elif spec.held_on < earliest or spec.held_on >= period_until:
        problems.append(
            Problem(
                _("the date must lie between %(earliest)s and the end of the strategy's period")
                % {"earliest": earliest.isoformat()},
                field="held_on",
            )
        )
    return problems
