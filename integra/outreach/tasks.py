"""Background jobs of outreach (the Django tasks API): the daily reminders."""

from __future__ import annotations

from django.tasks import task

from integra.outreach.services.reminders import SYSTEM, send_reminders


@task()
def daily_reminders() -> dict[str, int]:
    """Run once a day (the worker's scheduler or cron enqueues it); safe to run twice."""
    run = send_reminders(actor=SYSTEM)
    return {"created": run.created, "emailed": run.emailed}
