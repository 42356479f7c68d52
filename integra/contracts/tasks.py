"""Background jobs of procurement (the Django tasks API): the daily check of provider reports."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from integra.contracts.services.reports import mark_overdue_reports
from integra.core.actors import SystemActor

ACTOR = SystemActor("tasks.mark_overdue_reports")


@task()
def mark_overdue_reports_daily() -> int:
    """Mark reports overdue as of today and tell their providers and coordinators; how many."""
    return len(mark_overdue_reports(actor=ACTOR, today=timezone.localdate()))
