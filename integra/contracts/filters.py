"""Filters of the registers of rounds, offers, contracts and reports (for a gmina, a voivodeship
or the nation): one form, read by the selectors, so a page and its export select the same rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from integra.catalog.models import ServiceType, TargetGroup
from integra.contracts.models import Contract, Offer, ProviderReport
from integra.core.forms import BootstrapForm, DateInput
from integra.providers.models import Provider
from integra.territories.models import Territory


@dataclass(frozen=True)
class Selection:
    """What the registers filter on (None: any)."""

    voivodeship: str | None = None
    gmina: str | None = None
    provider_kind: str | None = None
    service_type: str | None = None
    target_group: str | None = None
    status: str | None = None
    value_from: Decimal | None = None
    value_to: Decimal | None = None
    period_from: dt.date | None = None
    period_until: dt.date | None = None


class RegisterFilterForm(BootstrapForm):
    """The filters of a register; `statuses` are the status choices of its document."""

    voivodeship = forms.ModelChoiceField(
        label=_("Voivodeship"),
        queryset=Territory.objects.voivodeships().current().order_by("teryt"),
        to_field_name="teryt",
        required=False,
        empty_label=_("all voivodeships"),
    )
    gmina = forms.RegexField(
        label=_("Gmina (TERYT code)"), regex=r"^\d{7}$", max_length=7, required=False
    )
    provider_kind = forms.ChoiceField(label=_("Provider kind"), required=False)
    service_type = forms.ModelChoiceField(
        label=_("Service type"),
        queryset=ServiceType.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("all types"),
    )
    target_group = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.order_by("position"),
        to_field_name="code",
        required=False,
        empty_label=_("all groups"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    value_from = forms.DecimalField(
        label=_("Value from (PLN)"), required=False, min_value=0, max_digits=18, decimal_places=2
    )
    value_to = forms.DecimalField(
        label=_("Value to (PLN)"), required=False, min_value=0, max_digits=18, decimal_places=2
    )
    period_from = forms.DateField(label=_("Period from"), required=False, widget=DateInput())
    period_until = forms.DateField(label=_("Period until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, statuses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("any status")), *statuses]  # type: ignore[attr-defined]
        self.fields["provider_kind"].choices = [  # type: ignore[attr-defined]
            ("", _("all kinds")),
            *Provider.Kind.choices,
        ]

    def selection(self) -> Selection:
        """The filters as given; none when the input is invalid (the page shows the errors)."""
        if not self.is_valid():
            return Selection()
        data = self.cleaned_data
        return Selection(
            voivodeship=data["voivodeship"].teryt if data.get("voivodeship") else None,
            gmina=data.get("gmina") or None,
            provider_kind=data.get("provider_kind") or None,
            service_type=data["service_type"].code if data.get("service_type") else None,
            target_group=data["target_group"].code if data.get("target_group") else None,
            status=data.get("status") or None,
            value_from=data.get("value_from"),
            value_to=data.get("value_to"),
            period_from=data.get("period_from"),
            period_until=data.get("period_until"),
        )


def _place(rows: QuerySet[Any], field: str, selection: Selection) -> QuerySet[Any]:
    if selection.gmina:
        return rows.filter(**{field: selection.gmina})
    if selection.voivodeship:
        return rows.filter(**{f"{field}__startswith": selection.voivodeship})
    return rows


def filter_contracts(
    rows: QuerySet[Contract], selection: Selection, prefix: str = ""
) -> QuerySet[Contract]:
    """Contracts (or rows reached through `prefix`, e.g. "contract__") by every filter."""
    p = prefix
    rows = _place(rows, f"{p}gmina__teryt", selection)
    if selection.provider_kind:
        rows = rows.filter(**{f"{p}provider__kind": selection.provider_kind})
    if selection.service_type:
        rows = rows.filter(
            **{f"{p}services__planned_service__service_type__code": selection.service_type}
        )
    if selection.target_group:
        rows = rows.filter(
            **{f"{p}services__planned_service__groups__code": selection.target_group}
        )
    if selection.value_from is not None:
        rows = rows.filter(**{f"{p}value_pln__gte": selection.value_from})
    if selection.value_to is not None:
        rows = rows.filter(**{f"{p}value_pln__lte": selection.value_to})
    if selection.period_from:
        rows = rows.filter(**{f"{p}ends_on__gte": selection.period_from})
    if selection.period_until:
        rows = rows.filter(**{f"{p}starts_on__lt": selection.period_until})
    if selection.service_type or selection.target_group:
        rows = rows.distinct()
    return rows


def filter_offers(rows: QuerySet[Offer], selection: Selection) -> QuerySet[Offer]:
    rows = _place(rows, "round__gmina__teryt", selection)
    if selection.provider_kind:
        rows = rows.filter(provider__kind=selection.provider_kind)
    if selection.service_type:
        rows = rows.filter(lot__planned_service__service_type__code=selection.service_type)
    if selection.target_group:
        rows = rows.filter(groups__group__code=selection.target_group).distinct()
    if selection.status:
        rows = rows.filter(status=selection.status)
    if selection.value_from is not None:
        rows = rows.filter(total_pln__gte=selection.value_from)
    if selection.value_to is not None:
        rows = rows.filter(total_pln__lte=selection.value_to)
    if selection.period_from:
        rows = rows.filter(received_at__date__gte=selection.period_from)
    if selection.period_until:
        rows = rows.filter(received_at__date__lt=selection.period_until)
    return rows


def filter_reports(
    rows: QuerySet[ProviderReport], selection: Selection
) -> QuerySet[ProviderReport]:
    """Reports by their contract's filters, their own status and due date within the period."""
    by_contract = replace(selection, status=None, period_from=None, period_until=None)
    rows = filter_contracts(rows, by_contract, prefix="contract__")  # type: ignore[arg-type]
    rows = filter_status(rows, selection)
    if selection.period_from:
        rows = rows.filter(due_on__gte=selection.period_from)
    if selection.period_until:
        rows = rows.filter(due_on__lt=selection.period_until)
    return rows


def filter_status(rows: QuerySet[Any], selection: Selection) -> QuerySet[Any]:
    return rows.filter(status=selection.status) if selection.status else rows
