"""The finance app's models, one module per document: the ledger (accounts, transactions,
entries), the loan's components with the World Bank procurement plan, transfer requests,
payments to providers with their invoices and refunds, bank statements, and annual
settlements."""

from integra.finance.models.components import Component, ItemContract, ProcurementItem
from integra.finance.models.ledger import Account, Currency, Entry, Transaction
from integra.finance.models.payments import (
    PAYMENT_WORKFLOW,
    Invoice,
    Payment,
    PaymentInvoice,
    PaymentRefused,
    PaymentSettings,
    Refund,
)
from integra.finance.models.settlement import (
    SETTLEMENT_WORKFLOW,
    Settlement,
    SettlementRefused,
)
from integra.finance.models.statements import BankStatement, StatementLine
from integra.finance.models.transfers import TRANSFER_WORKFLOW, TransferRefused, TransferRequest

__all__ = [
    "PAYMENT_WORKFLOW",
    "SETTLEMENT_WORKFLOW",
    "TRANSFER_WORKFLOW",
    "Account",
    "BankStatement",
    "Component",
    "Currency",
    "Entry",
    "Invoice",
    "ItemContract",
    "Payment",
    "PaymentInvoice",
    "PaymentRefused",
    "PaymentSettings",
    "ProcurementItem",
    "Refund",
    "Settlement",
    "SettlementRefused",
    "StatementLine",
    "Transaction",
    "TransferRefused",
    "TransferRequest",
]
