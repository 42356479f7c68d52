from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationsConfig(AppConfig):
    name = "integra.allocations"
    verbose_name = _("Allocations")

    def ready(self) -> None:
        from integra.allocations.policies import can_view_allocation_runs
        from integra.core.navigation import MenuEntry, register

        register(
            MenuEntry(
                "allocations",
                _("Allocations"),
                "allocations:run-list",
                60,
                can_view_allocation_runs,
                group=_("Programmes"),
            )
        )
