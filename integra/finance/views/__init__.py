"""Pages of the finance app, one module per document."""

from integra.finance.views.components import balances, components, procurement_export
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
    "procurement_export",
    "transfer_approve",
    "transfer_list",
    "transfer_record",
    "transfer_reject",
    "transfer_request",
]

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

__all__ += [
    "contract_payments",
    "contract_refund",
    "payment_approve",
    "payment_export",
    "payment_list",
    "payment_paid",
    "payment_refunds",
    "payment_reject",
]
