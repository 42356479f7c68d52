"""The plans' deadlines for reminders (outreach reads them as the system, not as a user): the
gminas whose plan for a year is not yet submitted, and the versions waiting for a review."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from integra.action_plans.models import ActionPlan, PlanVersion
from integra.programmes.models import Participation

Status = PlanVersion.Status
DONE = (Status.SUBMITTED, Status.APPROVED, Status.SUPERSEDED)


@dataclass(frozen=True)
class PlanDue:
    programme: Any
    gmina: Any
    year: int
    plan: ActionPlan | None  # None: not even drafted


def plans_not_submitted(year: int) -> list[PlanDue]:
    """Each taking-part gmina of a programme running in `year` whose plan for that year has no
    submitted or approved version (drafted, returned, or missing)."""
    participations = (
        Participation.objects.exclude(status=Participation.Status.WITHDRAWN)
        .filter(programme__starts_on__year__lte=year, programme__ends_on__year__gte=year)
        .select_related("programme", "gmina")
        .order_by("gmina__teryt", "programme__code")
    )
    plans = {
        (plan.programme_id, plan.gmina_id): plan
        for plan in ActionPlan.objects.filter(year=year).prefetch_related("versions")
    }
    due = []
    for participation in participations:
        plan = plans.get((participation.programme_id, participation.gmina_id))
        if plan is not None and any(v.status in DONE for v in plan.versions.all()):
            continue
        due.append(PlanDue(participation.programme, participation.gmina, year, plan))
    return due


def submitted_before(day: dt.date) -> list[PlanVersion]:
    """Versions submitted before `day` still waiting for the region's decision."""
    return list(
        PlanVersion.objects.filter(status=Status.SUBMITTED, submitted_at__date__lt=day)
        .select_related("plan__gmina", "plan__programme")
        .order_by("submitted_at", "pk")
    )
