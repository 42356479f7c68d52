"""`manage.py restore FILE`: put a backup's database and files back, then check them (the row
count of every table, the audit chain, the ledger). Replaces the current data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from integra.core.backups import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` (replaces the current data) and check it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the archive `manage.py backup` wrote")
        parser.add_argument("--no-input", action="store_false", dest="interactive")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such backup file: {path}")
        try:
            manifest = read_manifest(path)
        except (BackupError, OSError, ValueError) as error:
            raise CommandError(f"{path} is not an Integra backup: {error}") from error
        name = connection.settings_dict["NAME"]
        if options["interactive"]:
            answer = input(
                f"Replace every row of database {name} and the uploaded files with the backup "
                f"of {manifest['created']}? Type yes: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            report = restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored {path} ({manifest['created']}) into {name}")
        self.stdout.write(f"row counts: {report.tables} tables checked")
        for mismatch in report.mismatches:
            self.stdout.write(f"  MISMATCH {mismatch}")
        for command, result in report.checks.items():
            self.stdout.write(f"{command}: {result}")
        if not report.ok:
            raise CommandError("The restored data does not match the backup (see above).")
        self.stdout.write("OK")
