"""`manage.py load_catalogue [PATH]`: load the catalogue of services (the packaged file by
default); all rows or none, and a second load of the same file changes nothing."""

from integra.catalog.importers.catalogue import DEFAULT_PATH
from integra.catalog.services import load_catalogue
from integra.core.actors import SystemActor
from integra.core.commands import ImportCommand


class Command(ImportCommand):
    help = (
        "Create or update the target groups and service types of a catalogue CSV file "
        "(kind,code,name_pl,name_en,groups,line,position,description). Never deletes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=str(DEFAULT_PATH), help="catalogue file (CSV, UTF-8)"
        )

    def run(self, path, **options):
        return load_catalogue(actor=SystemActor("manage.py load_catalogue"), path=path)
