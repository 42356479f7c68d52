from typing import Any

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "integra.dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from integra.core.navigation import MenuEntry, register
        from integra.dashboards.policies import (
            can_view_board,
            can_view_programme_figures,
            has_home_gmina,
        )

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
                "board",
                _("Portfolio board"),
                "dashboards:board",
                66,
                can_view_board,
                group=_("Programmes"),
            ),
            MenuEntry(
                "programmes",
                _("Figures and maps"),
                "dashboards:programme-list",
                70,
                can_view_programme_figures,
                group=_("Programmes"),
            ),
        )


def _my_gmina_card(user: Any) -> str:
    from integra.dashboards.policies import home_gmina

    return reverse("allocations:gmina-card", args=[home_gmina(user)])
