"""Forms of the finance pages: the rejection of a transfer request (its reason) and the record
of a transfer (PLN and day; the rate follows from the day). They parse and bound; the services
decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.core.forms import BootstrapForm, DateInput
from integra.core.money import MAX_AMOUNT
from integra.core.periods import validate_date
from integra.finance import rules


class RejectForm(BootstrapForm):
    comment = forms.CharField(
        label=_("Why is the transfer rejected?"),
        max_length=rules.COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TransferredForm(BootstrapForm):
    amount_pln = forms.DecimalField(
        label=_("Amount transferred (PLN)"),
        min_value=Decimal("0.01"),
        max_value=MAX_AMOUNT,
        decimal_places=2,
        max_digits=18,
        localize=True,
    )
    transferred_on = forms.DateField(
        label=_("Transferred on"), widget=DateInput(), validators=[validate_date]
    )
