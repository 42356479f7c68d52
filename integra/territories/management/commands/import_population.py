"""`manage.py import_population PATH`: load GUS BDL population by economic age group."""

from integra.core.actors import SystemActor
from integra.core.commands import ImportCommand
from integra.territories.services import import_population


class Command(ImportCommand):
    help = "Import GUS BDL population per gmina and year (total, 0–17, working, post-working age)."

    def run(self, path, **options):
        return import_population(actor=SystemActor("manage.py import_population"), path=path)
