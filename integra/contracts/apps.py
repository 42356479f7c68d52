from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "integra.contracts"
    verbose_name = _("Procurement and contracts")

    def ready(self) -> None:
        from integra.contracts.policies import can_open_procurement
        from integra.contracts.selectors.contracts import partner_gminas, provider_contract_rows
        from integra.contracts.views.card import gmina_card_section
        from integra.core import card
        from integra.core.navigation import MenuEntry, register
        from integra.providers.policies import PARTNER_GMINAS
        from integra.providers.selectors import CONTRACT_ROWS

        register(
            MenuEntry(
                "contracts",
                _("Procurement and contracts"),
                "contracts:round-list",
                110,
                can_open_procurement,
                group=_("Services"),
            )
        )
        # The gmina card (allocations) shows the money guard's figures per planned service.
        card.register(
            card.CardSection("contracts", "contracts/_gmina_card.html", gmina_card_section, 100)
        )
        # The providers' card and rights learn of contracts through their registries.
        if provider_contract_rows not in CONTRACT_ROWS:
            CONTRACT_ROWS.append(provider_contract_rows)
        if partner_gminas not in PARTNER_GMINAS:
            PARTNER_GMINAS.append(partner_gminas)
