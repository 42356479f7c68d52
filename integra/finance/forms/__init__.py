"""Forms of the finance app, one module per document."""

from integra.finance.forms.transfers import RejectForm, TransferredForm

__all__ = ["RejectForm", "TransferredForm"]

from integra.finance.forms.payments import (
    ApproveForm,
    PaidForm,
    PaymentForm,
    PaymentRejectForm,
    RefundForm,
)

__all__ += ["ApproveForm", "PaidForm", "PaymentForm", "PaymentRejectForm", "RefundForm"]
