"""Rights over the programme's money. The ledger and its balances are read by the ministry
everywhere, by regional roles in their voivodeship and by the gmina's own people; components and
the procurement plan are the ministry's (admins edit them); a transfer to a gmina is requested by
the gmina's coordinator or the regional office, approved and recorded by regional finance —
never approved by the person who requested it (maker-checker, checked in the service)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from integra.core.policies import action, holds_any
from integra.core.roles import GMINA_ROLES, MINISTRY_ROLES, REGIONAL_ROLES, Role

NATIONAL = ""
LEDGER_READERS = MINISTRY_ROLES | REGIONAL_ROLES | GMINA_ROLES
COMPONENT_READERS = MINISTRY_ROLES
COMPONENT_EDITORS = frozenset({Role.MINISTRY_ADMIN})
TRANSFER_READERS = MINISTRY_ROLES | REGIONAL_ROLES | GMINA_ROLES
TRANSFER_REQUESTERS = frozenset(
    {Role.GMINA_COORDINATOR, Role.REGIONAL_OFFICER, Role.REGIONAL_FINANCE}
)
TRANSFER_APPROVERS = frozenset({Role.REGIONAL_FINANCE})


@action("finance.ledger.view", _("view ledger balances"))
def can_view_ledger_at(user: Any, teryt: str) -> bool:
    return holds_any(user, LEDGER_READERS, teryt)


@action("finance.component.view", _("view components and the procurement plan"))
def can_view_components_at(user: Any, teryt: str) -> bool:
    # Components are national: only a ministry role over the country reads them.
    return holds_any(user, COMPONENT_READERS, NATIONAL)


@action("finance.component.edit", _("edit components and the procurement plan"))
def can_edit_components_at(user: Any, teryt: str) -> bool:
    return holds_any(user, COMPONENT_EDITORS, NATIONAL)


@action("finance.transfer_request.view", _("view transfer requests"))
def can_view_transfer_requests_at(user: Any, teryt: str) -> bool:
    return holds_any(user, TRANSFER_READERS, teryt)


@action("finance.transfer_request.request", _("request the transfer of a tranche"))
def can_request_transfer_at(user: Any, teryt: str) -> bool:
    return holds_any(user, TRANSFER_REQUESTERS, teryt)


@action("finance.transfer_request.approve", _("approve and record a transfer to a gmina"))
def can_approve_transfer_at(user: Any, teryt: str) -> bool:
    return holds_any(user, TRANSFER_APPROVERS, teryt)


def can_view_ledger_anywhere(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.scope_prefixes(LEDGER_READERS))


def can_view_national_ledger(user: Any) -> bool:
    return holds_any(user, MINISTRY_ROLES, NATIONAL)


def can_view_components(user: Any) -> bool:
    return can_view_components_at(user, NATIONAL)


def can_edit_components(user: Any) -> bool:
    return can_edit_components_at(user, NATIONAL)


def can_view_transfer_requests(user: Any, gmina: Any) -> bool:
    return can_view_transfer_requests_at(user, gmina.teryt)


def can_request_transfer(user: Any, gmina: Any) -> bool:
    return can_request_transfer_at(user, gmina.teryt)


def can_approve_transfer(user: Any, gmina: Any) -> bool:
    return can_approve_transfer_at(user, gmina.teryt)


def can_open_transfer_queue(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.scope_prefixes(TRANSFER_READERS))


# Payments to providers, refunds and returns ----------------------------------------------------
# Read: whoever reads the gmina's ledger (and a provider user their organisation's payments, by
# the querysets). Record and approve: the gmina's coordinator and regional finance — never the
# same person for one payment (maker-checker, checked in the service).
PAYMENT_READERS = LEDGER_READERS
PAYMENT_RECORDERS = frozenset({Role.GMINA_COORDINATOR, Role.REGIONAL_FINANCE})
PAYMENT_APPROVERS = frozenset({Role.GMINA_COORDINATOR, Role.REGIONAL_FINANCE})
REFUND_RECORDERS = frozenset({Role.GMINA_COORDINATOR, Role.REGIONAL_FINANCE})


@action("finance.payment.view", _("view payments to providers and their invoices"))
def can_view_payments_at(user: Any, teryt: str) -> bool:
    return holds_any(user, PAYMENT_READERS, teryt)


@action("finance.payment.record", _("record a payment to a provider with its invoice"))
def can_record_payment_at(user: Any, teryt: str) -> bool:
    return holds_any(user, PAYMENT_RECORDERS, teryt)


@action("finance.payment.approve", _("approve, reject and pay a payment recorded by another"))
def can_approve_payment_at(user: Any, teryt: str) -> bool:
    return holds_any(user, PAYMENT_APPROVERS, teryt)


@action("finance.refund.record", _("record a refund from a provider or a gmina's return"))
def can_record_refund_at(user: Any, teryt: str) -> bool:
    return holds_any(user, REFUND_RECORDERS, teryt)


def can_view_payments(user: Any, gmina: Any) -> bool:
    return can_view_payments_at(user, gmina.teryt)


def can_record_payment(user: Any, gmina: Any) -> bool:
    return can_record_payment_at(user, gmina.teryt)


def can_approve_payment(user: Any, payment: Any) -> bool:
    """Regional finance or the coordinator over the payment's gmina, not its recorder."""
    return (
        can_approve_payment_at(user, payment.contract.gmina.teryt)
        and getattr(user, "pk", None) != payment.recorded_by_id
    )


def can_record_refund(user: Any, gmina: Any) -> bool:
    return can_record_refund_at(user, gmina.teryt)


def can_open_payments(user: Any) -> bool:
    """Whoever reads a gmina's payments, and provider users (their organisation's own)."""
    from integra.contracts.policies import is_provider_user

    return bool(
        getattr(user, "is_authenticated", False)
        and (user.scope_prefixes(PAYMENT_READERS) or is_provider_user(user))
    )


# Annual settlement and the financial reports ---------------------------------------------------

SETTLEMENT_READERS = MINISTRY_ROLES | REGIONAL_ROLES | GMINA_ROLES
SETTLEMENT_PREPARERS = frozenset({Role.GMINA_COORDINATOR})
SETTLEMENT_CHECKERS = frozenset({Role.REGIONAL_FINANCE})
REPORT_READERS = MINISTRY_ROLES | REGIONAL_ROLES


@action("finance.settlement.view", _("view annual settlements"))
def can_view_settlements_at(user: Any, teryt: str) -> bool:
    return holds_any(user, SETTLEMENT_READERS, teryt)


@action("finance.settlement.prepare", _("prepare and submit the gmina's annual settlement"))
def can_prepare_settlement_at(user: Any, teryt: str) -> bool:
    return holds_any(user, SETTLEMENT_PREPARERS, teryt)


@action("finance.settlement.check", _("accept or return an annual settlement"))
def can_check_settlement_at(user: Any, teryt: str) -> bool:
    return holds_any(user, SETTLEMENT_CHECKERS, teryt)


@action("finance.report.view", _("build the programme's financial reports"))
def can_view_reports_at(user: Any, teryt: str) -> bool:
    return holds_any(user, REPORT_READERS, teryt)


@action("finance.report.interim", _("build the World Bank interim financial report"))
def can_build_interim_report_at(user: Any, teryt: str) -> bool:
    # The loan's report covers the whole programme: the ministry over the country only.
    return holds_any(user, MINISTRY_ROLES, NATIONAL)


def can_view_settlement(user: Any, gmina: Any) -> bool:
    return can_view_settlements_at(user, gmina.teryt)


def can_prepare_settlement(user: Any, gmina: Any) -> bool:
    return can_prepare_settlement_at(user, gmina.teryt)


def can_check_settlement(user: Any, gmina: Any) -> bool:
    return can_check_settlement_at(user, gmina.teryt)


def can_open_settlements(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.scope_prefixes(SETTLEMENT_READERS)
    )


def can_open_reports(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.scope_prefixes(REPORT_READERS))


def can_build_interim_report(user: Any) -> bool:
    return can_build_interim_report_at(user, NATIONAL)


# Bank statements -------------------------------------------------------------------------------
# Read: whoever reads the gmina's payments (not provider users: the account is the gmina's).
# Import and review (match a line to a payment, set it aside): whoever records the gmina's
# payments — its coordinator and regional finance.
STATEMENT_READERS = PAYMENT_READERS
STATEMENT_IMPORTERS = frozenset({Role.GMINA_COORDINATOR, Role.REGIONAL_FINANCE})


@action("finance.bank_statement.view", _("view a gmina's bank statements and their lines"))
def can_view_statements_at(user: Any, teryt: str) -> bool:
    return holds_any(user, STATEMENT_READERS, teryt)


@action("finance.bank_statement.import", _("import a bank statement and match its lines"))
def can_import_statements_at(user: Any, teryt: str) -> bool:
    return holds_any(user, STATEMENT_IMPORTERS, teryt)


def can_view_statement(user: Any, gmina: Any) -> bool:
    return can_view_statements_at(user, gmina.teryt)


def can_import_statement(user: Any, gmina: Any) -> bool:
    return can_import_statements_at(user, gmina.teryt)


def can_open_statements(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.scope_prefixes(STATEMENT_READERS))


# Sources of funds and component payments (the ministry's administrators record them; the
# ministry reads them) ----------------------------------------------------------------------------


@action("finance.funding.view", _("view loan disbursements and component payments"))
def can_view_funding_at(user: Any, teryt: str) -> bool:
    return holds_any(user, MINISTRY_ROLES, NATIONAL)


@action("finance.funding.record", _("record a loan disbursement or a component payment"))
def can_record_funding_at(user: Any, teryt: str) -> bool:
    return holds_any(user, COMPONENT_EDITORS, NATIONAL)


def can_view_funding(user: Any) -> bool:
    return can_view_funding_at(user, NATIONAL)


def can_record_funding(user: Any) -> bool:
    return can_record_funding_at(user, NATIONAL)
