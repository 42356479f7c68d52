"""Writes of Action Plans: drafting a plan, saving a version (optimistic locking), the rules
against the allocation, submission, the consultant's opinion, the officer's return or approval,
an update as a new version, and public consultation of a draft."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.action_plans import policies
from integra.action_plans.models import (
    ActionPlan,
    PlannedService,
    PlanVersion,
    PublicComment,
    ReviewComment,
)
from integra.action_plans.selectors import (
    counted_costs_elsewhere,
    line_costs,
    quarter_in_period,
)
from integra.allocations import selectors as allocation_selectors
from integra.audit.services import RequestContext, record_event
from integra.catalog.models import ServiceType, TargetGroup
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.programmes import selectors as programme_selectors
from integra.programmes.exchange_rates import RateMissing, find_rate
from integra.programmes.models import Programme
from integra.strategies.models import Goal, Strategy
from integra.territories.models import Territory

Status = PlanVersion.Status


class PlanNotAllowed(DomainError):
    """The plan cannot be created: the gmina does not take part, the year is outside the
    programme, or a plan for that year exists."""

    code = "plan_not_allowed"


class PlanStateInvalid(DomainError):
    code = "plan_state_invalid"
    status = 409


class PlanEditConflict(DomainError):
    code = "plan_edit_conflict"
    status = 409


class PlanRateMissing(DomainError):
    code = "plan_rate_missing"
    status = 422


@dataclass(frozen=True)
class ServiceInput:
    """One planned service as entered; `key` keeps its identity across versions (None: new)."""

    service_type: ServiceType
    groups: Sequence[TargetGroup]
    title: str
    planned_beneficiaries: int
    planned_cost_pln: Decimal
    provider_kind: str
    quarters: Sequence[str]
    goal: Goal | None = None
    for_disabled: bool = False
    description: str = ""
    villages: str = ""
    non_duplication_declared: bool = False
    non_duplication_justification: str = ""
    key: uuid.UUID | None = None


@dataclass(frozen=True)
class PlanContent:
    """The sections of a version as entered."""

    as_of: dt.date
    strategy: Strategy | None = None
    gmina_address: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    diagnosis_summary: str = ""
    continuity: str = ""
    consultation: str = ""
    services: Sequence[ServiceInput] = field(default_factory=tuple)


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


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_status(version: PlanVersion, allowed: Sequence[str], doing: str) -> None:
    if version.status not in allowed:
        raise PlanStateInvalid(
            _("Version %(number)s is %(status)s: it cannot be %(doing)s now.")
            % {"number": version.number, "status": version.get_status_display(), "doing": doing}
        )


def _locked(version: PlanVersion) -> PlanVersion:
    return (
        PlanVersion.objects.select_for_update()
        .select_related("plan__programme", "plan__gmina")
        .get(pk=version.pk)
    )


def _rate_for(day: dt.date) -> dict[str, Any]:
    try:
        rate = find_rate(currency="EUR", operation_on=day)
    except RateMissing as missing:
        raise PlanRateMissing(
            _("The EUR equivalents need an NBP rate for %(day)s: %(reason)s.")
            % {"day": day, "reason": missing.message}
        ) from missing
    return {
        "rate_pln_per_eur": rate.mid,
        "rate_table_no": rate.table_no,
        "rate_table_on": rate.effective_on,
        "rate_source": rate.source,
    }


# Rules ---------------------------------------------------------------------------------------


def _service_problems(
    index: int,
    service: ServiceInput,
    plan: ActionPlan,
    strategy: Strategy | None,
    served: set[str],
) -> list[Problem]:
    where = f"services.{index}"
    problems = []
    if service.planned_beneficiaries <= 0:
        problems.append(
            Problem(
                _("The planned beneficiaries must be more than 0."), field=f"{where}.beneficiaries"
            )
        )
    if service.planned_cost_pln < 0:
        problems.append(Problem(_("The cost cannot be negative."), field=f"{where}.cost"))
    if service.service_type.is_retired:
        problems.append(
            Problem(
                _("The service type %(code)s is retired.") % {"code": service.service_type.code},
                field=f"{where}.service_type",
            )
        )
    problems += _group_problems(where, service, served)
    problems += _quarter_problems(where, service, plan.programme)
    if service.goal is None or strategy is None or service.goal.strategy_id != strategy.pk:
        problems.append(
            Problem(_("Tie the service to a goal of the gmina's strategy."), field=f"{where}.goal")
        )
    if not service.non_duplication_declared:
        problems.append(
            Problem(
                _("Declare that the service does not duplicate services paid from public funds."),
                field=f"{where}.non_duplication",
            )
        )
    return problems


def _groups_served(type_ids: set[int]) -> dict[int, set[str]]:
    """The group codes each service type serves, in one query for the whole plan."""
    served: dict[int, set[str]] = {pk: set() for pk in type_ids}
    links = ServiceType.groups.through.objects.filter(servicetype_id__in=type_ids)
    for type_id, code in links.values_list("servicetype_id", "targetgroup__code"):
        served[type_id].add(code)
    return served


def _group_problems(where: str, service: ServiceInput, served: set[str]) -> list[Problem]:
    # Training and expert support builds the gmina's capacity: it serves no target group.
    if service.service_type.line == ServiceType.Line.TRAINING:
        return []
    if not service.groups:
        return [Problem(_("Choose at least one target group."), field=f"{where}.groups")]
    foreign = sorted(group.code for group in service.groups if group.code not in served)
    if foreign:
        return [
            Problem(
                _("The type %(type)s does not serve the group(s) %(groups)s.")
                % {"type": service.service_type.code, "groups": ", ".join(foreign)},
                field=f"{where}.groups",
            )
        ]
    return []


def _quarter_problems(where: str, service: ServiceInput, programme: Programme) -> list[Problem]:
    if not service.quarters:
        return [
            Problem(_("Schedule the service in at least one quarter."), field=f"{where}.quarters")
        ]
    outside = [q for q in service.quarters if not quarter_in_period(q, programme)]
    if outside:
        return [
            Problem(
                _(
                    "Quarters outside the programme period (%(start)s – %(end)s) or not like "
                    "2007-Q1: %(quarters)s."
                )
                % {
                    "start": programme.starts_on,
                    "end": programme.ends_on,
                    "quarters": ", ".join(outside),
                },
                field=f"{where}.quarters",
            )
        ]
    return []


def _allocation_problems(version: PlanVersion, services: Sequence[ServiceInput]) -> list[Problem]:
    plan = version.plan
    lines = allocation_selectors.published_lines(plan.programme, plan.gmina)
    if lines is None:
        return [
            Problem(_("The gmina has no published allocation in this programme."), field="budget")
        ]
    here = line_costs(version, ((s.service_type.line, s.planned_cost_pln) for s in services))
    elsewhere = counted_costs_elsewhere(plan)
    problems = []
    for line, limit in (
        (ServiceType.Line.SERVICES, lines.services),
        (ServiceType.Line.TRAINING, lines.training),
    ):
        total = here[line] + elsewhere[line]
        if total > limit:
            problems.append(
                Problem(
                    _(
                        "The %(line)s totals %(total)s EUR over all years, more than the "
                        "allocation of %(limit)s EUR."
                    )
                    % {"line": ServiceType.Line(line).label, "total": total, "limit": limit},
                    field=f"budget.{line}",
                )
            )
    return problems


def check_plan(version: PlanVersion, content: PlanContent, *, for_submission: bool) -> None:
    """Every rule of a version at once; RulesBroken lists each problem with its field."""
    problems: list[Problem] = []
    plan = version.plan
    if content.strategy is not None and content.strategy.gmina_id != plan.gmina_id:
        problems.append(Problem(_("The strategy is not this gmina's."), field="strategy"))
    served = _groups_served({service.service_type.pk for service in content.services})
    for index, service in enumerate(content.services):
        problems += _service_problems(
            index, service, plan, content.strategy, served[service.service_type.pk]
        )
    if for_submission:
        if content.strategy is None:
            problems.append(Problem(_("Link the plan to the gmina's strategy."), field="strategy"))
        if not content.services:
            problems.append(Problem(_("Plan at least one service."), field="services"))
        if not content.contact_name:
            problems.append(
                Problem(_("Name the contact person for the region."), field="contact_name")
            )
    if version.rate_pln_per_eur:
        problems += _allocation_problems(version, content.services)
    if problems:
        raise RulesBroken(
            _("The plan breaks %(count)s rule(s); nothing was saved.") % {"count": len(problems)},
            problems,
        )


# Creating and saving ------------------------------------------------------------------------------


@transaction.atomic
def create_action_plan(
    *,
    actor: Any,
    programme: Programme,
    gmina: Territory,
    year: int,
    as_of: dt.date,
    context: RequestContext | None = None,
) -> PlanVersion:
    """A new plan for the year with an empty draft version 1 (its EUR rate looked up for as_of).

    Raises PermissionDenied, PlanNotAllowed (not taking part, year outside the programme, plan
    exists), PlanRateMissing."""
    _require(
        policies.can_edit_action_plan_at(actor, gmina.teryt),
        _("Only the gmina's coordinator may draft its Action Plan."),
    )
    if not programme_selectors.is_taking_part(programme=programme, gmina=gmina):
        raise PlanNotAllowed(
            _("%(gmina)s does not take part in %(programme)s.")
            % {"gmina": gmina.name, "programme": programme.code}
        )
    if not programme.starts_on.year <= year <= programme.ends_on.year:
        raise PlanNotAllowed(
            _("The year %(year)s is outside the programme (%(start)s – %(end)s).")
            % {"year": year, "start": programme.starts_on.year, "end": programme.ends_on.year}
        )
    if ActionPlan.objects.filter(programme=programme, gmina=gmina, year=year).exists():
        raise PlanNotAllowed(
            _("%(gmina)s already has an Action Plan for %(year)s.")
            % {"gmina": gmina.name, "year": year}
        )
    plan = ActionPlan.objects.create(programme=programme, gmina=gmina, year=year)
    strategy = Strategy.objects.filter(gmina=gmina).order_by("-period_from").first()
    version = PlanVersion.objects.create(
        plan=plan, number=1, as_of=as_of, strategy=strategy, **_rate_for(as_of)
    )
    record_event(
        actor=actor,
        action="action_plans.action_plan.created",
        target=version,
        territory_teryt=gmina.teryt,
        context=context,
        changes={"programme": programme.code, "year": year, "as_of": as_of},
    )
    return version


def _snapshot(version: PlanVersion) -> dict[str, Any]:
    sections = {name: getattr(version, name) for name in SECTION_FIELDS if name != "strategy"}
    sections["strategy"] = version.strategy_id
    sections["services"] = [
        f"{s.service_type.code} {s.title}: {s.planned_cost_pln} PLN"
        for s in version.services.select_related("service_type")
    ]
    return sections


def _write_services(version: PlanVersion, services: Sequence[ServiceInput]) -> None:
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


@transaction.atomic
def save_plan_version(
    *,
    actor: Any,
    version: PlanVersion,
    content: PlanContent,
    lock_version: int,
    context: RequestContext | None = None,
) -> PlanVersion:
    """Replace a draft's (or returned version's) sections and services.

    `lock_version` is the one the editor loaded: if someone saved in between, PlanEditConflict
    and nothing changes. Raises PermissionDenied, PlanStateInvalid, PlanRateMissing (as_of
    changed to a day without a rate), RulesBroken."""
    _require(
        policies.can_edit_action_plan(actor, version.plan),
        _("Only the gmina's coordinator may edit its Action Plan."),
    )
    version = _locked(version)
    if version.lock_version != lock_version:
        raise PlanEditConflict(
            _(
                "Someone else saved this plan while you were editing it (your copy: %(mine)s, "
                "saved: %(theirs)s). Your changes were not saved; they are still on the form — "
                "reload the plan, compare and enter them again."
            )
            % {"mine": lock_version, "theirs": version.lock_version}
        )
    _require_status(version, (Status.DRAFT, Status.RETURNED), _("edited"))
    before = _snapshot(version)
    if content.as_of != version.as_of:
        for name, value in _rate_for(content.as_of).items():
            setattr(version, name, value)
    check_plan(version, content, for_submission=False)
    for name in SECTION_FIELDS:
        setattr(version, name, getattr(content, name))
    version.lock_version = F("lock_version") + 1
    version.save()
    version.refresh_from_db()
    _write_services(version, content.services)
    record_event(
        actor=actor,
        action="action_plans.plan_version.saved",
        target=version,
        territory_teryt=version.plan.gmina.teryt,
        context=context,
        changes={"before": before, "after": _snapshot(version)},
    )
    return version


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


# Review ---------------------------------------------------------------------------------------


def _transition(
    version: PlanVersion, *, actor: Any, to: str, context: RequestContext | None, **changes: Any
) -> PlanVersion:
    before = version.status
    version.status = to
    version.save()
    record_event(
        actor=actor,
        action=f"action_plans.plan_version.{to}",
        target=version,
        territory_teryt=version.plan.gmina.teryt,
        context=context,
        changes={"status": [before, to], **changes},
    )
    return version


@transaction.atomic
def submit_plan_version(
    *, actor: Any, version: PlanVersion, context: RequestContext | None = None
) -> PlanVersion:
    """Send a draft or returned version to the region. Raises PermissionDenied,
    PlanStateInvalid, RulesBroken (the full rules, checked again: allocations and other years'
    plans may have changed)."""
    _require(
        policies.can_edit_action_plan(actor, version.plan),
        _("Only the gmina's coordinator may submit its Action Plan."),
    )
    version = _locked(version)
    _require_status(version, (Status.DRAFT, Status.RETURNED), _("submitted"))
    check_plan(version, content_of(version), for_submission=True)
    version.submitted_at = timezone.now()
    return _transition(version, actor=actor, to=Status.SUBMITTED, context=context)


def _comment(
    version: PlanVersion,
    *,
    actor: Any,
    kind: str,
    section: str,
    text: str,
    recommendation: str = "",
) -> ReviewComment:
    return ReviewComment.objects.create(
        version=version,
        kind=kind,
        section=section,
        text=text,
        recommendation=recommendation,
        author=actor,
        author_label=actor.get_username(),
    )


@transaction.atomic
def give_opinion(
    *,
    actor: Any,
    version: PlanVersion,
    recommendation: str,
    text: str,
    section: str = ReviewComment.Section.GENERAL,
    context: RequestContext | None = None,
) -> ReviewComment:
    """The consultant's opinion on a submitted version. Raises PermissionDenied,
    PlanStateInvalid, RulesBroken (empty text, unknown recommendation or section)."""
    _require(
        policies.can_opine_action_plan(actor, version.plan),
        _("Only the region's consultant may give an opinion on this plan."),
    )
    version = _locked(version)
    _require_status(version, (Status.SUBMITTED,), _("given an opinion"))
    problems = _comment_problems([(section, text)])
    if recommendation not in ReviewComment.Recommendation.values:
        problems.append(Problem(_("Choose a recommendation."), field="recommendation"))
    if problems:
        raise RulesBroken(_("The opinion is incomplete; nothing was saved."), problems)
    comment = _comment(
        version,
        actor=actor,
        kind=ReviewComment.Kind.OPINION,
        section=section,
        text=text.strip(),
        recommendation=recommendation,
    )
    record_event(
        actor=actor,
        action="action_plans.plan_version.opinion_given",
        target=version,
        territory_teryt=version.plan.gmina.teryt,
        context=context,
        changes={"recommendation": recommendation, "section": section, "text": text.strip()},
    )
    return comment


def _comment_problems(comments: Sequence[tuple[str, str]]) -> list[Problem]:
    problems = []
    for index, (section, text) in enumerate(comments):
        if section not in ReviewComment.Section.values:
            problems.append(Problem(_("Unknown section."), field=f"comments.{index}.section"))
        if not text.strip():
            problems.append(Problem(_("Write the comment."), field=f"comments.{index}.text"))
    return problems


@transaction.atomic
def return_plan_version(
    *,
    actor: Any,
    version: PlanVersion,
    comments: Sequence[tuple[str, str]],
    context: RequestContext | None = None,
) -> PlanVersion:
    """The officer returns a submitted version with comments per section (at least one).
    Raises PermissionDenied, PlanStateInvalid, RulesBroken."""
    _require(
        policies.can_decide_action_plan(actor, version.plan),
        _("Only the region's officer may return this plan."),
    )
    version = _locked(version)
    _require_status(version, (Status.SUBMITTED,), _("returned"))
    # Sections left blank on the form carry no comment.
    comments = [(section, text) for section, text in comments if text.strip()]
    problems = _comment_problems(comments)
    if not comments:
        problems.append(Problem(_("Say what must be corrected."), field="comments"))
    if problems:
        raise RulesBroken(_("The return is incomplete; nothing was saved."), problems)
    for section, text in comments:
        _comment(
            version, actor=actor, kind=ReviewComment.Kind.RETURN, section=section, text=text.strip()
        )
    return _transition(
        version,
        actor=actor,
        to=Status.RETURNED,
        context=context,
        comments=[f"{section}: {text.strip()}" for section, text in comments],
    )


@transaction.atomic
def approve_plan_version(
    *,
    actor: Any,
    version: PlanVersion,
    letter_number: str,
    letter_on: dt.date,
    context: RequestContext | None = None,
) -> PlanVersion:
    """The officer approves a submitted version by a letter; the plan's previously approved
    version becomes superseded (only the latest approved version counts). Raises
    PermissionDenied, PlanStateInvalid, RulesBroken (no letter, or the rules fail now)."""
    _require(
        policies.can_decide_action_plan(actor, version.plan),
        _("Only the region's officer may approve this plan."),
    )
    version = _locked(version)
    _require_status(version, (Status.SUBMITTED,), _("approved"))
    problems = []
    if not letter_number.strip():
        problems.append(Problem(_("Give the approval letter's number."), field="letter_number"))
    if letter_on is None:
        problems.append(Problem(_("Give the approval letter's date."), field="letter_on"))
    if problems:
        raise RulesBroken(_("The approval is incomplete; nothing was saved."), problems)
    check_plan(version, content_of(version), for_submission=True)
    superseded = list(
        PlanVersion.objects.select_for_update()
        .filter(plan=version.plan, status=Status.APPROVED)
        .values_list("pk", flat=True)
    )
    PlanVersion.objects.filter(pk__in=superseded).update(status=Status.SUPERSEDED)
    version.approved_at = timezone.now()
    version.approved_by = actor
    version.approval_letter_number = letter_number.strip()
    version.approval_letter_on = letter_on
    return _transition(
        version,
        actor=actor,
        to=Status.APPROVED,
        context=context,
        letter=f"{letter_number.strip()} {letter_on}",
        superseded=superseded,
    )


@transaction.atomic
def start_plan_update(
    *, actor: Any, plan: ActionPlan, as_of: dt.date, context: RequestContext | None = None
) -> PlanVersion:
    """A new draft version copying the approved one ("stan na dzień" as_of), services keeping
    their keys. Raises PermissionDenied, PlanStateInvalid (nothing approved yet, or a version
    already open), PlanRateMissing."""
    _require(
        policies.can_edit_action_plan(actor, plan),
        _("Only the gmina's coordinator may update its Action Plan."),
    )
    ActionPlan.objects.select_for_update().get(pk=plan.pk)
    versions = plan.versions.all()
    approved = versions.filter(status=Status.APPROVED).first()
    if approved is None:
        raise PlanStateInvalid(_("Only an approved plan can be updated; edit the open version."))
    if versions.filter(status__in=(Status.DRAFT, Status.SUBMITTED, Status.RETURNED)).exists():
        raise PlanStateInvalid(_("An update of this plan is already open."))
    content = content_of(approved)
    number = max(v.number for v in versions) + 1
    draft = PlanVersion.objects.create(
        plan=plan,
        number=number,
        **{name: getattr(content, name) for name in SECTION_FIELDS if name != "as_of"},
        as_of=as_of,
        **_rate_for(as_of),
    )
    _write_services(draft, content.services)
    record_event(
        actor=actor,
        action="action_plans.plan_version.update_started",
        target=draft,
        territory_teryt=plan.gmina.teryt,
        context=context,
        changes={"from_version": approved.number, "as_of": as_of},
    )
    return draft


# Public consultation ------------------------------------------------------------------------------


@transaction.atomic
def set_public_consultation(
    *, actor: Any, version: PlanVersion, is_open: bool, context: RequestContext | None = None
) -> PlanVersion:
    """Open (a new unguessable address) or close the public page of a draft."""
    _require(
        policies.can_edit_action_plan(actor, version.plan),
        _("Only the gmina's coordinator may put its plan to public consultation."),
    )
    version = _locked(version)
    if is_open:
        _require_status(version, (Status.DRAFT, Status.RETURNED), _("put to consultation"))
    version.public_key = uuid.uuid4() if is_open else None
    version.save(update_fields=["public_key"])
    record_event(
        actor=actor,
        action="action_plans.plan_version.consultation_" + ("opened" if is_open else "closed"),
        target=version,
        territory_teryt=version.plan.gmina.teryt,
        context=context,
    )
    return version


class ConsultationClosed(DomainError):
    code = "consultation_closed"
    status = 404


@transaction.atomic
def add_public_comment(*, public_key: uuid.UUID, author_name: str, text: str) -> PublicComment:
    """A resident's comment on a draft under public consultation (no account needed)."""
    version = PlanVersion.objects.filter(public_key=public_key).first()
    if version is None or not version.is_editable:
        raise ConsultationClosed(_("This plan is not open to public consultation."))
    if not text.strip():
        raise RulesBroken(
            _("The comment is empty; nothing was saved."),
            [Problem(_("Write the comment."), field="text")],
        )
    return PublicComment.objects.create(
        version=version, author_name=author_name.strip()[:200], text=text.strip()
    )


def current_lock(version: PlanVersion) -> int:
    return PlanVersion.objects.values_list("lock_version", flat=True).get(pk=version.pk)


__all__ = [
    "ConsultationClosed",
    "PlanContent",
    "PlanEditConflict",
    "PlanNotAllowed",
    "PlanRateMissing",
    "PlanStateInvalid",
    "ServiceInput",
    "add_public_comment",
    "approve_plan_version",
    "check_plan",
    "content_of",
    "create_action_plan",
    "give_opinion",
    "return_plan_version",
    "save_plan_version",
    "set_public_consultation",
    "start_plan_update",
    "submit_plan_version",
]
