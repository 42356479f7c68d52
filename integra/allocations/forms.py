"""The form of a new allocation run (population or equal shares; imports go through the API)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.allocations.models import AllocationRun
from integra.programmes.models import Programme

MAX_EUR = Decimal("9999999999999999.99")
WEB_METHODS = [
    choice
    for choice in AllocationRun.Method.choices
    if choice[0] in (AllocationRun.Method.POPULATION, AllocationRun.Method.EQUAL)
]


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


class RunForm(forms.Form):
    """Parameters of services.create_run; Bootstrap classes on every widget."""

    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.order_by("code"), empty_label=None
    )
    method = forms.ChoiceField(label=_("Method"), choices=WEB_METHODS)
    indicator = forms.ChoiceField(
        label=_("Indicator"),
        choices=AllocationRun.Indicator.choices,
        initial=AllocationRun.Indicator.TOTAL,
        help_text=_("Used by the population method only."),
    )
    year = forms.IntegerField(
        label=_("Year of the population data"), min_value=1990, max_value=2100, initial=2010
    )
    budget = _eur(_("Budget (EUR)"))
    unit = _eur(_("Rounding unit (EUR)"), initial=Decimal("100"))
    floor = _eur(_("Floor per gmina (EUR)"), required=False)
    cap = _eur(_("Cap per gmina (EUR)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"

    def clean_unit(self) -> Decimal:
        unit = self.cleaned_data["unit"]
        if unit <= 0:
            raise forms.ValidationError(_("The rounding unit must be greater than zero."))
        return unit

    def run_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "programme": data["programme"],
            "method": data["method"],
            "indicator": data["indicator"],
            "year": data["year"],
            "budget": data["budget"],
            "unit": data["unit"],
            "floor": data["floor"],
            "cap": data["cap"],
        }
