"""API of allocation runs: list, create, detail with results, publish, compare, amendments —
ministry only; and a gmina's tranches in a run (read by whoever sees the gmina, edited by the
regional officer, transfers recorded by the regional finance officer)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from integra.allocations import selectors, services
from integra.allocations.models import AllocationAmendment, AllocationResult, AllocationRun, Tranche
from integra.allocations.policies import can_manage_allocation_runs
from integra.audit.services import RequestContext
from integra.core.api.pagination import PageNumberPagination
from integra.programmes.models import Programme
from integra.territories.models import Territory

router = Router(tags=["allocation-runs"])

# The largest key the databases store; a larger path parameter is refused, never sent to SQL.
MAX_ID = 2**63 - 1
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
PROGRAMME_CODE_LENGTH = Programme._meta.get_field("code").max_length
# Amounts in EUR within DecimalField(18, 2).
MAX_EUR = Decimal("9999999999999999.99")
RunId = Path(..., ge=1, le=MAX_ID)
Teryt = Path(..., pattern=r"^\d{7}$", description="TERYT code of the gmina.")
TrancheNumber = Path(..., ge=1, le=32767)


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


def _weight(description: str) -> Decimal | None:
    return Field(  # type: ignore[no-any-return]
        None, ge=0, le=services.MAX_WEIGHT, decimal_places=2, description=description
    )


class WeightsIn(Schema):
    """The weights of the weighted sum of indicators; an absent weight counts as 0."""

    # A misspelt group would silently weigh 0.
    model_config = ConfigDict(extra="forbid")

    total: Decimal | None = _weight("Weight of the total population.")
    age_0_17: Decimal | None = _weight("Weight of the people aged 0–17.")
    post_working: Decimal | None = _weight("Weight of the post-working age population.")


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
    weights: WeightsIn | None = Field(
        None, description="Indicator weighted only (and then required): the weight of each group."
    )


class RunItem(Schema):
    id: int
    programme: str = Field(description="Programme code.")
    method: AllocationRun.Method
    indicator: AllocationRun.Indicator
    indicator_weights: dict[str, Decimal] = Field(
        description="Indicator weighted: {indicator: weight} of the weighted sum; else empty."
    )
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


# Amendments and tranches --------------------------------------------------------------------------


class AmendmentIn(Schema):
    teryt: str = Field(..., pattern=r"^\d{7}$", description="TERYT code of the gmina.")
    amount_eur: Decimal = _eur("The gmina's new amount (services line).", ...)  # type: ignore[arg-type]
    reason: str = Field(..., min_length=1, max_length=2000, pattern=r"\S")


class AmendmentOut(Schema):
    id: int
    run: int
    teryt: str
    amount_before_eur: Decimal
    amount_after_eur: Decimal
    reason: str
    amended_by: str
    amended_at: dt.datetime

    @staticmethod
    def resolve_run(amendment: AllocationAmendment) -> int:
        return amendment.run_id

    @staticmethod
    def resolve_teryt(amendment: AllocationAmendment) -> str:
        return amendment.gmina.teryt

    @staticmethod
    def resolve_amended_by(amendment: AllocationAmendment) -> str:
        return amendment.actor_label


class TrancheOut(Schema):
    number: int
    year: int
    amount_eur: Decimal
    status: Tranche.Status
    transferred_on: dt.date | None
    amount_pln: Decimal | None
    rate: Decimal | None = Field(description="PLN per EUR.")
    rate_table_no: str
    rate_table_on: dt.date | None
    rate_source: str
    eur_equivalent: Decimal | None


class TrancheAmountIn(Schema):
    number: int = Field(..., ge=1, le=32767)
    amount_eur: Decimal = _eur("The tranche's amount.", ...)  # type: ignore[arg-type]


class TranchesIn(Schema):
    tranches: list[TrancheAmountIn] = Field(
        ..., description="Amounts of planned tranches; the sum must stay the allocation's total."
    )


class TransferIn(Schema):
    amount_pln: Decimal = Field(..., gt=0, le=MAX_EUR, decimal_places=2)
    transferred_on: dt.date


@router.get(
    "/{run_id}/amendments",
    response=list[AmendmentOut],
    summary="Amendments of an allocation run",
)
@paginate(PageNumberPagination)
def allocation_runs_amendments_list(
    request: HttpRequest, run_id: int = RunId
) -> QuerySet[AllocationAmendment]:
    """Newest first; 404 when the run is absent or the caller may not see runs."""
    return selectors.list_amendments(user=request.auth, run_id=run_id)  # type: ignore[attr-defined]


@router.post(
    "/{run_id}/amendments",
    response={201: AmendmentOut},
    summary="Amend a gmina's amount in the published run",
)
def allocation_runs_amendments_create(
    request: HttpRequest, data: AmendmentIn, run_id: int = RunId
) -> Status:
    """Ministry administrators; the run's total may not exceed the programme's budget nor the
    gmina's allocation fall below what it has already received; planned tranches are re-split."""
    user = request.auth  # type: ignore[attr-defined]
    run = selectors.get_run(user=user, run_id=run_id)
    gmina = Territory.objects.get(teryt=data.teryt, level=Territory.Level.GMINA)
    amendment = services.amend_allocation(
        actor=user,
        run=run,
        gmina=gmina,
        amount_eur=data.amount_eur,
        reason=data.reason,
        context=RequestContext.of(request),
    )
    return Status(201, amendment)


@router.get(
    "/{run_id}/results/{teryt}/tranches",
    response=list[TrancheOut],
    summary="A gmina's tranches in a run",
)
def allocation_runs_tranches_list(
    request: HttpRequest, run_id: int = RunId, teryt: str = Teryt
) -> list[Tranche]:
    """For the ministry and whoever sees the gmina's participation; 404 otherwise."""
    result = selectors.get_result(user=request.auth, run_id=run_id, teryt=teryt)  # type: ignore[attr-defined]
    return selectors.list_tranches(result)


@router.put(
    "/{run_id}/results/{teryt}/tranches",
    response=list[TrancheOut],
    summary="Edit a gmina's planned tranches",
)
def allocation_runs_tranches_update(
    request: HttpRequest, data: TranchesIn, run_id: int = RunId, teryt: str = Teryt
) -> list[Tranche]:
    """The regional officer of the voivodeship or a ministry administrator; transferred tranches
    cannot change and the sum must stay the allocation's total."""
    user = request.auth  # type: ignore[attr-defined]
    result = selectors.get_result(user=user, run_id=run_id, teryt=teryt)
    amounts = {item.number: item.amount_eur for item in data.tranches}
    if len(amounts) != len(data.tranches):
        raise services.TrancheScheduleInvalid(_("A tranche is listed more than once."))
    return services.update_tranches(
        actor=user, result=result, amounts=amounts, context=RequestContext.of(request)
    )


@router.post(
    "/{run_id}/results/{teryt}/tranches/{number}/transfer",
    response=TrancheOut,
    summary="Record the transfer of a tranche",
)
def allocation_runs_tranches_transfer(
    request: HttpRequest,
    data: TransferIn,
    run_id: int = RunId,
    teryt: str = Teryt,
    number: int = TrancheNumber,
) -> Tranche:
    """The regional finance officer of the voivodeship or a ministry administrator; the PLN are
    converted at the NBP table A mid rate of the last business day before the transfer (422 when
    that rate is missing)."""
    user = request.auth  # type: ignore[attr-defined]
    result = selectors.get_result(user=user, run_id=run_id, teryt=teryt)
    tranche = result.tranches.select_related("gmina", "result__run").get(number=number)
    return services.record_transfer(
        actor=user,
        tranche=tranche,
        amount_pln=data.amount_pln,
        transferred_on=data.transferred_on,
        context=RequestContext.of(request),
    )
