"""Re-check the whole ledger: every transaction balanced per currency and every account in
agreement with its documents. Prints OK with the counts, or the first problem and exits 1."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from integra.finance.selectors import verify


class Command(BaseCommand):
    help = "Verify that the ledger balances and agrees with its documents."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--all", action="store_true", help="list every problem, not the first")

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify(first_only=not options["all"])
        if report.ok:
            self.stdout.write(
                f"OK {report.transactions} transactions, {report.accounts} accounts, "
                f"difference {report.difference:.2f}"
            )
            return
        for problem in report.problems:
            self.stderr.write(problem)
        raise CommandError(
            f"{len(report.problems)} problem(s) in {report.transactions} transactions, "
            f"{report.accounts} accounts",
            returncode=1,
        )
