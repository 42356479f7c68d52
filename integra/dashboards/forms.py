"""The switches of the allocation map: the units (gminas or voivodeships) and the figure shown."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from integra.dashboards.selectors import GMINA, VOIVODESHIP

AMOUNT = "amount"
PER_INHABITANT = "per_inhabitant"


class MapForm(forms.Form):
    """The switches of the allocation map; their names are the query parameters."""

    level = forms.ChoiceField(
        label=gettext_lazy("Units"),
        choices=[(GMINA, gettext_lazy("gminas")), (VOIVODESHIP, gettext_lazy("voivodeships"))],
        widget=forms.RadioSelect,
        required=False,
    )
    measure = forms.ChoiceField(
        label=gettext_lazy("Figure"),
        choices=[
            (AMOUNT, gettext_lazy("allocation (EUR)")),
            (PER_INHABITANT, gettext_lazy("EUR per inhabitant")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )

    def choice(self) -> tuple[str, str]:
        """The level and measure asked for; a missing or mistyped value takes the default."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("level") or GMINA, data.get("measure") or AMOUNT
