"""The editor of a version: its sections and its planned services as a formset, turned into the
content the services take (PlanContent) and showing the rules' problems at their fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.forms.utils import ErrorDict, ErrorList
from django.utils.translation import gettext_lazy as _

from integra.action_plans import rules
from integra.action_plans.models import PlannedService, PlanVersion
from integra.action_plans.services import PlanContent, ServiceInput
from integra.catalog.models import ServiceType, TargetGroup
from integra.core.errors import Problem
from integra.core.forms import BootstrapForm, DateInput
from integra.core.periods import quarter_overlaps
from integra.programmes.models import Programme
from integra.strategies.models import Goal, Strategy

MAX_COST = Decimal("999999999999.99")

# Check boxes of a multiple choice carry Bootstrap's own class (the shared form leaves them bare).
CHECKBOXES = {"class": "form-check-input"}


# Editing a version ----------------------------------------------------------------------------


def programme_quarters(programme: Programme) -> list[tuple[str, str]]:
    """Every quarter the programme's period touches, like ("2007-Q1", "2007-Q1")."""
    quarters = []
    for year in range(programme.starts_on.year, programme.ends_on.year + 1):
        for number in range(1, 5):
            code = f"{year}-Q{number}"
            if quarter_overlaps(code, programme.starts_on, programme.ends_on):
                quarters.append((code, code))
    return quarters


class SectionsForm(BootstrapForm):
    """The sections of a version; lock_version is the one the editor loaded."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    as_of = forms.DateField(label=_("As of"), widget=DateInput())
    strategy = forms.ModelChoiceField(
        label=_("Strategy of the gmina"), queryset=Strategy.objects.none(), required=False
    )
    gmina_address = forms.CharField(
        label=_("Gmina address"),
        max_length=rules.ADDRESS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    contact_name = forms.CharField(
        label=_("Contact person for the region"), max_length=rules.CONTACT_NAME_MAX, required=False
    )
    contact_email = forms.EmailField(
        label=_("Contact e-mail"), max_length=rules.EMAIL_MAX, required=False
    )
    contact_phone = forms.CharField(
        label=_("Contact phone"), max_length=rules.PHONE_MAX, required=False
    )
    diagnosis_summary = forms.CharField(
        label=_("Diagnosis summary"),
        max_length=rules.SECTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The problems of each target group the plan answers, from the diagnosis."),
    )
    continuity = forms.CharField(
        label=_("Continuity of the services"),
        max_length=rules.SECTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Which services will continue after the programme, who provides and pays."),
    )
    consultation = forms.CharField(
        label=_("Consultation"),
        max_length=rules.SECTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How residents and partners were consulted on the plan."),
    )

    def __init__(self, *args: Any, version: PlanVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strategy"].queryset = Strategy.objects.filter(
            gmina=version.plan.gmina
        ).order_by("-period_from")

    @classmethod
    def initial_of(cls, version: PlanVersion) -> dict[str, Any]:
        names = [name for name in cls.base_fields if name not in ("strategy", "lock_version")]
        return {
            **{name: getattr(version, name) for name in names},
            "strategy": version.strategy_id,
            "lock_version": version.lock_version,
        }

    def keep_input_with_lock(self, lock_version: int) -> None:
        """After a conflict: keep the user's input, but let the next save replace the version now
        stored (the page says so and links to it)."""
        data = self.data.copy()
        data[self.add_prefix("lock_version")] = str(lock_version)
        self.data = data


class ServiceForm(BootstrapForm):
    """One planned service; `key` keeps its identity across versions."""

    key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Service"), max_length=rules.SERVICE_TITLE_MAX)
    service_type = forms.ModelChoiceField(
        label=_("Service type"), queryset=ServiceType.objects.none()
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOXES),
        required=False,
    )
    for_disabled = forms.BooleanField(label=_("For disabled people"), required=False)
    goal = forms.ModelChoiceField(
        label=_("Strategy goal"), queryset=Goal.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=rules.DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    villages = forms.CharField(label=_("Villages"), max_length=rules.VILLAGES_MAX, required=False)
    quarters = forms.MultipleChoiceField(
        label=_("Quarters"), widget=forms.CheckboxSelectMultiple(attrs=CHECKBOXES), required=False
    )
    planned_beneficiaries = forms.IntegerField(
        label=_("Planned beneficiaries"), min_value=0, max_value=10_000_000
    )
    planned_cost_pln = forms.DecimalField(
        label=_("Planned cost (PLN)"),
        min_value=Decimal("0"),
        max_value=MAX_COST,
        decimal_places=2,
    )
    provider_kind = forms.ChoiceField(
        label=_("Provider type"),
        choices=[("", "---------"), *PlannedService.ProviderKind.choices],
    )
    non_duplication_declared = forms.BooleanField(
        label=_("Does not duplicate services paid from public funds"), required=False
    )
    non_duplication_justification = forms.CharField(
        label=_("Justification of non-duplication"),
        max_length=rules.JUSTIFICATION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, version: PlanVersion, goals: Any, types: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = types
        self.fields["groups"].queryset = TargetGroup.objects.all()
        self.fields["goal"].queryset = goals
        self.fields["quarters"].choices = programme_quarters(version.plan.programme)
        self.fields["non_duplication_justification"].widget.attrs.setdefault("rows", 2)

    def to_input(self) -> ServiceInput:
        data = self.cleaned_data
        return ServiceInput(
            service_type=data["service_type"],
            groups=tuple(data["groups"]),
            title=data["title"],
            planned_beneficiaries=data["planned_beneficiaries"],
            planned_cost_pln=data["planned_cost_pln"],
            provider_kind=data["provider_kind"],
            quarters=tuple(data["quarters"]),
            goal=data["goal"],
            for_disabled=data["for_disabled"],
            description=data["description"],
            villages=data["villages"],
            non_duplication_declared=data["non_duplication_declared"],
            non_duplication_justification=data["non_duplication_justification"],
            key=data["key"],
        )

    @staticmethod
    def initial_of(service: PlannedService) -> dict[str, Any]:
        return {
            "key": service.key,
            "title": service.title,
            "service_type": service.service_type_id,
            "groups": [group.pk for group in service.groups.all()],
            "for_disabled": service.for_disabled,
            "goal": service.goal_id,
            "description": service.description,
            "villages": service.villages,
            "quarters": list(service.quarters),
            "planned_beneficiaries": service.planned_beneficiaries,
            "planned_cost_pln": service.planned_cost_pln,
            "provider_kind": service.provider_kind,
            "non_duplication_declared": service.non_duplication_declared,
            "non_duplication_justification": service.non_duplication_justification,
        }


class BaseServiceFormSet(forms.BaseFormSet):
    def kept_forms(self) -> list[ServiceForm]:
        """The rows that make the plan, in order: the stored rows and the filled-in new ones,
        except those marked for removal."""
        initial = self.initial_form_count()
        return [
            form
            for index, form in enumerate(self.forms)
            if (index < initial or form.has_changed()) and not self._should_delete_form(form)
        ]


# At most MAX_SERVICES rows, whatever the client claims in its management form: the formset
# neither builds nor validates more (the API's limit too).
ServiceFormSet = forms.formset_factory(
    ServiceForm,
    formset=BaseServiceFormSet,
    extra=0,
    can_delete=True,
    max_num=rules.MAX_SERVICES,
    absolute_max=rules.MAX_SERVICES,
    validate_max=True,
)
TOTAL_FORMS = "services-TOTAL_FORMS"


def _row_count(data: Any) -> int | None:
    """The number of rows the page sent, None when it is no count of rows a plan may have."""
    text = str(data.get(TOTAL_FORMS) or "0")
    if not text.isascii() or not text.isdigit() or len(text) > 4:
        return None
    count = int(text)
    return count if count <= rules.MAX_SERVICES else None


# Where the rules report a service's problem, by the form field that shows it.
SERVICE_FIELDS = {
    "beneficiaries": "planned_beneficiaries",
    "cost": "planned_cost_pln",
    "non_duplication": "non_duplication_declared",
}
SECTION_FIELDS = set(SectionsForm.base_fields) - {"lock_version"}


class PlanEditor:
    """The sections form and the services formset of one version, bound or not."""

    def __init__(self, version: PlanVersion, data: Any = None) -> None:
        self.version = version
        goals = Goal.objects.filter(strategy__gmina=version.plan.gmina)
        if version.strategy_id:
            goals = goals.filter(strategy_id=version.strategy_id)
        kwargs = {
            "version": version,
            "goals": goals.order_by("code"),
            "types": ServiceType.objects.active().order_by("position", "code"),
        }
        services = list(version.services.select_related("service_type").prefetch_related("groups"))
        self.problems: list[str] = []
        self.conflict = False
        self.adds_a_row = data is not None and "add_row" in data
        rows = data
        if data is not None:
            rows = self._bounded_rows(data)
        self.sections = SectionsForm(
            data, version=version, initial=SectionsForm.initial_of(version)
        )
        self.services = ServiceFormSet(
            rows,
            prefix="services",
            initial=[ServiceForm.initial_of(service) for service in services],
            form_kwargs=kwargs,
        )
        if rows is None and not services:
            self.services.extra = 1  # an empty plan opens with one row to fill in
        if self.adds_a_row:
            self._hold_validation()

    def _bounded_rows(self, data: Any) -> Any:
        """The rows sent, with one more on "add a row"; None (the stored rows are shown again,
        nothing is saved) when the count of rows is not one a plan may have."""
        count = _row_count(data)
        if count is None:
            self.problems.append(
                _(
                    "The list of services arrived damaged or longer than %(max)s services; the "
                    "stored services are shown again."
                )
                % {"max": rules.MAX_SERVICES}
            )
            return None
        if self.adds_a_row:
            if count >= rules.MAX_SERVICES:
                self.problems.append(
                    _("A plan has at most %(max)s services.") % {"max": rules.MAX_SERVICES}
                )
                return data
            data = data.copy()
            data[TOTAL_FORMS] = str(count + 1)
        return data

    def _hold_validation(self) -> None:
        """Adding a row only shows the form again: no errors for what is not finished yet."""
        self.sections._errors = ErrorDict()
        for form in self.services.forms:
            form._errors = ErrorDict()
        self.services._errors = []
        self.services._non_form_errors = ErrorList()

    def is_valid(self) -> bool:
        sections_ok = self.sections.is_valid()
        services_ok = self.services.is_bound and self.services.is_valid()
        return sections_ok and services_ok and not self.problems

    def content(self) -> PlanContent:
        data = self.sections.cleaned_data
        return PlanContent(
            **{name: data[name] for name in SECTION_FIELDS},
            services=tuple(form.to_input() for form in self.services.kept_forms()),
        )

    def show_problems(self, problems: list[Problem]) -> None:
        """Each problem of the rules at its field: "services.N.x" at the Nth kept row."""
        rows = self.services.kept_forms()
        for problem in problems:
            where = (problem.field or "").split(".")
            if where[0] == "services" and len(where) == 3 and where[1].isdigit():
                index = int(where[1])
                name = SERVICE_FIELDS.get(where[2], where[2])
                if index < len(rows) and name in rows[index].fields:
                    rows[index].add_error(name, problem.message)
                    continue
            elif where[0] in SECTION_FIELDS and len(where) == 1:
                self.sections.add_error(where[0], problem.message)
                continue
            self.problems.append(problem.message)

    def show_refusal(self, message: str) -> None:
        self.problems.append(message)

    @property
    def has_errors(self) -> bool:
        return bool(
            self.problems
            or self.sections.errors
            or any(form.errors for form in self.services.forms)
            or self.services.non_form_errors()
        )
