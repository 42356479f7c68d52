"""Forms of the good practices: the filter of the list (and of the public library), the practice
itself (proposed by a gmina, edited by the consultant), a photo, and the ministry's decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.catalog.models import ServiceType, TargetGroup
from integra.core.forms import BootstrapForm
from integra.outreach import rules
from integra.outreach.models import GoodPractice
from integra.programmes.models import Programme
from integra.territories.models import Territory


class NamedChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class NamedMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class GminaChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.teryt})"


class ContractChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} — {obj.provider.name}"


class ReportChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.contract.number}: {obj.get_kind_display()} {obj.number}"


class PracticeFilterForm(BootstrapForm):
    """The search of the practices: text, voivodeship, target group, service type (and, inside
    Integra, the state)."""

    q = forms.CharField(label=_("Text"), required=False, max_length=rules.SEARCH_LENGTH)
    voivodeship = forms.ModelChoiceField(
        label=_("Voivodeship"),
        queryset=Territory.objects.voivodeships().current().order_by("teryt"),
        to_field_name="teryt",
        required=False,
        empty_label=_("all voivodeships"),
    )
    group = NamedChoice(
        label=_("Target group"),
        queryset=TargetGroup.objects.order_by("position", "code"),
        to_field_name="code",
        required=False,
        empty_label=_("all groups"),
    )
    service_type = NamedChoice(
        label=_("Service type"),
        queryset=ServiceType.objects.order_by("position", "code"),
        to_field_name="code",
        required=False,
        empty_label=_("all service types"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all states")), *GoodPractice.Status.choices],
    )

    def __init__(self, *args: Any, public: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if public:
            del self.fields["status"]

    def selection(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        chosen = {
            "search": data.get("q") or None,
            "voivodeship": data["voivodeship"].teryt if data.get("voivodeship") else None,
            "group": data["group"].code if data.get("group") else None,
            "service_type": data["service_type"].code if data.get("service_type") else None,
        }
        if "status" in self.fields:
            chosen["status"] = data.get("status") or None
        return chosen


class PracticeForm(BootstrapForm):
    """The practice's content. A proposal also chooses its programme and gmina; an edit states
    the edit version it loaded."""

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all())
    gmina = GminaChoice(label=_("Gmina"), queryset=Territory.objects.none())
    title = forms.CharField(label=_("Title"), max_length=rules.PRACTICE_TITLE_LENGTH)
    service_type = NamedChoice(
        label=_("Service type"), queryset=ServiceType.objects.order_by("position", "code")
    )
    groups = NamedMultipleChoice(
        label=_("Target groups"),
        queryset=TargetGroup.objects.order_by("position", "code"),
        widget=forms.CheckboxSelectMultiple,
    )
    what_was_done = forms.CharField(
        label=_("What was done"),
        max_length=rules.PRACTICE_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    results = forms.CharField(
        label=_("Results, with their figures"),
        max_length=rules.PRACTICE_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    people_reached = forms.IntegerField(
        label=_("People reached"), min_value=1, max_value=rules.MAX_PEOPLE_REACHED
    )
    contact_office = forms.CharField(
        label=_("Office to contact"),
        max_length=rules.OFFICE_LENGTH,
        help_text=_("An office (the GOPS, the gmina office), never a person's own name."),
    )
    contact_email = forms.CharField(
        label=_("Office e-mail"), max_length=rules.EMAIL_LENGTH, required=False
    )
    contact_phone = forms.CharField(
        label=_("Office phone"), max_length=rules.PHONE_LENGTH, required=False
    )
    contracts = ContractChoice(
        label=_("Contracts (evidence)"),
        queryset=Territory.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reports = ReportChoice(
        label=_("Provider reports (evidence)"),
        queryset=Territory.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        gminas: Any = None,
        contracts: Any = None,
        reports: Any = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["programme"]
            del self.fields["gmina"]
        else:
            del self.fields["lock_version"]
            self.fields["gmina"].queryset = (
                gminas if gminas is not None else Territory.objects.none()
            )
        if contracts is not None:
            self.fields["contracts"].queryset = contracts
        if reports is not None:
            self.fields["reports"].queryset = reports

    def values(self) -> rules.PracticeValues:
        data = self.cleaned_data
        return rules.PracticeValues(
            title=data["title"],
            what_was_done=data["what_was_done"],
            results=data["results"],
            people_reached=data["people_reached"],
            contact_office=data["contact_office"],
            contact_email=data.get("contact_email") or "",
            contact_phone=data.get("contact_phone") or "",
            group_codes=[group.code for group in data["groups"]],
        )

    def relations(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "service_type": data["service_type"],
            "groups": list(data["groups"]),
            "contracts": list(data.get("contracts") or []),
            "reports": list(data.get("reports") or []),
        }


class PhotoForm(BootstrapForm):
    file = forms.FileField(
        label=_("Photo"),
        help_text=_("JPG, PNG or WEBP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(rules.PHOTO_EXTENSIONS)}),
    )
    alt_text = forms.CharField(
        label=_("What the photo shows"),
        max_length=rules.ALT_TEXT_LENGTH,
        help_text=_("Read aloud to people who cannot see the photo."),
    )


class DecisionForm(BootstrapForm):
    note = forms.CharField(
        label=_("Reason (required to reject)"),
        max_length=rules.PRACTICE_NOTE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
