"""API of Action Plans: plans and their versions, a version's content (optimistic locking), the
review (submit, opinion, return, approve), updates as new versions, the difference between two
versions, the review queue, and residents' comments on a draft under public consultation."""

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from integra.api.auth import PUBLIC
from integra.audit.services import RequestContext
from integra.catalog.models import ServiceType, TargetGroup
from integra.core.api.pagination import PageNumberPagination
from integra.core.errors import Problem, RulesBroken
from integra.plans import policies
from integra.plans.api_action_plan_schemas import (
    ApprovalIn,
    ConsultationIn,
    ConsultationKey,
    DiffOut,
    DiffQuery,
    OpinionIn,
    Plain,
    PlanDetail,
    PlanFilters,
    PlanId,
    PlanIn,
    PlanItem,
    PublicCommentIn,
    PublicCommentOut,
    QueueItemOut,
    ReturnIn,
    ServiceIn,
    UpdateIn,
    VersionDetail,
    VersionIn,
    VersionNumber,
    VersionSummary,
)
from integra.plans.models import (
    ActionPlan,
    Goal,
    PlanVersion,
    Strategy,
)
from integra.plans.selectors import action_plans as selectors
from integra.plans.services import action_plans as services
from integra.programmes.models import Programme
from integra.territories.models import Territory

router = Router(tags=["action-plans"])


# Helpers ----------------------------------------------------------------------------------------


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _plan(request: HttpRequest, plan_id: int) -> ActionPlan:
    """The plan with its versions; ActionPlan.DoesNotExist (404) outside the caller's scope."""
    return selectors.get_action_plan(user=_user(request), plan_id=plan_id)


def _version(request: HttpRequest, plan_id: int, number: int) -> PlanVersion:
    """The version with its content; PlanVersion.DoesNotExist (404) outside the caller's scope."""
    return selectors.get_plan_version(user=_user(request), plan_id=plan_id, number=number)


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


class _References:
    """The catalogue entries, goals and strategy a content refers to, fetched at once."""

    def __init__(self, plan: ActionPlan, data: VersionIn) -> None:
        services_in = data.services
        self.types = {
            t.code: t
            for t in ServiceType.objects.filter(code__in={s.service_type for s in services_in})
        }
        self.groups = {
            g.code: g
            for g in TargetGroup.objects.filter(code__in={c for s in services_in for c in s.groups})
        }
        self.goals = {
            g.pk: g
            for g in Goal.objects.filter(
                pk__in={s.goal for s in services_in if s.goal is not None},
                strategy__gmina=plan.gmina,
            )
        }
        self.strategy = (
            Strategy.objects.filter(pk=data.strategy, gmina=plan.gmina).first()
            if data.strategy is not None
            else None
        )

    def problems(self, data: VersionIn) -> list[Problem]:
        found = []
        if data.strategy is not None and self.strategy is None:
            found.append(
                Problem(
                    _("The gmina has no strategy %(id)s.") % {"id": data.strategy}, field="strategy"
                )
            )
        keys: set[uuid.UUID] = set()
        for index, service in enumerate(data.services):
            found += self._service_problems(f"services.{index}", service, keys)
        return found

    def _service_problems(
        self, where: str, service: ServiceIn, keys: set[uuid.UUID]
    ) -> list[Problem]:
        found = []
        if service.service_type not in self.types:
            found.append(
                Problem(
                    _("Unknown service type %(code)s.") % {"code": service.service_type},
                    field=f"{where}.service_type",
                )
            )
        unknown = sorted({code for code in service.groups if code not in self.groups})
        if unknown:
            found.append(
                Problem(
                    _("Unknown target group(s) %(codes)s.") % {"codes": ", ".join(unknown)},
                    field=f"{where}.groups",
                )
            )
        if service.goal is not None and service.goal not in self.goals:
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

    def service(self, service: ServiceIn) -> services.ServiceInput:
        return services.ServiceInput(
            service_type=self.types[service.service_type],
            groups=tuple(dict.fromkeys(self.groups[code] for code in service.groups)),
            goal=self.goals.get(service.goal) if service.goal is not None else None,
            **service.dict(exclude={"service_type", "groups", "goal"}),
        )


def _content(plan: ActionPlan, data: VersionIn) -> services.PlanContent:
    """The content as the service takes it; RulesBroken naming every unknown reference."""
    references = _References(plan, data)
    _refused(references.problems(data))
    return services.PlanContent(
        **data.dict(exclude={"lock_version", "strategy", "services"}),
        strategy=references.strategy,
        services=tuple(references.service(service) for service in data.services),
    )


# Plans ------------------------------------------------------------------------------------------


@router.get("", response=list[PlanItem], summary="List Action Plans")
@paginate(PageNumberPagination)
def action_plans_list(request: HttpRequest, filters: Query[PlanFilters]) -> QuerySet[ActionPlan]:
    """Plans within the caller's scope by programme, gmina TERYT code and year; `status` is the
    status of the newest version."""
    return selectors.list_action_plans(
        user=_user(request),
        programme=filters.programme,
        voivodeship=filters.voivodeship,
        gmina=filters.gmina,
        year=filters.year,
        status=filters.status,
    )


@router.post("", response={201: PlanDetail}, summary="Draft an Action Plan")
def action_plans_create(request: HttpRequest, data: PlanIn) -> Status:
    """A new plan of a gmina for a year of the programme, with an empty draft version 1 (the
    gmina's coordinator). 400 (plan_not_allowed) when the gmina does not take part, the year is
    outside the programme or the plan exists; 422 for an unknown programme or gmina, or when no
    EUR rate precedes as_of."""
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
        actor=_user(request),
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
    return selectors.review_queue(user=_user(request))


@router.post(
    "/consultations/{key}/comments",
    response={201: PublicCommentOut},
    auth=PUBLIC,
    summary="Comment on a plan under public consultation",
)
def action_plans_public_comments_add(
    request: HttpRequest,
    data: PublicCommentIn,
    key: uuid.UUID = ConsultationKey,
) -> Status:
    """Anyone, without an account; 404 (consultation_closed) when the consultation is closed or
    the key unknown, 422 for an empty comment."""
    comment = services.add_public_comment(
        public_key=key, author_name=data.author_name, text=data.text
    )
    return Status(201, comment)


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
        actor=_user(request),
        plan=_plan(request, plan_id),
        as_of=data.as_of,
        context=RequestContext.of(request),
    )
    return Status(201, _version(request, plan_id, draft.number))


@router.get("/{plan_id}/diff", response=DiffOut, summary="Differences between two versions")
def action_plans_diff(
    request: HttpRequest, pair: Query[DiffQuery], plan_id: int = PlanId
) -> dict[str, Any]:
    """Services added, removed and changed (field by field) from version a to b, the sections
    that changed, and the totals in PLN and EUR."""
    diff = selectors.diff_versions(
        _version(request, plan_id, pair.a), _version(request, plan_id, pair.b)
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


# Versions ---------------------------------------------------------------------------------------


@router.get("/{plan_id}/versions/{number}", response=VersionDetail, summary="One version of a plan")
def action_plans_versions_detail(
    request: HttpRequest, plan_id: int = PlanId, number: int = VersionNumber
) -> PlanVersion:
    """Sections, services with their EUR equivalents, the rate, review and public comments, and
    the budget against the allocation; 404 outside the caller's scope."""
    return _version(request, plan_id, number)


@router.put("/{plan_id}/versions/{number}", response=VersionDetail, summary="Save a version")
def action_plans_versions_update(
    request: HttpRequest, data: VersionIn, plan_id: int = PlanId, number: int = VersionNumber
) -> PlanVersion:
    """Replace the content of a draft or returned version (the gmina's coordinator). 409
    (plan_edit_conflict) when lock_version is not the stored one: someone saved in between and
    nothing changes; 422 (rules_broken) listing every broken rule with its place in `errors`."""
    version = _version(request, plan_id, number)
    if not policies.can_edit_action_plan(_user(request), version.plan):
        raise PermissionDenied(_("Only the gmina's coordinator may edit its Action Plan."))
    services.save_plan_version(
        actor=_user(request),
        version=version,
        content=_content(version.plan, data),
        lock_version=data.lock_version,
        context=RequestContext.of(request),
    )
    return _version(request, plan_id, number)


@router.post(
    "/{plan_id}/versions/{number}/submit", response=VersionDetail, summary="Submit a version"
)
def action_plans_versions_submit(
    request: HttpRequest, plan_id: int = PlanId, number: int = VersionNumber
) -> PlanVersion:
    """Send a draft or returned version to the region (the gmina's coordinator); 422 listing
    what the complete plan still lacks."""
    services.submit_plan_version(
        actor=_user(request),
        version=_version(request, plan_id, number),
        context=RequestContext.of(request),
    )
    return _version(request, plan_id, number)


@router.post(
    "/{plan_id}/versions/{number}/opinion",
    response=VersionDetail,
    summary="Give an opinion on a version",
)
def action_plans_versions_opinion(
    request: HttpRequest, data: OpinionIn, plan_id: int = PlanId, number: int = VersionNumber
) -> PlanVersion:
    """The region's consultant recommends approval or return of a submitted version."""
    services.give_opinion(
        actor=_user(request),
        version=_version(request, plan_id, number),
        recommendation=data.recommendation,
        section=data.section,
        text=data.text,
        context=RequestContext.of(request),
    )
    return _version(request, plan_id, number)


@router.post(
    "/{plan_id}/versions/{number}/return",
    response=VersionDetail,
    summary="Return a version for corrections",
)
def action_plans_versions_return(
    request: HttpRequest, data: ReturnIn, plan_id: int = PlanId, number: int = VersionNumber
) -> PlanVersion:
    """The region's officer returns a submitted version with comments per section."""
    services.return_plan_version(
        actor=_user(request),
        version=_version(request, plan_id, number),
        comments=[(comment.section, comment.text) for comment in data.comments],
        context=RequestContext.of(request),
    )
    return _version(request, plan_id, number)


@router.post(
    "/{plan_id}/versions/{number}/approve", response=VersionDetail, summary="Approve a version"
)
def action_plans_versions_approve(
    request: HttpRequest, data: ApprovalIn, plan_id: int = PlanId, number: int = VersionNumber
) -> PlanVersion:
    """The region's officer approves a submitted version by a letter; the previously approved
    version is superseded."""
    services.approve_plan_version(
        actor=_user(request),
        version=_version(request, plan_id, number),
        letter_number=data.letter_number,
        letter_on=data.letter_on,
        context=RequestContext.of(request),
    )
    return _version(request, plan_id, number)


@router.post(
    "/{plan_id}/versions/{number}/consultation",
    response=VersionDetail,
    summary="Open or close the public consultation of a version",
)
def action_plans_versions_consultation(
    request: HttpRequest, data: ConsultationIn, plan_id: int = PlanId, number: int = VersionNumber
) -> PlanVersion:
    """Opening gives the draft a new consultation_key, under which residents comment; closing
    ends it (the gmina's coordinator)."""
    services.set_public_consultation(
        actor=_user(request),
        version=_version(request, plan_id, number),
        is_open=data.open,
        context=RequestContext.of(request),
    )
    return _version(request, plan_id, number)
