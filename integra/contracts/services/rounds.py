"""Writes of a procurement round: build it from the approved plan, edit and publish the
invitation, record the meeting's attendance, close the offers, cancel or repeat it; and the
evaluation committee with its impartiality declarations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.action_plans.selectors import approved_services
from integra.audit.services import RequestContext, record_event
from integra.contracts import policies, rules
from integra.contracts.models import (
    CommitteeMember,
    Criterion,
    MeetingAttendance,
    Offer,
    ProcurementRound,
    RoundService,
)
from integra.contracts.selectors.budgets import ZERO, contracted_by_key
from integra.contracts.services.shared import (
    ROUND_WORKFLOW,
    check_lock,
    locked_round,
    require_right,
)
from integra.core.actors import Actor, is_system
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.core.periods import date_problem

Status = ProcurementRound.Status


class RoundNotAllowed(DomainError):
    code = "round_not_allowed"
    status = 409


def _now_for(actor: Actor) -> dt.datetime | None:
    """The clock the rules hold a user to; None for the system, which records history."""
    return None if is_system(actor) else timezone.now()


def _free_by_key(plan: Any) -> tuple[dict[Any, Any], dict[Any, Any]]:
    services = {s.key: s for s in approved_services(plan)}
    contracted = contracted_by_key(plan, services)
    free = {key: s.planned_cost_pln - contracted.get(key, ZERO) for key, s in services.items()}
    return services, free


def _write_content(
    round_: ProcurementRound,
    values: rules.RoundInput,
    services: dict[Any, Any],
    free: dict[Any, Any],
) -> None:
    round_.services.all().delete()
    round_.criteria.all().delete()
    RoundService.objects.bulk_create(
        RoundService(
            round=round_,
            planned_service=services[key],
            service_key=key,
            position=position,
            title=services[key].title,
            budget_pln=free[key],
        )
        for position, key in enumerate(values.service_keys)
    )
    Criterion.objects.bulk_create(
        Criterion(
            round=round_,
            position=position,
            name=c.name.strip(),
            weight=c.weight,
            description=c.description.strip(),
        )
        for position, c in enumerate(values.criteria)
    )


def _fields(values: rules.RoundInput) -> dict[str, Any]:
    return {
        "title": values.title.strip(),
        "invitation": values.invitation.strip(),
        "deadline_at": values.deadline_at,
        "meeting_at": values.meeting_at,
        "meeting_place": values.meeting_place.strip(),
    }


def _checked(
    actor: Actor, plan: Any, values: rules.RoundInput
) -> tuple[dict[Any, Any], dict[Any, Any]]:
    services, free = _free_by_key(plan)
    if not services:
        raise RoundNotAllowed(
            _("The plan has no approved version: a round is built from an approved plan.")
        )
    problems = rules.round_problems(values, free=free, now=_now_for(actor))
    if problems:
        raise RulesBroken(_("The invitation is incomplete; nothing was saved."), problems)
    return services, free


@transaction.atomic
def build_round(
    *,
    actor: Actor,
    plan: Any,
    values: rules.RoundInput,
    repeats: ProcurementRound | None = None,
    context: RequestContext | None = None,
) -> ProcurementRound:
    """A planned round of the plan's gmina from services of its latest approved version, each
    with its budget (planned cost less what contracts took). Raises PermissionDenied,
    RoundNotAllowed (no approved version), RulesBroken."""
    require_right(
        actor, lambda user: policies.can_run_procurement_at(user, plan.gmina.teryt), "run"
    )
    services, free = _checked(actor, plan, values)
    number = (
        ProcurementRound.objects.filter(gmina=plan.gmina, programme=plan.programme).aggregate(
            top=Max("number")
        )["top"]
        or 0
    ) + 1
    round_ = ProcurementRound.objects.create(
        programme=plan.programme,
        gmina=plan.gmina,
        plan=plan,
        built_from=next(iter(services.values())).version,
        number=number,
        repeats=repeats,
        **_fields(values),
    )
    _write_content(round_, values, services, free)
    record_event(
        actor=actor,
        action="contracts.procurement_round.built",
        target=round_,
        territory_teryt=plan.gmina.teryt,
        context=context,
        changes={
            "title": round_.title,
            "services": [str(k) for k in values.service_keys],
            "repeats": repeats.pk if repeats else None,
        },
    )
    return round_


@transaction.atomic
def update_round(
    *,
    actor: Actor,
    round_: ProcurementRound,
    values: rules.RoundInput,
    lock_version: int,
    context: RequestContext | None = None,
) -> ProcurementRound:
    """Edit a planned round's invitation. Raises PermissionDenied, RoundStateInvalid,
    EditConflict, RulesBroken."""
    require_right(actor, lambda user: policies.can_run_round(user, round_), "run")
    round_ = locked_round(round_)
    ROUND_WORKFLOW.require(round_, "edit")
    check_lock(round_, lock_version)
    services, free = _checked(actor, round_.plan, values)
    for name, value in _fields(values).items():
        setattr(round_, name, value)
    round_.built_from = next(iter(services.values())).version
    round_.lock_version += 1
    round_.save()
    _write_content(round_, values, services, free)
    record_event(
        actor=actor,
        action="contracts.procurement_round.edited",
        target=round_,
        territory_teryt=round_.gmina.teryt,
        context=context,
        changes=_fields(values) | {"services": [str(k) for k in values.service_keys]},
    )
    return round_


def _moved(
    round_: ProcurementRound,
    *,
    actor: Actor,
    action: str,
    context: RequestContext | None,
    **changes: Any,
) -> ProcurementRound:
    before, after = ROUND_WORKFLOW.move(round_, action)
    round_.lock_version += 1
    round_.save()
    record_event(
        actor=actor,
        action=f"contracts.procurement_round.{after}",
        target=round_,
        territory_teryt=round_.gmina.teryt,
        context=context,
        changes={"status": [before, after], **changes},
    )
    return round_


@transaction.atomic
def publish_round(
    *, actor: Actor, round_: ProcurementRound, context: RequestContext | None = None
) -> ProcurementRound:
    """Publish the invitation (its public page and PDF appear). Raises PermissionDenied,
    RoundStateInvalid, RulesBroken (the deadline or the meeting has passed)."""
    require_right(actor, lambda user: policies.can_run_round(user, round_), "run")
    round_ = locked_round(round_)
    ROUND_WORKFLOW.require(round_, "publish")
    now = _now_for(actor)
    if now is not None and round_.meeting_at <= now:
        raise RulesBroken.at(
            "meeting_at",
            _("The information meeting has passed: set a new date before publishing."),
        )
    round_.published_at = now or round_.published_at or timezone.now()
    return _moved(round_, actor=actor, action="publish", context=context)


@transaction.atomic
def record_attendance(
    *,
    actor: Actor,
    round_: ProcurementRound,
    provider: Any,
    representative: str = "",
    present: bool = True,
    context: RequestContext | None = None,
) -> ProcurementRound:
    """Record (or strike out) a provider's presence at the information meeting; the flags of
    its offers follow. Raises PermissionDenied, RoundStateInvalid, RulesBroken."""
    require_right(actor, lambda user: policies.can_run_round(user, round_), "run")
    round_ = locked_round(round_)
    ROUND_WORKFLOW.require(round_, "attend")
    problems = rules.text_problems(
        "representative", representative, rules.NAME_MAX, required=False, line=True
    )
    if problems:
        raise RulesBroken(_("The attendance was not saved."), problems)
    if present:
        MeetingAttendance.objects.update_or_create(
            round=round_, provider=provider, defaults={"representative": representative.strip()}
        )
    else:
        MeetingAttendance.objects.filter(round=round_, provider=provider).delete()
    Offer.objects.filter(round=round_, provider=provider).update(absent_from_meeting=not present)
    record_event(
        actor=actor,
        action="contracts.procurement_round.attendance_recorded",
        target=round_,
        territory_teryt=round_.gmina.teryt,
        context=context,
        changes={"provider": provider.pk, "present": present},
    )
    return round_


@transaction.atomic
def close_offers(
    *, actor: Actor, round_: ProcurementRound, context: RequestContext | None = None
) -> ProcurementRound:
    """Stop taking offers once the deadline has passed. Raises PermissionDenied,
    RoundStateInvalid, RoundNotAllowed (before the deadline)."""
    require_right(actor, lambda user: policies.can_run_round(user, round_), "run")
    round_ = locked_round(round_)
    ROUND_WORKFLOW.require(round_, "close")
    now = _now_for(actor)
    if now is not None and now < round_.deadline_at:
        raise RoundNotAllowed(_("Offers may arrive until the deadline: close the round after it."))
    round_.closed_at = now or round_.deadline_at
    return _moved(round_, actor=actor, action="close", context=context)


@transaction.atomic
def cancel_round(
    *,
    actor: Actor,
    round_: ProcurementRound,
    reason: str,
    context: RequestContext | None = None,
) -> ProcurementRound:
    """Cancel the round with a reason (its offers stay, none is selected). Raises
    PermissionDenied, RoundStateInvalid, RulesBroken (no reason)."""
    require_right(actor, lambda user: policies.can_run_round(user, round_), "run")
    round_ = locked_round(round_)
    ROUND_WORKFLOW.require(round_, "cancel")
    problems = rules.text_problems(
        "reason", reason, rules.SHORT_TEXT_MAX, required=True, line=False
    )
    if problems:
        raise RulesBroken(_("Say why the round is cancelled."), problems)
    round_.cancel_reason = reason.strip()
    round_.cancelled_at = timezone.now()
    Offer.objects.filter(round=round_, status=Offer.Status.SELECTED).update(
        status=Offer.Status.NOT_SELECTED
    )
    return _moved(round_, actor=actor, action="cancel", context=context, reason=reason.strip())


@transaction.atomic
def repeat_round(
    *,
    actor: Actor,
    round_: ProcurementRound,
    values: rules.RoundInput,
    context: RequestContext | None = None,
) -> ProcurementRound:
    """A new planned round repeating a cancelled round or one whose results are published
    (for the services left without a contract). Raises PermissionDenied, RoundStateInvalid,
    RoundNotAllowed, RulesBroken."""
    require_right(actor, lambda user: policies.can_run_round(user, round_), "run")
    ROUND_WORKFLOW.require(round_, "repeat")
    return build_round(
        actor=actor, plan=round_.plan, values=values, repeats=round_, context=context
    )


@dataclass(frozen=True)
class MemberInput:
    name: str
    role: str = CommitteeMember.Role.MEMBER
    user: Any = None


@transaction.atomic
def set_committee(
    *,
    actor: Actor,
    round_: ProcurementRound,
    members: Sequence[MemberInput],
    context: RequestContext | None = None,
) -> ProcurementRound:
    """Name the evaluation committee (a chair and members); replaced whole until the first
    score. Raises PermissionDenied, RoundStateInvalid, RoundNotAllowed, RulesBroken."""
    require_right(actor, lambda user: policies.can_run_round(user, round_), "run")
    round_ = locked_round(round_)
    ROUND_WORKFLOW.require(round_, "committee")
    if round_.committee.filter(scores__isnull=False).exists():
        raise RoundNotAllowed(_("The committee has started scoring: it can no longer change."))
    problems: list[Problem] = []
    if not members or len(members) > rules.MAX_COMMITTEE:
        problems.append(
            Problem(
                _("Name from 1 to %(count)s members.") % {"count": rules.MAX_COMMITTEE},
                field="members",
            )
        )
    for index, member in enumerate(members):
        problems += rules.text_problems(
            f"members.{index}.name", member.name, rules.NAME_MAX, required=True, line=True
        )
        if member.role not in CommitteeMember.Role.values:
            problems.append(Problem(_("Unknown role."), field=f"members.{index}.role"))
    if [m.role for m in members].count(CommitteeMember.Role.CHAIR) != 1 and not problems:
        problems.append(Problem(_("The committee has exactly one chair."), field="members"))
    if problems:
        raise RulesBroken(_("The committee was not saved."), problems)
    round_.committee.all().delete()
    CommitteeMember.objects.bulk_create(
        CommitteeMember(round=round_, name=m.name.strip(), role=m.role, user=m.user)
        for m in members
    )
    record_event(
        actor=actor,
        action="contracts.procurement_round.committee_set",
        target=round_,
        territory_teryt=round_.gmina.teryt,
        context=context,
        changes={"members": [f"{m.name.strip()} ({m.role})" for m in members]},
    )
    return round_


@transaction.atomic
def declare_impartiality(
    *,
    actor: Actor,
    member: CommitteeMember,
    declared_on: dt.date,
    context: RequestContext | None = None,
) -> CommitteeMember:
    """Record a member's signed impartiality declaration; without it they may not score.
    Raises PermissionDenied, RulesBroken (a date outside the domain's window)."""
    round_ = member.round
    require_right(actor, lambda user: policies.can_run_round(user, round_), "run")
    wrong = date_problem(declared_on)
    if wrong:
        raise RulesBroken.at("declared_on", wrong)
    member.impartiality_declared_on = declared_on
    member.save(update_fields=["impartiality_declared_on"])
    record_event(
        actor=actor,
        action="contracts.committee_member.declared",
        target=member,
        territory_teryt=round_.gmina.teryt,
        context=context,
        changes={"declared_on": declared_on.isoformat()},
    )
    return member
