"""Writes of a published allocation: the default schedule of tranches, amendments of a gmina's
amount, edits of planned tranches and the record of transfers (PLN at the NBP rate)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from integra.allocations.models import (
    AllocationAmendment,
    AllocationResult,
    AllocationRun,
    Tranche,
)
from integra.allocations.policies import (
    can_amend_allocation,
    can_edit_tranches,
    can_record_transfer,
)
from integra.allocations.rules import CENT, REASON_LENGTH, split_evenly
from integra.allocations.selectors import allocation_lines
from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, label_of, require, user_of
from integra.core.cache import invalidate, programme_group
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.core.money import MAX_AMOUNT, Money
from integra.core.periods import date_problem
from integra.programmes.models import Programme
from integra.programmes.selectors import convert
from integra.territories.models import Territory

TRANCHE_COUNT = 3

if TYPE_CHECKING:
    from integra.accounts.models import User


class AllocationRunNotPublished(DomainError):
    code = "allocation_run_not_published"
    status = 409


class AllocationResultMissing(DomainError):
    code = "allocation_result_missing"
    status = 404


class InputRefused(RulesBroken):
    """Input that breaks a rule of a published allocation (the same status as before the
    problems were listed: 400)."""

    status = 400


class AllocationAmendmentInvalid(InputRefused):
    """The amendment's amount or reason breaks the rules; each problem is at its field
    (`amount_eur`, `reason`)."""

    code = "allocation_amendment_invalid"


class AllocationExceedsBudget(DomainError):
    code = "allocation_exceeds_budget"
    status = 409


class AllocationBelowTransferred(DomainError):
    code = "allocation_below_transferred"
    status = 409


class AllocationEditConflict(DomainError):
    """Someone changed the gmina's allocation (amount or tranches) since the editor loaded it."""

    code = "allocation_edit_conflict"
    status = 409

    def __init__(self, message: str, *, current: int) -> None:
        super().__init__(message)
        self.current = current


class TrancheTransferred(DomainError):
    code = "tranche_transferred"
    status = 409


class TrancheScheduleInvalid(InputRefused):
    """The planned tranches break the rules; each problem is at its field (`tranches`, or
    `tranches.<number>` for one tranche's amount)."""

    code = "tranche_schedule_invalid"


class TransferInvalid(InputRefused):
    """The transfer's amount breaks the rules (at the field `amount_pln`)."""

    code = "transfer_invalid"


def _total_of(result: AllocationResult, programme: Programme) -> Decimal:
    """What the gmina receives in tranches: the services line and the training line."""
    return allocation_lines(result.amount_eur, programme.training_percent).total


def schedule_tranches(run: AllocationRun) -> int:
    """The default schedule: equal annual tranches over the programme's first years."""
    programme = run.programme
    first_year = programme.starts_on.year
    tranches = [
        Tranche(
            result=result,
            programme=programme,
            gmina_id=result.gmina_id,
            number=number,
            year=first_year + number - 1,
            amount_eur=amount,
        )
        for result in run.results.all()
        for number, amount in enumerate(
            split_evenly(_total_of(result, programme), TRANCHE_COUNT), start=1
        )
    ]
    Tranche.objects.bulk_create(tranches)
    return len(tranches)


def _check_published(run: AllocationRun) -> None:
    if run.status != AllocationRun.Status.PUBLISHED:
        raise AllocationRunNotPublished(
            _("Run %(id)s is %(status)s: only the published run's allocations can change.")
            % {"id": run.pk, "status": run.get_status_display()}
        )


def _locked_result(run: AllocationRun, gmina: Territory) -> AllocationResult:
    result = (
        AllocationResult.objects.select_for_update()
        .select_related("run__programme", "gmina")
        .filter(run=run, gmina=gmina)
        .first()
    )
    if result is None:
        raise AllocationResultMissing(
            _("The gmina %(code)s has no allocation in run %(id)s.")
            % {"code": gmina.teryt, "id": run.pk}
        )
    return result


def _check_version(result: AllocationResult, lock_version: int) -> None:
    if result.lock_version != lock_version:
        raise AllocationEditConflict(
            _(
                "Someone else changed this gmina's allocation while you were editing it (version "
                "%(seen)s, now %(now)s). Nothing was saved: compare your input with the saved "
                "values and save again to replace them."
            )
            % {"seen": lock_version, "now": result.lock_version},
            current=result.lock_version,
        )


def _next_version(result: AllocationResult) -> None:
    result.lock_version += 1
    result.save(update_fields=["lock_version"])


def _transferred_eur(tranches: Iterable[Tranche]) -> Decimal:
    return sum((t.amount_eur for t in tranches if t.is_transferred), Decimal(0))


def _check_amount(run: AllocationRun, amount: Decimal, reason: str) -> None:
    problems = []
    if amount < 0 or amount % run.unit_eur != 0:
        problems.append(
            Problem(
                _("The amount must be a non-negative multiple of %(unit)s EUR.")
                % {"unit": run.unit_eur},
                field="amount_eur",
            )
        )
    if not reason.strip():
        problems.append(Problem(_("Give the reason for the amendment."), field="reason"))
    elif len(reason) > REASON_LENGTH:
        problems.append(
            Problem(
                _("At most %(limit)s characters (it has %(length)s).")
                % {"limit": REASON_LENGTH, "length": len(reason)},
                field="reason",
            )
        )
    if problems:
        raise AllocationAmendmentInvalid(
            _("The amendment is refused; nothing was saved."), problems
        )


def _check_budget(run: AllocationRun, result: AllocationResult, amount: Decimal) -> None:
    others = AllocationResult.objects.filter(run=run).exclude(pk=result.pk).aggregate(
        total=Sum("amount_eur")
    )["total"] or Decimal(0)
    budget = run.programme.budget_eur
    # Quantized so that the message reads the same whatever the database returns for the Sum.
    total, amount = (others + amount).quantize(CENT), amount.quantize(CENT)
    if total > budget:
        raise AllocationExceedsBudget(
            _(
                "With %(amount)s EUR for this gmina the run would allocate %(total)s EUR, more "
                "than the programme's budget of %(budget)s EUR."
            )
            % {"amount": amount, "total": total, "budget": budget}
        )


@transaction.atomic
def amend_allocation(
    *,
    actor: Actor,
    run: AllocationRun,
    gmina: Territory,
    amount_eur: Decimal,
    reason: str,
    lock_version: int,
    context: RequestContext | None = None,
) -> AllocationAmendment:
    """Change one gmina's amount in the published run, recording the amendment and its reason;
    the planned tranches are re-split so that the schedule still sums to the new total.

    Raises PermissionDenied unless the actor is a ministry administrator,
    AllocationRunNotPublished, AllocationResultMissing (the gmina is not in the run),
    AllocationAmendmentInvalid (no reason, not a non-negative multiple of the run's unit, no
    change), AllocationExceedsBudget (the run's total over the programme's budget),
    AllocationBelowTransferred (less than the tranches already transferred),
    AllocationEditConflict when `lock_version` (the gmina's allocation as the editor saw it) is
    no longer the stored one.
    """
    require(
        actor,
        lambda user: can_amend_allocation(user, gmina),
        _("Only a ministry administrator may amend an allocation."),
    )
    amount_eur = Decimal(amount_eur)
    run = AllocationRun.objects.select_for_update().select_related("programme").get(pk=run.pk)
    _check_published(run)
    _check_amount(run, amount_eur, reason)
    result = _locked_result(run, gmina)
    _check_version(result, lock_version)
    before = result.amount_eur
    if amount_eur == before:
        raise AllocationAmendmentInvalid.at(
            "amount_eur", _("The gmina's amount is already %(amount)s EUR.") % {"amount": before}
        )
    _check_budget(run, result, amount_eur)
    tranches = list(Tranche.objects.select_for_update().filter(result=result).order_by("number"))
    total = allocation_lines(amount_eur, run.programme.training_percent).total
    transferred = _transferred_eur(tranches)
    if total < transferred:
        raise AllocationBelowTransferred(
            _(
                "The gmina has already received tranches of %(transferred)s EUR; its allocation "
                "with the training line (%(total)s EUR) may not be lower."
            )
            % {"transferred": transferred, "total": total}
        )
    result.amount_eur = amount_eur
    result.lock_version += 1
    result.save(update_fields=["amount_eur", "lock_version"])
    _resplit(result, tranches, total)
    invalidate(programme_group(run.programme_id))
    amendment = AllocationAmendment.objects.create(
        run=run,
        gmina=gmina,
        amount_before_eur=before,
        amount_after_eur=amount_eur,
        reason=reason.strip(),
        actor=cast("User | None", user_of(actor)),
        actor_label=label_of(actor),
    )
    common = {"programme": run.programme.code, "run": run.pk}
    record_event(
        actor=actor,
        action="allocations.allocation.amended",
        target=gmina,
        territory_teryt=gmina.teryt,
        context=context,
        changes={
            "before": {**common, "amount_eur": before},
            "after": {**common, "amount_eur": amount_eur, "reason": amendment.reason},
        },
    )
    return amendment


def _resplit(result: AllocationResult, tranches: list[Tranche], total: Decimal) -> None:
    """Spread what is not yet transferred evenly over the planned tranches (a new tranche in the
    last year when every one has been transferred and something is left)."""
    planned = [t for t in tranches if not t.is_transferred]
    left = total - _transferred_eur(tranches)
    if not planned:
        if left:
            last = tranches[-1] if tranches else None
            Tranche.objects.create(
                result=result,
                programme=result.run.programme,
                gmina=result.gmina,
                number=(last.number + 1) if last else 1,
                year=last.year if last else result.run.programme.starts_on.year,
                amount_eur=left,
            )
        return
    for tranche, amount in zip(planned, split_evenly(left, len(planned)), strict=True):
        tranche.amount_eur = amount
    Tranche.objects.bulk_update(planned, ["amount_eur"])


def _tranche_amounts(amounts: Mapping[int, Any]) -> dict[int, Decimal]:
    """The amounts as decimals; TrancheScheduleInvalid names every tranche whose amount is not a
    non-negative sum in cents."""
    values = {number: Decimal(amount) for number, amount in sorted(amounts.items())}
    problems = [
        Problem(
            _("Tranche %(number)s: the amount must be a non-negative sum in cents.")
            % {"number": number},
            field=f"tranches.{number}",
        )
        for number, value in values.items()
        if not value.is_finite() or value < 0 or value != value.quantize(CENT)
    ]
    if problems:
        raise TrancheScheduleInvalid(_("The tranches are refused; nothing was saved."), problems)
    return values


@transaction.atomic
def update_tranches(
    *,
    actor: Actor,
    result: AllocationResult,
    amounts: Mapping[int, Decimal],
    lock_version: int,
    context: RequestContext | None = None,
) -> list[Tranche]:
    """Set the EUR amounts of planned tranches ({number: amount}; the others keep theirs).

    Raises PermissionDenied unless the actor is the regional officer of the gmina's voivodeship
    or a ministry administrator, AllocationRunNotPublished, TrancheScheduleInvalid (unknown
    number, bad amount, a sum other than the allocation's total), TrancheTransferred (a
    transferred tranche would change), AllocationEditConflict when `lock_version` (the gmina's
    allocation as the editor saw it) is no longer the stored one: two tabs never overwrite each
    other silently.
    """
    require(
        actor,
        lambda user: can_edit_tranches(user, result.gmina),
        _("Only the regional officer of the voivodeship may edit the gmina's tranches."),
    )
    result = _locked_result(result.run, result.gmina)
    _check_published(result.run)
    _check_version(result, lock_version)
    tranches = {t.number: t for t in Tranche.objects.select_for_update().filter(result=result)}
    if unknown := set(amounts) - tranches.keys():
        raise TrancheScheduleInvalid.at(
            "tranches",
            _("No tranche numbered %(numbers)s.")
            % {"numbers": ", ".join(str(n) for n in sorted(unknown))},
        )
    before = {number: t.amount_eur for number, t in tranches.items()}
    changed = []
    for number, amount in _tranche_amounts(amounts).items():
        tranche = tranches[number]
        if amount == tranche.amount_eur:
            continue
        if tranche.is_transferred:
            raise TrancheTransferred(
                _("Tranche %(number)s has been transferred: its amount can no longer change.")
                % {"number": number}
            )
        tranche.amount_eur = amount
        changed.append(tranche)
    total = _total_of(result, result.run.programme)
    scheduled = sum((t.amount_eur for t in tranches.values()), Decimal(0))
    if scheduled != total:
        raise TrancheScheduleInvalid.at(
            "tranches",
            _("The tranches sum to %(sum)s EUR, not to the allocation's total of %(total)s EUR.")
            % {"sum": scheduled, "total": total},
        )
    Tranche.objects.bulk_update(changed, ["amount_eur"])
    if changed:
        _next_version(result)
        record_event(
            actor=actor,
            action="allocations.tranche.rescheduled",
            target=result.gmina,
            territory_teryt=result.gmina.teryt,
            context=context,
            changes={
                "before": {str(n): before[n] for n in sorted(before)},
                "after": {str(n): tranches[n].amount_eur for n in sorted(tranches)},
            },
        )
    return [tranches[number] for number in sorted(tranches)]


def _check_transfer(amount_pln: Decimal, transferred_on: dt.date) -> None:
    problems = []
    if not (
        amount_pln.is_finite()
        and 0 < amount_pln <= MAX_AMOUNT
        and amount_pln == amount_pln.quantize(CENT)
    ):
        problems.append(
            Problem(
                _("The amount transferred must be a positive sum in PLN and grosze."),
                field="amount_pln",
            )
        )
    if (problem := date_problem(transferred_on)) is not None:
        problems.append(Problem(problem, field="transferred_on"))
    if problems:
        raise TransferInvalid(_("The transfer is refused; nothing was saved."), problems)


@transaction.atomic
def record_transfer(
    *,
    actor: Actor,
    tranche: Tranche,
    amount_pln: Decimal,
    transferred_on: dt.date,
    context: RequestContext | None = None,
) -> Tranche:
    """Record that a planned tranche was paid in PLN on a day: the PLN are converted to EUR at the
    NBP table A mid rate of the last business day before the transfer, and the rate, its table
    and source and the EUR equivalent are kept with the tranche.

    Raises PermissionDenied unless the actor is the regional finance officer of the gmina's
    voivodeship or a ministry administrator, AllocationRunNotPublished, TrancheTransferred (done
    already), TransferInvalid (amount not positive or not in grosze), RateMissing (no rate for
    that date: never another day's or source's rate).
    """
    require(
        actor,
        lambda user: can_record_transfer(user, tranche.gmina),
        _("Only the regional finance officer of the voivodeship may record a transfer."),
    )
    result = _locked_result(tranche.result.run, tranche.gmina)
    _check_published(result.run)
    tranche = (
        Tranche.objects.select_for_update().select_related("programme", "gmina").get(pk=tranche.pk)
    )
    if tranche.is_transferred:
        raise TrancheTransferred(
            _("Tranche %(number)s was already transferred on %(day)s.")
            % {"number": tranche.number, "day": tranche.transferred_on}
        )
    amount_pln = Decimal(amount_pln)
    _check_transfer(amount_pln, transferred_on)
    conversion = convert(Money(amount_pln, "PLN"), to="EUR", operation_on=transferred_on)
    tranche.status = Tranche.Status.TRANSFERRED
    tranche.transferred_on = transferred_on
    tranche.amount_pln = amount_pln
    tranche.rate = conversion.rate
    tranche.rate_table_no = conversion.table_no
    tranche.rate_table_on = conversion.table_on
    tranche.rate_source = conversion.source
    tranche.eur_equivalent = conversion.converted.amount
    tranche.save()
    _next_version(result)
    record_event(
        actor=actor,
        action="allocations.tranche.transferred",
        target=tranche,
        territory_teryt=tranche.gmina.teryt,
        context=context,
        changes={
            "number": tranche.number,
            "amount_eur": tranche.amount_eur,
            "transferred_on": transferred_on,
            "amount_pln": amount_pln,
            "rate": conversion.rate,
            "rate_table_no": conversion.table_no,
            "rate_table_on": conversion.table_on,
            "rate_source": conversion.source,
            "eur_equivalent": tranche.eur_equivalent,
        },
    )
    return tranche
