"""API of allocation runs: list, create, detail with results, publish, compare — ministry only."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from integra.allocations import selectors, services
from integra.allocations.models import AllocationResult, AllocationRun
from integra.allocations.policies import can_manage_allocation_runs
from integra.api.pagination import PageNumberPagination
from integra.audit.services import RequestContext
from integra.programmes.models import Programme

router = Router(tags=["allocation-runs"])

# The largest key the databases store; a larger path parameter is refused, never sent to SQL.
MAX_ID = 2**63 - 1
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
PROGRAMME_CODE_LENGTH = Programme._meta.get_field("code").max_length
# Amounts in EUR within DecimalField(18, 2).
MAX_EUR = Decimal("9999999999999999.99")
RunId = Path(..., ge=1, le=MAX_ID)


def _eur(description: str, default: Decimal | None = None, gt: int | None = None) -> Decimal:
    return Field(  # type: ignore[no-any-return]
        default,
        ge=None if gt is not None else 0,
        gt=gt,
        le=MAX_EUR,
        decimal_places=2,
        description=description,
    )


class RunFilters(Schema):
    programme: str = Field(
        None, max_length=PROGRAMME_CODE_LENGTH, pattern=PRINTABLE, description="Programme code."
    )


class RunIn(Schema):
    programme: str = Field(
        ..., max_length=PROGRAMME_CODE_LENGTH, pattern=PRINTABLE, description="Programme code."
    )
    method: AllocationRun.Method
    indicator: AllocationRun.Indicator = AllocationRun.Indicator.TOTAL
    year: int = Field(2010, ge=1990, le=2100, description="Year of the population data.")
    budget_eur: Decimal = _eur("Budget to split.", ...)  # type: ignore[arg-type]
    unit_eur: Decimal = _eur("Rounding unit.", Decimal("100"), gt=0)
    floor_eur: Decimal | None = _eur("Minimum per gmina.")
    cap_eur: Decimal | None = _eur("Maximum per gmina.")
    amounts: dict[str, Decimal] | None = Field(
        None, description="Method import: {TERYT: amount in EUR} for every participating gmina."
    )


class RunItem(Schema):
    id: int
    programme: str = Field(description="Programme code.")
    method: AllocationRun.Method
    indicator: AllocationRun.Indicator
    data_year: int
    budget_eur: Decimal
    unit_eur: Decimal
    floor_eur: Decimal | None
    cap_eur: Decimal | None
    status: AllocationRun.Status
    created_by: str = Field(description="Who created the run.")
    created_at: dt.datetime
    published_at: dt.datetime | None

    @staticmethod
    def resolve_programme(run: AllocationRun) -> str:
        return run.programme.code

    @staticmethod
    def resolve_created_by(run: AllocationRun) -> str:
        return run.created_by_label


class ResultItem(Schema):
    teryt: str
    name: str
    voivodeship: str
    indicator_value: Decimal | None
    amount_eur: Decimal

    @staticmethod
    def resolve_teryt(result: AllocationResult) -> str:
        return result.gmina.teryt

    @staticmethod
    def resolve_name(result: AllocationResult) -> str:
        return result.gmina.name

    @staticmethod
    def resolve_voivodeship(result: AllocationResult) -> str:
        powiat = result.gmina.parent
        return powiat.parent.name if powiat and powiat.parent else ""


class RunDetail(RunItem):
    results: list[ResultItem]

    @staticmethod
    def resolve_results(run: AllocationRun) -> list[AllocationResult]:
        return list(run.results.all())


class GminaDifferenceOut(Schema):
    teryt: str
    name: str
    voivodeship: str
    amount_a: Decimal
    amount_b: Decimal
    difference: Decimal = Field(description="amount_b − amount_a")
    population: int | None
    per_inhabitant_a: Decimal | None
    per_inhabitant_b: Decimal | None


class VoivodeshipTotalsOut(Schema):
    teryt: str
    name: str
    amount_a: Decimal
    amount_b: Decimal
    difference: Decimal
    population: int
    per_inhabitant_a: Decimal | None
    per_inhabitant_b: Decimal | None


class ComparisonOut(Schema):
    run_a: RunItem
    run_b: RunItem
    gminas: list[GminaDifferenceOut]
    voivodeships: list[VoivodeshipTotalsOut]


@router.get("", response=list[RunItem], summary="List allocation runs")
@paginate(PageNumberPagination)
def allocation_runs_list(
    request: HttpRequest, filters: Query[RunFilters]
) -> QuerySet[AllocationRun]:
    """Runs newest first; the ministry sees every run, anyone else an empty list."""
    return selectors.list_runs(user=request.auth, programme=filters.programme)  # type: ignore[attr-defined]


@router.post("", response={201: RunDetail}, summary="Create an allocation run")
def allocation_runs_create(request: HttpRequest, data: RunIn) -> Status:
    """Compute a draft run over the programme's participating gminas (ministry administrators)."""
    user = request.auth  # type: ignore[attr-defined]
    if not can_manage_allocation_runs(user):
        raise PermissionDenied(_("Only a ministry administrator may manage allocation runs."))
    programme = Programme.objects.get(code=data.programme)
    run = services.create_run(
        actor=user,
        programme=programme,
        method=data.method,
        indicator=data.indicator,
        year=data.year,
        budget=data.budget_eur,
        unit=data.unit_eur,
        floor=data.floor_eur,
        cap=data.cap_eur,
        amounts=data.amounts,
        context=RequestContext.of(request),
    )
    return Status(201, selectors.get_run(user=user, run_id=run.pk))


@router.get("/{run_id}", response=RunDetail, summary="One allocation run with its results")
def allocation_runs_detail(request: HttpRequest, run_id: int = RunId) -> AllocationRun:
    """404 when absent and equally when the caller may not see runs."""
    return selectors.get_run(user=request.auth, run_id=run_id)  # type: ignore[attr-defined]


@router.post("/{run_id}/publish", response=RunDetail, summary="Publish an allocation run")
def allocation_runs_publish(request: HttpRequest, run_id: int = RunId) -> AllocationRun:
    """Lock a draft run's amounts; the programme's published run so far becomes superseded."""
    user = request.auth  # type: ignore[attr-defined]
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
        user=request.auth,  # type: ignore[attr-defined]
        run_a_id=run_a_id,
        run_b_id=run_b_id,
    )
