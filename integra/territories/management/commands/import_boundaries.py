"""`manage.py import_boundaries PATH --level voivodeship|powiat|gmina`: attach GeoJSON outlines."""

from integra.core.actors import SystemActor
from integra.core.commands import ImportCommand
from integra.territories.importers.boundaries import CODE_LENGTH
from integra.territories.services import import_boundaries


class Command(ImportCommand):
    help = "Import simplified boundaries (GeoJSON features carrying TERYT codes) for one level."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--level", required=True, choices=sorted(CODE_LENGTH))

    def run(self, path, **options):
        return import_boundaries(
            actor=SystemActor("manage.py import_boundaries"), path=path, level=options["level"]
        )
