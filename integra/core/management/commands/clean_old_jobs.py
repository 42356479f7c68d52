"""`manage.py clean_old_jobs [--days N]`: delete finished background jobs older than
INTEGRA_JOB_FILES_DAYS (or N) days with their files — what the daily task does, by hand."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from integra.core.jobs import clean_old_jobs


class Command(BaseCommand):
    help = "Delete finished background jobs, and their files, older than INTEGRA_JOB_FILES_DAYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, help="keep this many days (INTEGRA_JOB_FILES_DAYS by default)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1: a job's file is kept a day or more.")
        done = clean_old_jobs(days=days)
        self.stdout.write(f"deleted {done.jobs} old job(s) and {done.files} file(s)")
