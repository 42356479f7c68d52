"""Forms of monitoring: a new progress report, its narrative, the consultant's return, and the
filters of the indicator dashboards (programme, period, group). They parse; services decide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
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
