"""Payments to providers against contracts, with their invoices; refunds from providers and
returns of unspent money by gminas.

A payment is recorded (with a new invoice in the same step, or against invoices already
recorded), approved by another person (maker-checker: never its recorder), and paid — which
posts the ledger's "payment" transaction in PLN and its EUR equivalent at the NBP rate of the
last table before the day (kept on the payment) — or rejected. Every limit is checked under row
locks, always taken in one order: the contract's row, then the gmina's PLN account in the
ledger (every payment, refund and return of the gmina takes it), so parallel payments queue:

- an advance ≤ the contract's advance (the programme's contract setting, default 30 %);
- an instalment only after as many accepted reports as its place in the schedule, and ≤ the
  instalment; the final payment only after the final report is accepted;
- a payment ≤ what is left of its contract; the parts charged to an invoice ≤ its eligible part;
  an invoice number once per provider (database constraint and rule);
- a payment only from money the gmina has received (transfers in the ledger less returns),
  unless the programme allows pre-financing (PaymentSettings).

Each refusal is a Polish message at its field (RulesBroken) or a DomainError, and writes
nothing. Refunds and returns post "refund" transactions when recorded; a mistake is reversed in
the ledger (services.ledger.reverse), never edited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.contracts.models import Contract, Instalment, ProviderReport
from integra.contracts.policies import can_view_contract
from integra.contracts.services.contracts import advance_percent
from integra.core.actors import Actor, label_of, require, user_of
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.core.money import Money
from integra.core.periods import date_problem
from integra.core.templatetags.formats import money
from integra.finance import rules
from integra.finance.models import (
    PAYMENT_WORKFLOW,
    Account,
    Invoice,
    Payment,
    PaymentInvoice,
    PaymentSettings,
    Refund,
    Transaction,
)
from integra.finance.policies import (
    can_approve_payment,
    can_approve_payment_at,
    can_record_payment,
    can_record_refund,
    can_view_payments,
)
from integra.finance.selectors import (
    contract_paid,
    gmina_balance,
    gmina_spoken_for,
    invoice_taken,
    live_payments_of,
    refunds_of,
)
from integra.finance.services.allocation import gmina_account, programme_account
from integra.finance.services.commitments import contract_account
from integra.finance.services.ledger import Leg, account, post, reference_of
from integra.finance.services.signals import payment_posted
from integra.programmes.selectors import RateMissing, convert

ZERO = Decimal("0.00")


class PaymentInvalid(RulesBroken):
    code = "payment_invalid"


class PaymentNotAllowed(DomainError):
    """A precondition of a payment that is not about its input (409)."""

    code = "payment_not_allowed"
    status = 409


class SameApproverRefused(DomainError):
    """Maker-checker: whoever recorded a payment may not approve it."""

    code = "payment_same_approver"
    status = 403


class RefundInvalid(RulesBroken):
    code = "refund_invalid"


# Locks ----------------------------------------------------------------------------------------


def _locked_contract(contract: Contract) -> Contract:
    row: Contract = (
        Contract.objects.select_for_update(of=("self",))
        .select_related("programme", "gmina", "provider")
        .get(pk=contract.pk)
    )
    return row


def _locked_gmina_account(programme: Any, gmina: Any) -> Account:
    """The gmina's PLN account, opened on first use and locked: every payment, refund and
    return of the gmina in the programme queues behind it."""
    opened = gmina_account(programme, gmina, "PLN")
    locked: Account = Account.objects.select_for_update().get(pk=opened.pk)
    return locked


def _lock(contract: Contract) -> Contract:
    contract = _locked_contract(contract)
    _locked_gmina_account(contract.programme, contract.gmina)
    return contract


# Checks ---------------------------------------------------------------------------------------


def _prefinancing(programme: Any) -> bool:
    found = PaymentSettings.objects.filter(programme=programme).first()
    return bool(found and found.allow_prefinancing)


def _accepted_reports(contract: Contract) -> int:
    return contract.reports.filter(status=ProviderReport.Status.ACCEPTED).count()


def _final_accepted(contract: Contract) -> bool:
    return contract.reports.filter(
        kind=ProviderReport.Kind.FINAL, status=ProviderReport.Status.ACCEPTED
    ).exists()


def _instalment_problems(
    contract: Contract, instalment: Instalment | None, amount: Decimal, excluding: Any
) -> list[Problem]:
    if instalment is None or instalment.contract_id != contract.pk or instalment.is_advance:
        return [Problem(_("Choose an instalment of this contract's schedule."), field="instalment")]
    place = contract.instalments.filter(is_advance=False, number__lte=instalment.number).count()
    accepted = _accepted_reports(contract)
    if accepted < place:
        return [
            Problem(
                _(
                    "Instalment %(number)s is paid after %(place)s accepted report(s); the "
                    "contract has %(accepted)s."
                )
                % {"number": instalment.number, "place": place, "accepted": accepted},
                field="instalment",
            )
        ]
    taken = Payment.objects.live().filter(instalment=instalment)
    if excluding is not None:
        taken = taken.exclude(pk=excluding.pk)
    left = instalment.amount_pln - sum((p.amount_pln for p in taken), ZERO)
    if amount > left:
        return [
            Problem(
                _("Only %(left)s of instalment %(number)s is still to pay.")
                % {"left": money(max(left, ZERO), "PLN"), "number": instalment.number},
                field="amount_pln",
            )
        ]
    return []


def _percent(value: Decimal) -> str:
    """30.00 → "30", 12.50 → "12.5"."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _kind_problems(
    contract: Contract, kind: str, amount: Decimal, instalment: Instalment | None, excluding: Any
) -> list[Problem]:
    if kind == Payment.Kind.ADVANCE:
        percent = advance_percent(contract.programme)
        limit = (contract.value_pln * percent / 100).quantize(rules.CENT)
        advances = Payment.objects.live().filter(contract=contract, kind=Payment.Kind.ADVANCE)
        if excluding is not None:
            advances = advances.exclude(pk=excluding.pk)
        left = limit - sum((p.amount_pln for p in advances), ZERO)
        if amount > left:
            return [
                Problem(
                    _(
                        "The advance may be at most %(percent)s%% of the contract (%(limit)s); "
                        "%(left)s of it is still free."
                    )
                    % {
                        "percent": _percent(percent),
                        "limit": money(limit, "PLN"),
                        "left": money(max(left, ZERO), "PLN"),
                    },
                    field="amount_pln",
                )
            ]
        return []
    if kind == Payment.Kind.INSTALMENT:
        return _instalment_problems(contract, instalment, amount, excluding)
    if not _final_accepted(contract):
        return [Problem(_("The final payment follows the accepted final report."), field="kind")]
    return []


def _left_problems(contract: Contract, amount: Decimal, excluding: Any) -> list[Problem]:
    left = contract.value_pln - live_payments_of(contract, excluding) + refunds_of(contract)
    if amount > left:
        return [
            Problem(
                _("Only %(left)s of the contract's %(value)s is left to pay.")
                % {
                    "left": money(max(left, ZERO), "PLN"),
                    "value": money(contract.value_pln, "PLN"),
                },
                field="amount_pln",
            )
        ]
    return []


def _received_problems(contract: Contract, amount: Decimal, excluding: Any) -> list[Problem]:
    if _prefinancing(contract.programme):
        return []
    received = gmina_balance(contract.programme, contract.teryt).received_pln
    free = received - gmina_spoken_for(contract.programme, contract.gmina, excluding)
    if amount > free:
        return [
            Problem(
                _(
                    "The gmina has received %(received)s and only %(free)s of it is free: a "
                    "payment is made from money received (the programme does not allow "
                    "pre-financing)."
                )
                % {"received": money(received, "PLN"), "free": money(max(free, ZERO), "PLN")},
                field="amount_pln",
            )
        ]
    return []


def _invoice_problems(
    contract: Contract, parts: list[tuple[Invoice, Decimal]], amount: Decimal, excluding: Any
) -> list[Problem]:
    problems = []
    for invoice, part in parts:
        if invoice.contract_id != contract.pk or invoice.provider_id != contract.provider_id:
            problems.append(
                Problem(_("The invoice is not of this contract's provider."), field="invoice")
            )
            continue
        free = invoice.eligible_pln - invoice_taken(invoice, excluding)
        if part > free:
            problems.append(
                Problem(
                    _(
                        "Invoice %(number)s has %(free)s of its eligible part still unpaid; "
                        "the payment cannot charge more to it."
                    )
                    % {"number": invoice.number, "free": money(max(free, ZERO), "PLN")},
                    field="amount_pln" if excluding is None else "invoice",
                )
            )
    if parts and sum((p for _i, p in parts), ZERO) != amount:
        problems.append(
            Problem(
                _("The parts charged to the invoices must add up to the payment."),
                field="amount_pln",
            )
        )
    return problems


def _state_problem(contract: Contract) -> None:
    if contract.status in (Contract.Status.TERMINATED, Contract.Status.CLOSED):
        raise PaymentNotAllowed(
            _("The contract is %(status)s: nothing more is paid under it.")
            % {"status": contract.get_status_display()}
        )


def _check(
    contract: Contract,
    *,
    kind: str,
    amount: Decimal,
    instalment: Instalment | None,
    parts: list[tuple[Invoice, Decimal]],
    excluding: Any = None,
) -> None:
    """Every limit of a payment, under the locks the caller holds; PaymentInvalid naming each."""
    _state_problem(contract)
    problems = _kind_problems(contract, kind, amount, instalment, excluding)
    problems += _left_problems(contract, amount, excluding)
    problems += _invoice_problems(contract, parts, amount, excluding)
    problems += _received_problems(contract, amount, excluding)
    if problems:
        raise PaymentInvalid(_("The payment was not recorded; nothing was saved."), problems)


# Record, approve, pay, reject -----------------------------------------------------------------


def _visible_contract(contract: Contract) -> Any:
    return lambda user: can_view_contract(user, contract)


def _of_a_gmina(contract: Contract) -> None:
    """A component-level contract (no gmina) is paid as its component's payment, not here."""
    if contract.gmina_id is None:
        raise PaymentNotAllowed(
            _("A component-level contract is paid as a payment of its component, not here.")
        )


def _new_invoice(contract: Contract, data: rules.InvoiceInput) -> Invoice:
    number = data.number.strip()
    if Invoice.objects.filter(provider=contract.provider, number=number).exists():
        raise PaymentInvalid.at(
            "invoice_number",
            _("Invoice %(number)s of this provider is already recorded: it is paid once only.")
            % {"number": number},
        )
    assert data.amount_pln is not None and data.eligible_pln is not None
    assert data.issued_on is not None
    try:
        with transaction.atomic():
            return Invoice.objects.create(
                provider=contract.provider,
                contract=contract,
                number=number,
                issued_on=data.issued_on,
                issuer_nip=rules.nip_digits(data.issuer_nip),
                amount_pln=data.amount_pln,
                eligible_pln=data.eligible_pln,
                ineligible_pln=data.amount_pln - data.eligible_pln,
                line=data.line,
            )
    except IntegrityError as clash:  # the same number recorded in parallel
        raise PaymentInvalid.at(
            "invoice_number",
            _("Invoice %(number)s of this provider is already recorded: it is paid once only.")
            % {"number": number},
        ) from clash


@transaction.atomic
def record_payment(
    *,
    actor: Actor,
    contract: Contract,
    data: rules.PaymentInput,
    context: RequestContext | None = None,
) -> Payment:
    """Record a payment to the contract's provider, with its new invoice or against invoices
    already recorded. Raises ObjectDoesNotExist (the contract is outside the actor's scope),
    PermissionDenied, PaymentInvalid (the input, or a limit: nothing is written),
    PaymentNotAllowed (the contract is terminated or closed)."""
    _of_a_gmina(contract)
    require(
        actor,
        lambda user: can_record_payment(user, contract.gmina),
        _("Only the gmina's coordinator or regional finance may record a payment."),
        visible=_visible_contract(contract),
    )
    problems = rules.payment_problems(data)
    if problems:
        raise PaymentInvalid(_("The payment was not recorded; correct the fields."), problems)
    assert data.amount_pln is not None
    contract = _lock(contract)
    instalment = (
        Instalment.objects.filter(pk=data.instalment_id, contract=contract).first()
        if data.instalment_id
        else None
    )
    existing = {
        i.pk: i
        for i in Invoice.objects.filter(
            pk__in=[pk for pk, _part in data.invoice_parts], contract=contract
        )
    }
    parts: list[tuple[Invoice, Decimal]] = []
    for pk, part in data.invoice_parts:
        if pk not in existing:
            raise PaymentInvalid.at("invoice", _("Choose an invoice of this contract."))
        parts.append((existing[pk], part))
    if data.invoice is not None:
        number = data.invoice.number.strip()
        if Invoice.objects.filter(provider=contract.provider, number=number).exists():
            raise PaymentInvalid.at(
                "invoice_number",
                _("Invoice %(number)s of this provider is already recorded: it is paid once only.")
                % {"number": number},
            )
        assert data.invoice.eligible_pln is not None
        eligible = data.invoice.eligible_pln
        if data.amount_pln > eligible:
            raise PaymentInvalid.at(
                "amount_pln",
                _("The payment exceeds the invoice's eligible part (%(eligible)s).")
                % {"eligible": money(eligible, "PLN")},
            )
    _check(
        contract,
        kind=data.kind,
        amount=data.amount_pln,
        instalment=instalment,
        parts=parts,
    )
    if data.invoice is not None:
        parts.append((_new_invoice(contract, data.invoice), data.amount_pln))
    user = user_of(actor)
    payment = Payment.objects.create(
        contract=contract,
        kind=data.kind,
        instalment=instalment,
        amount_pln=data.amount_pln,
        recorded_by_id=user.pk if user is not None else None,
        recorded_by_label=label_of(actor),
    )
    PaymentInvoice.objects.bulk_create(
        PaymentInvoice(payment=payment, invoice=invoice, amount_pln=part) for invoice, part in parts
    )
    record_event(
        actor=actor,
        action="finance.payment.recorded",
        target=payment,
        territory_teryt=contract.teryt,
        context=context,
        changes={
            "contract": contract.number,
            "kind": data.kind,
            "amount_pln": data.amount_pln,
            "invoices": [invoice.number for invoice, _part in parts],
        },
    )
    return payment


def _locked_payment(payment: Payment) -> Payment:
    """The payment's contract and gmina account locked first (the one order), then the
    payment."""
    contract = _lock(Contract.objects.get(pk=payment.contract_id))
    locked: Payment = (
        Payment.objects.select_for_update(of=("self",))
        .select_related("instalment")
        .get(pk=payment.pk)
    )
    locked.contract = contract
    return locked


def _require_approver(actor: Actor, payment: Payment) -> None:
    contract = payment.contract
    require(
        actor,
        lambda user: can_approve_payment_at(user, contract.teryt),
        _("Only the gmina's coordinator or regional finance may approve a payment."),
        visible=lambda user: can_view_payments(user, contract.gmina),
    )
    user = user_of(actor)
    if user is not None and not can_approve_payment(user, payment):
        raise SameApproverRefused(
            _("You recorded this payment: another finance user must approve it.")
        )


def _recheck(payment: Payment) -> None:
    parts = [(p.invoice, p.amount_pln) for p in payment.parts.select_related("invoice")]
    _check(
        payment.contract,
        kind=payment.kind,
        amount=payment.amount_pln,
        instalment=payment.instalment,
        parts=parts,
        excluding=payment,
    )


def _decided(actor: Actor, payment: Payment) -> None:
    user = user_of(actor)
    payment.approved_by_id = user.pk if user is not None else None
    payment.approved_by_label = label_of(actor)
    payment.approved_at = timezone.now()


@transaction.atomic
def approve_payment(
    *,
    actor: Actor,
    payment: Payment,
    paid_on: dt.date | None = None,
    context: RequestContext | None = None,
) -> Payment:
    """Approve a recorded payment — and, given the day it was paid, record it paid at once.
    Raises ObjectDoesNotExist, PermissionDenied, SameApproverRefused (the actor recorded it),
    PaymentRefused (not recorded), PaymentInvalid (a limit no longer holds), RateMissing."""
    _require_approver(actor, payment)
    payment = _locked_payment(payment)
    _require_approver(actor, payment)
    _recheck(payment)
    before, after = PAYMENT_WORKFLOW.move(payment, "approve")
    _decided(actor, payment)
    payment.save()
    record_event(
        actor=actor,
        action="finance.payment.approved",
        target=payment,
        territory_teryt=payment.contract.teryt,
        context=context,
        changes={"status": [before, after]},
    )
    if paid_on is not None:
        return _pay(actor, payment, paid_on, context)
    return payment


def _pay(
    actor: Actor, payment: Payment, paid_on: dt.date, context: RequestContext | None
) -> Payment:
    if (problem := date_problem(paid_on)) is not None:
        raise PaymentInvalid.at("paid_on", problem)
    try:
        equivalent = convert(Money(payment.amount_pln, "PLN"), to="EUR", operation_on=paid_on)
    except RateMissing as missing:
        raise PaymentInvalid.at(
            "paid_on",
            _("No NBP rate for the day before %(day)s: %(why)s")
            % {"day": paid_on.strftime("%d.%m.%Y"), "why": missing},
        ) from missing
    contract = payment.contract
    programme, gmina = contract.programme, contract.gmina
    eur = equivalent.converted.amount
    before, after = PAYMENT_WORKFLOW.move(payment, "pay")
    posted = post(
        actor=actor,
        programme=programme,
        movement=Transaction.Movement.PAYMENT,
        value_date=paid_on,
        document=reference_of(payment),
        key=f"payment:{payment.pk}",
        legs=[
            Leg(contract_account(contract, "PLN"), payment.amount_pln),
            Leg(gmina_account(programme, gmina, "PLN"), -payment.amount_pln),
            Leg(contract_account(contract, "EUR"), eur),
            Leg(gmina_account(programme, gmina, "EUR"), -eur),
        ],
        description=_("%(kind)s under contract %(number)s")
        % {"kind": payment.get_kind_display(), "number": contract.number},
    )
    payment.paid_on = paid_on
    payment.rate = equivalent.rate
    payment.rate_table = equivalent.table_no
    payment.eur_equivalent = eur
    payment.transaction = posted
    payment.save()
    record_event(
        actor=actor,
        action="finance.payment.paid",
        target=payment,
        territory_teryt=contract.teryt,
        context=context,
        changes={
            "status": [before, after],
            "paid_on": paid_on,
            "rate": equivalent.rate,
            "eur_equivalent": eur,
            "transaction": posted.pk,
        },
    )
    payment_posted.send(sender=Payment, payment=payment, actor=actor)
    return payment


@transaction.atomic
def pay_payment(
    *,
    actor: Actor,
    payment: Payment,
    paid_on: dt.date,
    context: RequestContext | None = None,
) -> Payment:
    """Record an approved payment as paid on `paid_on`: the ledger's payment transaction (PLN,
    and EUR at the NBP rate of the last table before the day). Raises ObjectDoesNotExist,
    PermissionDenied, SameApproverRefused, PaymentRefused (not approved), PaymentInvalid."""
    _require_approver(actor, payment)
    payment = _locked_payment(payment)
    PAYMENT_WORKFLOW.require(payment, "pay")
    _recheck(payment)
    return _pay(actor, payment, paid_on, context)


@transaction.atomic
def reject_payment(
    *,
    actor: Actor,
    payment: Payment,
    comment: str,
    context: RequestContext | None = None,
) -> Payment:
    """Reject a recorded or approved (unpaid) payment, saying why; its money is free again.
    Raises ObjectDoesNotExist, PermissionDenied, SameApproverRefused, PaymentRefused,
    PaymentInvalid (no comment)."""
    _require_approver(actor, payment)
    comment = comment.strip()
    if not comment or len(comment) > rules.COMMENT_LENGTH:
        raise PaymentInvalid.at(
            "comment",
            _("Say in at most %(limit)s characters why the payment is rejected.")
            % {"limit": rules.COMMENT_LENGTH},
        )
    payment = _locked_payment(payment)
    before, after = PAYMENT_WORKFLOW.move(payment, "reject")
    _decided(actor, payment)
    payment.comment = comment
    payment.save()
    record_event(
        actor=actor,
        action="finance.payment.rejected",
        target=payment,
        territory_teryt=payment.contract.teryt,
        context=context,
        changes={"status": [before, after], "comment": comment},
    )
    return payment


# Refunds and returns --------------------------------------------------------------------------


def _equivalent(amount: Decimal, day: dt.date) -> Any:
    try:
        return convert(Money(amount, "PLN"), to="EUR", operation_on=day)
    except RateMissing as missing:
        raise RefundInvalid.at(
            "received_on",
            _("No NBP rate for the day before %(day)s: %(why)s")
            % {"day": day.strftime("%d.%m.%Y"), "why": missing},
        ) from missing


def _refund_input(amount: Decimal | None, day: dt.date | None, reason: str) -> None:
    problems = rules.refund_problems(amount, day, reason)
    if problems:
        raise RefundInvalid(_("The refund was not recorded; correct the fields."), problems)


@transaction.atomic
def record_provider_refund(
    *,
    actor: Actor,
    contract: Contract,
    amount_pln: Decimal | None,
    received_on: dt.date | None,
    reason: str,
    payment: Payment | None = None,
    context: RequestContext | None = None,
) -> Refund:
    """A provider gives money back under a contract: its paid total goes down and the gmina's
    money up (a "refund" transaction, PLN and EUR at the NBP rate). Never more than the
    contract's paid total in the ledger. Raises ObjectDoesNotExist, PermissionDenied,
    RefundInvalid."""
    _of_a_gmina(contract)
    require(
        actor,
        lambda user: can_record_refund(user, contract.gmina),
        _("Only the gmina's coordinator or regional finance may record a refund."),
        visible=_visible_contract(contract),
    )
    _refund_input(amount_pln, received_on, reason)
    assert amount_pln is not None and received_on is not None
    contract = _lock(contract)
    if payment is not None and (
        payment.contract_id != contract.pk or payment.status != Payment.Status.PAID
    ):
        raise RefundInvalid.at("payment", _("Choose a paid payment of this contract."))
    paid = contract_paid(contract)
    if amount_pln > paid:
        raise RefundInvalid.at(
            "amount_pln",
            _("The contract's paid total is %(paid)s: a refund cannot exceed it.")
            % {"paid": money(paid, "PLN")},
        )
    equivalent = _equivalent(amount_pln, received_on)
    eur = equivalent.converted.amount
    programme, gmina = contract.programme, contract.gmina
    refund = Refund(
        kind=Refund.Kind.PROVIDER,
        programme=programme,
        gmina=gmina,
        contract=contract,
        payment=payment,
        amount_pln=amount_pln,
        received_on=received_on,
        reason=reason.strip(),
        rate=equivalent.rate,
        eur_equivalent=eur,
        recorded_by_id=getattr(user_of(actor), "pk", None),
        recorded_by_label=label_of(actor),
    )
    refund.save()
    refund.transaction = post(
        actor=actor,
        programme=programme,
        movement=Transaction.Movement.REFUND,
        value_date=received_on,
        document=reference_of(refund),
        key=f"refund:{refund.pk}",
        legs=[
            Leg(contract_account(contract, "PLN"), -amount_pln),
            Leg(gmina_account(programme, gmina, "PLN"), amount_pln),
            Leg(contract_account(contract, "EUR"), -eur),
            Leg(gmina_account(programme, gmina, "EUR"), eur),
        ],
        description=_("Refund from the provider of contract %(number)s")
        % {"number": contract.number},
    )
    refund.save(update_fields=["transaction"])
    record_event(
        actor=actor,
        action="finance.refund.recorded",
        target=refund,
        territory_teryt=contract.teryt,
        context=context,
        changes={"contract": contract.number, "amount_pln": amount_pln, "reason": refund.reason},
    )
    return refund


@transaction.atomic
def record_gmina_return(
    *,
    actor: Actor,
    programme: Any,
    gmina: Any,
    amount_pln: Decimal | None,
    received_on: dt.date | None,
    reason: str,
    context: RequestContext | None = None,
) -> Refund:
    """A gmina returns unspent money to the programme: what it received goes down (a "refund"
    transaction from the gmina's accounts to the programme's, PLN and EUR at the NBP rate).
    Never more than the gmina's money not taken by its live payments. Raises
    ObjectDoesNotExist, PermissionDenied, RefundInvalid."""
    require(
        actor,
        lambda user: can_record_refund(user, gmina),
        _("Only the gmina's coordinator or regional finance may record a return."),
        visible=lambda user: can_view_payments(user, gmina),
    )
    _refund_input(amount_pln, received_on, reason)
    assert amount_pln is not None and received_on is not None
    _locked_gmina_account(programme, gmina)
    received = gmina_balance(programme, gmina.teryt).received_pln
    free = received - gmina_spoken_for(programme, gmina)
    if amount_pln > free:
        raise RefundInvalid.at(
            "amount_pln",
            _("Only %(free)s of the gmina's money is not taken by its payments.")
            % {"free": money(max(free, ZERO), "PLN")},
        )
    equivalent = _equivalent(amount_pln, received_on)
    eur = equivalent.converted.amount
    refund = Refund.objects.create(
        kind=Refund.Kind.GMINA,
        programme=programme,
        gmina=gmina,
        amount_pln=amount_pln,
        received_on=received_on,
        reason=reason.strip(),
        rate=equivalent.rate,
        eur_equivalent=eur,
        recorded_by_id=getattr(user_of(actor), "pk", None),
        recorded_by_label=label_of(actor),
    )
    refund.transaction = post(
        actor=actor,
        programme=programme,
        movement=Transaction.Movement.REFUND,
        value_date=received_on,
        document=reference_of(refund),
        key=f"return:{refund.pk}",
        legs=[
            Leg(gmina_account(programme, gmina, "PLN"), -amount_pln),
            Leg(programme_account(programme, "PLN"), amount_pln),
            Leg(gmina_account(programme, gmina, "EUR"), -eur),
            Leg(_returns_account(programme), eur),
        ],
        description=_("Return of unspent money by %(gmina)s") % {"gmina": gmina.name},
    )
    refund.save(update_fields=["transaction"])
    record_event(
        actor=actor,
        action="finance.refund.returned",
        target=refund,
        territory_teryt=gmina.teryt,
        context=context,
        changes={"amount_pln": amount_pln, "reason": refund.reason},
    )
    return refund


def _returns_account(programme: Any) -> Account:
    return account(
        programme=programme,
        kind=Account.Kind.PROGRAMME,
        reference=reference_of(programme),
        currency="EUR",
        line="returns",
        name=_("%(code)s: returns from gminas") % {"code": programme.code},
    )


@transaction.atomic
def record_invoice(
    *,
    actor: Actor,
    contract: Contract,
    data: rules.InvoiceInput,
    context: RequestContext | None = None,
) -> Invoice:
    """Record a provider's invoice for a contract on its own (a payment may then charge it).
    Raises ObjectDoesNotExist, PermissionDenied, PaymentInvalid (the input, or the provider's
    number already recorded)."""
    _of_a_gmina(contract)
    require(
        actor,
        lambda user: can_record_payment(user, contract.gmina),
        _("Only the gmina's coordinator or regional finance may record an invoice."),
        visible=_visible_contract(contract),
    )
    problems = rules.invoice_problems(data)
    if problems:
        raise PaymentInvalid(_("The invoice was not recorded; correct the fields."), problems)
    contract = _lock(contract)
    try:
        invoice = _new_invoice(contract, data)
    except PaymentInvalid as clash:
        raise PaymentInvalid.at("number", clash.problems[0].message) from clash
    record_event(
        actor=actor,
        action="finance.invoice.recorded",
        target=invoice,
        territory_teryt=contract.teryt,
        context=context,
        changes={
            "contract": contract.number,
            "number": invoice.number,
            "amount_pln": invoice.amount_pln,
        },
    )
    return invoice
