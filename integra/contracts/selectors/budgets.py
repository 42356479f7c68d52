"""What is contracted and what is still free under each planned service of an approved plan."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from integra.action_plans.selectors import approved_services, plans_with_approved_version
from integra.contracts.models import ContractService

ZERO = Decimal("0.00")


def contracted_by_key(
    plan: Any, keys: Iterable[uuid.UUID] | None = None, *, excluding_contract: Any = None
) -> dict[uuid.UUID, Decimal]:
    """PLN taken by contracts (not terminated) from each planned service of the plan, by key."""
    rows = ContractService.objects.filter(plan=plan).exclude(contract__status="terminated")
    if keys is not None:
        rows = rows.filter(service_key__in=list(keys))
    if excluding_contract is not None:
        rows = rows.exclude(contract=excluding_contract)
    totals = rows.values("service_key").annotate(total=Sum("amount_pln"))
    return {row["service_key"]: row["total"] or ZERO for row in totals}


@dataclass(frozen=True)
class ServiceBudget:
    """A planned service of the approved version with what contracts took and what is free."""

    service: Any  # PlannedService
    contracted_pln: Decimal

    @property
    def key(self) -> uuid.UUID:
        return self.service.key  # type: ignore[no-any-return]

    @property
    def planned_pln(self) -> Decimal:
        return self.service.planned_cost_pln  # type: ignore[no-any-return]

    @property
    def free_pln(self) -> Decimal:
        return self.planned_pln - self.contracted_pln


def service_budgets(plan: Any) -> list[ServiceBudget]:
    """Every planned service of the plan's approved version with its contracted and free PLN
    (none when no version is approved)."""
    services = list(approved_services(plan))
    contracted = contracted_by_key(plan, [s.key for s in services])
    return [ServiceBudget(s, contracted.get(s.key, ZERO)) for s in services]


@dataclass(frozen=True)
class CardRow:
    """A planned service on the gmina card: the money guard's figures and the contracts that
    take from it (not terminated, after annexes)."""

    budget: ServiceBudget
    contracts: list[Any]  # Contract


@dataclass(frozen=True)
class PlanCard:
    """One Action Plan's approved version on the gmina card, a row per planned service."""

    plan: Any  # ActionPlan
    version: Any  # PlanVersion
    rows: list[CardRow]

    @property
    def planned_pln(self) -> Decimal:
        return sum((r.budget.planned_pln for r in self.rows), ZERO)

    @property
    def contracted_pln(self) -> Decimal:
        return sum((r.budget.contracted_pln for r in self.rows), ZERO)

    @property
    def free_pln(self) -> Decimal:
        return sum((r.budget.free_pln for r in self.rows), ZERO)


def gmina_card_budgets(gmina: Any) -> list[PlanCard]:
    """Per plan of the gmina with an approved version (newest year first), each planned service
    with its budget, contracted and free PLN — `service_budgets`, the money guard's figures —
    and its contracts by number. No scope check: the caller has checked that the reader sees
    the gmina's contracts. Queries: 2 + 2 per plan, whatever the services and contracts."""
    plans = list(plans_with_approved_version([gmina.teryt]).filter(gmina=gmina))
    by_key: dict[tuple[int, uuid.UUID], list[Any]] = {}
    shares = (
        ContractService.objects.filter(plan__in=plans)
        .exclude(contract__status="terminated")
        .select_related("contract")
        .order_by("contract__number", "contract_id")
    )
    for share in shares:
        by_key.setdefault((share.plan_id, share.service_key), []).append(share.contract)
    cards = []
    for plan in plans:
        budgets = service_budgets(plan)
        if budgets:
            rows = [CardRow(b, by_key.get((plan.pk, b.key), [])) for b in budgets]
            cards.append(PlanCard(plan, budgets[0].service.version, rows))
    return cards
