"""`manage.py backup`: the database and the uploaded files in one archive; prints its path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from integra.core.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive and print its path."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--folder", help="where to write it (default INTEGRA_BACKUP_DIR)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path = backup(Path(options["folder"]) if options["folder"] else None)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path.resolve()))
