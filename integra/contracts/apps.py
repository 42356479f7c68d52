from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "integra.contracts"
    verbose_name = _("Procurement and contracts")

    def ready(self) -> None:
        from integra.contracts.policies import can_open_procurement
        from integra.core.navigation import MenuEntry, register

        register(
            MenuEntry(
                "contracts", _("Procurement"), "contracts:round-list", 110, can_open_procurement
            )
        )
