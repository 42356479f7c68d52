"""Forms of the finance app, one module per document."""

from integra.finance.forms.transfers import RejectForm, TransferredForm

__all__ = ["RejectForm", "TransferredForm"]
