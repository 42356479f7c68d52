"""Build or check the indicator summary (see monitoring.services.summaries).

`manage.py indicator_summaries` builds every programme's summary whole; `--programme CODE` one
programme; `--missing` only the programmes never built (what `bin/serve` runs at start, after the
migrations); `--check` compares the summary with the data up to today (or `--on YYYY-MM-DD`) for
the country and every voivodeship and prints OK, or each difference and exits 1."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from integra.monitoring.models import SummaryState
from integra.monitoring.selectors import summaries as reading
from integra.monitoring.services import summaries
from integra.programmes.models import Programme


class Command(BaseCommand):
    help = "Build (or --check) the indicator summary of the programmes."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--programme", help="the programme's code (default: every one)")
        parser.add_argument(
            "--missing", action="store_true", help="only the programmes never built"
        )
        parser.add_argument(
            "--check", action="store_true", help="compare with the data; exit 1 on a difference"
        )
        parser.add_argument("--on", help="the day --check counts to (YYYY-MM-DD; default today)")

    def handle(self, *args: Any, **options: Any) -> None:
        programmes = Programme.objects.order_by("code")
        if options["programme"]:
            programmes = programmes.filter(code=options["programme"])
            if not programmes.exists():
                raise CommandError(f"No programme {options['programme']!r}.", returncode=2)
        if options["check"]:
            self._check(list(programmes), options["on"])
            return
        if options["missing"]:
            programmes = programmes.exclude(pk__in=SummaryState.objects.values("programme"))
        for programme in programmes:
            started = time.monotonic()
            rows = summaries.build(programme)
            self.stdout.write(
                f"{programme.code}: {rows} rows per gmina and quarter, "
                f"{time.monotonic() - started:.1f} s"
            )

    def _check(self, programmes: list[Programme], on: str | None) -> None:
        try:
            day = dt.date.fromisoformat(on) if on else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--on: {on!r} is not a day (YYYY-MM-DD).", returncode=2) from exc
        problems = []
        for programme in programmes:
            if not reading.is_built(programme):
                self.stdout.write(f"{programme.code}: not built (read from the data)")
                continue
            found = reading.differences(programme, day)
            problems += [f"{programme.code} {problem}" for problem in found]
            if not found:
                self.stdout.write(f"{programme.code}: OK")
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} difference(s)", returncode=1)
