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
        _drop_figures_on_writes()

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


# What the indicators are computed from (integra.monitoring.selectors.indicators): a save or a
# delete of any of these drops the cached dashboards once it commits. (Progress reports and plan
# drafts, written all day, are not among them.)
FIGURE_SOURCES = (
    "contracts.Contract",
    "contracts.ContractService",
    "contracts.ProviderReport",
    "contracts.ReportReach",
    "contracts.ReportCost",
    "finance.Transaction",
    "monitoring.IndicatorValue",
    "monitoring.Target",
    "monitoring.SummaryState",
    "programmes.Participation",
    "programmes.Programme",
    "providers.Provider",
    "strategies.Strategy",
    "territories.Territory",
    "territories.PopulationRecord",
)


def _drop_figures_on_writes() -> None:
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    from integra.contracts.services import signals

    for label in FIGURE_SOURCES:
        model = apps.get_model(label)
        post_save.connect(_drop_figures, sender=model, dispatch_uid=f"figures-save-{label}")
        post_delete.connect(_drop_figures, sender=model, dispatch_uid=f"figures-delete-{label}")
    # The services' own signals, sent after writes that go past save() (bulk rows of reach).
    for signal in (
        signals.contract_signed,
        signals.annex_signed,
        signals.contract_terminated,
        signals.report_accepted,
    ):
        signal.connect(_drop_figures, dispatch_uid=f"figures-signal-{id(signal)}")


def _drop_figures(**_kwargs: object) -> None:
    from integra.core.cache import invalidate
    from integra.monitoring.selectors.indicators import FIGURES

    invalidate(FIGURES)
