"""Writes of the review of a version: the coordinator submits it, the region's consultant gives an
opinion, and its officer returns it with comments or approves it by a letter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.action_plans import policies
from integra.action_plans.models import PlanVersion, ReviewComment
from integra.action_plans.services.versions import (
    PLAN_VERSION_WORKFLOW,
    check_plan,
    content_of,
    locked,
    require_right,
)
from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, label_of, user_of
from integra.core.errors import Problem, RulesBroken

Status = PlanVersion.Status


def _moved(
    version: PlanVersion,
    *,
    actor: Actor,
    action: str,
    context: RequestContext | None,
    **changes: Any,
) -> PlanVersion:
    """Take the workflow's step `action`, save, and record `plan_version.<new status>`."""
    before, after = PLAN_VERSION_WORKFLOW.move(version, action)
    version.save()
    record_event(
        actor=actor,
        action=f"action_plans.plan_version.{after}",
        target=version,
        territory_teryt=version.plan.gmina.teryt,
        context=context,
        changes={"status": [before, after], **changes},
    )
    return version


@transaction.atomic
def submit_plan_version(
    *, actor: Actor, version: PlanVersion, context: RequestContext | None = None
) -> PlanVersion:
    """Send a draft or returned version to the region. Raises PermissionDenied,
    PlanStateInvalid, RulesBroken (the full rules, checked again: allocations and other years'
    plans may have changed)."""
    plan = version.plan
    require_right(actor, lambda user: policies.can_edit_action_plan(user, plan), "submit")
    version = locked(version)
    PLAN_VERSION_WORKFLOW.require(version, "submit")
    check_plan(version, content_of(version), for_submission=True)
    version.submitted_at = timezone.now()
    return _moved(version, actor=actor, action="submit", context=context)


def _comment(
    version: PlanVersion,
    *,
    actor: Actor,
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
        author=user_of(actor),  # type: ignore[misc]
        author_label=label_of(actor),
    )


def _comment_problems(comments: Sequence[tuple[str, str]]) -> list[Problem]:
    problems = []
    for index, (section, text) in enumerate(comments):
        if section not in ReviewComment.Section.values:
            problems.append(Problem(_("Unknown section."), field=f"comments.{index}.section"))
        if not text.strip():
            problems.append(Problem(_("Write the comment."), field=f"comments.{index}.text"))
    return problems


@transaction.atomic
def give_opinion(
    *,
    actor: Actor,
    version: PlanVersion,
    recommendation: str,
    text: str,
    section: str = ReviewComment.Section.GENERAL,
    context: RequestContext | None = None,
) -> ReviewComment:
    """The consultant's opinion on a submitted version. Raises PermissionDenied,
    PlanStateInvalid, RulesBroken (empty text, unknown recommendation or section)."""
    plan = version.plan
    require_right(actor, lambda user: policies.can_opine_action_plan(user, plan), "opine")
    version = locked(version)
    PLAN_VERSION_WORKFLOW.require(version, "opine")
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


@transaction.atomic
def return_plan_version(
    *,
    actor: Actor,
    version: PlanVersion,
    comments: Sequence[tuple[str, str]],
    context: RequestContext | None = None,
) -> PlanVersion:
    """The officer returns a submitted version with comments per section (at least one).
    Raises PermissionDenied, PlanStateInvalid, RulesBroken."""
    plan = version.plan
    require_right(actor, lambda user: policies.can_decide_action_plan(user, plan), "return")
    version = locked(version)
    PLAN_VERSION_WORKFLOW.require(version, "return")
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
    return _moved(
        version,
        actor=actor,
        action="return",
        context=context,
        comments=[f"{section}: {text.strip()}" for section, text in comments],
    )


def _letter_problems(letter_number: str, letter_on: dt.date | None) -> list[Problem]:
    problems = []
    if not letter_number.strip():
        problems.append(Problem(_("Give the approval letter's number."), field="letter_number"))
    if letter_on is None:
        problems.append(Problem(_("Give the approval letter's date."), field="letter_on"))
    return problems


@transaction.atomic
def approve_plan_version(
    *,
    actor: Actor,
    version: PlanVersion,
    letter_number: str,
    letter_on: dt.date,
    context: RequestContext | None = None,
) -> PlanVersion:
    """The officer approves a submitted version by a letter; the plan's previously approved
    version becomes superseded (only the latest approved version counts). Raises
    PermissionDenied, PlanStateInvalid, RulesBroken (no letter, or the rules fail now)."""
    plan = version.plan
    require_right(actor, lambda user: policies.can_decide_action_plan(user, plan), "approve")
    version = locked(version)
    PLAN_VERSION_WORKFLOW.require(version, "approve")
    problems = _letter_problems(letter_number, letter_on)
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
    version.approved_by = user_of(actor)  # type: ignore[assignment]
    version.approval_letter_number = letter_number.strip()
    version.approval_letter_on = letter_on
    return _moved(
        version,
        actor=actor,
        action="approve",
        context=context,
        letter=f"{letter_number.strip()} {letter_on}",
        superseded=superseded,
    )
