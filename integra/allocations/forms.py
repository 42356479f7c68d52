"""Forms of allocations: a new run (population, equal shares, or amounts imported from a CSV
file), an amendment of a published amount, the planned tranches, and a transfer. They parse and
validate; the services write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from integra.allocations.importers.amounts import parse_amounts
from integra.allocations.models import AllocationRun, Tranche
from integra.allocations.rules import REASON_LENGTH
from integra.allocations.services import (
    MAX_WEIGHT,
    AllocationWeightsInvalid,
    RunParameters,
    check_weights,
)
from integra.core import forms as core_forms
from integra.core.errors import DomainError, ImportRefused
from integra.core.forms import BootstrapForm, DateInput
from integra.core.money import MAX_AMOUNT
from integra.core.periods import validate_date
from integra.programmes.models import Programme

MAX_EUR = MAX_AMOUNT
# An uploaded amounts file: one line per gmina, a few hundred kilobytes at the very most.
MAX_FILE_BYTES = 2 * 1024 * 1024
# The form field of each weight of the weighted sum, by indicator code.
WEIGHT_FIELDS = {
    AllocationRun.Indicator.TOTAL: "weight_total",
    AllocationRun.Indicator.AGE_0_17: "weight_age_0_17",
    AllocationRun.Indicator.POST_WORKING: "weight_post_working",
}


def _weight(label: Any) -> forms.Field:
    # Text, not a DecimalField: the service is the one judge of a weight, and the weights of
    # another indicator are ignored rather than refused.
    return forms.CharField(
        label=label,
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        # format_lazy: a lazy msgid with % would be translated once, at import.
        help_text=format_lazy(
            _("Weighted sum of indicators only: a number from 0 to {max}, blank counts as 0."),
            max=MAX_WEIGHT,
        ),
    )


def _eur(label: Any, *, required: bool = True, initial: Decimal | None = None) -> forms.Field:
    return forms.DecimalField(
        label=label,
        required=required,
        initial=initial,
        min_value=Decimal(0),
        max_value=MAX_EUR,
        decimal_places=2,
        max_digits=18,
    )


class RunForm(BootstrapForm):
    """Parameters of services.create_run; the amounts file is read whole, every problem reported
    with its line."""

    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.order_by("code"), empty_label=None
    )
    method = forms.ChoiceField(label=_("Method"), choices=AllocationRun.Method.choices)
    indicator = forms.ChoiceField(
        label=_("Indicator"),
        choices=AllocationRun.Indicator.choices,
        initial=AllocationRun.Indicator.TOTAL,
        help_text=_("Used by the population method only."),
    )
    weight_total = _weight(_("Weight of the total population"))
    weight_age_0_17 = _weight(_("Weight of people aged 0–17"))
    weight_post_working = _weight(_("Weight of the post-working age"))
    year = forms.IntegerField(
        label=_("Year of the population data"), min_value=1990, max_value=2100, initial=2010
    )
    budget = _eur(_("Budget (EUR)"))
    unit = _eur(_("Rounding unit (EUR)"), initial=Decimal("100"))
    floor = _eur(_("Floor per gmina (EUR)"), required=False)
    cap = _eur(_("Cap per gmina (EUR)"), required=False)
    amounts_file = forms.FileField(
        label=_("Amounts file (CSV)"),
        required=False,
        help_text=_(
            "Method import only: a CSV file with a header row and the columns teryt,amount "
            "(EUR), one row per gmina taking part."
        ),
    )

    def clean_unit(self) -> Decimal:
        unit = self.cleaned_data["unit"]
        if unit <= 0:
            raise forms.ValidationError(_("The rounding unit must be greater than zero."))
        return unit

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._clean_weights(data)
        upload = data.get("amounts_file")
        self.amounts: dict[str, Decimal] | None = None
        if data.get("method") != AllocationRun.Method.IMPORT:
            if upload:
                self.add_error("amounts_file", _("A file of amounts goes with the import method."))
            return data
        if not upload:
            self.add_error("amounts_file", _("The import method needs a file of amounts."))
        elif upload.size > MAX_FILE_BYTES:
            self.add_error("amounts_file", _("The file is larger than 2 MB."))
        else:
            self.amounts = self._read(upload)
        return data

    def _clean_weights(self, data: dict[str, Any]) -> None:
        self.weights: dict[str, Decimal] | None = None
        if data.get("indicator") != AllocationRun.Indicator.WEIGHTED:
            return
        given = {
            code.value: data[name].replace(",", ".")
            for code, name in WEIGHT_FIELDS.items()
            if data.get(name, "").strip()
        }
        try:
            self.weights = check_weights(AllocationRun.Indicator.WEIGHTED, given)
        except AllocationWeightsInvalid as refusal:
            for problem in refusal.problems:
                # A problem of the weights as a whole shows at the indicator, above the weights.
                code = (problem.field or "").removeprefix("weights.")
                self.add_error(WEIGHT_FIELDS.get(code, "indicator"), problem.message)  # type: ignore[call-overload]

    def _read(self, upload: Any) -> dict[str, Decimal] | None:
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1250", errors="replace")
        try:
            return parse_amounts(text, name=upload.name)
        except ImportRefused as refusal:
            errors = [refusal.message, *(str(problem) for problem in refusal.problems)]
            self.add_error("amounts_file", errors)
            return None

    def params(self) -> RunParameters:
        data = self.cleaned_data
        return RunParameters(
            method=data["method"],
            indicator=data["indicator"],
            year=data["year"],
            budget=data["budget"],
            unit=data["unit"],
            floor=data["floor"],
            cap=data["cap"],
            weights=self.weights,
        )


class VersionedForm(BootstrapForm):
    """A form of the gmina's allocation that states the lock_version its editor saw."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def with_version(self, version: int) -> None:
        """After a conflict: keep the user's input, but let the next save replace the version
        now stored (the card shows what it holds)."""
        data = self.data.copy()
        data[self.add_prefix("lock_version")] = str(version)
        self.data = data


class AmendmentForm(VersionedForm):
    amount_eur = _eur(_("New amount (EUR)"))
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class TrancheScheduleForm(VersionedForm):
    """One amount per tranche; a transferred tranche's field is shown but disabled."""

    def __init__(self, *args: Any, tranches: list[Tranche], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for tranche in tranches:
            field = _eur(
                _("Tranche %(number)s, %(year)s (EUR)")
                % {"number": tranche.number, "year": tranche.year},
                initial=tranche.amount_eur,
            )
            field.disabled = tranche.is_transferred
            field.widget.attrs["class"] = "form-control"
            self.fields[f"tranche_{tranche.number}"] = field

    def amounts(self) -> dict[int, Decimal]:
        return {
            int(name.removeprefix("tranche_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("tranche_") and not self.fields[name].disabled
        }


class TransferForm(BootstrapForm):
    """Which planned tranche was paid, how many PLN and when (the rate follows from the date)."""

    number = forms.TypedChoiceField(label=_("Tranche"), coerce=int)
    amount_pln = forms.DecimalField(
        label=_("Amount transferred (PLN)"),
        min_value=Decimal("0.01"),
        max_value=MAX_EUR,
        decimal_places=2,
        max_digits=18,
    )
    transferred_on = forms.DateField(
        label=_("Transferred on"), widget=DateInput(), validators=[validate_date]
    )

    def __init__(self, *args: Any, tranches: list[Tranche], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].choices = [  # type: ignore[attr-defined]
            (t.number, _("%(number)s (%(year)s)") % {"number": t.number, "year": t.year})
            for t in tranches
            if not t.is_transferred
        ]


def show_refusal(form: forms.Form, refusal: DomainError) -> None:
    """A service's refusal on its form (`weights.total` at `weight_total`, `tranches.2` at
    `tranche_2`)."""
    core_forms.show_refusal(
        form,
        refusal,
        field_of=lambda name: name.replace("weights.", "weight_").replace("tranches.", "tranche_"),
    )
