"""What every write of a plan version shares: the rights and their refusals, the workflow of a
version's states (declared once), the row lock, the EUR rate of a day, the rules of its content
(gathered here, judged in action_plans.rules) and the content as stored."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.action_plans.models import PlannedService, PlanVersion
from integra.action_plans.rules import (
    Budget,
    PlanContent,
    PlanFacts,
    ServiceInput,
    groups_applied,
    plan_problems,
)
from integra.action_plans.selectors import counted_costs_elsewhere, line_costs, newest_adopted
from integra.allocations import selectors as allocation_selectors
from integra.catalog.models import ServiceType
from integra.core.actors import Actor, require
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.core.workflow import Transition, TransitionRefused, Workflow
from integra.programmes.selectors import RateMissing, find_rate, missing_rate_message

Status = PlanVersion.Status

# What a person without the right is told, by action; pages and the API say the same.
REFUSED = {
    "draft": gettext_lazy("Only the gmina's coordinator may draft its Action Plan."),
    "edit": gettext_lazy("Only the gmina's coordinator may edit its Action Plan."),
    "submit": gettext_lazy("Only the gmina's coordinator may submit its Action Plan."),
    "opine": gettext_lazy("Only the region's consultant may give an opinion on this plan."),
    "return": gettext_lazy("Only the region's officer may return this plan."),
    "approve": gettext_lazy("Only the region's officer may approve this plan."),
    "update": gettext_lazy("Only the gmina's coordinator may update its Action Plan."),
    "consult": gettext_lazy(
        "Only the gmina's coordinator may put its plan to public consultation."
    ),
}


class PlanStateInvalid(TransitionRefused):
    code = "plan_state_invalid"
    status = 409


class PlanRateMissing(DomainError):
    code = "plan_rate_missing"
    status = 422


def _describe(version: Any, transition: Transition) -> str:
    return _("Version %(number)s is %(status)s: it cannot be %(doing)s now.") % {
        "number": version.number,
        "status": version.get_status_display(),
        "doing": transition.label,
    }


# The states of a version and what each allows (a None target keeps the state).
PLAN_VERSION_WORKFLOW = Workflow(
    Transition.of("edit", [Status.DRAFT, Status.RETURNED], None, gettext_lazy("edited")),
    Transition.of(
        "submit", [Status.DRAFT, Status.RETURNED], Status.SUBMITTED, gettext_lazy("submitted")
    ),
    Transition.of("opine", [Status.SUBMITTED], None, gettext_lazy("given an opinion")),
    Transition.of("return", [Status.SUBMITTED], Status.RETURNED, gettext_lazy("returned")),
    Transition.of("approve", [Status.SUBMITTED], Status.APPROVED, gettext_lazy("approved")),
    Transition.of(
        "consult", [Status.DRAFT, Status.RETURNED], None, gettext_lazy("put to consultation")
    ),
    refused=PlanStateInvalid,
    describe=_describe,
)

SECTION_FIELDS = (
    "as_of",
    "strategy",
    "gmina_address",
    "contact_name",
    "contact_email",
    "contact_phone",
    "diagnosis_summary",
    "continuity",
    "consultation",
)


def require_right(actor: Actor, allowed: Callable[[Any], bool], action: str) -> None:
    """Let the system through; PermissionDenied with the action's refusal for a user who may not."""
    require(actor, allowed, str(REFUSED[action]))


def locked(version: PlanVersion) -> PlanVersion:
    row: PlanVersion = (
        PlanVersion.objects.select_for_update()
        .select_related("plan__programme", "plan__gmina")
        .get(pk=version.pk)
    )
    return row


def rate_for(day: dt.date) -> dict[str, Any]:
    """The version's rate fields for the NBP EUR rate that applies to `day`; PlanRateMissing."""
    try:
        rate = find_rate(currency="EUR", operation_on=day)
    except RateMissing as missing:
        raise PlanRateMissing(missing_rate_message(day)) from missing
    return {
        "rate_pln_per_eur": rate.mid,
        "rate_table_no": rate.table_no,
        "rate_table_on": rate.effective_on,
        "rate_source": rate.source,
    }


# The rules, with the facts they need -------------------------------------------------------------


def _groups_served(type_ids: set[int]) -> dict[int, set[str]]:
    """The group codes each service type serves, in one query for the whole plan."""
    served: dict[int, set[str]] = {pk: set() for pk in type_ids}
    links = ServiceType.groups.through.objects.filter(servicetype_id__in=type_ids)
    for type_id, code in links.values_list("servicetype_id", "targetgroup__code"):
        served[type_id].add(code)
    return served


def with_type_groups(content: PlanContent) -> PlanContent:
    """The content with, for each service given no group, the one group its type serves."""
    type_ids = {service.service_type.pk for service in content.services}
    served: dict[int, list[Any]] = {pk: [] for pk in type_ids}
    links = ServiceType.groups.through.objects.filter(servicetype_id__in=type_ids)
    for link in links.select_related("targetgroup"):
        served[link.servicetype_id].append(link.targetgroup)
    services = tuple(
        groups_applied(service, served[service.service_type.pk])
        if service.service_type.line != ServiceType.Line.TRAINING
        else service
        for service in content.services
    )
    return replace(content, services=services)


def has_adopted_strategy(gmina_id: int) -> bool:
    return newest_adopted(gmina_id) is not None


def _budget(version: PlanVersion, services: Sequence[ServiceInput]) -> Budget:
    plan = version.plan
    lines = allocation_selectors.published_lines(plan.programme, plan.gmina)
    limits: dict[str, Decimal] | None = None
    if lines is not None:
        limits = {
            str(ServiceType.Line.SERVICES): lines.services,
            str(ServiceType.Line.TRAINING): lines.training,
        }
    here = line_costs(version, ((s.service_type.line, s.planned_cost_pln) for s in services))
    elsewhere = counted_costs_elsewhere(plan) if limits is not None else {}
    by_line: dict[str, list[tuple[str, Decimal]]] = {}
    for service in services:
        eur = version.eur(service.planned_cost_pln) or Decimal("0.00")
        by_line.setdefault(str(service.service_type.line), []).append((service.title, eur))
    return Budget(limits=limits, here=here, elsewhere=elsewhere, services=by_line)


def check_plan(version: PlanVersion, content: PlanContent, *, for_submission: bool) -> None:
    """Every rule of a version at once; RulesBroken lists each problem with its field. The
    budget is checked once the version has its rate."""
    problems = content_problems(version, content, for_submission=for_submission)
    if problems:
        raise RulesBroken(
            _("The plan breaks %(count)s rule(s); nothing was saved.") % {"count": len(problems)},
            problems,
        )


def content_problems(
    version: PlanVersion, content: PlanContent, *, for_submission: bool = False
) -> list[Problem]:
    """Every broken rule of the content (the type's single group applied first); nothing
    written — the editor asks it about what was valid when other input is refused."""
    content = with_type_groups(content)
    plan = version.plan
    facts = PlanFacts(
        gmina_id=plan.gmina_id,
        starts_on=plan.programme.starts_on,
        ends_on=plan.programme.ends_on,
        served=_groups_served({service.service_type.pk for service in content.services}),
        budget=_budget(version, content.services) if version.rate_pln_per_eur else None,
        year=plan.year,
        has_adopted_strategy=has_adopted_strategy(plan.gmina_id),
    )
    return plan_problems(content, facts, for_submission=for_submission)


# The content as stored ---------------------------------------------------------------------------


def snapshot(version: PlanVersion) -> dict[str, Any]:
    sections = {name: getattr(version, name) for name in SECTION_FIELDS if name != "strategy"}
    sections["strategy"] = version.strategy_id
    sections["services"] = [
        f"{s.service_type.code} {s.title}: {s.planned_cost_pln} PLN"
        for s in version.services.select_related("service_type")
    ]
    return sections


def write_services(version: PlanVersion, services: Sequence[ServiceInput]) -> None:
    version.services.all().delete()
    for position, service in enumerate(services):
        row = PlannedService.objects.create(
            version=version,
            key=service.key or uuid.uuid4(),
            position=position,
            service_type=service.service_type,
            goal=service.goal,
            for_disabled=service.for_disabled,
            title=service.title,
            description=service.description,
            villages=service.villages,
            quarters=sorted(service.quarters),
            planned_beneficiaries=service.planned_beneficiaries,
            planned_cost_pln=service.planned_cost_pln,
            provider_kind=service.provider_kind,
            non_duplication_declared=service.non_duplication_declared,
            non_duplication_justification=service.non_duplication_justification,
        )
        row.groups.set(service.groups)


def content_of(version: PlanVersion) -> PlanContent:
    """A version's stored content, as the rules read it."""
    services = version.services.select_related("service_type", "goal").prefetch_related("groups")
    return PlanContent(
        **{name: getattr(version, name) for name in SECTION_FIELDS},
        services=tuple(
            ServiceInput(
                service_type=s.service_type,
                groups=tuple(s.groups.all()),
                title=s.title,
                planned_beneficiaries=s.planned_beneficiaries,
                planned_cost_pln=s.planned_cost_pln,
                provider_kind=s.provider_kind,
                quarters=tuple(s.quarters),
                goal=s.goal,
                for_disabled=s.for_disabled,
                description=s.description,
                villages=s.villages,
                non_duplication_declared=s.non_duplication_declared,
                non_duplication_justification=s.non_duplication_justification,
                key=s.key,
            )
            for s in services
        ),
    )
