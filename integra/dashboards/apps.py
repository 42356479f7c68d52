from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "integra.dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from integra.core.navigation import MenuEntry, register
        from integra.dashboards.policies import can_view_programme_figures

        register(
            MenuEntry(
                "programmes",
                _("Programmes"),
                "dashboards:programme-list",
                70,
                can_view_programme_figures,
            )
        )
