"""Writes of an update of an approved plan: a new draft version copying the approved one."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from integra.action_plans import policies
from integra.action_plans.models import ActionPlan, PlanVersion
from integra.action_plans.rules import update_refusal
from integra.action_plans.services.versions import (
    SECTION_FIELDS,
    PlanStateInvalid,
    content_of,
    rate_for,
    require_right,
    write_services,
)
from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor

Status = PlanVersion.Status


@transaction.atomic
def start_plan_update(
    *, actor: Actor, plan: ActionPlan, as_of: dt.date, context: RequestContext | None = None
) -> PlanVersion:
    """A new draft version copying the approved one ("stan na dzień" as_of), services keeping
    their keys. Raises PermissionDenied, PlanStateInvalid (nothing approved yet, or a version
    already open), PlanRateMissing."""
    require_right(actor, lambda user: policies.can_edit_action_plan(user, plan), "update")
    ActionPlan.objects.select_for_update().get(pk=plan.pk)
    versions = list(plan.versions.all())
    refusal = update_refusal(v.status for v in versions)
    if refusal:
        raise PlanStateInvalid(refusal, state="", action="update")
    approved = next(v for v in versions if v.status == Status.APPROVED)
    content = content_of(approved)
    draft = PlanVersion.objects.create(
        plan=plan,
        number=max(v.number for v in versions) + 1,
        **{name: getattr(content, name) for name in SECTION_FIELDS if name != "as_of"},
        as_of=as_of,
        **rate_for(as_of),
    )
    write_services(draft, content.services)
    record_event(
        actor=actor,
        action="action_plans.plan_version.update_started",
        target=draft,
        territory_teryt=plan.gmina.teryt,
        context=context,
        changes={"from_version": approved.number, "as_of": as_of},
    )
    return draft
