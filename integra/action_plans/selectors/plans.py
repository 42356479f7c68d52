"""Reads of Action Plans: lists and versions within the reader's scope, the budget against the
allocation, the difference between two versions, the review queue and the gmina's next steps."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.action_plans.models import ActionPlan, PlannedService, PlanVersion
from integra.action_plans.policies import PLAN_WRITERS
from integra.allocations import selectors as allocation_selectors
from integra.catalog.models import ServiceType, TargetGroup
from integra.core.money import Money
from integra.programmes import selectors as programme_selectors

Status = PlanVersion.Status
OPEN = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
ZERO = Decimal("0.00")


def quarter_start(quarter: str) -> dt.date | None:
    match = QUARTER.match(quarter)
    if not match or not 1900 <= int(match[1]) <= 2199:
        return None
    return dt.date(int(match[1]), 3 * int(match[2]) - 2, 1)


def quarter_in_period(quarter: str, programme: Any) -> bool:
    """A quarter like 2007-Q3 that overlaps the programme's period."""
    start = quarter_start(quarter)
    if start is None:
        return False
    end = dt.date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
    return start <= programme.ends_on and end > programme.starts_on


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


# Lists and details --------------------------------------------------------------------------------


def _versions_prefetch() -> Prefetch:
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
    return (
        ActionPlan.objects.visible_to(user)
        .select_related("programme", "gmina__parent__parent")
        .prefetch_related(_versions_prefetch())
        .get(pk=plan_id)
    )


def get_plan_version(*, user: Any, plan_id: int, number: int) -> PlanVersion:
    """One version with services, comments and public comments; DoesNotExist outside scope."""
    return (
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


# Budget -------------------------------------------------------------------------------------------


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


# Differences between versions ---------------------------------------------------------------------

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


# Work queues --------------------------------------------------------------------------------------


@dataclass
class QueueItem:
    version: PlanVersion
    days_waiting: int
    is_overdue: bool
    has_opinion: bool


def review_queue(*, user: Any, today: dt.date | None = None) -> list[QueueItem]:
    """Submitted versions in the user's scope, oldest submission first, with the days waiting
    and whether they are past INTEGRA_REVIEW_DAYS."""
    today = today or timezone.localdate()
    limit = settings.INTEGRA_REVIEW_DAYS
    versions = (
        PlanVersion.objects.visible_to(user)
        .filter(status=Status.SUBMITTED)
        .select_related("plan__programme", "plan__gmina__parent__parent")
        .prefetch_related("comments")
        .order_by("submitted_at", "pk")
    )
    items = []
    for version in versions:
        submitted = timezone.localdate(version.submitted_at) if version.submitted_at else today
        days = (today - submitted).days
        has_opinion = any(c.kind == "opinion" for c in version.comments.all())
        items.append(QueueItem(version, days, days > limit, has_opinion))
    return items


@dataclass
class NextStep:
    plan: ActionPlan | None
    version: PlanVersion | None
    message: str
    year: int | None = None


def gmina_next_steps(*, user: Any, programme: Any, gmina: Any) -> list[NextStep]:
    """What the gmina should do next for each year of the programme: draft the plan, finish
    and submit it, correct a returned version, wait for the review, or nothing (approved)."""
    plans = {
        plan.year: plan
        for plan in list_action_plans(user=user, programme=programme.code, gmina=gmina.teryt)
    }
    steps = []
    for year in range(programme.starts_on.year, programme.ends_on.year + 1):
        plan = plans.get(year)
        newest = plan.versions.all()[0] if plan and plan.versions.all() else None
        if newest is None:
            steps.append(
                NextStep(None, None, _("Draft the Action Plan for %(y)s.") % {"y": year}, year)
            )
        elif newest.status == Status.DRAFT:
            steps.append(NextStep(plan, newest, _("Complete and submit the draft."), year))
        elif newest.status == Status.RETURNED:
            steps.append(
                NextStep(plan, newest, _("Correct the returned plan and submit it again."), year)
            )
        elif newest.status == Status.SUBMITTED:
            steps.append(NextStep(plan, newest, _("Wait for the region's review."), year))
        else:
            steps.append(NextStep(plan, newest, _("Approved: procurement may start."), year))
    return steps


@dataclass
class GminaWork:
    gmina: Any
    programme: Any
    steps: list[NextStep]


def gmina_work(*, user: Any) -> list[GminaWork]:
    """For each gmina the user coordinates and programme it takes part in: the next steps."""
    gminas = [prefix for prefix in user.scope_prefixes(PLAN_WRITERS) if len(prefix) == 7]
    return [
        GminaWork(
            p.gmina, p.programme, gmina_next_steps(user=user, programme=p.programme, gmina=p.gmina)
        )
        for p in programme_selectors.participations_of(gminas=gminas)
    ]


@dataclass
class QueueSummary:
    waiting: int
    overdue: int


def queue_summary(*, user: Any) -> QueueSummary:
    items = review_queue(user=user)
    return QueueSummary(len(items), sum(item.is_overdue for item in items))
