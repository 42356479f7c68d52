"""Pages of the finance app, one module per document."""

from integra.finance.views.components import (
    balances,
    components,
    item_contracts,
    procurement_export,
)
from integra.finance.views.payments import (
    contract_payments,
    contract_refund,
    payment_approve,
    payment_export,
    payment_list,
    payment_paid,
    payment_refunds,
    payment_reject,
)
from integra.finance.views.reports import (
    report_interim,
    report_programme,
    report_statement,
    reports,
)
from integra.finance.views.settlement import (
    settlement_accept,
    settlement_create,
    settlement_detail,
    settlement_export,
    settlement_list,
    settlement_return,
    settlement_statement,
    settlement_submit,
    settlement_update,
)
from integra.finance.views.transfers import (
    transfer_approve,
    transfer_list,
    transfer_record,
    transfer_reject,
    transfer_request,
)

__all__ = [
    "balances",
    "components",
    "contract_payments",
    "contract_refund",
    "item_contracts",
    "payment_approve",
    "payment_export",
    "payment_list",
    "payment_paid",
    "payment_refunds",
    "payment_reject",
    "procurement_export",
    "report_interim",
    "report_programme",
    "report_statement",
    "reports",
    "settlement_accept",
    "settlement_create",
    "settlement_detail",
    "settlement_export",
    "settlement_list",
    "settlement_return",
    "settlement_statement",
    "settlement_submit",
    "settlement_update",
    "transfer_approve",
    "transfer_list",
    "transfer_record",
    "transfer_reject",
    "transfer_request",
]
