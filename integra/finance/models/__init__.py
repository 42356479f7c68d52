"""The finance app's models, one module per document: the ledger (accounts, transactions,
entries), the loan's components with the World Bank procurement plan, and transfer requests."""

from integra.finance.models.components import Component, ProcurementItem
from integra.finance.models.ledger import Account, Currency, Entry, Transaction
from integra.finance.models.transfers import TRANSFER_WORKFLOW, TransferRefused, TransferRequest

__all__ = [
    "TRANSFER_WORKFLOW",
    "Account",
    "Component",
    "Currency",
    "Entry",
    "ProcurementItem",
    "Transaction",
    "TransferRefused",
    "TransferRequest",
]

from integra.finance.models.settlement import (
    SETTLEMENT_WORKFLOW,
    Settlement,
    SettlementRefused,
)

__all__ += ["SETTLEMENT_WORKFLOW", "Settlement", "SettlementRefused"]
