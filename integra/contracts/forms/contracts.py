"""Forms of a contract (signed from an offer or by direct selection), an annex and a
termination."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.contracts import rules
from integra.contracts.forms.lines import RowsField, amount, day, parse_rows, whole
from integra.contracts.forms.rounds import IdentifierField
from integra.contracts.models import Contract
from integra.contracts.services import (
    BeneficiariesInput,
    ContractTerms,
    InstalmentInput,
    ReportDueInput,
    ShareInput,
)
from integra.core.forms import BootstrapForm, DateInput
from integra.core.money import AmountInvalid, parse_amount

ADVANCE_WORDS = {"advance", "zaliczka", "z"}
REPORT_KINDS = {"partial": "partial", "częściowe": "partial", "final": "final", "końcowe": "final"}


def _instalment(row: list[str]) -> InstalmentInput:
    return InstalmentInput(
        due_on=day(row[0]), amount_pln=amount(row[1]), is_advance=row[2].lower() in ADVANCE_WORDS
    )


def _report(row: list[str]) -> ReportDueInput:
    kind = REPORT_KINDS.get(row[0].lower())
    if kind is None:
        raise ValueError(_("write “częściowe” or “końcowe”."))
    return ReportDueInput(kind=kind, due_on=day(row[1]))


class ContractForm(BootstrapForm):
    """A contract's terms; one amount field per planned service it may carry (`services`: the
    ServiceBudget rows of those services); `groups` are the target groups by code."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Contract.Kind.choices)
    number = forms.CharField(label=gettext_lazy("Number"), max_length=rules.NUMBER_MAX)
    signed_on = forms.DateField(label=gettext_lazy("Signed on"), widget=DateInput())
    gmina_representative = forms.CharField(
        label=gettext_lazy("For the gmina"), max_length=rules.NAME_MAX
    )
    provider_representative = forms.CharField(
        label=gettext_lazy("For the provider"), max_length=rules.NAME_MAX
    )
    starts_on = forms.DateField(label=gettext_lazy("From"), widget=DateInput())
    ends_on = forms.DateField(label=gettext_lazy("Until"), widget=DateInput())
    value_pln = forms.CharField(label=gettext_lazy("Value (PLN)"), max_length=40)
    instalments = RowsField(
        label=gettext_lazy("Payment schedule"),
        example="15.06.2007; 1 859,76; zaliczka\n31.01.2008; 4 339,44",
        help_text=gettext_lazy(
            "One per line: date; amount in PLN; “zaliczka” for the advance. The instalments "
            "add up to the value."
        ),
    )
    beneficiaries = RowsField(
        label=gettext_lazy("Planned beneficiaries"),
        example="OS; 16",
        help_text=gettext_lazy("One per line: target group code; number of people."),
        rows=2,
    )
    reports = RowsField(
        label=gettext_lazy("Reports due"),
        example="częściowe; 30.09.2007\nkońcowe; 15.01.2008",
        help_text=gettext_lazy("One per line: częściowe or końcowe; the date it is due."),
        rows=3,
    )

    def __init__(
        self, *args: Any, services: list[Any], groups: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.target_groups = groups
        self.share_fields: list[tuple[str, uuid.UUID]] = []
        for budget in services:
            name = f"share_{budget.key.hex}"
            self.fields[name] = forms.CharField(
                label=_("Charged to “%(service)s” (PLN)") % {"service": budget.service.title},
                max_length=40,
                required=False,
                help_text=_("Leave empty if the contract does not carry this service."),
            )
            self.share_fields.append((name, budget.key))

    def clean_value_pln(self) -> Decimal:
        try:
            return parse_amount(self.cleaned_data["value_pln"])
        except AmountInvalid as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, _key in self.share_fields:
            text = (data.get(name) or "").strip()
            if text:
                try:
                    data[name] = parse_amount(text)
                except AmountInvalid as error:
                    self.add_error(name, str(error))
        return data

    def clean_instalments(self) -> list[InstalmentInput]:
        return parse_rows(self.cleaned_data["instalments"], (2, 3), _instalment)

    def clean_beneficiaries(self) -> list[BeneficiariesInput]:
        def build(row: list[str]) -> BeneficiariesInput:
            group = self.target_groups.get(row[0].upper())
            if group is None:
                raise ValueError(
                    _("“%(code)s” is not a target group code (%(codes)s).")
                    % {"code": row[0][:20], "codes": ", ".join(sorted(self.target_groups))}
                )
            return BeneficiariesInput(group=group, people=whole(row[1]))

        return parse_rows(self.cleaned_data["beneficiaries"], (2, 2), build)

    def clean_reports(self) -> list[ReportDueInput]:
        return parse_rows(self.cleaned_data["reports"], (2, 2), _report)

    def terms(self) -> ContractTerms:
        data = self.cleaned_data
        shares = tuple(
            ShareInput(key, data[name])
            for name, key in self.share_fields
            if isinstance(data.get(name), Decimal)
        )
        return ContractTerms(
            kind=data["kind"],
            number=data["number"],
            signed_on=data["signed_on"],
            gmina_representative=data["gmina_representative"],
            provider_representative=data["provider_representative"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            value_pln=data["value_pln"],
            shares=shares,
            instalments=tuple(data["instalments"]),
            beneficiaries=tuple(data["beneficiaries"]),
            reports=tuple(data["reports"]),
        )

    def field_of(self, name: str) -> str:
        """The form field showing a rule's problem (`shares.1.amount_pln` → that share's)."""
        parts = name.split(".")
        if parts[0] == "shares" and len(parts) > 1 and parts[1].isdigit():
            carried = [
                n for n, _k in self.share_fields if isinstance(self.cleaned_data.get(n), Decimal)
            ]
            index = int(parts[1])
            return carried[index] if index < len(carried) else "value_pln"
        return {"shares": "value_pln"}.get(parts[0], parts[0])

    @staticmethod
    def initial_of(contract: Contract) -> dict[str, Any]:
        def pl(value: Decimal) -> str:
            return str(value).replace(".", ",")

        shares = {f"share_{s.service_key.hex}": pl(s.amount_pln) for s in contract.services.all()}
        return shares | {
            "kind": contract.kind,
            "number": contract.number,
            "signed_on": contract.signed_on,
            "gmina_representative": contract.gmina_representative,
            "provider_representative": contract.provider_representative,
            "starts_on": contract.starts_on,
            "ends_on": contract.ends_on,
            "value_pln": pl(contract.value_pln),
            "instalments": "\n".join(
                f"{i.due_on:%d.%m.%Y}; {pl(i.amount_pln)}{'; zaliczka' if i.is_advance else ''}"
                for i in contract.instalments.all()
            ),
            "beneficiaries": "\n".join(
                f"{b.group.code}; {b.people}" for b in contract.beneficiaries.all()
            ),
            "reports": "\n".join(
                f"{'końcowe' if r.kind == 'final' else 'częściowe'}; {r.due_on:%d.%m.%Y}"
                for r in contract.reports.all()
            ),
        }


class DirectContractForm(ContractForm):
    """A direct selection: the provider by an identifier and the justification."""

    identifier = IdentifierField()
    justification = forms.CharField(
        label=gettext_lazy("Justification of the direct selection"),
        max_length=rules.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    field_order = ["identifier", "justification"]


class AmendmentForm(ContractForm):
    """An annex: the contract's terms as they become, with the annex's reason."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for the annex"),
        max_length=rules.SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    field_order = ["reason", "signed_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # An annex keeps the contract's kind and number.
        for name in ("kind", "number"):
            self.fields[name].disabled = True
        self.fields["signed_on"].label = gettext_lazy("Annex signed on")


class TerminationForm(BootstrapForm):
    terminated_on = forms.DateField(label=gettext_lazy("Terminated on"), widget=DateInput())
    reason = forms.CharField(
        label=gettext_lazy("Reason for termination"),
        max_length=rules.SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
