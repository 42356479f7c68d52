"""Forms of the outreach pages (they never save: the views hand the data to the services)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.core.forms import BootstrapForm, DateInput
from integra.outreach import rules
from integra.outreach.models import CampaignEvent, ExpertRequest, TrainingSession
from integra.programmes.models import Programme
from integra.territories.models import Territory


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.level == Territory.Level.COUNTRY:
            return str(_("the ministry"))
        return f"{obj.name} ({obj.teryt})"


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class SessionFilterForm(BootstrapForm):
    q = forms.CharField(label=_("Topic"), required=False, max_length=rules.SEARCH_LENGTH)
    audience = forms.ChoiceField(
        label=_("Audience"),
        required=False,
        choices=[("", _("all audiences")), *TrainingSession.Audience.choices],
    )
    voivodeship = forms.ModelChoiceField(
        label=_("Voivodeship"),
        queryset=Territory.objects.voivodeships().current().order_by("teryt"),
        to_field_name="teryt",
        required=False,
        empty_label=_("all voivodeships"),
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())

    def selection(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        voivodeship = data.get("voivodeship")
        return {
            "search": data.get("q") or None,
            "audience": data.get("audience") or None,
            "voivodeship": voivodeship.teryt if voivodeship else None,
            "since": data.get("since"),
        }


class SessionForm(BootstrapForm):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all())
    organiser = UnitChoice(label=_("Organiser"), queryset=Territory.objects.none())
    topic = forms.CharField(label=_("Topic"), max_length=rules.TOPIC_LENGTH)
    trainer_user = UserChoice(
        label=_("Trainer from the experts' roster"),
        queryset=Territory.objects.none(),
        required=False,
    )
    trainer_name = forms.CharField(
        label=_("…or the trainer's name"),
        max_length=rules.TRAINER_NAME_LENGTH,
        required=False,
        help_text=_("For a trainer who is not on the roster."),
    )
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput())
    online = forms.BooleanField(label=_("Online"), required=False)
    place = forms.CharField(label=_("Place"), max_length=rules.PLACE_LENGTH, required=False)
    audience = forms.MultipleChoiceField(
        label=_("Audience"),
        choices=TrainingSession.Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=rules.MAX_CAPACITY)
    registration_closes_on = forms.DateField(label=_("Registration closes on"), widget=DateInput())
    cost_pln = forms.DecimalField(
        label=_("Cost (PLN)"),
        min_value=Decimal("0"),
        max_value=rules.MAX_COST,
        decimal_places=2,
        initial=Decimal("0.00"),
        help_text=_(
            "A gmina's training is charged to its training line (converted to EUR at the NBP "
            "rate before the first day); a ministry's or region's to the programme's component."
        ),
    )

    def __init__(self, *args: Any, organisers: Any, experts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers
        if organisers.count() == 1:
            self.fields["organiser"].initial = organisers.first()
        self.fields["trainer_user"].queryset = experts
        programmes = self.fields["programme"].queryset
        if programmes.count() == 1:
            self.fields["programme"].initial = programmes.first()

    def values(self) -> rules.SessionValues:
        data = self.cleaned_data
        return rules.SessionValues(
            topic=data["topic"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            registration_closes_on=data["registration_closes_on"],
            capacity=data["capacity"],
            online=data["online"],
            place=data["place"],
            audience=tuple(data["audience"]),
            trainer_name=data["trainer_name"],
            has_trainer_user=data["trainer_user"] is not None,
            cost_pln=data["cost_pln"],
        )


class RegistrationForm(BootstrapForm):
    gmina = UnitChoice(label=_("Gmina"), queryset=Territory.objects.none())
    full_name = forms.CharField(label=_("Name and surname"), max_length=rules.PERSON_LENGTH)
    function = forms.CharField(label=_("Function"), max_length=rules.FUNCTION_LENGTH)
    email = forms.EmailField(label=_("E-mail"), max_length=rules.EMAIL_LENGTH)

    def __init__(self, *args: Any, gminas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gmina"].queryset = gminas
        if gminas.count() == 1:
            self.fields["gmina"].initial = gminas.first()
            self.fields["gmina"].widget = forms.HiddenInput()

    def values(self) -> rules.RegistrationValues:
        data = self.cleaned_data
        return rules.RegistrationValues(
            full_name=data["full_name"], function=data["function"], email=data["email"]
        )


# Expert support -------------------------------------------------------------------------------


class RequestFilterForm(BootstrapForm):
    q = forms.CharField(label=_("Topic"), required=False, max_length=rules.SEARCH_LENGTH)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all statuses")), *ExpertRequest.Status.choices],
    )

    def selection(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"search": data.get("q") or None, "status": data.get("status") or None}


class RequestForm(BootstrapForm):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all())
    gmina = UnitChoice(label=_("Gmina"), queryset=Territory.objects.none())
    topic = forms.CharField(label=_("Topic"), max_length=rules.TOPIC_LENGTH)
    need = forms.CharField(
        label=_("What the gmina needs"),
        max_length=rules.NEED_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, gminas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gmina"].queryset = gminas
        if gminas.count() == 1:
            self.fields["gmina"].initial = gminas.first()
        programmes = self.fields["programme"].queryset
        if programmes.count() == 1:
            self.fields["programme"].initial = programmes.first()

    def values(self) -> rules.RequestValues:
        return rules.RequestValues(topic=self.cleaned_data["topic"], need=self.cleaned_data["need"])


class AssignForm(BootstrapForm):
    expert = UserChoice(label=_("Expert"), queryset=Territory.objects.none())

    def __init__(self, *args: Any, experts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts


class WorkForm(BootstrapForm):
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.1"), max_value=rules.MAX_HOURS, decimal_places=1
    )
    cost_pln = forms.DecimalField(
        label=_("Cost (PLN)"), min_value=Decimal("0"), max_value=rules.MAX_COST, decimal_places=2
    )

    def values(self) -> rules.WorkValues:
        return rules.WorkValues(
            hours=self.cleaned_data["hours"], cost_pln=self.cleaned_data["cost_pln"]
        )


class OutputForm(BootstrapForm):
    title = forms.CharField(label=_("Title"), max_length=rules.OUTPUT_TITLE_LENGTH)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, ODT, DOC, DOCX, ODS, XLSX, JPG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(rules.UPLOAD_EXTENSIONS)}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            problems = rules.upload_problems(upload.name or "", upload.size or 0)
            if problems:
                raise forms.ValidationError([p.message for p in problems])
        return upload


class ProfileForm(BootstrapForm):
    expert = UserChoice(label=_("Expert"), queryset=Territory.objects.none())
    skills = forms.CharField(
        label=_("Skills"), max_length=rules.SKILLS_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Voivodeships"),
        required=False,
        queryset=Territory.objects.voivodeships().current().order_by("teryt"),
        widget=forms.CheckboxSelectMultiple,
    )
    available = forms.BooleanField(
        label=_("Available for new assignments"), required=False, initial=True
    )
    availability = forms.CharField(
        label=_("Availability"),
        required=False,
        max_length=rules.AVAILABILITY_LENGTH,
        help_text=_("For example: Mondays and Tuesdays, from May."),
    )

    def __init__(self, *args: Any, experts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts


# The campaign -------------------------------------------------------------------------------------


class EventFilterForm(BootstrapForm):
    q = forms.CharField(label=_("Title"), required=False, max_length=rules.SEARCH_LENGTH)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("all types")), *CampaignEvent.Kind.choices]
    )
    voivodeship = forms.ModelChoiceField(
        label=_("Voivodeship"),
        queryset=Territory.objects.voivodeships().current().order_by("teryt"),
        to_field_name="teryt",
        required=False,
        empty_label=_("all voivodeships"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def selection(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        voivodeship = data.get("voivodeship")
        return {
            "search": data.get("q") or None,
            "kind": data.get("kind") or None,
            "voivodeship": voivodeship.teryt if voivodeship else None,
            "year": data.get("year"),
        }


class EventForm(BootstrapForm):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all())
    organiser = UnitChoice(label=_("Organiser"), queryset=Territory.objects.none())
    kind = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *CampaignEvent.Kind.choices])
    title = forms.CharField(label=_("Title"), max_length=rules.TITLE_LENGTH)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(
        label=_("Place"),
        max_length=rules.PLACE_LENGTH,
        required=False,
        help_text=_("Not needed for a media action."),
    )
    participants = forms.IntegerField(
        label=_("Participants"), min_value=0, max_value=rules.MAX_PARTICIPANTS, initial=0
    )
    reach = forms.IntegerField(
        label=_("People reached"),
        min_value=0,
        max_value=rules.MAX_REACH,
        initial=0,
        help_text=_("Listeners, readers, viewers: the best estimate."),
    )
    reach_note = forms.CharField(
        label=_("How the reach was counted"),
        required=False,
        max_length=rules.REACH_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    cost_pln = forms.DecimalField(
        label=_("Cost (PLN)"),
        min_value=Decimal("0"),
        max_value=rules.MAX_COST,
        decimal_places=2,
        initial=Decimal("0.00"),
        help_text=_("Charged to component C, the information campaign."),
    )

    def __init__(self, *args: Any, organisers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers
        if organisers.count() == 1:
            self.fields["organiser"].initial = organisers.first()
        programmes = self.fields["programme"].queryset
        if programmes.count() == 1:
            self.fields["programme"].initial = programmes.first()

    def values(self) -> rules.EventValues:
        data = self.cleaned_data
        return rules.EventValues(
            kind=data["kind"],
            title=data["title"],
            held_on=data["held_on"],
            place=data["place"],
            participants=data["participants"],
            reach=data["reach"],
            reach_note=data["reach_note"],
            cost_pln=data["cost_pln"],
        )


class MaterialForm(OutputForm):
    pass


# Reminders ---------------------------------------------------------------------------------------


class PreferenceForm(BootstrapForm):
    email_enabled = forms.BooleanField(
        label=_("Send my reminders by e-mail too"),
        required=False,
        help_text=_("Off: reminders appear only here, in Integra."),
    )
