"""Forms of Action Plans: the list's filters, a new plan, an update, and the review (opinion,
return, approval), the comparison of versions and a resident's comment. They never save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.action_plans import rules
from integra.action_plans.models import ActionPlan, PlanVersion, ReviewComment
from integra.action_plans.policies import PLAN_WRITERS
from integra.core.collation import polish
from integra.core.forms import BootstrapForm, DateInput, guard_text
from integra.core.scope import prefix_q
from integra.programmes.models import Participation, Programme
from integra.strategies.models import Strategy
from integra.territories.models import Territory


def _voivodeship_choices() -> list[tuple[str, str]]:
    voivodeships = Territory.objects.voivodeships().current().order_by(polish("name"))
    return [("", _("All voivodeships")), *((u.teryt, u.name.lower()) for u in voivodeships)]


# The list -----------------------------------------------------------------------------------------


class PlanFilterForm(BootstrapForm):
    """The filters of the list; field names are the query parameters."""

    programme = forms.ChoiceField(label=_("Programme"), required=False)
    voivodeship = forms.ChoiceField(label=_("Voivodeship"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status of the newest version"),
        required=False,
        choices=[("", _("All statuses")), *PlanVersion.Status.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [
            ("", _("All programmes")),
            *((p.code, str(p)) for p in Programme.objects.order_by("code")),
        ]
        self.fields["voivodeship"].choices = _voivodeship_choices()

    def selector_filters(self) -> dict[str, Any]:
        """The valid filters as list_action_plans arguments (invalid ones are ignored)."""
        if not self.is_valid():
            return {
                name: self.cleaned_data.get(name)
                for name in self.fields
                if name not in self.errors and self.cleaned_data.get(name)
            }
        return {name: value for name, value in self.cleaned_data.items() if value}


class NewPlanForm(BootstrapForm):
    """A new plan of a gmina the user coordinates, in a programme it takes part in; the view
    gives the proposed year, "as of" day, strategy and contact as initial values."""

    gmina = forms.ModelChoiceField(label=_("Gmina"), queryset=Territory.objects.none())
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    as_of = forms.DateField(
        label=_("As of"),
        widget=DateInput(),
        help_text=_("The date of this version; the EUR rate is the NBP rate of the day before."),
    )
    strategy = forms.ModelChoiceField(
        label=_("Strategy of the gmina"),
        queryset=Strategy.objects.none(),
        required=False,
        help_text=_("The plan's services serve the goals of this strategy."),
    )
    contact_name = forms.CharField(
        label=_("Contact person for the region"), max_length=rules.CONTACT_NAME_MAX, required=False
    )
    contact_email = forms.EmailField(
        label=_("Contact e-mail"), max_length=rules.EMAIL_MAX, required=False
    )
    defaults: Any = None  # the view's proposal (selectors.NewPlanDefaults)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        gminas = (
            Territory.objects.gminas()
            .current()
            .filter(prefix_q("teryt", user.scope_prefixes(PLAN_WRITERS)))
            .order_by(polish("name"), "teryt")
        )
        self.fields["gmina"].queryset = gminas
        self.fields["programme"].queryset = (
            Programme.objects.filter(participations__gmina__in=gminas)
            .exclude(participations__status=Participation.Status.WITHDRAWN)
            .distinct()
        )
        self.fields["strategy"].queryset = Strategy.objects.filter(gmina__in=gminas).order_by(
            "gmina__name", "-period_from"
        )
        if len(gminas) == 1:
            self.fields["gmina"].initial = gminas[0].pk
            self.fields["gmina"].widget = forms.HiddenInput()
        programmes = list(self.fields["programme"].queryset)
        if len(programmes) == 1:
            self.fields["programme"].initial = programmes[0].pk
        self.fields["contact_name"].initial = user.get_full_name()
        self.fields["contact_email"].initial = user.email

    @property
    def only_gmina(self) -> Territory | None:
        gminas = list(self.fields["gmina"].queryset[:2])
        return gminas[0] if len(gminas) == 1 else None


class UpdateForm(BootstrapForm):
    as_of = forms.DateField(
        label=_("As of"),
        widget=DateInput(),
        help_text=_("The date of the update (“stan na dzień”); it sets the EUR rate."),
    )


# Review ------------------------------------------------------------------------------------------


class OpinionForm(BootstrapForm):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=ReviewComment.Recommendation.choices
    )
    section = forms.ChoiceField(
        label=_("Section"),
        choices=ReviewComment.Section.choices,
        initial=ReviewComment.Section.GENERAL,
    )
    text = forms.CharField(
        label=_("Opinion"),
        max_length=rules.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReturnForm(BootstrapForm):
    """One comment box per section; those left empty carry no comment."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in ReviewComment.Section.choices:
            self.fields[f"comment_{code}"] = forms.CharField(
                label=label,
                max_length=rules.COMMENT_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # Guard and style the fields added after the base class ran.
        for field in self.fields.values():
            guard_text(field)
            field.widget.attrs.setdefault("class", "form-control")

    def comments(self) -> list[tuple[str, str]]:
        return [
            (code, self.cleaned_data.get(f"comment_{code}", ""))
            for code in ReviewComment.Section.values
        ]


class ApprovalForm(BootstrapForm):
    letter_number = forms.CharField(
        label=_("Approval letter number"), max_length=rules.LETTER_NUMBER_MAX
    )
    letter_on = forms.DateField(label=_("Approval letter date"), widget=DateInput())


class DiffForm(BootstrapForm):
    a = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    b = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (v.number, f"{v.number} ({v.get_status_display()}, {v.as_of:%Y-%m-%d})")
            for v in plan.versions.all()
        ]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices


class PublicCommentForm(BootstrapForm):
    author_name = forms.CharField(
        label=_("Your name (optional)"), max_length=rules.AUTHOR_NAME_MAX, required=False
    )
    text = forms.CharField(
        label=_("Comment"),
        max_length=rules.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
