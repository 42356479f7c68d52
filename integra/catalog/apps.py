from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "integra.catalog"
    verbose_name = _("Catalogue of services")

    def ready(self) -> None:
        from integra.catalog.policies import can_view_catalogue
        from integra.core.navigation import MenuEntry, register

        register(
            MenuEntry(
                "catalog", _("Catalogue"), "catalog:service-type-list", 80, can_view_catalogue
            )
        )
