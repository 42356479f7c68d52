"""`manage.py mark_overdue_reports`: enqueue the daily check of provider reports (run it from
cron once a day; the task backend runs it now or in its worker)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from integra.contracts.tasks import mark_overdue_reports_daily


class Command(BaseCommand):
    help = "Mark provider reports overdue and e-mail providers and coordinators (daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = mark_overdue_reports_daily.enqueue()
        self.stdout.write(f"enqueued {result.id} ({result.status})")
