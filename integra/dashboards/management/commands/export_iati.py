"""`manage.py export_iati --programme CODE --out FILE`: the programme's IATI 2.03 activities (the
same file as /public/data/iati/CODE.xml); `--out -` writes to the standard output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from integra.dashboards.exports import iati
from integra.dashboards.selectors import opendata, public
from integra.programmes.models import Programme


class Command(BaseCommand):
    help = "Write a programme's IATI 2.03 activity file (published allocation and ledger)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--programme", required=True, help="the programme's code")
        parser.add_argument("--out", required=True, help="the file to write, or - for stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["programme"]
        try:
            programme = public.public_programme(code)
        except Programme.DoesNotExist as exc:
            raise CommandError(
                f"No programme with a published allocation has the code {code}."
            ) from exc
        data = opendata.programme_data(programme)
        body = iati.iati_activities(data, at=timezone.now())
        if options["out"] == "-":
            self.stdout.write(body.decode("utf-8"))
            return
        path = Path(options["out"])
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        path.write_bytes(body)
        self.stdout.write(
            f"{path}: 1 programme activity and {len(data.gminas)} gmina activities "
            f"({data.allocation_eur} EUR allocated)."
        )
