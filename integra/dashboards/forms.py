"""The switches of the allocation map: the units (gminas or voivodeships) and the figure shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from integra.dashboards.selectors import GMINA, VOIVODESHIP

AMOUNT = "amount"
PER_INHABITANT = "per_inhabitant"
COMMITTED = "committed"
PAID = "paid"
REACHED = "reached"
GROUP = "group"
MEASURES = (AMOUNT, PER_INHABITANT, COMMITTED, PAID, REACHED, GROUP)
# The days a board may be seen on (a year typed as 20071 falls back to the default).
MIN_DAY, MAX_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


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
            (COMMITTED, gettext_lazy("committed (% of the allocation)")),
            (PAID, gettext_lazy("paid (% of the allocation)")),
            (REACHED, gettext_lazy("people reached per 1,000 inhabitants")),
            (GROUP, gettext_lazy("contracts for a target group")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    group = forms.ChoiceField(label=gettext_lazy("Target group"), required=False)

    def __init__(self, *args: Any, groups: Sequence[tuple[str, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = list(groups)  # type: ignore[attr-defined]
        self.fields["group"].widget.attrs["class"] = "form-select"

    def choice(self) -> tuple[str, str]:
        """The level and measure asked for; a missing or mistyped value takes the default."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("level") or GMINA, data.get("measure") or AMOUNT

    def group_code(self) -> str:
        """The target group of the contracts measure (the first group when none is asked)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        choices = self.fields["group"].choices  # type: ignore[attr-defined]
        return data.get("group") or (choices[0][0] if choices else "")


class BoardForm(forms.Form):
    """The portfolio board's choices, as query parameters: the programme, the day it is seen on,
    and the column it is sorted by (a mistyped value takes the default, never an error page)."""

    programme = forms.ChoiceField(label=gettext_lazy("Programme"), required=False)
    as_of = forms.DateField(
        label=gettext_lazy("As of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput)
    order = forms.ChoiceField(
        required=False,
        choices=[("asc", "asc"), ("desc", "desc")],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, programmes: Sequence[Any], sorts: Sequence[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [(p.code, p.code) for p in programmes]  # type: ignore[attr-defined]
        self.fields["programme"].widget.attrs["class"] = "form-select"
        self.fields["sort"].choices = [(key, key) for key in sorts]  # type: ignore[attr-defined]
        self.programmes = {p.code: p for p in programmes}

    def choice(self) -> dict[str, Any]:
        """programme (or None), as_of (or None: the default), sort and descending."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        code = data.get("programme") or next(iter(self.programmes), None)
        as_of = data.get("as_of")
        if as_of is not None and not (MIN_DAY <= as_of <= MAX_DAY):
            as_of = None
        return {
            "programme": self.programmes.get(code) if code else None,
            "as_of": as_of,
            "sort": data.get("sort") or "gmina",
            "descending": data.get("order") == "desc",
        }
