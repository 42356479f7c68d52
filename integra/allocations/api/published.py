"""API of a gmina's published allocation in a run: amendments (ministry administrators), its
tranches (read by whoever sees the gmina, edited by the regional officer) and their transfers
(recorded by the regional finance officer). They are sub-resources of a run, on its router."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status
from ninja.pagination import paginate

from integra.allocations import selectors, services
from integra.allocations.api.runs import router
from integra.allocations.api.schemas import (
    AmendmentIn,
    AmendmentOut,
    RunId,
    Teryt,
    TrancheNumber,
    TrancheOut,
    TranchesIn,
    TransferIn,
)
from integra.allocations.models import AllocationAmendment, Tranche
from integra.audit.services import RequestContext
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller
from integra.territories.models import Territory


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
    return selectors.list_amendments(user=caller(request), run_id=run_id)  # type: ignore[attr-defined]


@router.post(
    "/{run_id}/amendments",
    response={201: AmendmentOut},
    summary="Amend a gmina's amount in the published run",
)
def allocation_runs_amendments_create(
    request: HttpRequest, data: AmendmentIn, run_id: int = RunId
) -> Status:
    """Ministry administrators; the run's total may not exceed the programme's budget nor the
    gmina's allocation fall below what it has already received; planned tranches are re-split.
    409 allocation_edit_conflict when the gmina's allocation changed since its lock_version."""
    user = caller(request)
    run = selectors.get_run(user=user, run_id=run_id)
    gmina = Territory.objects.get(teryt=data.teryt, level=Territory.Level.GMINA)
    amendment = services.amend_allocation(
        actor=user,
        run=run,
        gmina=gmina,
        amount_eur=data.amount_eur,
        reason=data.reason,
        lock_version=data.lock_version,
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
    result = selectors.get_result(user=caller(request), run_id=run_id, teryt=teryt)  # type: ignore[attr-defined]
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
    cannot change and the sum must stay the allocation's total; 409 allocation_edit_conflict when
    the gmina's allocation changed since its lock_version (another tab, an amendment, a
    transfer)."""
    user = caller(request)
    result = selectors.get_result(user=user, run_id=run_id, teryt=teryt)
    amounts = {item.number: item.amount_eur for item in data.tranches}
    if len(amounts) != len(data.tranches):
        raise services.TrancheScheduleInvalid.at(
            "tranches", _("A tranche is listed more than once.")
        )
    return services.update_tranches(
        actor=user,
        result=result,
        amounts=amounts,
        lock_version=data.lock_version,
        context=RequestContext.of(request),
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
    user = caller(request)
    result = selectors.get_result(user=user, run_id=run_id, teryt=teryt)
    tranche = result.tranches.select_related("gmina", "result__run").get(number=number)
    return services.record_transfer(
        actor=user,
        tranche=tranche,
        amount_pln=data.amount_pln,
        transferred_on=data.transferred_on,
        context=RequestContext.of(request),
    )
