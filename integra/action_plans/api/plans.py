"""API of Action Plans: the plans, their list of versions, updates as new versions, the
difference between two versions and the review queue (a version's own operations: versions.py)."""

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from integra.action_plans import selectors, services
from integra.action_plans.api.schemas import (
    DiffOut,
    DiffQuery,
    Plain,
    PlanDetail,
    PlanFilters,
    PlanId,
    PlanIn,
    PlanItem,
    QueueItemOut,
    ServiceIn,
    UpdateIn,
    VersionDetail,
    VersionIn,
    VersionSummary,
)
from integra.action_plans.models import ActionPlan, PlanVersion
from integra.action_plans.selectors.references import References
from integra.audit.services import RequestContext
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller
from integra.core.errors import Problem, RulesBroken
from integra.programmes.models import Programme
from integra.territories.models import Territory

router = Router(tags=["action-plans"])


# Helpers ----------------------------------------------------------------------------------------


def _plan(request: HttpRequest, plan_id: int) -> ActionPlan:
    """The plan with its versions; ActionPlan.DoesNotExist (404) outside the caller's scope."""
    return selectors.get_action_plan(user=caller(request), plan_id=plan_id)


def plan_version(request: HttpRequest, plan_id: int, number: int) -> PlanVersion:
    """The version with its content; PlanVersion.DoesNotExist (404) outside the caller's scope."""
    return selectors.get_plan_version(user=caller(request), plan_id=plan_id, number=number)


def _refused(problems: list[Problem]) -> None:
    if problems:
        raise RulesBroken(
            _("The request names %(count)s unknown item(s); nothing was saved.")
            % {"count": len(problems)},
            problems,
        )


def _plain(value: Any) -> Plain:
    if value is None or isinstance(value, str | bool | int):
        return value  # type: ignore[no-any-return]
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _changes(triples: Sequence[tuple[str, Any, Any]]) -> list[dict[str, Any]]:
    return [
        {"field": name, "before": _plain(before), "after": _plain(after)}
        for name, before, after in triples
    ]


def _service_change(change: selectors.ServiceChange) -> dict[str, Any]:
    return {
        "title": change.title,
        "fields": _changes(change.fields),
        "cost_a_pln": change.cost_a_pln,
        "cost_b_pln": change.cost_b_pln,
        "difference_pln": change.difference_pln,
    }


# Content of a version: references by code and id, resolved before the service's rules -----------


def _reference_problems(refs: References, data: VersionIn) -> list[Problem]:
    found = []
    if data.strategy is not None and refs.strategy is None:
        found.append(
            Problem(
                _("The gmina has no strategy %(id)s.") % {"id": data.strategy}, field="strategy"
            )
        )
    keys: set[uuid.UUID] = set()
    for index, service in enumerate(data.services):
        found += _service_reference_problems(refs, f"services.{index}", service, keys)
    return found


def _service_reference_problems(
    refs: References, where: str, service: ServiceIn, keys: set[uuid.UUID]
) -> list[Problem]:
    found = []
    if service.service_type not in refs.types:
        found.append(
            Problem(
                _("Unknown service type %(code)s.") % {"code": service.service_type},
                field=f"{where}.service_type",
            )
        )
    unknown = sorted({code for code in service.groups if code not in refs.groups})
    if unknown:
        found.append(
            Problem(
                _("Unknown target group(s) %(codes)s.") % {"codes": ", ".join(unknown)},
                field=f"{where}.groups",
            )
        )
    if service.goal is not None and service.goal not in refs.goals:
        found.append(
            Problem(
                _("The gmina's strategy has no goal %(id)s.") % {"id": service.goal},
                field=f"{where}.goal",
            )
        )
    if service.key is not None:
        if service.key in keys:
            found.append(Problem(_("The key is used twice."), field=f"{where}.key"))
        keys.add(service.key)
    return found


def _service_input(refs: References, service: ServiceIn) -> services.ServiceInput:
    return services.ServiceInput(
        service_type=refs.types[service.service_type],
        groups=tuple(dict.fromkeys(refs.groups[code] for code in service.groups)),
        goal=refs.goals.get(service.goal) if service.goal is not None else None,
        **service.dict(exclude={"service_type", "groups", "goal"}),
    )


def content_of_request(plan: ActionPlan, data: VersionIn) -> services.PlanContent:
    """The content as the service takes it; RulesBroken naming every unknown reference."""
    refs = selectors.plan_references(
        plan=plan,
        type_codes=(s.service_type for s in data.services),
        group_codes=(code for s in data.services for code in s.groups),
        goal_ids=(s.goal for s in data.services if s.goal is not None),
        strategy_id=data.strategy,
    )
    _refused(_reference_problems(refs, data))
    return services.PlanContent(
        **data.dict(exclude={"lock_version", "strategy", "services"}),
        strategy=refs.strategy,
        services=tuple(_service_input(refs, service) for service in data.services),
    )


# Plans ------------------------------------------------------------------------------------------


@router.get("", response=list[PlanItem], summary="List Action Plans")
@paginate(PageNumberPagination)
def action_plans_list(request: HttpRequest, filters: Query[PlanFilters]) -> QuerySet[ActionPlan]:
    """Plans within the caller's scope by programme, gmina TERYT code and year; `status` is the
    status of the newest version."""
    return selectors.list_action_plans(
        user=caller(request),
        programme=filters.programme,
        voivodeship=filters.voivodeship,
        gmina=filters.gmina,
        year=filters.year,
        status=filters.status,
    )


@router.post("", response={201: PlanDetail}, summary="Draft an Action Plan")
def action_plans_create(request: HttpRequest, data: PlanIn) -> Status:
    """A new plan of a gmina for a year of the programme, with an empty draft version 1 (the
    gmina's coordinator), linked to the gmina's newest adopted strategy. 400 (plan_not_allowed)
    when the gmina does not take part or the plan exists; 422 for an unknown programme or gmina,
    and, every problem at once, for a year outside the programme and no EUR rate before as_of."""
    programme = Programme.objects.filter(code=data.programme).first()
    gmina = Territory.objects.filter(teryt=data.gmina, level=Territory.Level.GMINA).first()
    problems = []
    if programme is None:
        problems.append(
            Problem(_("Unknown programme %(code)s.") % {"code": data.programme}, field="programme")
        )
    if gmina is None:
        problems.append(
            Problem(_("Unknown gmina %(teryt)s.") % {"teryt": data.gmina}, field="gmina")
        )
    _refused(problems)
    version = services.create_action_plan(
        actor=caller(request),
        programme=programme,  # type: ignore[arg-type]
        gmina=gmina,  # type: ignore[arg-type]
        year=data.year,
        as_of=data.as_of,
        context=RequestContext.of(request),
    )
    return Status(201, _plan(request, version.plan_id))


# Declared before /{plan_id} so that these paths are not taken for an id.
@router.get("/review-queue", response=list[QueueItemOut], summary="The review queue")
@paginate(PageNumberPagination)
def action_plans_review_queue(request: HttpRequest) -> list[selectors.QueueItem]:
    """Submitted versions within the caller's scope, oldest submission first, with the days they
    have waited and whether that is past the review deadline."""
    return selectors.review_queue(user=caller(request))


@router.get("/{plan_id}", response=PlanDetail, summary="One Action Plan with its versions")
def action_plans_detail(request: HttpRequest, plan_id: int = PlanId) -> ActionPlan:
    """404 when absent and equally when outside the caller's scope."""
    return _plan(request, plan_id)


@router.get(
    "/{plan_id}/versions", response=list[VersionSummary], summary="Versions of an Action Plan"
)
def action_plans_versions_list(request: HttpRequest, plan_id: int = PlanId) -> list[PlanVersion]:
    """Newest first."""
    return list(_plan(request, plan_id).versions.all())


@router.post(
    "/{plan_id}/updates", response={201: VersionDetail}, summary="Start an update of a plan"
)
def action_plans_updates_create(
    request: HttpRequest, data: UpdateIn, plan_id: int = PlanId
) -> Status:
    """A new draft version copying the approved one, as of the given date (the gmina's
    coordinator); 409 (plan_state_invalid) when nothing is approved yet or a version is open."""
    draft = services.start_plan_update(
        actor=caller(request),
        plan=_plan(request, plan_id),
        as_of=data.as_of,
        context=RequestContext.of(request),
    )
    return Status(201, plan_version(request, plan_id, draft.number))


@router.get("/{plan_id}/diff", response=DiffOut, summary="Differences between two versions")
def action_plans_diff(
    request: HttpRequest, pair: Query[DiffQuery], plan_id: int = PlanId
) -> dict[str, Any]:
    """Services added, removed and changed (field by field) from version a to b, the sections
    that changed, and the totals in PLN and EUR."""
    diff = selectors.diff_versions(
        plan_version(request, plan_id, pair.a), plan_version(request, plan_id, pair.b)
    )
    return {
        "a": pair.a,
        "b": pair.b,
        "added": [_service_change(c) for c in diff.added],
        "removed": [_service_change(c) for c in diff.removed],
        "changed": [_service_change(c) for c in diff.changed],
        "sections": _changes(diff.sections),
        "totals": {
            "a_pln": diff.total_a_pln,
            "b_pln": diff.total_b_pln,
            "a_eur": diff.total_a_eur,
            "b_eur": diff.total_b_eur,
            "difference_pln": diff.total_b_pln - diff.total_a_pln,
            "difference_eur": diff.total_b_eur - diff.total_a_eur,
        },
    }
