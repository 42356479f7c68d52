"""API of the versions of an Action Plan: a version's content (optimistic locking) and its review
(submit, opinion, return, approve), and its public consultation."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router

from integra.action_plans import policies, services
from integra.action_plans.api.plans import content_of_request, plan_version
from integra.action_plans.api.schemas import (
    ApprovalIn,
    ConsultationIn,
    OpinionIn,
    PlanId,
    ReturnIn,
    VersionDetail,
    VersionIn,
    VersionNumber,
)
from integra.action_plans.models import PlanVersion
from integra.audit.services import RequestContext
from integra.core.api.schemas import caller

router = Router(tags=["action-plans"])


@router.get("/{plan_id}/versions/{number}", response=VersionDetail, summary="One version of a plan")
def action_plans_versions_detail(
    request: HttpRequest, plan_id: int = PlanId, number: int = VersionNumber
) -> PlanVersion:
    """Sections, services with their EUR equivalents, the rate, review and public comments, and
    the budget against the allocation; 404 outside the caller's scope."""
    return plan_version(request, plan_id, number)


@router.put("/{plan_id}/versions/{number}", response=VersionDetail, summary="Save a version")
def action_plans_versions_update(
    request: HttpRequest, data: VersionIn, plan_id: int = PlanId, number: int = VersionNumber
) -> PlanVersion:
    """Replace the content of a draft or returned version (the gmina's coordinator). 409
    (plan_edit_conflict) when lock_version is not the stored one: someone saved in between and
    nothing changes; 422 (rules_broken) listing every broken rule with its place in `errors`."""
    version = plan_version(request, plan_id, number)
    if not policies.can_edit_action_plan(caller(request), version.plan):
        raise PermissionDenied(services.REFUSED["edit"])
    services.save_plan_version(
        actor=caller(request),
        version=version,
        content=content_of_request(version.plan, data),
        lock_version=data.lock_version,
        context=RequestContext.of(request),
    )
    return plan_version(request, plan_id, number)


@router.post(
    "/{plan_id}/versions/{number}/submit", response=VersionDetail, summary="Submit a version"
)
def action_plans_versions_submit(
    request: HttpRequest, plan_id: int = PlanId, number: int = VersionNumber
) -> PlanVersion:
    """Send a draft or returned version to the region (the gmina's coordinator); 422 listing
    what the complete plan still lacks."""
    services.submit_plan_version(
        actor=caller(request),
        version=plan_version(request, plan_id, number),
        context=RequestContext.of(request),
    )
    return plan_version(request, plan_id, number)


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
        actor=caller(request),
        version=plan_version(request, plan_id, number),
        recommendation=data.recommendation,
        section=data.section,
        text=data.text,
        context=RequestContext.of(request),
    )
    return plan_version(request, plan_id, number)


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
        actor=caller(request),
        version=plan_version(request, plan_id, number),
        comments=[(comment.section, comment.text) for comment in data.comments],
        context=RequestContext.of(request),
    )
    return plan_version(request, plan_id, number)


@router.post(
    "/{plan_id}/versions/{number}/approve", response=VersionDetail, summary="Approve a version"
)
def action_plans_versions_approve(
    request: HttpRequest, data: ApprovalIn, plan_id: int = PlanId, number: int = VersionNumber
) -> PlanVersion:
    """The region's officer approves a submitted version by a letter; the previously approved
    version is superseded."""
    services.approve_plan_version(
        actor=caller(request),
        version=plan_version(request, plan_id, number),
        letter_number=data.letter_number,
        letter_on=data.letter_on,
        context=RequestContext.of(request),
    )
    return plan_version(request, plan_id, number)


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
        actor=caller(request),
        version=plan_version(request, plan_id, number),
        is_open=data.open,
        context=RequestContext.of(request),
    )
    return plan_version(request, plan_id, number)
