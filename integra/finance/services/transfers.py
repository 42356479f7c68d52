"""Transfers to gminas: a request for one tranche of a gmina's published allocation, its
approval or rejection by regional finance (never by whoever requested it), and the record of
the transfer — the tranche's PLN, date and NBP rate kept by the allocations app, and the
ledger's "transfer" (and "exchange difference") transactions. Never more than the tranche, never
more than what is left of the allocation's lines: checked under the row lock of the gmina's
allocation, which every transfer of the gmina takes first."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.action_plans.models import ActionPlan
from integra.action_plans.selectors.plans import latest_approved
from integra.allocations.models import AllocationResult, AllocationRun, Tranche
from integra.allocations.selectors import allocation_lines
from integra.allocations.services import published as allocation_services
from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, label_of, require, user_of
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.core.money import MAX_AMOUNT, Money
from integra.core.periods import date_problem
from integra.finance import rules
from integra.finance.models import TRANSFER_WORKFLOW, Account, Transaction, TransferRequest
from integra.finance.policies import (
    can_approve_transfer,
    can_request_transfer,
    can_view_transfer_requests,
)
from integra.finance.selectors import account_balances, gmina_balance
from integra.finance.services.allocation import (
    LINES,
    gmina_account,
    line_account,
    programme_account,
)
from integra.finance.services.ledger import Leg, post, reference_of
from integra.programmes.selectors import convert


class TransferNotAllowed(DomainError):
    """A precondition of a transfer request that is not about input (409)."""

    code = "transfer_not_allowed"
    status = 409


class SameCheckerRefused(DomainError):
    """Maker-checker: whoever requested a transfer may not approve it."""

    code = "transfer_same_checker"
    status = 403


class TransferInvalid(RulesBroken):
    code = "transfer_invalid"


def _locked_result(tranche: Tranche) -> AllocationResult:
    """The gmina's allocation row, locked: every request and transfer of the gmina takes it
    first, so their checks of what is left never interleave."""
    return (
        AllocationResult.objects.select_for_update()
        .select_related("run__programme", "gmina")
        .get(pk=tranche.result_id)
    )


def _has_approved_plan(tranche: Tranche) -> bool:
    plan = ActionPlan.objects.filter(
        programme_id=tranche.programme_id, gmina_id=tranche.gmina_id, year=tranche.year
    ).first()
    return plan is not None and latest_approved(plan) is not None


def _visible(tranche_or_request: Any) -> Any:
    return lambda user: can_view_transfer_requests(user, tranche_or_request.gmina)


@transaction.atomic
def request_transfer(
    *, actor: Actor, tranche: Tranche, context: RequestContext | None = None
) -> TransferRequest:
    """Ask for the transfer of a planned tranche of a published allocation whose year has an
    approved Action Plan. Raises ObjectDoesNotExist (the gmina is outside the actor's scope),
    PermissionDenied, TransferNotAllowed (no approved plan, run not published, tranche
    transferred or already requested)."""
    require(
        actor,
        lambda user: can_request_transfer(user, tranche.gmina),
        _("Only the gmina's coordinator or the regional office may request a transfer."),
        visible=_visible(tranche),
    )
    result = _locked_result(tranche)
    tranche = Tranche.objects.select_related("gmina", "programme").get(pk=tranche.pk)
    if result.run.status != AllocationRun.Status.PUBLISHED:
        raise TransferNotAllowed(_("The allocation of this tranche is not published."))
    if tranche.is_transferred:
        raise TransferNotAllowed(_("This tranche has already been transferred."))
    if not _has_approved_plan(tranche):
        raise TransferNotAllowed(
            _(
                "The gmina has no approved Action Plan for %(year)s: a tranche is transferred "
                "only for an approved plan."
            )
            % {"year": tranche.year}
        )
    if TransferRequest.objects.filter(
        tranche=tranche, status__in=["requested", "approved", "transferred"]
    ).exists():
        raise TransferNotAllowed(_("A transfer of this tranche has already been requested."))
    user = user_of(actor)
    try:
        with transaction.atomic():
            request = TransferRequest.objects.create(
                tranche=tranche,
                programme=tranche.programme,
                gmina=tranche.gmina,
                amount_eur=tranche.amount_eur,
                requested_by_id=user.pk if user is not None else None,
                requested_by_label=label_of(actor),
            )
    except IntegrityError as error:  # the partial unique index: a request landed meanwhile
        raise TransferNotAllowed(
            _("A transfer of this tranche has already been requested.")
        ) from error
    record_event(
        actor=actor,
        action="finance.transfer_request.requested",
        target=request,
        territory_teryt=tranche.gmina.teryt,
        context=context,
        changes={"tranche": tranche.number, "year": tranche.year, "amount_eur": tranche.amount_eur},
    )
    return request


def _locked_request(request: TransferRequest) -> TransferRequest:
    return (
        TransferRequest.objects.select_for_update()
        .select_related("gmina", "tranche")
        .get(pk=request.pk)
    )


def _require_approver(actor: Actor, request: TransferRequest) -> None:
    require(
        actor,
        lambda user: can_approve_transfer(user, request.gmina),
        _("Only the regional finance officer of the gmina's voivodeship may do this."),
        visible=_visible(request),
    )


@transaction.atomic
def approve_transfer(
    *, actor: Actor, request: TransferRequest, context: RequestContext | None = None
) -> TransferRequest:
    """Approve a requested transfer. Raises PermissionDenied, SameCheckerRefused (the actor
    requested it), TransferRefused (not requested)."""
    _require_approver(actor, request)
    request = _locked_request(request)
    user = user_of(actor)
    if user is not None and user.pk == request.requested_by_id:
        raise SameCheckerRefused(
            _("You requested this transfer: another regional finance officer must approve it.")
        )
    before, after = TRANSFER_WORKFLOW.move(request, "approve")
    request.decided_by_id = user.pk if user is not None else None
    request.decided_by_label = label_of(actor)
    request.decided_at = timezone.now()
    request.save()
    record_event(
        actor=actor,
        action="finance.transfer_request.approved",
        target=request,
        territory_teryt=request.gmina.teryt,
        context=context,
        changes={"status": [before, after]},
    )
    return request


@transaction.atomic
def reject_transfer(
    *,
    actor: Actor,
    request: TransferRequest,
    comment: str,
    context: RequestContext | None = None,
) -> TransferRequest:
    """Reject a requested transfer, saying why. Raises PermissionDenied, TransferInvalid (no
    comment), TransferRefused (not requested)."""
    _require_approver(actor, request)
    request = _locked_request(request)
    comment = comment.strip()
    if not comment or len(comment) > rules.COMMENT_LENGTH:
        raise TransferInvalid.at(
            "comment",
            _("Say in at most %(limit)s characters why the transfer is rejected.")
            % {"limit": rules.COMMENT_LENGTH},
        )
    before, after = TRANSFER_WORKFLOW.move(request, "reject")
    user = user_of(actor)
    request.decided_by_id = user.pk if user is not None else None
    request.decided_by_label = label_of(actor)
    request.decided_at = timezone.now()
    request.comment = comment
    request.save()
    record_event(
        actor=actor,
        action="finance.transfer_request.rejected",
        target=request,
        territory_teryt=request.gmina.teryt,
        context=context,
        changes={"status": [before, after], "comment": comment},
    )
    return request


def _check_amount(amount_pln: Decimal, transferred_on: dt.date) -> None:
    problems = []
    if not (
        isinstance(amount_pln, Decimal)
        and amount_pln.is_finite()
        and 0 < amount_pln <= MAX_AMOUNT
        and amount_pln == amount_pln.quantize(rules.CENT)
    ):
        problems.append(
            Problem(
                _("Enter the amount transferred in PLN, above zero, with at most two decimals."),
                field="amount_pln",
            )
        )
    if (problem := date_problem(transferred_on)) is not None:
        problems.append(Problem(problem, field="transferred_on"))
    if problems:
        raise TransferInvalid(_("The transfer was not recorded; correct the fields."), problems)


def _check_within(
    request: TransferRequest, result: AllocationResult, amount_pln: Decimal, day: dt.date
) -> tuple[Decimal, dict[str, Decimal]]:
    """The EUR equivalent of the PLN (never more than the tranche) and the split of the
    tranche's EUR across the lines (never more than what is left of a line)."""
    tranche = request.tranche
    equivalent = convert(Money(amount_pln, "PLN"), to="EUR", operation_on=day)
    # The most PLN whose EUR equivalent stays within the tranche, to the grosz.
    most = (tranche.amount_eur * equivalent.rate).quantize(rules.CENT, ROUND_DOWN)
    if amount_pln > most or equivalent.converted.amount > tranche.amount_eur:
        raise TransferInvalid.at(
            "amount_pln",
            _(
                "%(pln)s PLN are %(eur)s EUR at the NBP rate %(rate)s of %(table)s: more than "
                "the tranche's %(tranche)s EUR. Transfer at most %(most)s PLN."
            )
            % {
                "pln": amount_pln,
                "eur": equivalent.converted.amount,
                "rate": equivalent.rate,
                "table": equivalent.table_no,
                "tranche": tranche.amount_eur,
                "most": most,
            },
        )
    programme = result.run.programme
    balance = gmina_balance(programme, result.gmina.teryt)
    lines = allocation_lines(result.amount_eur, programme.training_percent)
    wanted = {"services": lines.services, "training": lines.training}
    shares = rules.line_shares(tranche.amount_eur, balance.transferred_eur, wanted)
    left = _left_on_lines(result)
    if balance.allocated_eur == 0 or any(shares[line] > left[line] for line in LINES):
        raise TransferNotAllowed(
            _(
                "The tranche's %(eur)s EUR exceed what is left of the gmina's allocation in the "
                "ledger (%(left)s EUR). Ask the ministry to post the allocation or amend it."
            )
            % {"eur": tranche.amount_eur, "left": sum(left.values(), Decimal(0))}
        )
    return equivalent.converted.amount, shares


def _left_on_lines(result: AllocationResult) -> dict[str, Decimal]:
    accounts = Account.objects.filter(
        kind=Account.Kind.LINE, reference=reference_of(result), currency="EUR"
    )
    balances = account_balances(accounts)
    left = {line: Decimal(0) for line in LINES}
    for account in accounts:
        left[account.line] = balances[account.pk]
    return left


@transaction.atomic
def record_transferred(
    *,
    actor: Actor,
    request: TransferRequest,
    amount_pln: Decimal,
    transferred_on: dt.date,
    context: RequestContext | None = None,
) -> TransferRequest:
    """Record that an approved transfer was paid: the tranche's PLN, day and NBP rate (of the
    last table before the day) with its EUR equivalent, and the ledger's transactions — the
    transfer (PLN from the programme to the gmina; the tranche's EUR from the lines to the
    gmina) and, when the rate gave less EUR than scheduled, the exchange difference.

    Raises PermissionDenied, TransferRefused (not approved), TransferInvalid (amount, day, or
    more than the tranche), TransferNotAllowed (more than the lines have left), RateMissing."""
    _require_approver(actor, request)
    result = _locked_result(request.tranche)
    request = _locked_request(request)
    TRANSFER_WORKFLOW.require(request, "transfer")
    _check_amount(amount_pln, transferred_on)
    equivalent, shares = _check_within(request, result, amount_pln, transferred_on)
    tranche = allocation_services.record_transfer(
        actor=actor,
        tranche=request.tranche,
        amount_pln=amount_pln,
        transferred_on=transferred_on,
        context=context,
    )
    programme, gmina = result.run.programme, result.gmina
    legs = [
        Leg(programme_account(programme, "PLN"), -amount_pln),
        Leg(gmina_account(programme, gmina, "PLN"), amount_pln),
        Leg(gmina_account(programme, gmina, "EUR"), tranche.amount_eur),
        *(Leg(line_account(result, line), -shares[line]) for line in LINES),
    ]
    posted = post(
        actor=actor,
        programme=programme,
        movement=Transaction.Movement.TRANSFER,
        value_date=transferred_on,
        document=reference_of(tranche),
        key=f"transfer:{tranche.pk}",
        legs=legs,
        description=_("Tranche %(number)s (%(year)s) to %(gmina)s")
        % {"number": tranche.number, "year": tranche.year, "gmina": gmina.name},
    )
    difference = equivalent - tranche.amount_eur
    if difference:
        post(
            actor=actor,
            programme=programme,
            movement=Transaction.Movement.EXCHANGE_DIFFERENCE,
            value_date=transferred_on,
            document=reference_of(tranche),
            key=f"exchange:{tranche.pk}",
            legs=[
                Leg(gmina_account(programme, gmina, "EUR"), difference),
                Leg(programme_account(programme, "EUR", "exchange"), -difference),
            ],
            description=_("Exchange difference of tranche %(number)s at rate %(rate)s")
            % {"number": tranche.number, "rate": tranche.rate},
        )
    before, after = TRANSFER_WORKFLOW.move(request, "transfer")
    request.transaction = posted
    request.save()
    record_event(
        actor=actor,
        action="finance.transfer_request.transferred",
        target=request,
        territory_teryt=gmina.teryt,
        context=context,
        changes={
            "status": [before, after],
            "amount_pln": amount_pln,
            "transferred_on": transferred_on,
            "eur_equivalent": equivalent,
            "transaction": posted.pk,
        },
    )
    return request
