"""Work waiting for people: the region's review queue and a gmina's next steps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.action_plans.models import ActionPlan, PlanVersion
from integra.action_plans.policies import PLAN_WRITERS, can_review_any_action_plan
from integra.action_plans.selectors.plans import list_action_plans
from integra.programmes import selectors as programme_selectors

Status = PlanVersion.Status
OPEN = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)
ZERO = Decimal("0.00")
# The refusal of the queue to anyone who reviews no plan, on the page and in the API alike.
REVIEWERS_ONLY = gettext_lazy("Only the region's consultants and officers review plans.")


@dataclass
class QueueItem:
    version: PlanVersion
    days_waiting: int
    is_overdue: bool
    has_opinion: bool


def review_queue(*, user: Any, today: dt.date | None = None) -> list[QueueItem]:
    """Submitted versions in the user's scope, oldest submission first, with the days waiting
    and whether they are past INTEGRA_REVIEW_DAYS. Raises PermissionDenied for a user who
    reviews no plan (can_review_any_action_plan), whatever else they may read."""
    if not can_review_any_action_plan(user):
        raise PermissionDenied(str(REVIEWERS_ONLY))
    today = today or timezone.localdate()
    limit = settings.INTEGRA_REVIEW_DAYS
    versions = (
        PlanVersion.objects.visible_to(user)
        .filter(status=Status.SUBMITTED)
        .select_related("plan__programme", "plan__gmina__parent__parent")
        .prefetch_related("comments")
        .order_by("submitted_at", "pk")
    )
    items = []
    for version in versions:
        submitted = timezone.localdate(version.submitted_at) if version.submitted_at else today
        days = (today - submitted).days
        has_opinion = any(c.kind == "opinion" for c in version.comments.all())
        items.append(QueueItem(version, days, days > limit, has_opinion))
    return items


@dataclass
class NextStep:
    plan: ActionPlan | None
    version: PlanVersion | None
    message: str
    year: int | None = None


def gmina_next_steps(
    *, user: Any, programme: Any, gmina: Any, plans: dict[int, Any] | None = None
) -> list[NextStep]:
    """What the gmina should do next for each year of the programme: draft the plan, finish
    and submit it, correct a returned version, wait for the review, or nothing (approved).
    `plans` (the gmina's plans of the programme by year, from `list_action_plans`) spares the
    read when the caller has read the plans of many programmes at once."""
    if plans is None:
        plans = {
            plan.year: plan
            for plan in list_action_plans(user=user, programme=programme.code, gmina=gmina.teryt)
        }
    steps = []
    for year in range(programme.starts_on.year, programme.ends_on.year + 1):
        plan = plans.get(year)
        newest = plan.versions.all()[0] if plan and plan.versions.all() else None
        if newest is None:
            steps.append(
                NextStep(None, None, _("Draft the Action Plan for %(y)s.") % {"y": year}, year)
            )
        elif newest.status == Status.DRAFT:
            steps.append(NextStep(plan, newest, _("Complete and submit the draft."), year))
        elif newest.status == Status.RETURNED:
            steps.append(
                NextStep(plan, newest, _("Correct the returned plan and submit it again."), year)
            )
        elif newest.status == Status.SUBMITTED:
            steps.append(NextStep(plan, newest, _("Wait for the region's review."), year))
        else:
            steps.append(NextStep(plan, newest, _("Approved: procurement may start."), year))
    return steps


@dataclass
class GminaWork:
    gmina: Any
    programme: Any
    steps: list[NextStep]


def gmina_work(*, user: Any) -> list[GminaWork]:
    """For each gmina the user coordinates and programme it takes part in: the next steps."""
    gminas = [prefix for prefix in user.scope_prefixes(PLAN_WRITERS) if len(prefix) == 7]
    return [
        GminaWork(
            p.gmina, p.programme, gmina_next_steps(user=user, programme=p.programme, gmina=p.gmina)
        )
        for p in programme_selectors.participations_of(gminas=gminas)
    ]


@dataclass
class QueueSummary:
    waiting: int
    overdue: int


def queue_summary(*, user: Any) -> QueueSummary:
    items = review_queue(user=user)
    return QueueSummary(len(items), sum(item.is_overdue for item in items))
