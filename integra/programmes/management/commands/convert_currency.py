"""`manage.py convert_currency --amount 135200 --from EUR --to PLN [--table-date D | --on D]`."""

import datetime as dt
import sys
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError

from integra.core.money import Money
from integra.programmes.selectors import RateMissing, convert


class Command(BaseCommand):
    help = (
        "Convert an amount with the NBP table of a named date (--table-date) or, by the "
        "default rule, of the last business day before the operation date (--on)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--amount", required=True)
        parser.add_argument("--from", dest="from_currency", required=True)
        parser.add_argument("--to", dest="to_currency", required=True)
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--table-date", type=dt.date.fromisoformat)
        group.add_argument("--on", type=dt.date.fromisoformat, help="operation date")
        parser.add_argument("--source", default="NBP-A", choices=["NBP-A", "ECB"])

    def handle(self, *args, **options):
        try:
            amount = Decimal(options["amount"].replace(",", "."))
        except InvalidOperation as error:
            raise CommandError(f"not an amount: {options['amount']}") from error
        try:
            result = convert(
                Money(amount, options["from_currency"].upper()),
                to=options["to_currency"].upper(),
                operation_on=options["on"],
                table_on=options["table_date"],
                source=options["source"],
            )
        except RateMissing as error:
            self.stderr.write(error.message)
            sys.exit(1)
        self.stdout.write(f"{result.original} = {result.converted}")
        converted, original = result.converted.currency, result.original.currency
        foreign = original if converted == "PLN" else converted
        self.stdout.write(f"rate: {result.rate.normalize()} PLN per 1 {foreign}")
        self.stdout.write(f"table: {result.table_no or '-'} of {result.table_on}")
        self.stdout.write(f"source: {result.source}")
