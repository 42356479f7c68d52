"""The published allocation in the ledger: per gmina one "allocation" transaction from the
programme's EUR budget to the gmina's two lines (services, training), one more per amendment
(the difference), and the reversal of what a superseded run had posted. Idempotent: each
document is posted under its own key, so running it again posts only what is new. The
allocations app cannot call upward; its publish and amendments are posted by this service,
run by `manage.py post_allocations` and by the demo (a hook can call it once one exists)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.allocations.models import AllocationAmendment, AllocationResult, AllocationRun
from integra.allocations.policies import can_manage_allocation_runs
from integra.allocations.selectors import AllocationLines, allocation_lines
from integra.core.actors import Actor, require
from integra.finance.models import Account, Transaction
from integra.finance.services.ledger import Leg, account, post, reference_of, reverse

SERVICES, TRAINING = "services", "training"
LINES = (SERVICES, TRAINING)


def programme_account(programme: Any, currency: str = "EUR", line: str = "") -> Account:
    names = {
        ("EUR", ""): _("%(code)s: budget") % {"code": programme.code},
        ("EUR", "exchange"): _("%(code)s: exchange differences") % {"code": programme.code},
        ("PLN", ""): _("%(code)s: transfers paid") % {"code": programme.code},
    }
    return account(
        programme=programme,
        kind=Account.Kind.PROGRAMME,
        reference=reference_of(programme),
        currency=currency,
        line=line,
        name=names.get((currency, line), programme.code),
    )


def line_account(result: AllocationResult, line: str) -> Account:
    gmina = result.gmina
    label = _("services line") if line == SERVICES else _("training line")
    return account(
        programme=result.run.programme,
        kind=Account.Kind.LINE,
        reference=reference_of(result),
        currency="EUR",
        line=line,
        name=f"{gmina.name}: {label}",
        teryt=gmina.teryt,
    )


def gmina_account(programme: Any, gmina: Any, currency: str) -> Account:
    return account(
        programme=programme,
        kind=Account.Kind.GMINA,
        reference=reference_of(gmina),
        currency=currency,
        name=gmina.name,
        teryt=gmina.teryt,
    )


def _legs(result: AllocationResult, lines: AllocationLines, sign: int = 1) -> list[Leg]:
    programme = result.run.programme
    return [
        Leg(line_account(result, SERVICES), sign * lines.services),
        Leg(line_account(result, TRAINING), sign * lines.training),
        Leg(programme_account(programme), -sign * lines.total),
    ]


@dataclass
class AllocationPosting:
    posted: int = 0
    reversed: int = 0


def _local_day(moment: dt.datetime | None) -> dt.date:
    return timezone.localdate(moment) if moment else timezone.localdate()


def _post_result(
    actor: Actor, result: AllocationResult, amendments: list[AllocationAmendment]
) -> int:
    run = result.run
    percent = run.programme.training_percent
    posted = 0
    first = amendments[0].amount_before_eur if amendments else result.amount_eur
    key = f"allocation:{result.pk}"
    if not Transaction.objects.filter(key=key).exists():
        post(
            actor=actor,
            programme=run.programme,
            movement=Transaction.Movement.ALLOCATION,
            value_date=_local_day(run.published_at),
            document=reference_of(result),
            key=key,
            legs=_legs(result, allocation_lines(first, percent)),
            description=_("Published allocation of run %(run)s") % {"run": run.pk},
        )
        posted += 1
    for amendment in amendments:
        key = f"allocation-amendment:{amendment.pk}"
        if Transaction.objects.filter(key=key).exists():
            continue
        before = allocation_lines(amendment.amount_before_eur, percent)
        after = allocation_lines(amendment.amount_after_eur, percent)
        difference = AllocationLines(
            services=after.services - before.services, training=after.training - before.training
        )
        if difference.total == 0 and difference.services == 0:
            continue
        post(
            actor=actor,
            programme=run.programme,
            movement=Transaction.Movement.ALLOCATION,
            value_date=_local_day(amendment.amended_at),
            document=reference_of(amendment),
            key=key,
            legs=_legs(result, difference),
            description=amendment.reason[:200],
        )
        posted += 1
    return posted


@transaction.atomic
def post_allocations(*, actor: Actor, programme: Any) -> AllocationPosting:
    """Bring the ledger up to the programme's published allocation: post each gmina's
    allocation and amendments not posted yet, and reverse the allocations of superseded runs.

    Raises PermissionDenied unless the actor manages allocation runs (or is the system)."""
    require(
        actor,
        can_manage_allocation_runs,
        _("Only a ministry administrator may post the allocation to the ledger."),
    )
    outcome = AllocationPosting()
    superseded = Transaction.objects.filter(
        programme=programme,
        movement=Transaction.Movement.ALLOCATION,
        reversed_by__isnull=True,
        key__startswith="allocation",
    )
    live = set(
        AllocationResult.objects.filter(
            run__programme=programme, run__status=AllocationRun.Status.PUBLISHED
        ).values_list("pk", flat=True)
    )
    for original in superseded:
        if _result_pk(original) not in live:
            reverse(
                actor=actor,
                original=original,
                value_date=timezone.localdate(),
                reason=_("The run was superseded by another published run."),
            )
            outcome.reversed += 1
    amendments: dict[int, list[AllocationAmendment]] = {}
    results = list(
        AllocationResult.objects.filter(pk__in=live).select_related("run__programme", "gmina")
    )
    for amendment in AllocationAmendment.objects.filter(
        run__programme=programme, run__status=AllocationRun.Status.PUBLISHED
    ).order_by("amended_at", "pk"):
        amendments.setdefault(amendment.gmina_id, []).append(amendment)
    for result in results:
        outcome.posted += _post_result(actor, result, amendments.get(result.gmina_id, []))
    return outcome


def _result_pk(original: Transaction) -> int | None:
    """The allocation result a posted allocation belongs to (by its line accounts)."""
    entry = original.entries.filter(account__kind=Account.Kind.LINE).first()
    if entry is None:
        return None
    return int(entry.account.reference.rsplit(":", 1)[1])


__all__ = ["post_allocations"]
