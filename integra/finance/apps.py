from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "integra.finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        import integra.finance.exports.reports  # noqa: F401  (registers the report jobs)
        from integra.core.navigation import MenuEntry, register
        from integra.finance.backends import register_sqlite_guard
        from integra.finance.policies import (
            can_open_payments,
            can_open_reports,
            can_open_settlements,
            can_open_statements,
            can_open_transfer_queue,
            can_view_components,
            can_view_funding,
            can_view_ledger_anywhere,
        )

        connection_created.connect(register_sqlite_guard, dispatch_uid="finance-ledger-guard")
        self._connect_commitments()
        register(
            MenuEntry(
                "components",
                _("Components"),
                "finance:components",
                75,
                can_view_components,
                group=_("Programmes"),
            ),
            MenuEntry(
                "funding",
                _("Sources of funds"),
                "finance:funding",
                75,
                can_view_funding,
                group=_("Programmes"),
            ),
            MenuEntry(
                "transfers",
                _("Transfers"),
                "finance:transfers",
                76,
                can_open_transfer_queue,
                group=_("Programmes"),
            ),
            MenuEntry(
                "balances",
                _("Ledger balances"),
                "finance:balances",
                77,
                can_view_ledger_anywhere,
                group=_("Programmes"),
            ),
            MenuEntry(
                "payments",
                _("Payments to providers"),
                "finance:payments",
                78,
                can_open_payments,
                group=_("Programmes"),
            ),
            MenuEntry(
                "bank-statements",
                _("Bank statements"),
                "finance:statements",
                78,
                can_open_statements,
                group=_("Programmes"),
            ),
            MenuEntry(
                "settlements",
                _("Annual settlements"),
                "finance:settlements",
                79,
                can_open_settlements,
                group=_("Programmes"),
            ),
            MenuEntry(
                "financial-reports",
                _("Financial reports"),
                "finance:reports",
                80,
                can_open_reports,
                group=_("Programmes"),
            ),
        )

    def _connect_commitments(self) -> None:
        """Contracts announce signing, annexes and termination (contracts/services/signals.py);
        the ledger posts their commitments in the same transaction."""
        from integra.contracts.services import signals
        from integra.finance.services import commitments

        signals.contract_signed.connect(
            commitments.on_contract_signed, dispatch_uid="finance-commitment-signed"
        )
        signals.annex_signed.connect(
            commitments.on_annex_signed, dispatch_uid="finance-commitment-annex"
        )
        signals.contract_terminated.connect(
            commitments.on_contract_terminated, dispatch_uid="finance-commitment-terminated"
        )
