from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "integra.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from integra.accounts.policies import can_manage_users
        from integra.core.navigation import MenuEntry, register

        register(MenuEntry("users", _("Users"), "accounts:user-list", 40, can_manage_users))
        # A success resets only its own account's lockout count (AXES_RESET_ON_SUCCESS is off).
        user_logged_in.connect(_forget_failures, dispatch_uid="accounts.forget_failed_sign_ins")


def _forget_failures(sender: Any, user: Any, **kwargs: Any) -> None:
    from integra.accounts.services.signin import forget_failed_sign_ins

    forget_failed_sign_ins(user=user)
