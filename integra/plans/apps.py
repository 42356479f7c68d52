from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "integra.plans"
    verbose_name = _("Strategies and Action Plans")

    def ready(self) -> None:
        from integra.core.navigation import MenuEntry, register
        from integra.plans.policies import can_view_any_action_plan, can_view_any_strategy

        register(
            MenuEntry(
                "strategies",
                _("Strategies"),
                "plans:strategy-list",
                90,
                can_view_any_strategy,
            ),
            MenuEntry(
                "action-plans",
                _("Action Plans"),
                "plans:action-plan-list",
                100,
                can_view_any_action_plan,
            ),
        )
