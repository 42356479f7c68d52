"""API of transfers to gminas: the requests the caller may see, a new request for a tranche,
approval (never by the requester), rejection with a comment and the record of the transfer."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from integra.audit.services import RequestContext
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller
from integra.finance import selectors
from integra.finance.api.schemas import (
    BalanceOut,
    ProgrammeFilter,
    RejectIn,
    RequestId,
    TransferCreate,
    TransferFilter,
    TransferOut,
    TransferredIn,
)
from integra.finance.models import TransferRequest
from integra.finance.services import transfers as services

router = Router(tags=["transfers"])
ledger_router = Router(tags=["ledger"])


def _request(request: HttpRequest, request_id: int) -> TransferRequest:
    found: TransferRequest = selectors.list_transfer_requests(user=caller(request)).get(
        pk=request_id
    )
    return found


@router.get("", response=list[TransferOut], summary="List transfer requests")
@paginate(PageNumberPagination)
def transfer_requests_list(
    request: HttpRequest, filters: Query[TransferFilter]
) -> QuerySet[TransferRequest]:
    """Requests of the gminas the caller may see, newest first."""
    return selectors.list_transfer_requests(user=caller(request), status=filters.status)


@router.post("", response={201: TransferOut}, summary="Request the transfer of a tranche")
def transfer_requests_create(request: HttpRequest, data: TransferCreate) -> Status:
    """409 transfer_not_allowed without an approved plan or when already requested."""
    tranche = selectors.tranche_for_request(user=caller(request), tranche_id=data.tranche)
    made = services.request_transfer(
        actor=caller(request), tranche=tranche, context=RequestContext.of(request)
    )
    return Status(201, _request(request, made.pk))


@router.post("/{request_id}/approve", response=TransferOut, summary="Approve a transfer")
def transfer_requests_approve(request: HttpRequest, request_id: int = RequestId) -> object:
    """403 transfer_same_checker for the requester; 409 when not requested."""
    services.approve_transfer(
        actor=caller(request),
        request=_request(request, request_id),
        context=RequestContext.of(request),
    )
    return _request(request, request_id)


@router.post("/{request_id}/reject", response=TransferOut, summary="Reject a transfer")
def transfer_requests_reject(
    request: HttpRequest, data: RejectIn, request_id: int = RequestId
) -> object:
    """422 without a comment; 409 when not requested."""
    services.reject_transfer(
        actor=caller(request),
        request=_request(request, request_id),
        comment=data.comment,
        context=RequestContext.of(request),
    )
    return _request(request, request_id)


@router.post("/{request_id}/transfer", response=TransferOut, summary="Record the transfer")
def transfer_requests_transfer(
    request: HttpRequest, data: TransferredIn, request_id: int = RequestId
) -> object:
    """422 at amount_pln for more than the tranche; 409 when not approved or beyond the lines."""
    services.record_transferred(
        actor=caller(request),
        request=_request(request, request_id),
        amount_pln=data.amount_pln,
        transferred_on=data.transferred_on,
        context=RequestContext.of(request),
    )
    return _request(request, request_id)


@ledger_router.get("/balances", response=list[BalanceOut], summary="Ledger balances per gmina")
def ledger_balances(request: HttpRequest, filters: Query[ProgrammeFilter]) -> object:
    """Each visible gmina's balances in the programme, summed from the ledger's entries."""
    programme = selectors.finance_programme(filters.programme)
    if programme is None:
        return []
    return selectors.gmina_balances(user=caller(request), programme=programme)
