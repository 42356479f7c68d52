"""`manage.py territory_stats [--json]`: counts of the current register."""

import json

from django.core.management.base import BaseCommand

from integra.territories.selectors import territory_stats


class Command(BaseCommand):
    help = "Print counts of voivodeships, powiats, gminas by type, population years and boundaries."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        stats = territory_stats()
        if options["json"]:
            self.stdout.write(json.dumps(stats, ensure_ascii=False))
            return
        gminas = stats["gminas"]
        self.stdout.write(f"voivodeships: {stats['voivodeships']}")
        self.stdout.write(f"powiats: {stats['powiats']}")
        self.stdout.write(
            f"gminas: urban {gminas['urban']}, rural {gminas['rural']}, "
            f"urban-rural {gminas['urban_rural']}"
        )
        self.stdout.write(f"population years: {stats['population_years']}")
        self.stdout.write(f"boundaries: {stats['boundaries']}")
