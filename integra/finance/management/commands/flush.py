"""Django's flush, with the ledger's SQLite delete guard lifted while it empties the tables
(integra.finance.backends): wiping a whole development or test database stays possible, deleting
single ledger rows does not."""

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush

from integra.finance.backends import ledger_unlocked


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        with ledger_unlocked():
            super().handle(**options)
