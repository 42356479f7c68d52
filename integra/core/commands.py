"""Shared behaviour of import commands: a summary, or every problem and exit 1 when refused."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from integra.core.errors import ImportRefused


class ImportCommand(BaseCommand):
    """Subclasses implement `run(path, **options)` returning an ImportSummary."""

    def add_arguments(self, parser):
        parser.add_argument("path", help="file to import")

    def run(self, path: str, **options: Any):  # pragma: no cover - abstract
        raise TypeError("subclasses define run()")

    def handle(self, *args, **options):
        path = options.pop("path")
        try:
            summary = self.run(path, **options)
        except ImportRefused as refusal:
            self.stderr.write(refusal.report())
            sys.exit(1)
        except FileNotFoundError:
            self.stderr.write(f"{path}: no such file; nothing was imported")
            sys.exit(1)
        self.stdout.write(
            f"{path}: created {summary.created}, updated {summary.updated}, "
            f"unchanged {summary.unchanged}, retired {summary.retired}, skipped {summary.skipped}"
        )
        for note in summary.notes:
            self.stdout.write(f"  {note}")
