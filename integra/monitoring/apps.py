from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "integra.monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from integra.core.navigation import MenuEntry, register
        from integra.monitoring import exports  # noqa: F401  (registers the report jobs)
        from integra.monitoring.policies import can_open_progress_reports, can_open_targets
        from integra.monitoring.services import summaries

        summaries.connect()

        register(
            MenuEntry(
                "progress-reports",
                _("Progress reports"),
                "monitoring:report-list",
                123,
                can_open_progress_reports,
                group=_("Programmes"),
            )
        )
        register(
            MenuEntry(
                "indicator-targets",
                _("Indicator targets"),
                "monitoring:target-list",
                72,
                can_open_targets,
                group=_("Programmes"),
            )
        )
