from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "integra.providers"
    verbose_name = _("Service providers")

    def ready(self) -> None:
        from integra.core.navigation import MenuEntry, register
        from integra.providers.policies import can_open_providers

        register(
            MenuEntry(
                "providers",
                _("Providers"),
                "providers:provider-list",
                105,
                can_open_providers,
                group=_("Services"),
            )
        )
