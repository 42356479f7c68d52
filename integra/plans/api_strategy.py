"""API of gminas' strategies: list, create, read and edit (optimistic locking), the items of a
strategy (goals, diagnosis, working team, participation events) and its transitions."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from integra.audit.services import RequestContext
from integra.catalog.models import TargetGroup
from integra.core.api.pagination import PageNumberPagination
from integra.plans.models import DiagnosisEntry, Goal, ParticipationEvent, Strategy, TeamMember
from integra.plans.selectors import strategy as selectors
from integra.plans.services import strategy as services
from integra.territories.models import Territory

router = Router(tags=["strategies"])

# The largest key the databases store; a larger path parameter is refused, never sent to SQL.
MAX_ID = 2**63 - 1
# Control characters never occur in one-line fields, and PostgreSQL refuses NUL in any text.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
TEXT = r"^[^\x00]*$"
MAX_FIGURE = Decimal("999999999999.99")
StrategyId = Path(..., ge=1, le=MAX_ID)
ItemId = Path(..., ge=1, le=MAX_ID)
# Dates a strategy may carry: the databases and Python agree on these years.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2200, 12, 31)


def _line(max_length: int, description: str, default: Any = ...) -> Any:
    return Field(default, max_length=max_length, pattern=PRINTABLE, description=description)


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
    title: str = _line(300, "Title of the strategy.")
    period_from: dt.date = _date("First day of the strategy's period.")
    period_until: dt.date = _date("First day after the strategy's period.")
    team_ordinance_number: str = _line(64, "Ordinance appointing the working team.", "")
    team_ordinance_on: dt.date | None = _date("Date of the ordinance.", None)


class StrategyIn(StrategyFields):
    gmina: str = Field(..., pattern=r"^[0-9]{7}$", description="TERYT code of the gmina.")


class StrategyPatch(Schema):
    """Only the fields given change; lock_version is the version the editor saw."""

    lock_version: int = Field(..., ge=1, le=2**31 - 1, description="The version last read.")
    title: str = _line(300, "Title of the strategy.", None)
    period_from: dt.date = _date("First day of the strategy's period.", None)
    period_until: dt.date = _date("First day after the strategy's period.", None)
    team_ordinance_number: str = _line(64, "Ordinance appointing the working team.", None)
    team_ordinance_on: dt.date | None = _date("Date of the ordinance.", None)


class StrategyItem(Schema):
    id: int
    gmina: UnitRef
    voivodeship: UnitRef | None = Field(description="The voivodeship of the gmina.")
    title: str
    period_from: dt.date
    period_until: dt.date
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
    problem: str = Field(..., max_length=5000, pattern=TEXT)
    figure: Decimal | None = Field(None, ge=-MAX_FIGURE, le=MAX_FIGURE, decimal_places=2)
    figure_unit: str = _line(100, "Unit of the figure, required with a figure.", "")
    source: str = _line(300, "Where the figure comes from.", "")


class DiagnosisOut(Schema):
    id: int
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
    code: str = _line(16, "Number of the goal, unique in the strategy.")
    title: str = _line(400, "The goal.")
    parent: str | None = _line(16, "Number of the strategic goal (operational goals).", None)


class GoalOut(Schema):
    id: int
    kind: Goal.Kind
    code: str
    title: str
    parent: str | None = Field(description="Number of the strategic goal.")

    @staticmethod
    def resolve_parent(goal: Goal) -> str | None:
        return goal.parent.code if goal.parent else None


class TeamMemberIn(Schema):
    name: str = _line(200, "Name of the member.")
    institution: str = _line(300, "Institution.", "")
    team_role: str = _line(100, "Role in the team.", "")


class TeamMemberOut(Schema):
    id: int
    name: str
    institution: str
    team_role: str


class EventIn(Schema):
    kind: ParticipationEvent.Kind
    held_on: dt.date = _date("Date of the event.")
    place: str = _line(200, "Place of the event.")
    participants: int = Field(..., ge=0, le=1_000_000)
    notes: str = Field("", max_length=5000, pattern=TEXT)


class EventOut(Schema):
    id: int
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
    resolution_number: str = _line(64, "Number of the council resolution.")
    resolution_on: dt.date = _date("Date of the council resolution.")


# Helpers -----------------------------------------------------------------------------------------


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _strategy(request: HttpRequest, strategy_id: int) -> Strategy:
    """The strategy with its items; Strategy.DoesNotExist (404) outside the caller's scope."""
    return selectors.get_strategy(user=_user(request), strategy_id=strategy_id)


def _item(strategy: Strategy, related: str, item_id: int) -> Any:
    item = getattr(strategy, related).filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


def _target_group(code: str) -> TargetGroup:
    group = TargetGroup.objects.filter(code=code).first()
    if group is None:
        raise services.StrategyInvalid(_("Unknown target group %(code)s.") % {"code": code})
    return group


def _parent(strategy: Strategy, code: str | None) -> Goal | None:
    if not code:
        return None
    parent = strategy.goals.filter(code=code).first()
    if parent is None:
        raise services.StrategyInvalid(_("The strategy has no goal %(code)s.") % {"code": code})
    return parent


# The strategy ------------------------------------------------------------------------------------


@router.get("", response=list[StrategyItem], summary="List strategies")
@paginate(PageNumberPagination)
def strategies_list(request: HttpRequest, filters: Query[StrategyFilters]) -> QuerySet[Strategy]:
    """Strategies within the caller's scope by gmina TERYT code, newest period first."""
    return selectors.list_strategies(
        user=_user(request),
        voivodeship=filters.voivodeship,
        status=filters.status,
        gmina=filters.gmina,
    )


@router.post("", response={201: StrategyDetail}, summary="Create a strategy")
def strategies_create(request: HttpRequest, data: StrategyIn) -> Status:
    """A new strategy in preparation (the gmina's coordinator). Upload its document on the page."""
    gmina = Territory.objects.get(teryt=data.gmina)
    spec = services.StrategySpec(**data.dict(exclude={"gmina"}))
    strategy = services.create_strategy(
        actor=_user(request), gmina=gmina, spec=spec, context=RequestContext.of(request)
    )
    return Status(201, _strategy(request, strategy.pk))


@router.get("/{strategy_id}", response=StrategyDetail, summary="One strategy with its items")
def strategies_detail(request: HttpRequest, strategy_id: int = StrategyId) -> Strategy:
    """404 when absent and equally when outside the caller's scope."""
    return _strategy(request, strategy_id)


@router.patch("/{strategy_id}", response=StrategyDetail, summary="Edit a strategy")
def strategies_edit(
    request: HttpRequest, data: StrategyPatch, strategy_id: int = StrategyId
) -> Strategy:
    """Change the given fields. 409 (strategy_edit_conflict) when lock_version is not the
    stored one: someone saved in between, and nothing changes."""
    strategy = _strategy(request, strategy_id)
    current = services.StrategySpec(
        title=strategy.title,
        period_from=strategy.period_from,
        period_until=strategy.period_until,
        team_ordinance_number=strategy.team_ordinance_number,
        team_ordinance_on=strategy.team_ordinance_on,
    )
    given = data.dict(exclude_unset=True, exclude={"lock_version"})
    spec = services.StrategySpec(**{**current.__dict__, **given})
    services.update_strategy(
        actor=_user(request),
        strategy=strategy,
        spec=spec,
        lock_version=data.lock_version,
        context=RequestContext.of(request),
    )
    return _strategy(request, strategy_id)


# Transitions -------------------------------------------------------------------------------------


@router.post(
    "/{strategy_id}/consultation", response=StrategyDetail, summary="Put a strategy to consultation"
)
def strategies_consultation(request: HttpRequest, strategy_id: int = StrategyId) -> Strategy:
    """in_preparation → consultation; 409 from another status."""
    services.start_consultation(
        actor=_user(request),
        strategy=_strategy(request, strategy_id),
        context=RequestContext.of(request),
    )
    return _strategy(request, strategy_id)


@router.post("/{strategy_id}/adopt", response=StrategyDetail, summary="Adopt a strategy")
def strategies_adopt(
    request: HttpRequest, data: ResolutionIn, strategy_id: int = StrategyId
) -> Strategy:
    """consultation → adopted by a council resolution; 400 naming everything missing (a
    strategic goal, a diagnosis entry, the resolution), 409 from another status."""
    services.adopt_strategy(
        actor=_user(request),
        strategy=_strategy(request, strategy_id),
        resolution_number=data.resolution_number,
        resolution_on=data.resolution_on,
        context=RequestContext.of(request),
    )
    return _strategy(request, strategy_id)


@router.post("/{strategy_id}/update", response=StrategyDetail, summary="Record a strategy update")
def strategies_record_update(
    request: HttpRequest, data: ResolutionIn, strategy_id: int = StrategyId
) -> Strategy:
    """adopted or updated → updated by a new council resolution; 409 from another status."""
    services.record_strategy_update(
        actor=_user(request),
        strategy=_strategy(request, strategy_id),
        resolution_number=data.resolution_number,
        resolution_on=data.resolution_on,
        context=RequestContext.of(request),
    )
    return _strategy(request, strategy_id)


# Items -------------------------------------------------------------------------------------------


@router.post("/{strategy_id}/goals", response={201: GoalOut}, summary="Add a goal")
def strategies_goals_add(
    request: HttpRequest, data: GoalIn, strategy_id: int = StrategyId
) -> Status:
    """A strategic goal, or an operational goal under the strategic goal numbered `parent`."""
    strategy = _strategy(request, strategy_id)
    spec = services.GoalSpec(
        kind=data.kind, code=data.code, title=data.title, parent=_parent(strategy, data.parent)
    )
    goal = services.add_goal(
        actor=_user(request), strategy=strategy, spec=spec, context=RequestContext.of(request)
    )
    return Status(201, goal)


@router.delete("/{strategy_id}/goals/{goal_id}", response={204: None}, summary="Remove a goal")
def strategies_goals_remove(
    request: HttpRequest, strategy_id: int = StrategyId, goal_id: int = ItemId
) -> Status:
    """409 (goal_in_use) when a planned service of an Action Plan points to the goal."""
    strategy = _strategy(request, strategy_id)
    services.remove_goal(
        actor=_user(request),
        goal=_item(strategy, "goals", goal_id),
        context=RequestContext.of(request),
    )
    return Status(204, None)


@router.post(
    "/{strategy_id}/diagnosis", response={201: DiagnosisOut}, summary="Add a diagnosis entry"
)
def strategies_diagnosis_add(
    request: HttpRequest, data: DiagnosisIn, strategy_id: int = StrategyId
) -> Status:
    """One problem of a target group, with its figure and source."""
    strategy = _strategy(request, strategy_id)
    spec = services.DiagnosisSpec(
        **{**data.dict(), "target_group": _target_group(data.target_group)}
    )
    entry = services.add_diagnosis_entry(
        actor=_user(request), strategy=strategy, spec=spec, context=RequestContext.of(request)
    )
    return Status(201, entry)


@router.delete(
    "/{strategy_id}/diagnosis/{entry_id}",
    response={204: None},
    summary="Remove a diagnosis entry",
)
def strategies_diagnosis_remove(
    request: HttpRequest, strategy_id: int = StrategyId, entry_id: int = ItemId
) -> Status:
    strategy = _strategy(request, strategy_id)
    services.remove_diagnosis_entry(
        actor=_user(request),
        entry=_item(strategy, "diagnosis", entry_id),
        context=RequestContext.of(request),
    )
    return Status(204, None)


@router.post(
    "/{strategy_id}/team", response={201: TeamMemberOut}, summary="Add a working team member"
)
def strategies_team_add(
    request: HttpRequest, data: TeamMemberIn, strategy_id: int = StrategyId
) -> Status:
    strategy = _strategy(request, strategy_id)
    member = services.add_team_member(
        actor=_user(request),
        strategy=strategy,
        spec=services.TeamMemberSpec(**data.dict()),
        context=RequestContext.of(request),
    )
    return Status(201, member)


@router.delete(
    "/{strategy_id}/team/{member_id}",
    response={204: None},
    summary="Remove a working team member",
)
def strategies_team_remove(
    request: HttpRequest, strategy_id: int = StrategyId, member_id: int = ItemId
) -> Status:
    strategy = _strategy(request, strategy_id)
    services.remove_team_member(
        actor=_user(request),
        member=_item(strategy, "team", member_id),
        context=RequestContext.of(request),
    )
    return Status(204, None)


@router.post("/{strategy_id}/events", response={201: EventOut}, summary="Add a participation event")
def strategies_events_add(
    request: HttpRequest, data: EventIn, strategy_id: int = StrategyId
) -> Status:
    """A meeting, survey or workshop that has taken place (not in the future)."""
    strategy = _strategy(request, strategy_id)
    event = services.add_participation_event(
        actor=_user(request),
        strategy=strategy,
        spec=services.EventSpec(**data.dict()),
        context=RequestContext.of(request),
    )
    return Status(201, event)


@router.delete(
    "/{strategy_id}/events/{event_id}",
    response={204: None},
    summary="Remove a participation event",
)
def strategies_events_remove(
    request: HttpRequest, strategy_id: int = StrategyId, event_id: int = ItemId
) -> Status:
    strategy = _strategy(request, strategy_id)
    services.remove_participation_event(
        actor=_user(request),
        event=_item(strategy, "events", event_id),
        context=RequestContext.of(request),
    )
    return Status(204, None)
