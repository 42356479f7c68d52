from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "integra.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from integra.accounts.policies import can_manage_users
        from integra.core.navigation import MenuEntry, register

        register(MenuEntry("users", _("Users"), "accounts:user-list", 40, can_manage_users))
