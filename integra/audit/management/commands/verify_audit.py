"""Check the audit hash chain: prints `OK <count>` or the first break and exits 1."""

from django.core.management.base import BaseCommand, CommandError

from integra.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail."

    def handle(self, *args, **options):
        count, problem = verify_chain()
        if problem:
            raise CommandError(f"BROKEN after {count} valid event(s): {problem}")
        self.stdout.write(f"OK {count}")
