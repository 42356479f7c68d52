from typing import Any

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "integra.dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from integra.core.navigation import FOOTER, MenuEntry, register
        from integra.dashboards.policies import (
            can_view_board,
            can_view_programme_figures,
            has_home_gmina,
        )

        self._connect_summaries()

        register(
            MenuEntry(
                "my-gmina",
                _("My gmina"),
                "allocations:gmina-card",
                5,
                has_home_gmina,
                href=_my_gmina_card,
            ),
            MenuEntry(
                "board",
                _("Portfolio board"),
                "dashboards:board",
                66,
                can_view_board,
                group=_("Programmes"),
            ),
            MenuEntry(
                "programmes",
                _("Figures and maps"),
                "dashboards:programme-list",
                70,
                can_view_programme_figures,
                group=_("Programmes"),
            ),
            # The public pages and open data, for everyone (no sign-in needed).
            MenuEntry(
                "public",
                _("Public information"),
                "dashboards:public-home",
                20,
                place=FOOTER,
            ),
            MenuEntry(
                "indicators",
                _("Indicators"),
                "dashboards:indicators-national",
                71,
                _reads_indicators,
                href=_indicators_home,
                group=_("Programmes"),
            ),
        )

    @staticmethod
    def _connect_summaries() -> None:
        """The maps' summary rows follow every write of the figures they keep, in its
        transaction (connected after finance's receivers: the state row is the last lock)."""
        from integra.contracts.services import signals as contracts
        from integra.dashboards.services import summaries
        from integra.finance.services import signals as finance

        for signal, name in (
            (contracts.contract_signed, "signed"),
            (contracts.annex_signed, "annex"),
            (contracts.contract_terminated, "terminated"),
        ):
            signal.connect(summaries.on_contract, dispatch_uid=f"dashboards-summary-{name}")
        contracts.report_accepted.connect(
            summaries.on_report, dispatch_uid="dashboards-summary-report"
        )
        finance.payment_posted.connect(
            summaries.on_payment, dispatch_uid="dashboards-summary-payment"
        )


def _my_gmina_card(user: Any) -> str:
    from integra.dashboards.policies import home_gmina

    return reverse("allocations:gmina-card", args=[home_gmina(user)])


def _reads_indicators(user: Any) -> bool:
    from integra.monitoring.policies import READERS

    return bool(getattr(user, "is_authenticated", False) and user.scope_prefixes(READERS))


def _indicators_home(user: Any) -> str:
    """The widest area the user reads: the country, else their voivodeship or gmina."""
    from integra.monitoring.policies import READERS

    prefixes = sorted(user.scope_prefixes(READERS), key=len)
    widest = prefixes[0] if prefixes else ""
    if not widest:
        return reverse("dashboards:indicators-national")
    if len(widest) == 2:
        return reverse("dashboards:indicators-voivodeship", args=[widest])
    if len(widest) == 7:
        return reverse("dashboards:indicators-gmina", args=[widest])
    return reverse("dashboards:indicators-voivodeship", args=[widest[:2]])
