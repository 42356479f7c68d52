"""API of procurement rounds: the list and one round (as the pages show them), building one from
the approved plan, and its steps — the pages' rules and rights."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from integra.action_plans.models import ActionPlan
from integra.action_plans.selectors import get_action_plan
from integra.audit.services import RequestContext
from integra.contracts import selectors, services
from integra.contracts.api.schemas import Id, ReasonIn, RoundDetail, RoundFilters, RoundIn, RoundOut
from integra.contracts.models import ProcurementRound
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller

router = Router(tags=["procurement"])


def _round(request: HttpRequest, round_id: int) -> ProcurementRound:
    return selectors.get_round(user=caller(request), round_id=round_id)


@router.get("", response=list[RoundOut], summary="List procurement rounds")
@paginate(PageNumberPagination)
def procurement_rounds_list(
    request: HttpRequest, filters: Query[RoundFilters]
) -> QuerySet[ProcurementRound]:
    return selectors.list_rounds(
        user=caller(request),
        status=filters.status,
        gmina=filters.gmina,
        voivodeship=filters.voivodeship,
    )


@router.get("/{round_id}", response=RoundDetail, summary="One procurement round")
def procurement_rounds_detail(request: HttpRequest, round_id: int = Id) -> ProcurementRound:
    """404 when absent or outside the caller's sight (a planned round of another gmina)."""
    return _round(request, round_id)


@router.post("", response={201: RoundDetail}, summary="Build a round from the approved plan")
def procurement_rounds_create(request: HttpRequest, data: RoundIn) -> Status:
    """The gmina's coordinator; 422 per field (weights, dates, services without a free budget),
    409 when the plan has no approved version."""
    user = caller(request)
    plan: ActionPlan = get_action_plan(user=user, plan_id=data.plan)
    round_ = services.build_round(
        actor=user, plan=plan, values=data.values(), context=RequestContext.of(request)
    )
    return Status(201, _round(request, round_.pk))


def _step(request: HttpRequest, round_id: int, call: Any, **extra: Any) -> ProcurementRound:
    round_ = _round(request, round_id)
    call(actor=caller(request), round_=round_, context=RequestContext.of(request), **extra)
    return _round(request, round_id)


@router.post("/{round_id}/publish", response=RoundDetail, summary="Publish the invitation")
def procurement_rounds_publish(request: HttpRequest, round_id: int = Id) -> ProcurementRound:
    return _step(request, round_id, services.publish_round)


@router.post("/{round_id}/close", response=RoundDetail, summary="Close the offers")
def procurement_rounds_close(request: HttpRequest, round_id: int = Id) -> ProcurementRound:
    """409 before the deadline."""
    return _step(request, round_id, services.close_offers)


@router.post("/{round_id}/evaluate", response=RoundDetail, summary="Rank and select")
def procurement_rounds_evaluate(request: HttpRequest, round_id: int = Id) -> ProcurementRound:
    """422 while a check, a declaration or a score is missing."""
    return _step(request, round_id, services.evaluate_round)


@router.post("/{round_id}/results", response=RoundDetail, summary="Publish the results")
def procurement_rounds_results(request: HttpRequest, round_id: int = Id) -> ProcurementRound:
    return _step(request, round_id, services.publish_results)


@router.post("/{round_id}/cancel", response=RoundDetail, summary="Cancel the round")
def procurement_rounds_cancel(
    request: HttpRequest, data: ReasonIn, round_id: int = Id
) -> ProcurementRound:
    return _step(request, round_id, services.cancel_round, reason=data.reason)
