"""The money guard: the contracted total under one planned service never exceeds its budget in
the plan's latest approved version, nor the gmina's contracts in a line its allocation line.
Checked under row locks — on the gmina's allocation result, then on the planned services and
their approved version (so no approval supersedes the version meanwhile) — in the transaction
that writes the contract or the annex."""

from __future__ import annotations

import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from integra.action_plans.selectors import approved_services
from integra.allocations.models import AllocationResult, AllocationRun
from integra.allocations.selectors import allocation_lines
from integra.catalog.models import ServiceType
from integra.contracts.models import ContractService
from integra.contracts.rules import ShareInput
from integra.contracts.selectors.budgets import ZERO, contracted_by_key
from integra.core.errors import Problem, RulesBroken
from integra.core.templatetags.formats import money


class BudgetExceeded(RulesBroken):
    """A contract or an annex would take more than is free under a planned service or the
    gmina's allocation line; each problem names the amount still free."""

    code = "budget_exceeded"
    status = 422


def lock_allocation(programme: Any, gmina: Any) -> AllocationResult | None:
    """Lock the gmina's published allocation result (None when none is published): every
    contract write of the gmina in the programme queues behind it."""
    return (
        # Only the result's row: the run and the programme are shared by every gmina.
        AllocationResult.objects.select_for_update(of=("self",))
        .filter(run__programme=programme, run__status=AllocationRun.Status.PUBLISHED, gmina=gmina)
        .select_related("run__programme")
        .first()
    )


def lock_services(plan: Any, keys: list[uuid.UUID]) -> dict[uuid.UUID, Any]:
    """Lock the planned services (and their approved version) the shares name, by key."""
    # The services and their version; not the catalogue's types, which every gmina shares.
    rows = (
        approved_services(plan)
        .filter(key__in=keys)
        .select_for_update(of=("self", "version"))
        .order_by("pk")
    )
    return {row.key: row for row in rows}


def _service_problems(
    plan: Any, shares: tuple[ShareInput, ...], services: dict[uuid.UUID, Any], excluding: Any
) -> list[Problem]:
    taken = contracted_by_key(plan, services, excluding_contract=excluding)
    problems = []
    for index, share in enumerate(shares):
        service = services.get(share.service_key)
        if service is None:
            problems.append(
                Problem(
                    _("This service is not in the plan's approved version."),
                    field=f"shares.{index}",
                )
            )
            continue
        free = service.planned_cost_pln - taken.get(share.service_key, ZERO)
        if share.amount_pln > free:
            problems.append(
                Problem(
                    _("Only %(free)s is still free under “%(service)s”.")
                    % {"free": money(max(free, ZERO), "PLN"), "service": service.title},
                    field=f"shares.{index}.amount_pln" if len(shares) > 1 else "value_pln",
                )
            )
    return problems


def eur_of(service: Any, amount_pln: Decimal) -> Decimal:
    """The EUR equivalent at the approved version's rate (0 when the version has none)."""
    value: Decimal | None = service.version.eur(amount_pln)
    return value if value is not None else ZERO


def _line_problems(
    result: AllocationResult | None,
    shares: tuple[ShareInput, ...],
    services: dict[uuid.UUID, Any],
    excluding: Any,
) -> list[Problem]:
    if result is None:
        return []
    lines = allocation_lines(result.amount_eur, result.run.programme.training_percent)
    limit: dict[str, Decimal] = {
        ServiceType.Line.SERVICES: lines.services,
        ServiceType.Line.TRAINING: lines.training,
    }
    rows = ContractService.objects.filter(
        contract__gmina=result.gmina, contract__programme=result.run.programme
    ).exclude(contract__status="terminated")
    if excluding is not None:
        rows = rows.exclude(contract=excluding)
    used: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows.values("line").annotate(total=Sum("amount_eur")):
        used[row["line"]] = row["total"] or ZERO
    wanted: dict[str, Decimal] = defaultdict(Decimal)
    for share in shares:
        service = services.get(share.service_key)
        if service is not None:
            wanted[service.service_type.line] += eur_of(service, share.amount_pln)
    problems = []
    for line, amount in wanted.items():
        free = limit.get(line, ZERO) - used[line]
        if amount > free:
            problems.append(
                Problem(
                    _("Only %(free)s of the gmina's %(line)s is still free.")
                    % {
                        "free": money(max(free, ZERO), "EUR"),
                        "line": ServiceType.Line(line).label,
                    },
                    field="value_pln",
                )
            )
    return problems


def guard(
    *,
    programme: Any,
    gmina: Any,
    plan: Any,
    shares: tuple[ShareInput, ...],
    excluding: Any = None,
) -> dict[uuid.UUID, Any]:
    """Lock and check; the locked planned services by key. Raises BudgetExceeded naming the
    amount still free. `excluding` is the contract an annex replaces the terms of."""
    result = lock_allocation(programme, gmina)
    services = lock_services(plan, [s.service_key for s in shares])
    problems = _service_problems(plan, shares, services, excluding)
    problems += _line_problems(result, shares, services, excluding)
    if problems:
        raise BudgetExceeded(
            _("The contract exceeds the money still free; nothing was saved."), problems
        )
    return services
