"""Forms of monitoring: a new progress report, its narrative, the consultant's return, and the
filters of the indicator dashboards (programme, period, group). They parse; services decide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.catalog.models import TargetGroup
from integra.core.forms import BootstrapForm, translate_blank
from integra.monitoring import rules
from integra.programmes.models import Programme


class ReportCreateForm(BootstrapForm):
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"), queryset=Programme.objects.order_by("-starts_on")
    )
    gmina = forms.ChoiceField(label=gettext_lazy("Gmina"))
    period = forms.CharField(
        label=gettext_lazy("Quarter"),
        max_length=7,
        help_text=gettext_lazy("For example 2007-Q3."),
    )

    def __init__(self, *args: Any, gminas: Iterable[Any], **kwargs: Any) -> None:
        """`gminas`: the territories the user prepares reports for."""
        super().__init__(*args, **kwargs)
        self.fields["gmina"].choices = [
            ("", ""),
            *((g.teryt, f"{g.name} ({g.teryt})") for g in gminas),
        ]
        translate_blank(self.fields["gmina"])
        translate_blank(self.fields["programme"])

    def clean_period(self) -> str:
        period: str = self.cleaned_data["period"].strip().upper()
        problems = rules.period_problems(period, kind=rules.QUARTERLY)
        if problems:
            raise forms.ValidationError(problems[0].message)
        return period


class NarrativeForm(BootstrapForm):
    problems = forms.CharField(
        label=gettext_lazy("Problems met in the quarter"),
        max_length=rules.NARRATIVE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    remedies = forms.CharField(
        label=gettext_lazy("Remedies taken or planned"),
        max_length=rules.NARRATIVE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)


class ReturnForm(BootstrapForm):
    comment = forms.CharField(
        label=gettext_lazy("What the gmina must correct"),
        max_length=rules.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)


class IndicatorFilterForm(BootstrapForm):
    """The dashboards' filters; an invalid or missing value falls back to its default."""

    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"),
        queryset=Programme.objects.order_by("-starts_on"),
        to_field_name="code",
        required=False,
    )
    period = forms.CharField(
        label=gettext_lazy("Up to the end of"),
        max_length=7,
        required=False,
        help_text=gettext_lazy(
            "A quarter (2007-Q3), a half-year (2007-H2) or a year; empty: today."
        ),
    )
    group = forms.ChoiceField(label=gettext_lazy("Target group"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [
            ("", _("all groups")),
            *list(TargetGroup.objects.order_by("position", "code").values_list("code", "name_pl")),
        ]
        translate_blank(self.fields["programme"])

    def clean_period(self) -> str:
        period: str = self.cleaned_data["period"].strip().upper()
        if period and rules.parse_period(period) is None:
            raise forms.ValidationError(rules.period_problems(period)[0].message)
        return period

    def choice(self) -> tuple[Programme | None, rules.Period | dt.date, str]:
        """(programme, period or day, group), defaults for what is missing or invalid: the
        latest programme, today, every group."""
        data = self.cleaned_data if self.is_valid() else {}
        programme = data.get("programme") or Programme.objects.order_by("-starts_on").first()
        period = rules.parse_period(data.get("period") or "")
        return programme, period or timezone.localdate(), data.get("group") or ""


class ProgrammeReportForm(BootstrapForm):
    """Which programme report to build: its kind, programme, period, format and (for the
    region's report) the voivodeship."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Report"),
        choices=[
            ("ministry_quarterly", gettext_lazy("Quarterly report of the ministry")),
            ("region_half_yearly", gettext_lazy("Half-yearly report of the region")),
            ("world_bank", gettext_lazy("Progress report to the World Bank")),
        ],
    )
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"),
        queryset=Programme.objects.order_by("-starts_on"),
        to_field_name="code",
    )
    period = forms.CharField(
        label=gettext_lazy("Period"),
        max_length=7,
        help_text=gettext_lazy(
            "A quarter (2007-Q3) for the ministry's report, a half-year (2007-H2) for the others."
        ),
    )
    voivodeship = forms.CharField(
        label=gettext_lazy("Voivodeship (TERYT code)"),
        max_length=2,
        required=False,
        help_text=gettext_lazy("For the region's report, e.g. 10."),
    )
    fmt = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=[("xlsx", "XLSX"), ("pdf", "PDF")], initial="xlsx"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_blank(self.fields["programme"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, period = data.get("kind"), (data.get("period") or "").strip().upper()
        if kind and "period" in data:
            expected = rules.QUARTERLY if kind == "ministry_quarterly" else rules.HALF_YEARLY
            problems = rules.period_problems(period, kind=expected)
            if problems:
                self.add_error("period", problems[0].message)
            data["period"] = period
        voivodeship = (data.get("voivodeship") or "").strip()
        if kind == "region_half_yearly" and not (len(voivodeship) == 2 and voivodeship.isdigit()):
            self.add_error("voivodeship", _("Give the voivodeship's two-digit TERYT code."))
        data["voivodeship"] = voivodeship if kind == "region_half_yearly" else ""
        return data

    def params(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "programme": data["programme"].code,
            "period": data["period"],
            "teryt": data["voivodeship"],
            "fmt": data["fmt"],
        }


def _amount_field(label: Any, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=18,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def _version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)


class TargetSheetForm(BootstrapForm):
    """An area's targets: a baseline and a target per indicator (`<code>-baseline`,
    `<code>-target`, `<code>-lock_version`), bounded by the indicators defined."""

    def __init__(self, *args: Any, rows: Iterable[Any], **kwargs: Any) -> None:
        """`rows`: selectors.targets.SheetRow of every indicator."""
        self.rows = list(rows)
        super().__init__(*args, **kwargs)
        for row in self.rows:
            code, stored = row.indicator.code, row.stored
            self.fields[f"{code}-baseline"] = _amount_field(
                _("Baseline of %(code)s") % {"code": code}
            )
            self.fields[f"{code}-target"] = _amount_field(_("Target of %(code)s") % {"code": code})
            self.fields[f"{code}-lock_version"] = _version_field()
            self.initial[f"{code}-baseline"] = stored.baseline if stored else Decimal(0)
            self.initial[f"{code}-target"] = stored.target if stored else None
            self.initial[f"{code}-lock_version"] = row.lock_version

    def lines(self) -> list[tuple[Any, Any, Any, Any]]:
        """(indicator, baseline field, target field, version field) for the page's table."""
        return [
            (
                row.indicator,
                self[f"{row.indicator.code}-baseline"],
                self[f"{row.indicator.code}-target"],
                self[f"{row.indicator.code}-lock_version"],
            )
            for row in self.rows
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in self.rows:
            code = row.indicator.code
            for problem in rules.target_row_problems(
                code,
                data.get(f"{code}-target"),
                data.get(f"{code}-baseline"),
                has_target=row.stored is not None,
            ):
                if problem.field not in self.errors:
                    self.add_error(problem.field, problem.message)
        return data

    def entries(self) -> list[tuple[Any, Any, Any, int]]:
        """(indicator, target, baseline, lock_version) per row, once valid."""
        data = self.cleaned_data
        return [
            (
                row.indicator,
                data.get(f"{row.indicator.code}-target"),
                data.get(f"{row.indicator.code}-baseline"),
                data[f"{row.indicator.code}-lock_version"],
            )
            for row in self.rows
        ]


class ValueSheetForm(BootstrapForm):
    """A gmina's values of the entered indicators for one period (`<code>-value`,
    `<code>-lock_version`), bounded by the entered indicators defined."""

    def __init__(self, *args: Any, rows: Iterable[Any], **kwargs: Any) -> None:
        self.rows = list(rows)
        super().__init__(*args, **kwargs)
        for row in self.rows:
            code = row.indicator.code
            self.fields[f"{code}-value"] = _amount_field(_("Value of %(code)s") % {"code": code})
            self.fields[f"{code}-lock_version"] = _version_field()
            self.initial[f"{code}-value"] = row.stored.value if row.stored else None
            self.initial[f"{code}-lock_version"] = row.lock_version

    def lines(self) -> list[tuple[Any, Any, Any]]:
        return [
            (
                row.indicator,
                self[f"{row.indicator.code}-value"],
                self[f"{row.indicator.code}-lock_version"],
            )
            for row in self.rows
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in self.rows:
            code = row.indicator.code
            for problem in rules.value_row_problems(
                code, data.get(f"{code}-value"), has_value=row.stored is not None
            ):
                if problem.field not in self.errors:
                    self.add_error(problem.field, problem.message)
        return data

    def entries(self) -> list[tuple[Any, Any, int]]:
        """(indicator, value, lock_version) per row, once valid."""
        data = self.cleaned_data
        return [
            (
                row.indicator,
                data.get(f"{row.indicator.code}-value"),
                data[f"{row.indicator.code}-lock_version"],
            )
            for row in self.rows
        ]


class SheetChoiceForm(BootstrapForm):
    """Which sheet to open: the programme, the area (targets) or the gmina (values), and for
    values the period."""

    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"),
        queryset=Programme.objects.order_by("-starts_on"),
        to_field_name="code",
    )
    area = forms.ChoiceField(label=gettext_lazy("Area"))
    period = forms.CharField(
        label=gettext_lazy("Period"),
        max_length=7,
        required=False,
        help_text=gettext_lazy("A quarter (2008-Q4), a half-year (2008-H2) or a year (2008)."),
    )

    def __init__(
        self, *args: Any, areas: Iterable[tuple[str, str]], with_period: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = list(areas)
        translate_blank(self.fields["programme"])
        self.with_period = with_period
        if not with_period:
            del self.fields["period"]
        else:
            self.fields["period"].required = True

    def clean_period(self) -> str:
        period: str = self.cleaned_data["period"].strip().upper()
        problems = rules.period_problems(period)
        if problems:
            raise forms.ValidationError(problems[0].message)
        return period
