"""Forms of the finance app, one module per document."""

from integra.finance.forms.funding import ComponentPaymentForm, FundingForm
from integra.finance.forms.payments import (
    ApproveForm,
    PaidForm,
    PaymentForm,
    PaymentRejectForm,
    RefundForm,
)
from integra.finance.forms.procurement import ItemContractForm, LinkContractForm
from integra.finance.forms.settlement import (
    InterimReportForm,
    NewSettlementForm,
    ProgrammeReportForm,
    ReturnSettlementForm,
    SettlementForm,
    StatementForm,
)
from integra.finance.forms.statements import BankStatementForm, LineMatchForm
from integra.finance.forms.transfers import RejectForm, TransferredForm

__all__ = [
    "ApproveForm",
    "BankStatementForm",
    "ComponentPaymentForm",
    "FundingForm",
    "InterimReportForm",
    "ItemContractForm",
    "LineMatchForm",
    "LinkContractForm",
    "NewSettlementForm",
    "PaidForm",
    "PaymentForm",
    "PaymentRejectForm",
    "ProgrammeReportForm",
    "RefundForm",
    "RejectForm",
    "ReturnSettlementForm",
    "SettlementForm",
    "StatementForm",
    "TransferredForm",
]
