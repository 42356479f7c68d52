"""API of payments to providers and their invoices: the payments and invoices the caller may
see (a provider user their organisation's), a payment recorded (with a new invoice, or against
invoices already recorded), approved by another person (with the day paid: paid at once),
paid, rejected; an invoice recorded on its own. The pages' rules and rights, the same
refusals: 422 at the field, 403 for the recorder approving, 404 outside the scope."""

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from integra.audit.services import RequestContext
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import MAX_ID, PRINTABLE, caller
from integra.finance import rules, selectors
from integra.finance.models import Invoice, Payment
from integra.finance.services import payments as services

router = Router(tags=["payments"])
invoices_router = Router(tags=["payments"])

PaymentId = Path(..., ge=1, le=MAX_ID, description="The payment's id.")
InvoiceId = Path(..., ge=1, le=MAX_ID, description="The invoice's id.")
AMOUNT = Field(..., max_digits=18, decimal_places=2, ge=0)
CONTRACT = Field(..., ge=1, le=MAX_ID, description="The contract's id.")


class PaymentFilter(Schema):
    status: Payment.Status | None = None
    kind: Payment.Kind | None = None
    teryt: str | None = Field(None, pattern=r"^[0-9]{1,7}$", description="A TERYT code or prefix.")
    contract: int | None = Field(None, ge=1, le=MAX_ID)


class InvoicePart(Schema):
    invoice: int = Field(..., ge=1, le=MAX_ID)
    amount_pln: Decimal = AMOUNT


class InvoiceIn(Schema):
    number: str = Field(..., max_length=rules.INVOICE_NUMBER_LENGTH, pattern=PRINTABLE)
    issued_on: dt.date
    issuer_nip: str = Field(..., max_length=13, pattern=PRINTABLE)
    amount_pln: Decimal = AMOUNT
    eligible_pln: Decimal = AMOUNT
    line: str = Field("services", max_length=10, pattern=PRINTABLE)

    def input(self) -> rules.InvoiceInput:
        return rules.InvoiceInput(
            number=self.number,
            issued_on=self.issued_on,
            issuer_nip=self.issuer_nip,
            amount_pln=self.amount_pln,
            eligible_pln=self.eligible_pln,
            line=self.line,
        )


class InvoiceCreate(InvoiceIn):
    contract: int = CONTRACT


class PaymentCreate(Schema):
    contract: int = CONTRACT
    kind: Payment.Kind
    amount_pln: Decimal = AMOUNT
    instalment: int | None = Field(None, ge=1, le=MAX_ID, description="The schedule's instalment.")
    invoice: InvoiceIn | None = Field(None, description="A new invoice recorded with it.")
    invoice_parts: list[InvoicePart] = Field(default_factory=list, max_length=50)


class ApproveIn(Schema):
    paid_on: dt.date | None = Field(None, description="Given: the payment is paid at once.")


class PaidIn(Schema):
    paid_on: dt.date


class PaymentRejectIn(Schema):
    comment: str = Field(..., max_length=rules.COMMENT_LENGTH)


class InvoiceOut(Schema):
    id: int
    contract: int = Field(alias="contract_id")
    provider: int = Field(alias="provider_id")
    number: str
    issued_on: dt.date
    issuer_nip: str
    amount_pln: Decimal
    eligible_pln: Decimal
    ineligible_pln: Decimal
    line: str


class PartOut(Schema):
    invoice: int = Field(alias="invoice_id")
    amount_pln: Decimal


class PaymentOut(Schema):
    id: int
    contract: int = Field(alias="contract_id")
    contract_number: str
    gmina: str = Field(description="TERYT code of the gmina.")
    kind: Payment.Kind
    instalment: int | None = Field(alias="instalment_id")
    amount_pln: Decimal
    status: Payment.Status
    recorded_by: str = Field(alias="recorded_by_label")
    recorded_at: dt.datetime
    approved_by: str = Field(alias="approved_by_label")
    approved_at: dt.datetime | None
    comment: str
    paid_on: dt.date | None
    rate: Decimal | None
    rate_table: str
    eur_equivalent: Decimal | None
    parts: list[PartOut]

    @staticmethod
    def resolve_contract_number(payment: Payment) -> str:
        return payment.contract.number

    @staticmethod
    def resolve_gmina(payment: Payment) -> str:
        return payment.contract.gmina.teryt

    @staticmethod
    def resolve_parts(payment: Payment) -> list[object]:
        return list(payment.parts.all())


def _payment(request: HttpRequest, payment_id: int) -> Payment:
    return selectors.payment_for(user=caller(request), pk=payment_id)


@router.get("", response=list[PaymentOut], summary="List payments to providers")
@paginate(PageNumberPagination)
def payments_list(request: HttpRequest, filters: Query[PaymentFilter]) -> QuerySet[Payment]:
    """The payments the caller may see, newest first; a provider user sees its own."""
    payments = selectors.list_payments(
        user=caller(request), status=filters.status, kind=filters.kind, teryt=filters.teryt
    )
    if filters.contract:
        payments = payments.filter(contract_id=filters.contract)
    return payments.prefetch_related("parts")


@router.get("/{payment_id}", response=PaymentOut, summary="A payment")
def payments_detail(request: HttpRequest, payment_id: int = PaymentId) -> Payment:
    return _payment(request, payment_id)


@router.post("", response={201: PaymentOut}, summary="Record a payment")
def payments_create(request: HttpRequest, data: PaymentCreate) -> Status:
    """422 at the field for a limit (advance, instalment, what is left, the invoice, the money
    received); 409 payment_not_allowed for a terminated or closed contract."""
    contract = selectors.contract_for_payments(user=caller(request), pk=data.contract)
    made = services.record_payment(
        actor=caller(request),
        contract=contract,
        data=rules.PaymentInput(
            kind=data.kind,
            amount_pln=data.amount_pln,
            instalment_id=data.instalment,
            invoice=data.invoice.input() if data.invoice else None,
            invoice_parts=tuple((p.invoice, p.amount_pln) for p in data.invoice_parts),
        ),
        context=RequestContext.of(request),
    )
    return Status(201, _payment(request, made.pk))


@router.post("/{payment_id}/approve", response=PaymentOut, summary="Approve a payment")
def payments_approve(request: HttpRequest, data: ApproveIn, payment_id: int = PaymentId) -> object:
    """403 payment_same_approver for its recorder; 409 when not recorded."""
    services.approve_payment(
        actor=caller(request),
        payment=_payment(request, payment_id),
        paid_on=data.paid_on,
        context=RequestContext.of(request),
    )
    return _payment(request, payment_id)


@router.post("/{payment_id}/pay", response=PaymentOut, summary="Record a payment as paid")
def payments_pay(request: HttpRequest, data: PaidIn, payment_id: int = PaymentId) -> object:
    """422 at paid_on without an NBP rate; 409 when not approved."""
    services.pay_payment(
        actor=caller(request),
        payment=_payment(request, payment_id),
        paid_on=data.paid_on,
        context=RequestContext.of(request),
    )
    return _payment(request, payment_id)


@router.post("/{payment_id}/reject", response=PaymentOut, summary="Reject a payment")
def payments_reject(
    request: HttpRequest, data: PaymentRejectIn, payment_id: int = PaymentId
) -> object:
    services.reject_payment(
        actor=caller(request),
        payment=_payment(request, payment_id),
        comment=data.comment,
        context=RequestContext.of(request),
    )
    return _payment(request, payment_id)


@invoices_router.get("", response=list[InvoiceOut], summary="List invoices")
@paginate(PageNumberPagination)
def invoices_list(request: HttpRequest) -> QuerySet[Invoice]:
    return selectors.list_invoices(user=caller(request))


@invoices_router.get("/{invoice_id}", response=InvoiceOut, summary="An invoice")
def invoices_detail(request: HttpRequest, invoice_id: int = InvoiceId) -> Invoice:
    found: Invoice = selectors.list_invoices(user=caller(request)).get(pk=invoice_id)
    return found


@invoices_router.post("", response={201: InvoiceOut}, summary="Record an invoice")
def invoices_create(request: HttpRequest, data: InvoiceCreate) -> Status:
    """422 at the field: the NIP's check digit, the eligible part, a number already recorded
    for the provider."""
    contract = selectors.contract_for_payments(user=caller(request), pk=data.contract)
    made = services.record_invoice(
        actor=caller(request),
        contract=contract,
        data=data.input(),
        context=RequestContext.of(request),
    )
    return Status(201, made)
