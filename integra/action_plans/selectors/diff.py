"""The difference between two versions of a plan: services added, removed and changed, sections."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from integra.action_plans.models import PlannedService, PlanVersion

Status = PlanVersion.Status
OPEN = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)
ZERO = Decimal("0.00")


COMPARED = (
    "title",
    "service_type",
    "groups",
    "goal",
    "for_disabled",
    "description",
    "villages",
    "quarters",
    "planned_beneficiaries",
    "planned_cost_pln",
    "provider_kind",
    "non_duplication_declared",
)


def _values(service: PlannedService) -> dict[str, Any]:
    return {
        "title": service.title,
        "service_type": service.service_type.code,
        "groups": ", ".join(sorted(g.code for g in service.groups.all())),
        "goal": service.goal.code if service.goal else "",
        "for_disabled": service.for_disabled,
        "description": service.description,
        "villages": service.villages,
        "quarters": ", ".join(service.quarters),
        "planned_beneficiaries": service.planned_beneficiaries,
        "planned_cost_pln": service.planned_cost_pln,
        "provider_kind": service.get_provider_kind_display(),
        "non_duplication_declared": service.non_duplication_declared,
    }


@dataclass
class ServiceChange:
    title: str
    kind: str  # added | removed | changed
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)
    cost_a_pln: Decimal = ZERO
    cost_b_pln: Decimal = ZERO

    @property
    def difference_pln(self) -> Decimal:
        return self.cost_b_pln - self.cost_a_pln


@dataclass
class VersionDiff:
    version_a: PlanVersion
    version_b: PlanVersion
    changes: list[ServiceChange] = field(default_factory=list)
    sections: list[tuple[str, Any, Any]] = field(default_factory=list)
    total_a_pln: Decimal = ZERO
    total_b_pln: Decimal = ZERO
    total_a_eur: Decimal = ZERO
    total_b_eur: Decimal = ZERO

    @property
    def added(self) -> list[ServiceChange]:
        return [c for c in self.changes if c.kind == "added"]

    @property
    def removed(self) -> list[ServiceChange]:
        return [c for c in self.changes if c.kind == "removed"]

    @property
    def changed(self) -> list[ServiceChange]:
        return [c for c in self.changes if c.kind == "changed"]


SECTIONS_COMPARED = (
    "as_of",
    "gmina_address",
    "contact_name",
    "contact_email",
    "contact_phone",
    "diagnosis_summary",
    "continuity",
    "consultation",
)


def _services_by_key(version: PlanVersion) -> dict[Any, PlannedService]:
    services = version.services.select_related("service_type", "goal").prefetch_related("groups")
    return {service.key: service for service in services}


def diff_versions(version_a: PlanVersion, version_b: PlanVersion) -> VersionDiff:
    """What changed from a to b: services added, removed and changed (field by field, matched
    by their key), the sections that changed, and the totals in PLN and EUR."""
    diff = VersionDiff(version_a=version_a, version_b=version_b)
    a, b = _services_by_key(version_a), _services_by_key(version_b)
    for key in [*a, *(k for k in b if k not in a)]:
        old, new = a.get(key), b.get(key)
        if new is None:
            diff.changes.append(
                ServiceChange(old.title, "removed", cost_a_pln=old.planned_cost_pln)  # type: ignore[union-attr]
            )
        elif old is None:
            diff.changes.append(ServiceChange(new.title, "added", cost_b_pln=new.planned_cost_pln))
        else:
            before, after = _values(old), _values(new)
            fields = [
                (name, before[name], after[name])
                for name in COMPARED
                if before[name] != after[name]
            ]
            if fields:
                diff.changes.append(
                    ServiceChange(
                        new.title,
                        "changed",
                        fields,
                        cost_a_pln=old.planned_cost_pln,
                        cost_b_pln=new.planned_cost_pln,
                    )
                )
    diff.sections = [
        (name, getattr(version_a, name), getattr(version_b, name))
        for name in SECTIONS_COMPARED
        if getattr(version_a, name) != getattr(version_b, name)
    ]
    diff.total_a_pln = sum((s.planned_cost_pln for s in a.values()), ZERO)
    diff.total_b_pln = sum((s.planned_cost_pln for s in b.values()), ZERO)
    diff.total_a_eur = sum((version_a.eur(s.planned_cost_pln) or ZERO for s in a.values()), ZERO)
    diff.total_b_eur = sum((version_b.eur(s.planned_cost_pln) or ZERO for s in b.values()), ZERO)
    return diff
