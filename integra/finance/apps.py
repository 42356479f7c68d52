from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "integra.finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from integra.finance.backends import register_sqlite_guard

        connection_created.connect(register_sqlite_guard, dispatch_uid="finance-ledger-guard")
