"""Reads of Action Plans: lists and versions within the reader's scope, the version that
counts for each plan, and what other years' approved plans already take of the allocation."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery

from integra.action_plans.models import ActionPlan, PlannedService, PlanVersion
from integra.catalog.models import ServiceType

Status = PlanVersion.Status
OPEN = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)
ZERO = Decimal("0.00")


def line_costs(version: PlanVersion, costs: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """EUR per line of (line, cost PLN) pairs at the version's rate, each cost rounded half-up."""
    totals = {line: ZERO for line in ServiceType.Line.values}
    for line, cost_pln in costs:
        totals[line] += version.eur(cost_pln) or ZERO
    return totals


def counting_versions(plans: QuerySet[ActionPlan]) -> QuerySet[PlanVersion]:
    """The version that counts for each plan: its latest approved one."""
    return PlanVersion.objects.filter(plan__in=plans, status=Status.APPROVED)


def counted_costs_elsewhere(plan: ActionPlan) -> dict[str, Decimal]:
    """EUR per line of the gmina's other years' approved plans in the same programme."""
    others = ActionPlan.objects.filter(programme=plan.programme, gmina=plan.gmina).exclude(
        pk=plan.pk
    )
    totals = {line: ZERO for line in ServiceType.Line.values}
    for version in counting_versions(others).prefetch_related("services__service_type"):
        for line, amount in line_costs(
            version, ((s.service_type.line, s.planned_cost_pln) for s in version.services.all())
        ).items():
            totals[line] += amount
    return totals


def _versions_prefetch() -> Prefetch[str]:
    return Prefetch("versions", queryset=PlanVersion.objects.order_by("-number"))


def list_action_plans(
    *,
    user: Any,
    programme: str | None = None,
    voivodeship: str | None = None,
    gmina: str | None = None,
    year: int | None = None,
    status: str | None = None,
) -> QuerySet[ActionPlan]:
    """Plans visible to the user with their versions (newest first); `status` filters on the
    status of the newest version."""
    plans = (
        ActionPlan.objects.visible_to(user)
        .select_related("programme", "gmina__parent__parent")
        .prefetch_related(_versions_prefetch())
    )
    if programme:
        plans = plans.filter(programme__code=programme)
    if voivodeship:
        plans = plans.filter(gmina__teryt__startswith=voivodeship)
    if gmina:
        plans = plans.filter(gmina__teryt=gmina)
    if year:
        plans = plans.filter(year=year)
    if status:
        plans = plans.filter(
            versions__status=status,
            versions__number=_newest_number_subquery(),
        )
    return plans.order_by("programme__code", "gmina__teryt", "year")


def _newest_number_subquery() -> Any:
    newest = (
        PlanVersion.objects.filter(plan=OuterRef("pk"))
        .values("plan")
        .annotate(top=Max("number"))
        .values("top")
    )
    # One row per plan, but Django needs the limit spelled out to use it in an exact lookup.
    return Subquery(newest[:1])


def get_action_plan(*, user: Any, plan_id: int) -> ActionPlan:
    """One plan with its versions; ActionPlan.DoesNotExist when absent or outside the scope."""
    plan: ActionPlan = (
        ActionPlan.objects.visible_to(user)
        .select_related("programme", "gmina__parent__parent")
        .prefetch_related(_versions_prefetch())
        .get(pk=plan_id)
    )
    return plan


def get_plan_version(*, user: Any, plan_id: int, number: int) -> PlanVersion:
    """One version with services, comments and public comments; DoesNotExist outside scope."""
    version: PlanVersion = (
        PlanVersion.objects.visible_to(user)
        .select_related("plan__programme", "plan__gmina__parent__parent", "strategy", "approved_by")
        .prefetch_related(
            Prefetch(
                "services",
                queryset=PlannedService.objects.select_related(
                    "service_type", "goal"
                ).prefetch_related("groups"),
            ),
            "comments",
            "public_comments",
        )
        .get(plan_id=plan_id, number=number)
    )
    return version


def latest_approved(plan: ActionPlan) -> PlanVersion | None:
    """The version that counts for procurement and budget checks."""
    return plan.versions.filter(status=Status.APPROVED).first()


def open_version(plan: ActionPlan) -> PlanVersion | None:
    return plan.versions.filter(status__in=OPEN).first()


def get_public_version(*, public_key: Any) -> PlanVersion:
    """A draft under public consultation (DoesNotExist if closed or unknown)."""
    return (
        PlanVersion.objects.filter(
            public_key=public_key, status__in=(Status.DRAFT, Status.RETURNED)
        )
        .select_related("plan__programme", "plan__gmina")
        .prefetch_related("services__service_type", "services__groups")
        .get()
    )
