"""API of allocation runs: list, create, detail with results, publish, compare — ministry only."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from integra.allocations import selectors, services
from integra.allocations.api.schemas import (
    ComparisonOut,
    RunDetail,
    RunFilters,
    RunId,
    RunIn,
    RunItem,
)
from integra.allocations.models import AllocationRun
from integra.audit.services import RequestContext
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller
from integra.programmes.models import Programme

router = Router(tags=["allocation-runs"])


@router.get("", response=list[RunItem], summary="List allocation runs")
@paginate(PageNumberPagination)
def allocation_runs_list(
    request: HttpRequest, filters: Query[RunFilters]
) -> QuerySet[AllocationRun]:
    """Runs newest first; the ministry sees every run, anyone else an empty list."""
    return selectors.list_runs(user=caller(request), programme=filters.programme)  # type: ignore[attr-defined]


@router.post("", response={201: RunDetail}, summary="Create an allocation run")
def allocation_runs_create(request: HttpRequest, data: RunIn) -> Status:
    """Compute a draft run over the programme's participating gminas (ministry administrators)."""
    user = caller(request)
    services.require_run_manager(user)
    programme = Programme.objects.get(code=data.programme)
    params = services.RunParameters(
        method=data.method,
        indicator=data.indicator,
        year=data.year,
        budget=data.budget_eur,
        unit=data.unit_eur,
        floor=data.floor_eur,
        cap=data.cap_eur,
        weights=data.weights.model_dump(exclude_none=True) if data.weights else None,
    )
    run = services.create_run(
        actor=user,
        programme=programme,
        params=params,
        amounts=data.amounts,
        context=RequestContext.of(request),
    )
    return Status(201, selectors.get_run(user=user, run_id=run.pk))


@router.get("/{run_id}", response=RunDetail, summary="One allocation run with its results")
def allocation_runs_detail(request: HttpRequest, run_id: int = RunId) -> AllocationRun:
    """404 when absent and equally when the caller may not see runs."""
    return selectors.get_run(user=caller(request), run_id=run_id)  # type: ignore[attr-defined]


@router.post("/{run_id}/publish", response=RunDetail, summary="Publish an allocation run")
def allocation_runs_publish(request: HttpRequest, run_id: int = RunId) -> AllocationRun:
    """Lock a draft run's amounts; the programme's published run so far becomes superseded."""
    user = caller(request)
    run = selectors.get_run(user=user, run_id=run_id)
    services.publish_run(actor=user, run=run, context=RequestContext.of(request))
    return selectors.get_run(user=user, run_id=run_id)


@router.get(
    "/{run_a_id}/compare/{run_b_id}", response=ComparisonOut, summary="Compare two allocation runs"
)
def allocation_runs_compare(
    request: HttpRequest, run_a_id: int = RunId, run_b_id: int = RunId
) -> selectors.RunComparison:
    """Per gmina the amounts of both runs and their difference, per voivodeship the totals, and
    EUR per inhabitant (population of run a's year)."""
    return selectors.get_comparison(
        user=caller(request),  # type: ignore[attr-defined]
        run_a_id=run_a_id,
        run_b_id=run_b_id,
    )
