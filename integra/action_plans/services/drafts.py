"""Writes of a plan's draft: a new plan with its empty version 1, and saving a draft's (or
returned version's) sections and services under optimistic locking."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from integra.action_plans import policies, rules
from integra.action_plans.models import ActionPlan, PlanVersion
from integra.action_plans.rules import PlanContent
from integra.action_plans.selectors import newest_adopted
from integra.action_plans.services.versions import (
    PLAN_VERSION_WORKFLOW,
    SECTION_FIELDS,
    PlanRateMissing,
    check_plan,
    has_adopted_strategy,
    locked,
    rate_for,
    require_right,
    snapshot,
    with_type_groups,
    write_services,
)
from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor
from integra.core.errors import DomainError, Problem, RulesBroken
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


# The strategy of a new plan when the caller names none: the gmina's newest adopted one.
NEWEST_ADOPTED: Any = object()


def _check_new_plan(
    programme: Programme, gmina: Territory, year: int, as_of: dt.date, strategy: Any
) -> dict[str, Any]:
    """The state the plan needs (PlanNotAllowed), then every problem of the input at once
    (RulesBroken: the year, the day's rate, the strategy); the rate fields when all is well."""
    if not programme_selectors.is_taking_part(programme=programme, gmina=gmina):
        raise PlanNotAllowed(
            _("%(gmina)s does not take part in %(programme)s.")
            % {"gmina": gmina.name, "programme": programme.code}
        )
    if ActionPlan.objects.filter(programme=programme, gmina=gmina, year=year).exists():
        raise PlanNotAllowed(
            _("%(gmina)s already has an Action Plan for %(year)s.")
            % {"gmina": gmina.name, "year": year}
        )
    problems = []
    if not programme.starts_on.year <= year <= programme.ends_on.year:
        problems.append(
            Problem(
                _(
                    "The year %(year)s is outside the programme (%(start)s – %(end)s); choose a "
                    "year of the programme."
                )
                % {"year": year, "start": programme.starts_on.year, "end": programme.ends_on.year},
                field="year",
            )
        )
    if strategy is not None and strategy.gmina_id != gmina.pk:
        problems.append(Problem(_("The strategy is not this gmina's."), field="strategy"))
    problems += rules.strategy_problems(strategy, has_adopted_strategy(gmina.pk))
    rate: dict[str, Any] = {}
    try:
        rate = rate_for(as_of)
    except PlanRateMissing as missing:
        problems.append(Problem(missing.message, field="as_of"))
    if problems:
        raise RulesBroken(
            _("The plan cannot be drafted: %(count)s problem(s).") % {"count": len(problems)},
            problems,
        )
    return rate


@transaction.atomic
def create_action_plan(
    *,
    actor: Actor,
    programme: Programme,
    gmina: Territory,
    year: int,
    as_of: dt.date,
    strategy: Any = NEWEST_ADOPTED,
    contact_name: str = "",
    contact_email: str = "",
    context: RequestContext | None = None,
) -> PlanVersion:
    """A new plan for the year with an empty draft version 1 (its EUR rate looked up for as_of),
    linked to the strategy given (by default the gmina's newest adopted one).

    Raises PermissionDenied, PlanNotAllowed (not taking part, plan exists), RulesBroken (every
    problem of the input: the year outside the programme, no rate before as_of, no strategy
    while the gmina has an adopted one)."""
    require_right(actor, lambda user: policies.can_edit_action_plan_at(user, gmina.teryt), "draft")
    if strategy is NEWEST_ADOPTED:
        strategy = newest_adopted(gmina.pk) or (
            Strategy.objects.filter(gmina=gmina).order_by("-period_from").first()
        )
    rate = _check_new_plan(programme, gmina, year, as_of, strategy)
    plan = ActionPlan.objects.create(programme=programme, gmina=gmina, year=year)
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        as_of=as_of,
        strategy=strategy,
        contact_name=contact_name,
        contact_email=contact_email,
        **rate,
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
    content = with_type_groups(content)
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
