"""Expert support: a gmina asks (topic, need), the region assigns an expert of the roster, the
expert (or the region) reports hours and cost and uploads the outputs; the roster itself."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, require
from integra.core.errors import Problem, RulesBroken
from integra.core.roles import Role
from integra.outreach import rules
from integra.outreach.models import ExpertOutput, ExpertProfile, ExpertRequest
from integra.outreach.models.experts import WORKFLOW
from integra.outreach.policies import (
    can_assign_expert,
    can_keep_roster,
    can_report_work,
    can_request_expert_at,
    can_view_request,
)
from integra.territories.models import Territory


class RequestInvalid(RulesBroken):
    code = "expert_request_invalid"
    status = 422


def _visible(request: ExpertRequest) -> Any:
    return lambda user: can_view_request(user, request)


@transaction.atomic
def create_request(
    *,
    actor: Actor,
    programme: Any,
    gmina: Territory,
    values: rules.RequestValues,
    context: RequestContext | None = None,
) -> ExpertRequest:
    require(
        actor,
        lambda user: can_request_expert_at(user, gmina.teryt),
        _("Only the gmina's coordinator asks for expert support."),
    )
    problems = rules.request_problems(values)
    if problems:
        raise RequestInvalid(_("The request is refused; nothing was saved."), problems)
    request = ExpertRequest.objects.create(
        programme=programme, gmina=gmina, topic=values.topic.strip(), need=values.need.strip()
    )
    record_event(
        actor=actor,
        action="outreach.expert_request.created",
        target=request,
        territory_teryt=gmina.teryt,
        changes={"topic": request.topic},
        context=context,
    )
    return request


def _is_expert(user: Any) -> bool:
    return bool(user is not None and user.scope_prefixes({Role.EXPERT}))


@transaction.atomic
def assign_expert(
    *,
    actor: Actor,
    request: ExpertRequest,
    expert: Any,
    context: RequestContext | None = None,
) -> ExpertRequest:
    """The region picks an expert of the roster (a user with the expert role)."""
    require(
        actor,
        lambda user: can_assign_expert(user, request),
        _("Only the region assigns experts."),
        visible=_visible(request),
        missing=ExpertRequest.DoesNotExist,
    )
    locked = ExpertRequest.objects.select_for_update().get(pk=request.pk)
    if not _is_expert(expert):
        raise RequestInvalid.at("expert", _("Choose an expert of the roster."))
    before, after = WORKFLOW.move(locked, "assign")
    previous = locked.expert_id
    locked.expert = expert
    locked.assigned_at = timezone.now()
    locked.save(update_fields=["status", "expert", "assigned_at"])
    record_event(
        actor=actor,
        action="outreach.expert_request.assigned",
        target=locked,
        territory_teryt=locked.gmina.teryt,
        changes={"status": [before, after], "expert": [previous, expert.pk]},
        context=context,
    )
    return locked


@transaction.atomic
def report_work(
    *,
    actor: Actor,
    request: ExpertRequest,
    values: rules.WorkValues,
    context: RequestContext | None = None,
) -> ExpertRequest:
    require(
        actor,
        lambda user: can_report_work(user, request),
        _("Only the assigned expert or the region reports the work."),
        visible=_visible(request),
        missing=ExpertRequest.DoesNotExist,
    )
    problems = rules.work_problems(values)
    if problems:
        raise RequestInvalid(_("The report is refused; nothing was saved."), problems)
    locked = ExpertRequest.objects.select_for_update().get(pk=request.pk)
    before, after = WORKFLOW.move(locked, "report")
    locked.hours, locked.cost_pln = values.hours, values.cost_pln
    locked.save(update_fields=["status", "hours", "cost_pln"])
    record_event(
        actor=actor,
        action="outreach.expert_request.reported",
        target=locked,
        territory_teryt=locked.gmina.teryt,
        changes={
            "status": [before, after],
            "hours": str(values.hours),
            "cost_pln": str(values.cost_pln),
        },
        context=context,
    )
    return locked


@transaction.atomic
def add_output(
    *,
    actor: Actor,
    request: ExpertRequest,
    title: str,
    upload: UploadedFile[Any],
    context: RequestContext | None = None,
) -> ExpertOutput:
    require(
        actor,
        lambda user: can_report_work(user, request),
        _("Only the assigned expert or the region adds outputs."),
        visible=_visible(request),
        missing=ExpertRequest.DoesNotExist,
    )
    problems = rules.upload_problems(upload.name or "", upload.size or 0)
    if not title.strip():
        problems.append(Problem(_("Give the output a title."), field="title"))
    if problems:
        raise RequestInvalid(_("The file is refused; nothing was saved."), problems)
    locked = ExpertRequest.objects.select_for_update().get(pk=request.pk)
    WORKFLOW.require(locked, "upload")
    output = ExpertOutput.objects.create(
        request=locked, title=title.strip(), file=upload, size=upload.size or 0
    )
    record_event(
        actor=actor,
        action="outreach.expert_output.added",
        target=output,
        territory_teryt=locked.gmina.teryt,
        changes={"title": output.title, "size": output.size},
        context=context,
    )
    return output


@transaction.atomic
def save_profile(
    *,
    actor: Actor,
    expert: Any,
    skills: str,
    regions: Iterable[Territory],
    available: bool,
    availability: str = "",
    context: RequestContext | None = None,
) -> ExpertProfile:
    """Put an expert on the roster or update their entry."""
    require(actor, can_keep_roster, _("Only the ministry or a regional officer keeps the roster."))
    problems: list[Problem] = []
    if not _is_expert(expert):
        problems.append(
            Problem(_("Only a user with the expert role joins the roster."), field="expert")
        )
    if not skills.strip():
        problems.append(Problem(_("Describe the expert's skills."), field="skills"))
    if problems:
        raise RequestInvalid(_("The roster entry is refused; nothing was saved."), problems)
    profile, _created = ExpertProfile.objects.update_or_create(
        user=expert,
        defaults={
            "skills": skills.strip(),
            "available": available,
            "availability": availability.strip(),
        },
    )
    profile.regions.set(list(regions))
    record_event(
        actor=actor,
        action="outreach.expert_profile.saved",
        target=profile,
        changes={"skills": profile.skills, "available": available},
        context=context,
    )
    return profile
