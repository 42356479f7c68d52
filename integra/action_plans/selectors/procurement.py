"""What procurement (the contracts app) reads of a plan: the planned services of its latest
approved version — the only version that counts for budgets — with their type and rate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from integra.action_plans.models import ActionPlan, PlannedService, PlanVersion
from integra.core.scope import prefix_q

Status = PlanVersion.Status


def approved_services(plan: ActionPlan | Any) -> QuerySet[PlannedService]:
    """The planned services of the plan's approved version (none when no version is approved),
    by position, with their version and service type loaded. A caller that must hold the budget
    steady adds `select_for_update()`: it locks the service rows and their version, so no
    approval can supersede the version meanwhile."""
    return (
        PlannedService.objects.filter(version__plan=plan, version__status=Status.APPROVED)
        .select_related("version__plan", "service_type")
        .order_by("position", "pk")
    )


def plans_with_approved_version(prefixes: Iterable[str]) -> QuerySet[ActionPlan]:
    """The plans of gminas under the TERYT prefixes that have an approved version (a round can
    be built from them), newest year first."""
    return (
        ActionPlan.objects.filter(prefix_q("gmina__teryt", prefixes))
        .filter(versions__status=Status.APPROVED)
        .select_related("programme", "gmina")
        .order_by("-year", "programme__code")
    )
