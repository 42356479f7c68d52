"""Forms of the ministry's funding page: a loan disbursement or the government's counterpart
funds received (EUR), and a payment of a component without gminas (PLN). Amounts in the Polish
way (1 234,56); the services judge them and their refusals come back to these fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.core.forms import BootstrapForm, DateInput
from integra.core.money import MAX_AMOUNT
from integra.core.periods import validate_date
from integra.finance import rules


def _amount(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0.01"),
        max_value=MAX_AMOUNT,
        decimal_places=2,
        max_digits=18,
        localize=True,
    )


class FundingForm(BootstrapForm):
    source = forms.ChoiceField(
        label=_("Source of funds"),
        choices=[
            (rules.LOAN, _("World Bank loan disbursement")),
            (rules.COUNTERPART, _("government counterpart funds")),
        ],
    )
    amount_eur = _amount(_("Amount received (EUR)"))
    received_on = forms.DateField(
        label=_("Received on"), widget=DateInput(), validators=[validate_date]
    )
    reference = forms.CharField(
        label=_("Document reference"),
        max_length=rules.REFERENCE_LENGTH,
        help_text=_("The withdrawal application or the transfer order, once per source."),
    )


class ComponentPaymentForm(BootstrapForm):
    component = forms.TypedChoiceField(label=_("Component"), coerce=int)
    amount_pln = _amount(_("Amount paid (PLN)"))
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput(), validators=[validate_date])
    reference = forms.CharField(
        label=_("Document reference"),
        max_length=rules.REFERENCE_LENGTH,
        help_text=_("The contract's invoice or payment order, once per component."),
    )

    def __init__(self, *args: Any, components: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.components = {component.pk: component for component in components}
        self.fields["component"].choices = [
            (component.pk, f"{component.code}: {component.name}") for component in components
        ]

    def chosen_component(self) -> Any:
        return self.components[self.cleaned_data["component"]]
