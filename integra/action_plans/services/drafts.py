"""Writes of a plan's draft: a new plan with its empty version 1, and saving a draft's (or
returned version's) sections and services under optimistic locking."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from integra.action_plans import policies
from integra.action_plans.models import ActionPlan, PlanVersion
from integra.action_plans.rules import PlanContent
from integra.action_plans.services.versions import (
    PLAN_VERSION_WORKFLOW,
    SECTION_FIELDS,
    check_plan,
    locked,
    rate_for,
    require_right,
    snapshot,
    write_services,
)
from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor
from integra.core.errors import DomainError
from integra.programmes import selectors as programme_selectors
from integra.programmes.models import Programme
from integra.strategies.models import Strategy
from integra.territories.models import Territory


class PlanNotAllowed(DomainError):
    """The plan cannot be created: the gmina does not take part, the year is outside the
    programme, or a plan for that year exists."""

    code = "plan_not_allowed"


class PlanEditConflict(DomainError):
    code = "plan_edit_conflict"
    status = 409


def _check_new_plan(programme: Programme, gmina: Territory, year: int) -> None:
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


@transaction.atomic
def create_action_plan(
    *,
    actor: Actor,
    programme: Programme,
    gmina: Territory,
    year: int,
    as_of: dt.date,
    context: RequestContext | None = None,
) -> PlanVersion:
    """A new plan for the year with an empty draft version 1 (its EUR rate looked up for as_of).

    Raises PermissionDenied, PlanNotAllowed (not taking part, year outside the programme, plan
    exists), PlanRateMissing."""
    require_right(actor, lambda user: policies.can_edit_action_plan_at(user, gmina.teryt), "draft")
    _check_new_plan(programme, gmina, year)
    plan = ActionPlan.objects.create(programme=programme, gmina=gmina, year=year)
    strategy = Strategy.objects.filter(gmina=gmina).order_by("-period_from").first()
    version = PlanVersion.objects.create(
        plan=plan, number=1, as_of=as_of, strategy=strategy, **rate_for(as_of)
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


@transaction.atomic
def save_plan_version(
    *,
    actor: Actor,
    version: PlanVersion,
    content: PlanContent,
    lock_version: int,
    context: RequestContext | None = None,
) -> PlanVersion:
    """Replace a draft's (or returned version's) sections and services.

    `lock_version` is the one the editor loaded: if someone saved in between, PlanEditConflict
    and nothing changes. Raises PermissionDenied, PlanStateInvalid, PlanRateMissing (as_of
    changed to a day without a rate), RulesBroken."""
    plan = version.plan
    require_right(actor, lambda user: policies.can_edit_action_plan(user, plan), "edit")
    version = locked(version)
    if version.lock_version != lock_version:
        raise PlanEditConflict(
            _(
                "Someone else saved this plan while you were editing it (your copy: %(mine)s, "
                "saved: %(theirs)s). Your changes were not saved; they are still on the form — "
                "reload the plan, compare and enter them again."
            )
            % {"mine": lock_version, "theirs": version.lock_version}
        )
    PLAN_VERSION_WORKFLOW.require(version, "edit")
    before = snapshot(version)
    if content.as_of != version.as_of:
        for name, value in rate_for(content.as_of).items():
            setattr(version, name, value)
    check_plan(version, content, for_submission=False)
    for name in SECTION_FIELDS:
        setattr(version, name, getattr(content, name))
    version.lock_version = F("lock_version") + 1
    version.save()
    version.refresh_from_db()
    write_services(version, content.services)
    record_event(
        actor=actor,
        action="action_plans.plan_version.saved",
        target=version,
        territory_teryt=version.plan.gmina.teryt,
        context=context,
        changes={"before": before, "after": snapshot(version)},
    )
    return version


def current_lock(version: PlanVersion) -> int:
    lock: int = PlanVersion.objects.values_list("lock_version", flat=True).get(pk=version.pk)
    return lock
