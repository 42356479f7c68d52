"""Post the published allocation of a programme (or of every programme) to the ledger: what is
already posted is left as it is, so the command can run any number of times."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from integra.core.actors import SystemActor
from integra.finance.services.allocation import post_allocations
from integra.programmes.models import Programme


class Command(BaseCommand):
    help = "Post published allocations (and their amendments) to the ledger, idempotently."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--programme", help="the programme's code (default: every programme)")

    def handle(self, *args: Any, **options: Any) -> None:
        programmes = Programme.objects.order_by("code")
        if options["programme"]:
            programmes = programmes.filter(code=options["programme"])
            if not programmes.exists():
                raise CommandError(f"No programme {options['programme']!r}.")
        actor = SystemActor("manage.py post_allocations")
        for programme in programmes:
            outcome = post_allocations(actor=actor, programme=programme)
            self.stdout.write(
                f"{programme.code}: {outcome.posted} posted, {outcome.reversed} reversed"
            )
