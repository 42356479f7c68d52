from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategiesConfig(AppConfig):
    name = "integra.strategies"
    verbose_name = _("Strategies")

    def ready(self) -> None:
        from integra.core.navigation import MenuEntry, register
        from integra.strategies.policies import can_view_any_strategy

        register(
            MenuEntry(
                "strategies",
                _("Strategies"),
                "strategies:strategy-list",
                90,
                can_view_any_strategy,
            )
        )
