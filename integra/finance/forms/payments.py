"""Forms of the payment pages: a payment recorded with its invoice in one form, the decision on
a payment (approve with the day paid, reject with a reason), a refund from a provider and a
gmina's return. They parse and bound; the services decide (and their refusals come back to the
fields by the same names)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.forms import BootstrapForm, DateInput
from integra.core.money import MAX_AMOUNT
from integra.core.periods import validate_date
from integra.finance import rules


def _amount(label: Any, *, required: bool = True, minimum: str = "0.01") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(minimum),
        max_value=MAX_AMOUNT,
        decimal_places=2,
        max_digits=18,
        localize=True,
    )


class PaymentForm(BootstrapForm):
    """The payment and, for an instalment or the final payment, its invoice."""

    kind = forms.ChoiceField(
        label=pgettext_lazy("payment", "kind"),
        choices=[
            ("advance", pgettext_lazy("payment", "advance")),
            ("instalment", pgettext_lazy("payment", "instalment")),
            ("final", pgettext_lazy("payment", "final payment")),
        ],
    )
    instalment = forms.TypedChoiceField(
        label=_("Instalment of the schedule"), required=False, coerce=int, empty_value=None
    )
    amount_pln = _amount(_("Amount to pay (PLN)"))
    invoice_number = forms.CharField(
        label=_("Invoice number"), required=False, max_length=rules.INVOICE_NUMBER_LENGTH
    )
    invoice_issued_on = forms.DateField(
        label=_("Invoice date"), required=False, widget=DateInput(), validators=[validate_date]
    )
    invoice_issuer_nip = forms.CharField(label=_("Issuer's NIP"), required=False, max_length=13)
    invoice_amount_pln = _amount(_("Invoice amount (PLN)"), required=False)
    invoice_eligible_pln = _amount(_("Eligible part (PLN)"), required=False, minimum="0")
    invoice_line = forms.ChoiceField(
        label=_("Line"),
        required=False,
        choices=[("services", _("services line")), ("training", _("training line"))],
    )

    def __init__(self, *args: Any, instalments: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instalment"].choices = [("", "—")] + [
            (i.pk, f"{i.number}: {i.amount_pln} PLN ({i.due_on:%d.%m.%Y})") for i in instalments
        ]

    def payment_input(self) -> rules.PaymentInput:
        data = self.cleaned_data
        invoice = None
        if data.get("invoice_number") or data.get("invoice_amount_pln") is not None:
            eligible = data.get("invoice_eligible_pln")
            invoice = rules.InvoiceInput(
                number=data.get("invoice_number") or "",
                issued_on=data.get("invoice_issued_on"),
                issuer_nip=data.get("invoice_issuer_nip") or "",
                amount_pln=data.get("invoice_amount_pln"),
                eligible_pln=eligible if eligible is not None else data.get("invoice_amount_pln"),
                line=data.get("invoice_line") or "services",
            )
        return rules.PaymentInput(
            kind=data["kind"],
            amount_pln=data["amount_pln"],
            instalment_id=data.get("instalment"),
            invoice=invoice,
        )


class ApproveForm(BootstrapForm):
    paid_on = forms.DateField(
        label=_("Paid on (leave empty to approve only)"),
        required=False,
        widget=DateInput(),
        validators=[validate_date],
    )


class PaidForm(BootstrapForm):
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput(), validators=[validate_date])


class PaymentRejectForm(BootstrapForm):
    comment = forms.CharField(
        label=_("Why is the payment rejected?"),
        max_length=rules.COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RefundForm(BootstrapForm):
    amount_pln = _amount(_("Amount returned (PLN)"))
    received_on = forms.DateField(
        label=_("Received on"), widget=DateInput(), validators=[validate_date]
    )
    reason = forms.CharField(
        label=pgettext_lazy("refund", "reason"),
        max_length=rules.REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
