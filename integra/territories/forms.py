"""The filters of the territory list: the search box, level and gmina type, and the parent unit."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from integra.territories.models import Territory

LEVELS_BELOW_COUNTRY = [
    choice for choice in Territory.Level.choices if choice[0] != Territory.Level.COUNTRY
]
# The search box is `q` in addresses, as on most sites; the selector calls it `query`.
SELECTOR_ARGUMENTS = {"q": "query"}


class TerritoryFilterForm(forms.Form):
    """The search box and filters of the list; its field names are the query parameters."""

    q = forms.CharField(label=gettext_lazy("Name or TERYT code"), required=False, max_length=100)
    level = forms.ChoiceField(
        label=gettext_lazy("Level"),
        required=False,
        choices=[("", gettext_lazy("All levels")), *LEVELS_BELOW_COUNTRY],
    )
    gmina_type = forms.ChoiceField(
        label=gettext_lazy("Gmina type"),
        required=False,
        choices=[("", gettext_lazy("All types")), *Territory.GminaType.choices],
    )
    parent = forms.RegexField(regex=r"^(PL|\d{2}|\d{4})$", required=False, widget=forms.HiddenInput)

    def selector_filters(self) -> dict[str, str]:
        """Arguments for selectors.list_territories. An invalid field is ignored rather than
        refused, so a mistyped address still lists something; without any criterion the list
        starts at the voivodeships."""
        self.is_valid()
        filters = {
            SELECTOR_ARGUMENTS.get(key, key): value
            for key, value in self.cleaned_data.items()
            if value
        }
        return filters or {"level": Territory.Level.VOIVODESHIP}
