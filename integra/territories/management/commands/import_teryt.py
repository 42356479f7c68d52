"""`manage.py import_teryt PATH`: load the GUS TERC register (all-or-nothing)."""

from integra.core.actors import SystemActor
from integra.core.commands import ImportCommand
from integra.territories.services import import_teryt


class Command(ImportCommand):
    help = "Import the official GUS TERYT TERC register (';'-separated CSV)."

    def run(self, path, **options):
        return import_teryt(actor=SystemActor("manage.py import_teryt"), path=path)
