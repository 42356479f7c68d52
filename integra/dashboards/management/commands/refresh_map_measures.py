"""`manage.py refresh_map_measures [--programme CODE] [--missing]`: build the maps' summary rows
of every programme (or one), or with `--missing` only of those never built."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from integra.dashboards.services import summaries
from integra.programmes.models import Programme


class Command(BaseCommand):
    help = "Build the per-gmina summary rows the maps read (all programmes, one, or the missing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--programme", help="the programme's code (default: every programme)")
        parser.add_argument(
            "--missing", action="store_true", help="only programmes whose summary was never built"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["programme"]
        try:
            programmes = summaries.programmes_to_build(code, missing=options["missing"])
        except Programme.DoesNotExist as exc:
            raise CommandError(f"No programme has the code {code}.") from exc
        if not programmes:
            self.stdout.write("Nothing to build: every summary is built.")
            return
        for programme in programmes:
            started = time.monotonic()
            rows = summaries.build(programme)
            self.stdout.write(
                f"{programme.code}: {rows} gminas summed in {time.monotonic() - started:.1f} s."
            )
