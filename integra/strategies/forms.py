"""Forms of strategies: the list's filters, the strategy, its items and the resolution of a
transition. They parse input and hand specs to integra.strategies.services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.catalog.models import TargetGroup
from integra.core.collation import polish
from integra.core.forms import BootstrapForm, DateInput
from integra.core.scope import prefix_q
from integra.programmes.models import Participation
from integra.strategies import rules
from integra.strategies.models import DiagnosisEntry, Goal, ParticipationEvent, Strategy
from integra.strategies.policies import STRATEGY_WRITERS
from integra.strategies.rules import (
    DiagnosisSpec,
    EventSpec,
    GoalSpec,
    StrategySpec,
    TeamMemberSpec,
)
from integra.territories.models import Territory

DOCUMENT_EXTENSIONS = (".pdf", ".odt", ".doc", ".docx")
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
MAX_FIGURE = Decimal("999999999999.99")


# The list ----------------------------------------------------------------------------------------


class StrategyFilterForm(BootstrapForm):
    """The filters of the list; field names are the query parameters."""

    voivodeship = forms.ChoiceField(label=_("Voivodeship"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Strategy.Status.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        voivodeships = Territory.objects.voivodeships().current().order_by(polish("name"))
        self.fields["voivodeship"].choices = [
            ("", _("All voivodeships")),
            *((unit.teryt, unit.name.lower()) for unit in voivodeships),
        ]

    def selector_filters(self) -> dict[str, str]:
        """Arguments for list_strategies; an invalid filter is ignored rather than refused."""
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value}


# The strategy ------------------------------------------------------------------------------------


def _check_document(upload: Any) -> Any:
    if upload is None or upload is False:
        return None
    if PurePath(upload.name).suffix.lower() not in DOCUMENT_EXTENSIONS:
        raise forms.ValidationError(
            _("Upload the document as PDF, ODT, DOC or DOCX."), code="extension"
        )
    if upload.size > DOCUMENT_MAX_BYTES:
        raise forms.ValidationError(_("The document may have at most 20 MB."), code="size")
    return upload


def proposed_title(gmina: Territory, first_day: dt.date, last_day: dt.date) -> str:
    """The title most strategies carry, for the form to propose."""
    return str(
        _(
            "Strategy for solving social problems of the gmina %(name)s for the years "
            "%(start)s–%(end)s"
        )
        % {"name": gmina.name, "start": first_day.year, "end": last_day.year}
    )[: rules.TITLE_MAX]


def proposed_period(gmina: Territory | None) -> tuple[dt.date, dt.date]:
    """The years of the programme the gmina takes part in (the first to start), else this
    year and the seven after it: 1 January to 31 December."""
    years = None
    if gmina is not None:
        first = (
            Participation.objects.filter(gmina=gmina)
            .exclude(status=Participation.Status.WITHDRAWN)
            .select_related("programme")
            .order_by("programme__starts_on")
            .first()
        )
        if first is not None:
            years = (first.programme.starts_on.year, first.programme.ends_on.year)
    if years is None:
        this_year = dt.date.today().year
        years = (this_year, this_year + 7)
    return dt.date(years[0], 1, 1), dt.date(years[1], 12, 31)


class StrategyForm(BootstrapForm):
    """The strategy's own fields; on edit also the version the editor saw (lock_version).

    The period is typed as people say it, to its last day (2008–2015 ends on 31.12.2015); the
    service stores the first day after it. A title left empty, or left as proposed while the
    period changed, becomes the proposed title of the gmina and period."""

    title = forms.CharField(
        label=_("Title"),
        max_length=rules.TITLE_MAX,
        required=False,
        help_text=_("Left empty, the title is proposed from the gmina and the years."),
    )
    period_from = forms.DateField(label=_("First day of the period"), widget=DateInput())
    period_last_day = forms.DateField(
        label=_("Last day of the period"),
        widget=DateInput(),
        help_text=_("The period includes this day: a strategy for 2008–2015 ends on 31.12.2015."),
    )
    team_ordinance_number = forms.CharField(
        label=_("Ordinance appointing the working team"),
        max_length=rules.NUMBER_MAX,
        required=False,
        help_text=_("As written on it, for example “Zarządzenie nr 5/2008”."),
    )
    team_ordinance_on = forms.DateField(
        label=_("Date of the ordinance"), required=False, widget=DateInput()
    )
    document = forms.FileField(
        label=_("Strategy document"),
        required=False,
        help_text=_("PDF, ODT, DOC or DOCX, at most 20 MB; a new file replaces the previous one."),
    )

    # A service's problem about the stored (exclusive) end is shown at the last day.
    FIELD_OF = {"period_until": "period_last_day"}

    def __init__(self, *args: Any, gmina: Territory | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gmina = gmina

    def clean_document(self) -> Any:
        return _check_document(self.cleaned_data.get("document"))

    def chosen_gmina(self) -> Territory | None:
        return self.gmina

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, last = data.get("period_from"), data.get("period_last_day")
        if start and last and last < start:
            self.add_error("period_last_day", _("The period must end after it starts."))
        number, on = data.get("team_ordinance_number", ""), data.get("team_ordinance_on")
        if number and not on:
            self.add_error("team_ordinance_on", _("Give the date of the ordinance."))
        if on and not number:
            self.add_error("team_ordinance_number", _("Give the number of the ordinance."))
        gmina = self.chosen_gmina()
        period_valid = start and last and last >= start
        if gmina is not None and period_valid and self._title_is_proposed(data.get("title")):
            data["title"] = proposed_title(gmina, start, last)
        # An empty title is proposed once the gmina and the period are right.
        if not data.get("title") and not self.errors:
            self.add_error("title", _("Give the title of the strategy."))
        return data

    def _title_is_proposed(self, title: str | None) -> bool:
        """Empty, or the title proposed for the values the form started with."""
        return not title or title == self.initial.get("title") == self.proposal

    @property
    def proposal(self) -> str | None:
        return getattr(self, "_proposal", None)

    def propose(self, gmina: Territory) -> None:
        """Fill an unbound form with the proposed period and title of the gmina."""
        first_day, last_day = proposed_period(gmina)
        self._proposal = proposed_title(gmina, first_day, last_day)
        self.initial.setdefault("period_from", first_day)
        self.initial.setdefault("period_last_day", last_day)
        self.initial.setdefault("title", self._proposal)

    def spec(self) -> StrategySpec:
        data = self.cleaned_data
        return StrategySpec(
            title=data["title"],
            period_from=data["period_from"],
            period_until=data["period_last_day"] + dt.timedelta(days=1),
            team_ordinance_number=data["team_ordinance_number"],
            team_ordinance_on=data["team_ordinance_on"],
        )

    @classmethod
    def initial_of(cls, strategy: Strategy) -> dict[str, Any]:
        return {
            "title": strategy.title,
            "period_from": strategy.period_from,
            "period_last_day": strategy.period_last_day,
            "team_ordinance_number": strategy.team_ordinance_number,
            "team_ordinance_on": strategy.team_ordinance_on,
        }


class StrategyCreateForm(StrategyForm):
    """A new strategy: the gmina is one of those the user prepares strategies for; with only
    one, it is chosen (and not asked), and the period and title are proposed for it."""

    gmina = forms.ModelChoiceField(label=_("Gmina"), queryset=Territory.objects.none())

    field_order = ["gmina"]
    blank_labels = {"gmina": _("— choose the gmina —")}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        gminas = (
            Territory.objects.gminas()
            .current()
            .filter(prefix_q("teryt", user.scope_prefixes(STRATEGY_WRITERS)))
            .order_by(polish("name"), "teryt")
        )
        self.fields["gmina"].queryset = gminas
        only = list(gminas[:2])
        if len(only) == 1:
            self.only_gmina = only[0]
            self.fields["gmina"].initial = only[0].pk
            self.fields["gmina"].widget = forms.HiddenInput()
            self.propose(only[0])
        else:
            self.only_gmina = None
            first_day, last_day = proposed_period(None)
            self.initial.setdefault("period_from", first_day)
            self.initial.setdefault("period_last_day", last_day)

    def chosen_gmina(self) -> Territory | None:
        return self.cleaned_data.get("gmina")


class StrategyEditForm(StrategyForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def with_version(self, version: int) -> None:
        """After a conflict: keep the user's input, but let the next save replace the version
        now stored (the page shows what it holds)."""
        data = self.data.copy()
        data["lock_version"] = str(version)
        self.data = data


class ResolutionForm(BootstrapForm):
    """The council resolution that adopts or updates the strategy."""

    resolution_number = forms.CharField(
        label=_("Council resolution number"), max_length=rules.NUMBER_MAX
    )
    resolution_on = forms.DateField(label=_("Council resolution date"), widget=DateInput())

    def clean_resolution_on(self) -> dt.date:
        on = self.cleaned_data["resolution_on"]
        if on > dt.date.today():
            raise forms.ValidationError(_("The resolution may not be dated in the future."))
        return on


# Items of the strategy ---------------------------------------------------------------------------


class ItemForm(BootstrapForm):
    """A form of one item of a strategy: it knows the strategy and hands a spec to a service.
    Editing an item, it carries the item's lock_version as the editor loaded it."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(
        self, *args: Any, strategy: Strategy, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        self.fields["lock_version"].required = editing

    def spec(self) -> Any:
        """The service's spec of the item; each item's form defines it (an abstract method)."""
        raise NotImplementedError

    def with_version(self, version: int) -> None:
        """After a conflict: keep the user's input, but let the next save replace the item as
        now stored."""
        data = self.data.copy()
        data["lock_version"] = str(version)
        self.data = data

    @staticmethod
    def initial_of(item: Any) -> dict[str, Any]:
        """The form's initial values from a stored item; each item's form defines it."""
        raise NotImplementedError


def _spec_data(form: ItemForm) -> dict[str, Any]:
    return {name: value for name, value in form.cleaned_data.items() if name != "lock_version"}


class DiagnosisForm(ItemForm):
    target_group = forms.ModelChoiceField(
        label=_("Target group"), queryset=TargetGroup.objects.order_by("position", "code")
    )
    problem = forms.CharField(
        label=_("Problem"),
        max_length=rules.PROBLEM_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    figure = forms.DecimalField(
        label=_("Figure"),
        required=False,
        max_digits=14,
        decimal_places=2,
        max_value=MAX_FIGURE,
        min_value=-MAX_FIGURE,
    )
    figure_unit = forms.CharField(
        label=_("Unit of the figure"),
        max_length=rules.FIGURE_UNIT_MAX,
        required=False,
        help_text=_("For example “people” or “% of families”."),
    )
    source = forms.CharField(label=_("Source"), max_length=rules.SOURCE_MAX, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("figure") is not None and not data.get("figure_unit"):
            self.add_error("figure_unit", _("Give the unit of the figure."))
        return data

    def spec(self) -> DiagnosisSpec:
        return DiagnosisSpec(**_spec_data(self))

    @staticmethod
    def initial_of(entry: DiagnosisEntry) -> dict[str, Any]:
        return {
            "target_group": entry.target_group_id,
            "problem": entry.problem,
            "figure": entry.figure,
            "figure_unit": entry.figure_unit,
            "source": entry.source,
            "lock_version": entry.lock_version,
        }


class GoalForm(ItemForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Goal.Kind.choices)
    code = forms.CharField(
        label=_("Number"),
        max_length=rules.GOAL_CODE_MAX,
        help_text=_("For example “1” or “1.2”."),
    )
    title = forms.CharField(label=_("Goal"), max_length=rules.GOAL_TITLE_MAX)
    parent = forms.ModelChoiceField(
        label=_("Strategic goal"),
        queryset=Goal.objects.none(),
        required=False,
        help_text=_("Required for an operational goal."),
    )

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any) -> None:
        super().__init__(*args, strategy=strategy, **kwargs)
        strategic = strategy.goals.filter(kind=Goal.Kind.STRATEGIC).order_by("code")
        self.fields["parent"].queryset = strategic
        if "code" not in self.initial:
            # A new goal proposes the next strategic number: the first goal is "1", typed by no one.
            self.fields["code"].initial = str(strategic.count() + 1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, parent = data.get("kind"), data.get("parent")
        if kind == Goal.Kind.OPERATIONAL and parent is None and "parent" not in self.errors:
            self.add_error("parent", _("Choose the strategic goal this goal serves."))
        if kind == Goal.Kind.STRATEGIC and parent is not None:
            self.add_error("parent", _("A strategic goal has no parent."))
        return data

    def spec(self) -> GoalSpec:
        return GoalSpec(**_spec_data(self))

    @staticmethod
    def initial_of(goal: Goal) -> dict[str, Any]:
        return {
            "kind": goal.kind,
            "code": goal.code,
            "title": goal.title,
            "parent": goal.parent_id,
            "lock_version": goal.lock_version,
        }


class TeamMemberForm(ItemForm):
    name = forms.CharField(label=_("Name"), max_length=rules.NAME_MAX)
    institution = forms.CharField(
        label=_("Institution"), max_length=rules.INSTITUTION_MAX, required=False
    )
    team_role = forms.CharField(
        label=_("Role in the team"), max_length=rules.TEAM_ROLE_MAX, required=False
    )

    def spec(self) -> TeamMemberSpec:
        return TeamMemberSpec(**_spec_data(self))

    @staticmethod
    def initial_of(member: Any) -> dict[str, Any]:
        return {
            "name": member.name,
            "institution": member.institution,
            "team_role": member.team_role,
            "lock_version": member.lock_version,
        }


class EventForm(ItemForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ParticipationEvent.Kind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=rules.PLACE_MAX)
    participants = forms.IntegerField(label=_("Participants"), min_value=0, max_value=1_000_000)
    notes = forms.CharField(
        label=_("Notes"),
        max_length=rules.NOTES_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def spec(self) -> EventSpec:
        return EventSpec(**_spec_data(self))

    @staticmethod
    def initial_of(event: ParticipationEvent) -> dict[str, Any]:
        return {
            "kind": event.kind,
            "held_on": event.held_on,
            "place": event.place,
            "participants": event.participants,
            "notes": event.notes,
            "lock_version": event.lock_version,
        }
