"""`manage.py import_exchange_rates PATH... [--currency EUR]`: NBP table A or ECB rates."""

import sys

from django.core.management.base import BaseCommand

from integra.core.actors import SystemActor
from integra.core.errors import ImportRefused
from integra.programmes.services import import_exchange_rates


class Command(BaseCommand):
    help = (
        "Import exchange rates from NBP yearly archives (.xls, .csv), daily tables (.xml), "
        "api.nbp.pl responses (.json) or the ECB CSV. All files or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument(
            "--currency",
            action="append",
            default=None,
            help="ISO code to import (repeatable; default EUR)",
        )

    def handle(self, *args, **options):
        currencies = {code.upper() for code in options["currency"] or ["EUR"]}
        try:
            summary = import_exchange_rates(
                actor=SystemActor("manage.py import_exchange_rates"),
                paths=options["paths"],
                currencies=currencies,
            )
        except ImportRefused as refusal:
            self.stderr.write(refusal.report())
            sys.exit(1)
        except FileNotFoundError as error:
            self.stderr.write(f"{error.filename}: no such file; nothing was imported")
            sys.exit(1)
        self.stdout.write(
            f"rates: created {summary.created}, updated {summary.updated}, "
            f"unchanged {summary.unchanged}"
        )
