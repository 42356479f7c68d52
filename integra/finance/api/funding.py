"""API of the programme's sources of funds and component payments: the ministry lists them,
its administrators record a loan disbursement (or counterpart funds) in EUR and a component's
payment in PLN — the page's rules: 422 at the field (a reference recorded before, no NBP rate
for the day), 403 for another role."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from integra.audit.services import RequestContext
from integra.core.api.schemas import MAX_ID, PRINTABLE, caller
from integra.finance import rules, selectors
from integra.finance.api.schemas import PROGRAMME_CODE
from integra.finance.policies import can_view_funding
from integra.finance.selectors import funding as funding_selectors
from integra.finance.services import funding as services
from integra.programmes.models import Programme

router = Router(tags=["funding"])
AMOUNT = Field(..., max_digits=18, decimal_places=2, gt=0)


class FundingFilter(Schema):
    programme: str | None = PROGRAMME_CODE
    kind: str | None = Field(None, pattern=r"^(loan|counterpart|component)$")


class FundingOut(Schema):
    transaction: int
    kind: str = Field(description="loan, counterpart or component")
    component: str
    reference: str
    day: dt.date
    amount_eur: Decimal
    amount_pln: Decimal
    rate: Decimal | None
    posted_by: str
    reversed: bool


class DisbursementIn(Schema):
    programme: str | None = PROGRAMME_CODE
    source: str = Field(..., pattern=r"^(loan|counterpart)$")
    amount_eur: Decimal = AMOUNT
    received_on: dt.date
    reference: str = Field(..., max_length=rules.REFERENCE_LENGTH, pattern=PRINTABLE)


class ComponentPaymentIn(Schema):
    component: int = Field(..., ge=1, le=MAX_ID)
    amount_pln: Decimal = AMOUNT
    paid_on: dt.date
    reference: str = Field(..., max_length=rules.REFERENCE_LENGTH, pattern=PRINTABLE)


def _programme(request: HttpRequest, code: str | None) -> Programme:
    if not can_view_funding(caller(request)):
        raise PermissionDenied(_("Only the ministry sees the programme's sources of funds."))
    programme = selectors.finance_programme(code)
    if programme is None:
        raise Programme.DoesNotExist
    return programme


def _row(row: funding_selectors.FundingRow) -> FundingOut:
    return FundingOut(
        transaction=row.transaction_id,
        kind=row.kind,
        component=row.component,
        reference=row.reference,
        day=row.day,
        amount_eur=row.amount_eur,
        amount_pln=row.amount_pln,
        rate=row.rate,
        posted_by=row.posted_by,
        reversed=row.reversed,
    )


@router.get("", response=list[FundingOut], summary="List sources of funds and component payments")
def funding_list(request: HttpRequest, filters: Query[FundingFilter]) -> list[FundingOut]:
    """Newest first; the ministry only (403 for other roles)."""
    programme = _programme(request, filters.programme)
    rows = funding_selectors.list_funding(
        user=caller(request), programme=programme, kind=filters.kind
    )
    return [_row(row) for row in rows]


def _posted(request: HttpRequest, programme: Programme, pk: int) -> FundingOut:
    rows = funding_selectors.list_funding(user=caller(request), programme=programme)
    return next(_row(row) for row in rows if row.transaction_id == pk)


@router.post("/disbursements", response={201: FundingOut}, summary="Record a loan disbursement")
def funding_disbursements_create(request: HttpRequest, data: DisbursementIn) -> Status:
    """A loan disbursement or counterpart funds received, in EUR."""
    programme = _programme(request, data.programme)
    posted = services.record_funding(
        actor=caller(request),
        programme=programme,
        source=data.source,
        amount_eur=data.amount_eur,
        received_on=data.received_on,
        reference=data.reference,
        context=RequestContext.of(request),
    )
    return Status(201, _posted(request, programme, posted.pk))


@router.post(
    "/component-payments", response={201: FundingOut}, summary="Record a component payment"
)
def funding_component_payments_create(request: HttpRequest, data: ComponentPaymentIn) -> Status:
    """A payment of a component without gminas, in PLN; 404 for an unknown component."""
    component = selectors.list_components(user=caller(request)).get(pk=data.component)
    programme = _programme(request, component.programme.code)
    posted = services.record_component_payment(
        actor=caller(request),
        component=component,
        amount_pln=data.amount_pln,
        paid_on=data.paid_on,
        reference=data.reference,
        context=RequestContext.of(request),
    )
    return Status(201, _posted(request, programme, posted.pk))
