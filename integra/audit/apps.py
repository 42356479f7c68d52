from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "integra.audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from integra.audit.policies import can_search_audit
        from integra.core.navigation import MenuEntry, register

        register(MenuEntry("audit", _("Audit"), "audit:event-list", 50, can_search_audit))
