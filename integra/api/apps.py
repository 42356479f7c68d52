from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "integra.api"
    verbose_name = _("API")

    def ready(self) -> None:
        from integra.core.navigation import FOOTER, MenuEntry, register

        register(
            MenuEntry("api", _("API documentation"), "", order=30, url="/api/v1/docs", place=FOOTER)
        )
