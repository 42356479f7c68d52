from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "integra.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib import admin

        from integra.core.admin import make_read_only

        # The admin discovered every app's admin module before this (it is installed first).
        make_read_only(admin.site)
