"""The budget of a version: its services by year, line and target group against the allocation."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from integra.action_plans.models import ActionPlan, PlanVersion
from integra.action_plans.selectors.plans import (
    counting_versions,
)
from integra.allocations import selectors as allocation_selectors
from integra.catalog.models import ServiceType, TargetGroup
from integra.core.money import Money

Status = PlanVersion.Status
OPEN = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)
ZERO = Decimal("0.00")


@dataclass
class BudgetRow:
    label: str
    services_eur: Decimal = ZERO
    training_eur: Decimal = ZERO
    cost_pln: Decimal = ZERO

    @property
    def total_eur(self) -> Decimal:
        return self.services_eur + self.training_eur


@dataclass
class BudgetSummary:
    """A version's costs per year (its own and the other years' approved plans), per target
    group (a service for several groups is split equally between them) and per line, against
    the allocation's lines."""

    years: list[BudgetRow] = field(default_factory=list)
    groups: list[BudgetRow] = field(default_factory=list)
    allocation_services: Decimal | None = None
    allocation_training: Decimal | None = None
    total: BudgetRow = field(default_factory=lambda: BudgetRow(label=""))

    @property
    def left_services(self) -> Decimal | None:
        if self.allocation_services is None:
            return None
        return self.allocation_services - self.total.services_eur

    @property
    def left_training(self) -> Decimal | None:
        if self.allocation_training is None:
            return None
        return self.allocation_training - self.total.training_eur


def _add(row: BudgetRow, line: str, eur: Decimal, pln: Decimal) -> None:
    if line == ServiceType.Line.TRAINING:
        row.training_eur += eur
    else:
        row.services_eur += eur
    row.cost_pln += pln


def _split(amount: Decimal, parts: int) -> list[Decimal]:
    share = Money(amount / parts, "EUR").rounded().amount
    return [share] * (parts - 1) + [amount - share * (parts - 1)]


def budget_summary(version: PlanVersion) -> BudgetSummary:
    plan = version.plan
    summary = BudgetSummary()
    lines = allocation_selectors.published_lines(plan.programme, plan.gmina)
    if lines is not None:
        summary.allocation_services, summary.allocation_training = lines.services, lines.training
    others = ActionPlan.objects.filter(programme=plan.programme, gmina=plan.gmina).exclude(
        pk=plan.pk
    )
    versions = [version, *counting_versions(others).select_related("plan")]
    groups = {group.code: BudgetRow(label=str(group)) for group in TargetGroup.objects.all()}
    for counted in sorted(versions, key=lambda v: v.plan.year):
        year = BudgetRow(label=str(counted.plan.year))
        services = counted.services.select_related("service_type").prefetch_related("groups")
        for service in services:
            eur = counted.eur(service.planned_cost_pln) or ZERO
            line = service.service_type.line
            _add(year, line, eur, service.planned_cost_pln)
            _add(summary.total, line, eur, service.planned_cost_pln)
            if counted.pk == version.pk:
                codes = [g.code for g in service.groups.all()] or [""]
                pln_parts = _split(service.planned_cost_pln, len(codes))
                for code, part_eur, part_pln in zip(
                    codes, _split(eur, len(codes)), pln_parts, strict=True
                ):
                    if code in groups:
                        _add(groups[code], line, part_eur, part_pln)
        summary.years.append(year)
    summary.groups = [row for row in groups.values() if row.cost_pln or row.total_eur]
    return summary


def target_groups() -> list[TargetGroup]:
    return list(TargetGroup.objects.order_by("position", "code"))
