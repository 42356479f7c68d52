"""Forms of the contracts that carry out a procurement-plan item: the component-level contract
signed from the item (the provider found by its NIP, REGON or KRS; the payment schedule one
instalment per line, as on the gmina's contract page) and the link of an existing contract
(its number, and its gmina's TERYT code unless it is a component-level contract). They parse
and bound; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.contracts import rules as contract_rules
from integra.contracts.forms.contracts import ADVANCE_WORDS
from integra.contracts.forms.lines import RowsField, amount, day, parse_rows
from integra.contracts.rules import ComponentContractTerms, InstalmentInput
from integra.core.forms import BootstrapForm, DateInput
from integra.core.periods import validate_date
from integra.core.text import validate_line

IDENTIFIER_MAX = 20


def _instalment(row: list[str]) -> InstalmentInput:
    return InstalmentInput(
        due_on=day(row[0]), amount_pln=amount(row[1]), is_advance=row[2].lower() in ADVANCE_WORDS
    )


class ItemContractForm(BootstrapForm):
    """A component-level contract: provider, number, dates, value, period, payment schedule."""

    provider = forms.CharField(
        label=_("Provider's NIP, REGON or KRS"),
        max_length=IDENTIFIER_MAX,
        help_text=_("The provider must be in the register."),
    )
    number = forms.CharField(label=_("Contract number"), max_length=contract_rules.NUMBER_MAX)
    signed_on = forms.DateField(
        label=_("Signed on"), widget=DateInput(), validators=[validate_date]
    )
    ministry_representative = forms.CharField(
        label=_("For the ministry"), max_length=contract_rules.NAME_MAX
    )
    provider_representative = forms.CharField(
        label=_("For the provider"), max_length=contract_rules.NAME_MAX
    )
    starts_on = forms.DateField(label=_("From"), widget=DateInput(), validators=[validate_date])
    ends_on = forms.DateField(label=_("Until"), widget=DateInput(), validators=[validate_date])
    value_pln = forms.CharField(label=_("Value (PLN)"), max_length=40)
    instalments = RowsField(
        label=_("Payment schedule"),
        example="15.03.2008; 107 706,00; zaliczka\n31.12.2009; 251 314,00",
        help_text=_(
            "One per line: date; amount in PLN; “zaliczka” for the advance. The instalments "
            "add up to the value."
        ),
    )

    def clean_value_pln(self) -> Any:
        try:
            return amount(self.cleaned_data["value_pln"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_instalments(self) -> list[InstalmentInput]:
        return parse_rows(self.cleaned_data["instalments"], (2, 3), _instalment)

    def terms(self) -> ComponentContractTerms:
        data = self.cleaned_data
        return ComponentContractTerms(
            number=data["number"],
            signed_on=data["signed_on"],
            ministry_representative=data["ministry_representative"],
            provider_representative=data["provider_representative"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            value_pln=data["value_pln"],
            instalments=tuple(data["instalments"]),
        )


class LinkContractForm(BootstrapForm):
    """An existing contract of the programme, by its number (and gmina)."""

    number = forms.CharField(
        label=_("Contract number"),
        max_length=contract_rules.NUMBER_MAX,
        validators=[validate_line],
    )
    gmina = forms.RegexField(
        label=_("Gmina's TERYT code"),
        regex=r"^[0-9]{7}$",
        required=False,
        help_text=_("Leave empty for a component-level contract."),
        error_messages={"invalid": _("Seven digits, for example 1001022.")},
    )
