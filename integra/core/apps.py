from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "integra.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib import admin
        from django.db.backends.signals import connection_created
        from django.db.models import fields

        from integra.core.admin import make_read_only
        from integra.core.collation import register_sqlite_collation
        from integra.core.forms import CHOOSE

        # The blank option of every choice list Django builds (the admin's too), in the user's
        # language: Django 6.1's "- Select an option -" has no Polish translation.
        fields.BLANK_CHOICE_LABEL = CHOOSE

        # Polish order in the embedded database, as PostgreSQL's ICU collation gives it.
        connection_created.connect(register_sqlite_collation, dispatch_uid="integra-polish")

        # The admin discovered every app's admin module before this (it is installed first).
        make_read_only(admin.site)
