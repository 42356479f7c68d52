from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlansConfig(AppConfig):
    name = "integra.action_plans"
    verbose_name = _("Action Plans")

    def ready(self) -> None:
        # Registers the background job kinds (the large plan's PDF).
        import integra.action_plans.exports  # noqa: F401
        from integra.action_plans.policies import can_view_any_action_plan
        from integra.core.navigation import MenuEntry, register

        register(
            MenuEntry(
                "action-plans",
                _("Action Plans"),
                "action_plans:action-plan-list",
                100,
                can_view_any_action_plan,
            )
        )
