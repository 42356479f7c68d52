"""API of procurement rounds: the list and one round (as the pages show them), building one from
the approved plan, and its steps — the pages' rules and rights."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from integra.action_plans.models import ActionPlan
from integra.action_plans.selectors import get_action_plan
from integra.audit.services import RequestContext
from integra.contracts import policies, selectors, services
from integra.contracts.api.schemas import (
    AttendanceIn,
    AttendanceOut,
    CommitteeIn,
    DeclarationIn,
    Id,
    MemberOut,
    ReasonIn,
    RoundDetail,
    RoundFilters,
    RoundIn,
    RoundOut,
)
from integra.contracts.models import CommitteeMember, MeetingAttendance, ProcurementRound
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller
from integra.core.errors import RulesBroken
from integra.providers.selectors import find_by_identifiers

router = Router(tags=["procurement"])


def _round(request: HttpRequest, round_id: int) -> ProcurementRound:
    return selectors.get_round(user=caller(request), round_id=round_id)


@router.get("", response=list[RoundOut], summary="List procurement rounds")
@paginate(PageNumberPagination)
def procurement_rounds_list(
    request: HttpRequest, filters: Query[RoundFilters]
) -> QuerySet[ProcurementRound]:
    return selectors.list_rounds(
        user=caller(request),
        status=filters.status,
        gmina=filters.gmina,
        voivodeship=filters.voivodeship,
    )


@router.get("/{round_id}", response=RoundDetail, summary="One procurement round")
def procurement_rounds_detail(request: HttpRequest, round_id: int = Id) -> ProcurementRound:
    """404 when absent or outside the caller's sight (a planned round of another gmina)."""
    return _round(request, round_id)


@router.post("", response={201: RoundDetail}, summary="Build a round from the approved plan")
def procurement_rounds_create(request: HttpRequest, data: RoundIn) -> Status:
    """The gmina's coordinator; 422 per field (weights, dates, services without a free budget),
    409 when the plan has no approved version."""
    user = caller(request)
    plan: ActionPlan = get_action_plan(user=user, plan_id=data.plan)
    round_ = services.build_round(
        actor=user, plan=plan, values=data.values(), context=RequestContext.of(request)
    )
    return Status(201, _round(request, round_.pk))


def _step(request: HttpRequest, round_id: int, call: Any, **extra: Any) -> ProcurementRound:
    round_ = _round(request, round_id)
    call(actor=caller(request), round_=round_, context=RequestContext.of(request), **extra)
    return _round(request, round_id)


@router.post("/{round_id}/publish", response=RoundDetail, summary="Publish the invitation")
def procurement_rounds_publish(request: HttpRequest, round_id: int = Id) -> ProcurementRound:
    return _step(request, round_id, services.publish_round)


@router.post("/{round_id}/close", response=RoundDetail, summary="Close the offers")
def procurement_rounds_close(request: HttpRequest, round_id: int = Id) -> ProcurementRound:
    """409 before the deadline."""
    return _step(request, round_id, services.close_offers)


@router.post("/{round_id}/evaluate", response=RoundDetail, summary="Rank and select")
def procurement_rounds_evaluate(request: HttpRequest, round_id: int = Id) -> ProcurementRound:
    """422 while a check, a declaration or a score is missing."""
    return _step(request, round_id, services.evaluate_round)


@router.post("/{round_id}/results", response=RoundDetail, summary="Publish the results")
def procurement_rounds_results(request: HttpRequest, round_id: int = Id) -> ProcurementRound:
    return _step(request, round_id, services.publish_results)


@router.post("/{round_id}/cancel", response=RoundDetail, summary="Cancel the round")
def procurement_rounds_cancel(
    request: HttpRequest, data: ReasonIn, round_id: int = Id
) -> ProcurementRound:
    return _step(request, round_id, services.cancel_round, reason=data.reason)


# The committee and the information meeting's attendance: read by whoever sees the round (as
# its page shows them), written by the gmina's coordinator (403 for other readers).


@router.get("/{round_id}/committee", response=list[MemberOut], summary="The committee")
def procurement_rounds_committee_list(
    request: HttpRequest, round_id: int = Id
) -> list[CommitteeMember]:
    """The evaluation committee's members with their impartiality declarations."""
    return selectors.committee_of(_round(request, round_id))


@router.put("/{round_id}/committee", response=list[MemberOut], summary="Name the committee")
def procurement_rounds_committee_set(
    request: HttpRequest, data: CommitteeIn, round_id: int = Id
) -> list[CommitteeMember]:
    """Replaces the whole committee until the first score (409 after it, or when the round is
    past offers); 422 without exactly one chair."""
    round_ = _round(request, round_id)
    members = [services.MemberInput(name=m.name, role=m.role) for m in data.members]
    services.set_committee(
        actor=caller(request), round_=round_, members=members, context=RequestContext.of(request)
    )
    return selectors.committee_of(round_)


@router.post(
    "/{round_id}/committee/{member_id}/declaration",
    response=MemberOut,
    summary="Record an impartiality declaration",
)
def procurement_rounds_committee_declare(
    request: HttpRequest, data: DeclarationIn, round_id: int = Id, member_id: int = Id
) -> CommitteeMember:
    """The day a member signed the declaration; without it they may not score."""
    round_ = _round(request, round_id)
    member = CommitteeMember.objects.filter(round=round_, pk=member_id).first()
    if member is None:
        raise CommitteeMember.DoesNotExist(_("No such committee member."))
    return services.declare_impartiality(
        actor=caller(request),
        member=member,
        declared_on=data.declared_on,
        context=RequestContext.of(request),
    )


@router.get("/{round_id}/attendance", response=list[AttendanceOut], summary="Meeting attendance")
@paginate(PageNumberPagination)
def procurement_rounds_attendance_list(
    request: HttpRequest, round_id: int = Id
) -> QuerySet[MeetingAttendance]:
    """The providers recorded as present at the compulsory information meeting."""
    return selectors.attendance_of(_round(request, round_id))


@router.post(
    "/{round_id}/attendance", response={201: AttendanceOut}, summary="Record a provider present"
)
def procurement_rounds_attendance_record(
    request: HttpRequest, data: AttendanceIn, round_id: int = Id
) -> Status:
    """A provider of the register (by NIP, REGON or KRS; 422 at `identifier` when none has it)
    present at the meeting, while the round is published (409 otherwise); its offers lose the
    absence flag."""
    round_ = _round(request, round_id)
    if not policies.can_run_round(caller(request), round_):
        raise PermissionDenied(str(services.REFUSED["run"]))
    provider = find_by_identifiers(nip=data.identifier, regon=data.identifier, krs=data.identifier)
    if provider is None:
        raise RulesBroken.at(
            "identifier", _("No provider in the register has this NIP, REGON or KRS.")
        )
    services.record_attendance(
        actor=caller(request),
        round_=round_,
        provider=provider,
        representative=data.representative,
        context=RequestContext.of(request),
    )
    return Status(201, selectors.attendance_of(round_).get(provider=provider))
