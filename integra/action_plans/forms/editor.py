"""The editor of a version: its sections and its planned services as a formset, turned into the
content the services take (PlanContent) and showing the rules' problems at their fields."""

from __future__ import annotations

import json
import re
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
from integra.core.money import AmountInvalid, parse_amount
from integra.core.periods import quarter_overlaps
from integra.programmes.models import Programme
from integra.strategies.models import Goal, Strategy

MAX_COST = Decimal("999999999999.99")
# A point followed by exactly three digits is a thousands separator to a Polish eye ("40.000"),
# a decimal point to a machine: the page refuses it rather than guess.
AMBIGUOUS_POINT = re.compile(r"\.\d{3}(?!\d)")


class AmountField(forms.Field):
    """An amount typed the Polish way: "40000,50", "40 000,50" (or "40000.50"), in a text box
    (a number box of a browser may drop the comma and send 4000050). "40.000,50" and anything
    that is not an amount are refused at the field, saying how to write it."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {
        "invalid": _("Write the amount like 40 000,50 (a comma before the grosze, no points)."),
        "max_value": _("The amount may not exceed %(max)s."),
        "min_value": _("The amount cannot be negative."),
    }

    def __init__(self, *, max_value: Decimal, **kwargs: Any) -> None:
        self.max_value = max_value
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value or "").strip()
        if not text:
            return None
        if AMBIGUOUS_POINT.search(text) or text.count(".") + text.count(",") > 1:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            amount = parse_amount(text, maximum=Decimal("1e20"))
        except AmountInvalid as invalid:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from invalid
        if amount < 0:
            raise forms.ValidationError(self.error_messages["min_value"], code="min_value")
        if amount > self.max_value:
            raise forms.ValidationError(
                self.error_messages["max_value"], code="max_value", params={"max": self.max_value}
            )
        return amount


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


def plan_year_quarters(year: int) -> list[tuple[str, str]]:
    """The four quarters of a plan's year, like ("2008-Q1", "I kw. 2008")."""
    return [(code, code) for code in rules.quarters_of(year)]


class GoalSelect(forms.Select):
    """The goals of every strategy of the gmina, each option naming its strategy, so that the
    page offers only the goals of the strategy chosen above (plan_editor.js)."""

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-strategy"] = str(instance.strategy_id)
        return option


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

    def __init__(
        self, *args: Any, version: PlanVersion, adopted: Strategy | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strategy"].queryset = Strategy.objects.filter(
            gmina=version.plan.gmina
        ).order_by("-period_from")
        if adopted is not None:
            # The gmina has adopted its strategy: the plan serves it, so the field is required
            # (its error at the field, never at every service's goal) and proposed.
            field = self.fields["strategy"]
            field.required = True
            field.error_messages["required"] = _(
                "Choose the gmina's strategy: the plan's services serve its goals."
            )
            if self.initial.get("strategy") is None:
                self.initial["strategy"] = adopted.pk

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
        label=_("Strategy goal"), queryset=Goal.objects.none(), required=False, widget=GoalSelect
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
    whole_year = forms.BooleanField(
        label=_("The whole year"),
        required=False,
        help_text=_("Ticks the four quarters."),
    )
    planned_beneficiaries = forms.IntegerField(
        label=_("Planned beneficiaries"), min_value=0, max_value=10_000_000
    )
    planned_cost_pln = AmountField(label=_("Planned cost (PLN)"), max_value=MAX_COST)
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
        self,
        *args: Any,
        version: PlanVersion,
        goals: Any,
        types: Any,
        choices: dict[str, list[Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = types
        self.fields["groups"].queryset = TargetGroup.objects.all()
        self.fields["goal"].queryset = goals
        # The rows of one editor share their option lists (PlanEditor reads them once): a choice
        # field would query its list again for every row it renders.
        for name, options in (choices or {}).items():
            self.fields[name].choices = options
        self.fields["quarters"].choices = plan_year_quarters(version.plan.year)
        self.fields["non_duplication_justification"].widget.attrs.setdefault("rows", 2)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("whole_year"):
            data["quarters"] = [code for code, _label in self.fields["quarters"].choices]
        return data

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


def row_count(data: Any) -> int | None:
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


# The option lists every row of the editor shows alike.
SHARED_CHOICES = ("service_type", "groups", "goal")


class PlanEditor:
    """The sections form and the services formset of one version, bound or not."""

    def __init__(
        self, version: PlanVersion, data: Any = None, *, adopted: Strategy | None = None
    ) -> None:
        self.version = version
        # Every goal of the gmina's strategies, each naming its strategy: the page offers those
        # of the strategy chosen; the rules refuse a goal of another.
        goals = Goal.objects.filter(strategy__gmina=version.plan.gmina)
        self.types = list(
            ServiceType.objects.active().order_by("position", "code").prefetch_related("groups")
        )
        kwargs = {
            "version": version,
            "goals": goals.order_by("strategy_id", "code"),
            "types": ServiceType.objects.active().order_by("position", "code"),
        }
        probe = ServiceForm(**kwargs)
        kwargs["choices"] = {name: list(probe.fields[name].choices) for name in SHARED_CHOICES}
        services = list(version.services.select_related("service_type").prefetch_related("groups"))
        self.problems: list[str] = []
        self.conflict = False
        self.adds_a_row = data is not None and "add_row" in data
        rows = data
        if data is not None:
            rows = self._bounded_rows(data)
        self.sections = SectionsForm(
            data, version=version, adopted=adopted, initial=SectionsForm.initial_of(version)
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
        count = row_count(data)
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
                    if problem.message not in rows[index].errors.get(name, []):
                        rows[index].add_error(name, problem.message)
                    continue
            elif where[0] in SECTION_FIELDS and len(where) == 1:
                if problem.message not in self.sections.errors.get(where[0], []):
                    self.sections.add_error(where[0], problem.message)
                continue
            self.problems.append(problem.message)

    def new_row(self, index: int) -> ServiceForm:
        """An empty row at `index`, named as the formset names it."""
        form: ServiceForm = self.services._construct_form(
            index, **self.services.get_form_kwargs(index)
        )
        return form

    def known_content(self) -> tuple[PlanContent, list[int]] | None:
        """When some input is refused: the content of what was valid (the rows without errors,
        the sections as typed or as stored) and the index of each of its rows among the kept
        rows, so that the rules can say everything else in the same round."""
        if not self.services.is_bound:
            return None
        data = getattr(self.sections, "cleaned_data", {})
        sections = {
            name: data[name] if name in data else getattr(self.version, name)
            for name in SECTION_FIELDS
        }
        rows, where = [], []
        for index, form in enumerate(self.services.kept_forms()):
            if not form.errors:
                rows.append(form.to_input())
                where.append(index)
        return PlanContent(**sections, services=tuple(rows)), where

    def show_known_problems(self, problems: list[Problem], where: list[int]) -> None:
        """The rules' problems of known_content at their fields, once each."""
        moved = []
        for problem in problems:
            parts = (problem.field or "").split(".")
            is_row = parts[0] == "services" and len(parts) == 3 and parts[1].isdigit()
            if is_row and int(parts[1]) < len(where):
                parts[1] = str(where[int(parts[1])])
            moved.append(Problem(problem.message, field=".".join(parts)))
        self.show_problems(moved)

    def type_data(self) -> dict[str, str]:
        """What the page's script needs of each service type: its line and its groups."""
        return {
            "types": json.dumps(
                {
                    str(t.pk): {"line": t.line, "groups": [g.pk for g in t.groups.all()]}
                    for t in self.types
                }
            ),
        }

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
