from typing import Any

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "integra.dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from integra.core.navigation import FOOTER, MenuEntry, register
        from integra.dashboards.policies import can_view_programme_figures, has_home_gmina

        register(
            MenuEntry(
                "my-gmina",
                _("My gmina"),
                "allocations:gmina-card",
                5,
                has_home_gmina,
                href=_my_gmina_card,
            ),
            MenuEntry(
                "programmes",
                _("Figures and maps"),
                "dashboards:programme-list",
                70,
                can_view_programme_figures,
                group=_("Programmes"),
            ),
            # The public pages and open data, for everyone (no sign-in needed).
            MenuEntry(
                "public",
                _("Public information"),
                "dashboards:public-home",
                20,
                place=FOOTER,
            ),
        )


def _my_gmina_card(user: Any) -> str:
    from integra.dashboards.policies import home_gmina

    return reverse("allocations:gmina-card", args=[home_gmina(user)])
