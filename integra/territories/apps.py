from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    name = "integra.territories"
    verbose_name = _("Territories")

    def ready(self) -> None:
        from integra.core.navigation import MenuEntry, register

        register(
            MenuEntry(
                "territories",
                _("Territories"),
                "territories:territory-list",
                order=10,
                group=_("Register"),
            ),
            MenuEntry(
                "map",
                _("Map of Poland"),
                "territories:voivodeship-map",
                order=20,
                group=_("Register"),
            ),
        )
