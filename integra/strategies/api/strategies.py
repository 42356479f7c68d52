"""API of gminas' strategies: list, create, read and edit (optimistic locking), the items of a
strategy (goals, diagnosis, working team, participation events) and its transitions."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from integra.audit.services import RequestContext
from integra.catalog.models import TargetGroup
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller
from integra.core.errors import Problem
from integra.strategies import selectors, services
from integra.strategies.api.schemas import (
    DiagnosisIn,
    DiagnosisOut,
    EventIn,
    EventOut,
    GoalIn,
    GoalOut,
    ItemId,
    ResolutionIn,
    StrategyDetail,
    StrategyFilters,
    StrategyId,
    StrategyIn,
    StrategyItem,
    StrategyPatch,
    TeamMemberIn,
    TeamMemberOut,
)
from integra.strategies.models import Goal, Strategy
from integra.territories.models import Territory

router = Router(tags=["strategies"])


# Helpers -----------------------------------------------------------------------------------------


def _strategy(request: HttpRequest, strategy_id: int) -> Strategy:
    """The strategy with its items; Strategy.DoesNotExist (404) outside the caller's scope."""
    return selectors.get_strategy(user=caller(request), strategy_id=strategy_id)


def _item(strategy: Strategy, related: str, item_id: int) -> Any:
    item = getattr(strategy, related).filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


def _target_group(code: str) -> TargetGroup:
    group = TargetGroup.objects.filter(code=code).first()
    if group is None:
        message = _("Unknown target group %(code)s.") % {"code": code}
        raise services.StrategyInvalid(message, [Problem(message, field="target_group")])
    return group


def _parent(strategy: Strategy, code: str | None) -> Goal | None:
    if not code:
        return None
    parent = strategy.goals.filter(code=code).first()
    if parent is None:
        message = _("The strategy has no goal %(code)s.") % {"code": code}
        raise services.StrategyInvalid(message, [Problem(message, field="parent")])
    return parent


# The strategy ------------------------------------------------------------------------------------


@router.get("", response=list[StrategyItem], summary="List strategies")
@paginate(PageNumberPagination)
def strategies_list(request: HttpRequest, filters: Query[StrategyFilters]) -> QuerySet[Strategy]:
    """Strategies within the caller's scope by gmina TERYT code, newest period first."""
    return selectors.list_strategies(
        user=caller(request),
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
        actor=caller(request), gmina=gmina, spec=spec, context=RequestContext.of(request)
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
        actor=caller(request),
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
        actor=caller(request),
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
        actor=caller(request),
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
        actor=caller(request),
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
        actor=caller(request), strategy=strategy, spec=spec, context=RequestContext.of(request)
    )
    return Status(201, goal)


@router.delete("/{strategy_id}/goals/{goal_id}", response={204: None}, summary="Remove a goal")
def strategies_goals_remove(
    request: HttpRequest, strategy_id: int = StrategyId, goal_id: int = ItemId
) -> Status:
    """409 (goal_in_use) when a planned service of an Action Plan points to the goal."""
    strategy = _strategy(request, strategy_id)
    services.remove_goal(
        actor=caller(request),
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
        actor=caller(request), strategy=strategy, spec=spec, context=RequestContext.of(request)
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
        actor=caller(request),
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
        actor=caller(request),
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
        actor=caller(request),
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
        actor=caller(request),
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
        actor=caller(request),
        event=_item(strategy, "events", event_id),
        context=RequestContext.of(request),
    )
    return Status(204, None)
