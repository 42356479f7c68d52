"""Forms of the finance app, one module per document."""

from integra.finance.forms.transfers import RejectForm, TransferredForm

__all__ = ["RejectForm", "TransferredForm"]

from integra.finance.forms.settlement import (
    InterimReportForm,
    NewSettlementForm,
    ProgrammeReportForm,
    ReturnSettlementForm,
    SettlementForm,
    StatementForm,
)

__all__ += [
    "InterimReportForm",
    "NewSettlementForm",
    "ProgrammeReportForm",
    "ReturnSettlementForm",
    "SettlementForm",
    "StatementForm",
]
