"""Forms of the annual settlement and of the report pickers. They parse and bound; the services
and selectors decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.forms import BootstrapForm, DateInput
from integra.core.periods import validate_date
from integra.finance import rules

REPORT_FORMATS = [("xlsx", "XLSX"), ("pdf", "PDF")]


class NewSettlementForm(BootstrapForm):
    """The year to settle, one of those the gmina received money in and has not settled."""

    year = forms.TypedChoiceField(label=pgettext_lazy("settlement", "Year"), coerce=int)

    def __init__(self, *args: Any, years: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years or []]


class SettlementForm(BootstrapForm):
    disposition = forms.ChoiceField(
        label=_("The unspent rest is"),
        choices=[
            (rules.CARRY_OVER, _("carried over to the next year")),
            (rules.RETURN, _("returned to the programme")),
        ],
        widget=forms.RadioSelect,
    )
    explanation = forms.CharField(
        label=_("Explanation (optional)"),
        max_length=rules.SETTLEMENT_NOTE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def input(self) -> rules.SettlementInput:
        return rules.SettlementInput(
            disposition=self.cleaned_data["disposition"],
            explanation=self.cleaned_data["explanation"],
        )


class ReturnSettlementForm(BootstrapForm):
    comment = forms.CharField(
        label=_("What is to be corrected?"),
        max_length=rules.COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _years() -> list[tuple[int, str]]:
    last = timezone.localdate().year
    return [(year, str(year)) for year in range(last, 2005, -1)]


class InterimReportForm(BootstrapForm):
    year = forms.TypedChoiceField(label=pgettext_lazy("settlement", "Year"), coerce=int)
    semester = forms.TypedChoiceField(
        label=_("Half-year"),
        coerce=int,
        choices=[(1, _("first (January–June)")), (2, _("second (July–December)"))],
    )
    format = forms.ChoiceField(label=_("File"), choices=REPORT_FORMATS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "ifr-%s")  # three report forms share one page
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()


class ProgrammeReportForm(BootstrapForm):
    until = forms.DateField(label=_("As of"), widget=DateInput(), validators=[validate_date])
    format = forms.ChoiceField(label=_("File"), choices=REPORT_FORMATS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "programme-%s")
        super().__init__(*args, **kwargs)


class StatementForm(BootstrapForm):
    gmina = forms.RegexField(
        label=_("Gmina's TERYT code"), regex=r"^[0-9]{7}$", max_length=7, min_length=7
    )
    year = forms.TypedChoiceField(label=pgettext_lazy("settlement", "Year"), coerce=int)
    format = forms.ChoiceField(label=_("File"), choices=REPORT_FORMATS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "statement-%s")
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()
