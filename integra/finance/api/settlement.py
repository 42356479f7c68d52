"""API of annual settlements: the settlements the caller may see, one with its figures, a new
one for a year, the gmina's edit (with its lock_version), submission, and regional finance's
return with comments or acceptance — the same rules and rights as the pages."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from integra.audit.services import RequestContext
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller
from integra.finance import selectors
from integra.finance.api.schemas import (
    ReturnIn,
    SettlementCreate,
    SettlementDetailOut,
    SettlementFilter,
    SettlementId,
    SettlementOut,
    SettlementPut,
)
from integra.finance.models import Settlement
from integra.finance.policies import can_view_settlement
from integra.finance.selectors import settlement as settlement_selectors
from integra.finance.services import settlement as services
from integra.territories.models import Territory

router = Router(tags=["settlements"])


def _settlement(request: HttpRequest, settlement_id: int) -> Settlement:
    found: Settlement = settlement_selectors.list_settlements(user=caller(request)).get(
        pk=settlement_id
    )
    return found


def _detail(request: HttpRequest, settlement_id: int) -> Settlement:
    found = _settlement(request, settlement_id)
    found.figures_shown = settlement_selectors.shown_figures(found)  # type: ignore[attr-defined]
    return found


@router.get("", response=list[SettlementOut], summary="List annual settlements")
@paginate(PageNumberPagination)
def settlements_list(
    request: HttpRequest, filters: Query[SettlementFilter]
) -> QuerySet[Settlement]:
    """Settlements of the gminas the caller may see, newest year first."""
    return settlement_selectors.list_settlements(
        user=caller(request), status=filters.status, year=filters.year
    )


@router.get("/{settlement_id}", response=SettlementDetailOut, summary="A settlement")
def settlements_detail(request: HttpRequest, settlement_id: int = SettlementId) -> object:
    """With its figures: those kept at acceptance, else the ledger's now."""
    return _detail(request, settlement_id)


@router.post("", response={201: SettlementDetailOut}, summary="Prepare a settlement")
def settlements_create(request: HttpRequest, data: SettlementCreate) -> Status:
    """The gmina's coordinator opens the year's settlement; 409 when it exists."""
    user = caller(request)
    gmina = Territory.objects.get(teryt=data.gmina, level=Territory.Level.GMINA)
    if not can_view_settlement(user, gmina):
        raise Territory.DoesNotExist
    programme = selectors.finance_programme(data.programme)
    if programme is None:
        raise Territory.DoesNotExist
    made = services.prepare_settlement(
        actor=user,
        programme=programme,
        gmina=gmina,
        year=data.year,
        context=RequestContext.of(request),
    )
    return Status(201, _detail(request, made.pk))


@router.put("/{settlement_id}", response=SettlementDetailOut, summary="Edit a settlement")
def settlements_update(
    request: HttpRequest, data: SettlementPut, settlement_id: int = SettlementId
) -> object:
    """The rest carried over or returned, and the explanation; 409 on a stale lock_version."""
    services.update_settlement(
        actor=caller(request),
        settlement=_settlement(request, settlement_id),
        data=data.values(),
        lock_version=data.lock_version,
        context=RequestContext.of(request),
    )
    return _detail(request, settlement_id)


@router.post("/{settlement_id}/submit", response=SettlementDetailOut, summary="Submit")
def settlements_submit(request: HttpRequest, settlement_id: int = SettlementId) -> object:
    services.submit_settlement(
        actor=caller(request),
        settlement=_settlement(request, settlement_id),
        context=RequestContext.of(request),
    )
    return _detail(request, settlement_id)


@router.post("/{settlement_id}/return", response=SettlementDetailOut, summary="Return")
def settlements_return(
    request: HttpRequest, data: ReturnIn, settlement_id: int = SettlementId
) -> object:
    """422 without a comment; 409 when not submitted."""
    services.return_settlement(
        actor=caller(request),
        settlement=_settlement(request, settlement_id),
        comment=data.comment,
        context=RequestContext.of(request),
    )
    return _detail(request, settlement_id)


@router.post("/{settlement_id}/accept", response=SettlementDetailOut, summary="Accept")
def settlements_accept(request: HttpRequest, settlement_id: int = SettlementId) -> object:
    """Locks the settlement and keeps its figures; 409 when not submitted."""
    services.accept_settlement(
        actor=caller(request),
        settlement=_settlement(request, settlement_id),
        context=RequestContext.of(request),
    )
    return _detail(request, settlement_id)
