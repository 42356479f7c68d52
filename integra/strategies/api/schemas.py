"""Schemas of the strategies API: filters, the strategy and its items in and out."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse
from ninja import Field, Path, Schema

from integra.core.api.schemas import MAX_ID, PRINTABLE, TEXT
from integra.strategies import rules
from integra.strategies.models import DiagnosisEntry, Goal, ParticipationEvent, Strategy, TeamMember
from integra.territories.models import Territory

MAX_FIGURE = Decimal("999999999999.99")
StrategyId = Path(..., ge=1, le=MAX_ID)
ItemId = Path(..., ge=1, le=MAX_ID)
# Dates a strategy may carry: the databases and Python agree on these years.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2200, 12, 31)


def _line(max_length: int, description: str, default: Any = ...) -> Any:
    return Field(default, max_length=max_length, pattern=PRINTABLE, description=description)


def _text(max_length: int, description: str, default: Any = ...) -> Any:
    return Field(default, max_length=max_length, pattern=TEXT, description=description)


def _date(description: str, default: Any = ...) -> Any:
    return Field(default, ge=EARLIEST, le=LATEST, description=description)


# Schemas -----------------------------------------------------------------------------------------


class StrategyFilters(Schema):
    voivodeship: str = Field(
        None, pattern=r"^[0-9]{2}$", description="TERYT code of the voivodeship (2 digits)."
    )
    status: Strategy.Status = Field(None, description="Status of the strategy.")
    gmina: str = Field(None, pattern=r"^[0-9]{7}$", description="TERYT code of the gmina.")


class UnitRef(Schema):
    teryt: str
    name: str


class StrategyFields(Schema):
    title: str = _line(rules.TITLE_MAX, "Title of the strategy.")
    period_from: dt.date = _date("First day of the strategy's period.")
    period_until: dt.date = _date(
        "First day after the strategy's period (exclusive: 2016-01-01 ends a strategy for "
        "2008–2015)."
    )
    team_ordinance_number: str = _line(
        rules.NUMBER_MAX, "Ordinance appointing the working team.", ""
    )
    team_ordinance_on: dt.date | None = _date("Date of the ordinance.", None)


class StrategyIn(StrategyFields):
    gmina: str = Field(..., pattern=r"^[0-9]{7}$", description="TERYT code of the gmina.")


class StrategyPatch(Schema):
    """Only the fields given change; lock_version is the version the editor saw."""

    lock_version: int = Field(..., ge=1, le=2**31 - 1, description="The version last read.")
    title: str = _line(rules.TITLE_MAX, "Title of the strategy.", None)
    period_from: dt.date = _date("First day of the strategy's period.", None)
    period_until: dt.date = _date("First day after the strategy's period.", None)
    team_ordinance_number: str = _line(
        rules.NUMBER_MAX, "Ordinance appointing the working team.", None
    )
    team_ordinance_on: dt.date | None = _date("Date of the ordinance.", None)


class StrategyItem(Schema):
    id: int
    gmina: UnitRef
    voivodeship: UnitRef | None = Field(description="The voivodeship of the gmina.")
    title: str
    period_from: dt.date = Field(description="First day of the strategy's period.")
    period_until: dt.date = Field(
        description="First day after the strategy's period (the end is exclusive, as stored)."
    )
    period_last_day: dt.date = Field(
        description="Last day of the strategy's period (inclusive), as pages show it: a "
        "strategy for 2008–2015 has period_last_day 2015-12-31 and period_until 2016-01-01."
    )
    status: Strategy.Status
    status_label: str = Field(description="The status in words, in the language of the request.")
    resolution_number: str
    resolution_on: dt.date | None
    team_ordinance_number: str
    team_ordinance_on: dt.date | None
    has_document: bool
    lock_version: int = Field(description="Send it back with PATCH.")
    url: str = Field(description="Path of the strategy in this API.")

    @staticmethod
    def resolve_voivodeship(strategy: Strategy) -> Territory | None:
        powiat = strategy.gmina.parent
        return powiat.parent if powiat else None

    @staticmethod
    def resolve_status_label(strategy: Strategy) -> str:
        return str(strategy.get_status_display())

    @staticmethod
    def resolve_has_document(strategy: Strategy) -> bool:
        return bool(strategy.document)

    @staticmethod
    def resolve_url(strategy: Strategy) -> str:
        return reverse("api:strategies_detail", kwargs={"strategy_id": strategy.pk})


class DiagnosisIn(Schema):
    target_group: str = _line(16, "Code of the target group, e.g. OS.")
    problem: str = _text(rules.PROBLEM_MAX, "The problem of the target group.")
    figure: Decimal | None = Field(None, ge=-MAX_FIGURE, le=MAX_FIGURE, decimal_places=2)
    figure_unit: str = _line(
        rules.FIGURE_UNIT_MAX, "Unit of the figure, required with a figure.", ""
    )
    source: str = _line(rules.SOURCE_MAX, "Where the figure comes from.", "")


class DiagnosisOut(Schema):
    id: int
    lock_version: int = Field(description="The version of the item; a page edit raises it.")
    target_group: str
    problem: str
    figure: Decimal | None
    figure_unit: str
    source: str

    @staticmethod
    def resolve_target_group(entry: DiagnosisEntry) -> str:
        return entry.target_group.code


class GoalIn(Schema):
    kind: Goal.Kind
    code: str = _line(rules.GOAL_CODE_MAX, "Number of the goal, unique in the strategy.")
    title: str = _line(rules.GOAL_TITLE_MAX, "The goal.")
    parent: str | None = _line(
        rules.GOAL_CODE_MAX, "Number of the strategic goal (operational goals).", None
    )


class GoalOut(Schema):
    id: int
    lock_version: int = Field(description="The version of the item; a page edit raises it.")
    kind: Goal.Kind
    code: str
    title: str
    parent: str | None = Field(description="Number of the strategic goal.")

    @staticmethod
    def resolve_parent(goal: Goal) -> str | None:
        return goal.parent.code if goal.parent else None


class TeamMemberIn(Schema):
    name: str = _line(rules.NAME_MAX, "Name of the member.")
    institution: str = _line(rules.INSTITUTION_MAX, "Institution.", "")
    team_role: str = _line(rules.TEAM_ROLE_MAX, "Role in the team.", "")


class TeamMemberOut(Schema):
    id: int
    lock_version: int = Field(description="The version of the item; a page edit raises it.")
    name: str
    institution: str
    team_role: str


class EventIn(Schema):
    kind: ParticipationEvent.Kind
    held_on: dt.date = _date("Date of the event.")
    place: str = _line(rules.PLACE_MAX, "Place of the event.")
    participants: int = Field(..., ge=0, le=1_000_000)
    notes: str = _text(rules.NOTES_MAX, "Notes of the event.", "")


class EventOut(Schema):
    id: int
    lock_version: int = Field(description="The version of the item; a page edit raises it.")
    kind: ParticipationEvent.Kind
    held_on: dt.date
    place: str
    participants: int
    notes: str


class StrategyDetail(StrategyItem):
    diagnosis: list[DiagnosisOut]
    goals: list[GoalOut]
    team: list[TeamMemberOut]
    events: list[EventOut]

    @staticmethod
    def resolve_diagnosis(strategy: Strategy) -> list[DiagnosisEntry]:
        return list(strategy.diagnosis.all())

    @staticmethod
    def resolve_goals(strategy: Strategy) -> list[Goal]:
        return list(strategy.goals.all())

    @staticmethod
    def resolve_team(strategy: Strategy) -> list[TeamMember]:
        return list(strategy.team.all())

    @staticmethod
    def resolve_events(strategy: Strategy) -> list[ParticipationEvent]:
        return list(strategy.events.all())


class ResolutionIn(Schema):
    resolution_number: str = _line(rules.NUMBER_MAX, "Number of the council resolution.")
    resolution_on: dt.date = _date("Date of the council resolution.")
