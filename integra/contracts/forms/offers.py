"""Forms of an offer (online by a provider's user, from paper by the coordinator), its formal
check and a committee member's scores."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.contracts import rules
from integra.contracts.forms.lines import RowsField, amount, parse_rows, whole
from integra.contracts.forms.rounds import IdentifierField, date_time_field
from integra.contracts.models import OfferAttachment
from integra.contracts.services import ActionInput, CostLineInput, GroupInput, OfferInput
from integra.core.forms import BootstrapForm


class OfferForm(BootstrapForm):
    """The technical and financial parts; `lots` are the round's services, `groups` the target
    groups by code, `providers` (online) the organisations the user acts for."""

    provider = forms.ModelChoiceField(
        label=gettext_lazy("Provider"), queryset=None, empty_label=None
    )
    lot = forms.ModelChoiceField(label=gettext_lazy("Service"), queryset=None, empty_label=None)
    actions = forms.CharField(
        label=gettext_lazy("Actions"),
        max_length=rules.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    groups = RowsField(
        label=gettext_lazy("People to serve"),
        example="OS; 16; osoby samotne powyżej 75 lat",
        help_text=gettext_lazy(
            "One per line: target group code; number of people; their characteristics."
        ),
    )
    schedule = RowsField(
        label=gettext_lazy("Schedule of actions"),
        example="Wizyty opiekunek; 2008-Q1, 2008-Q2",
        help_text=gettext_lazy("One per line: action; the quarters it runs, like 2008-Q1."),
    )
    expected_results = forms.CharField(
        label=gettext_lazy("Expected results"),
        max_length=rules.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cost_lines = RowsField(
        label=gettext_lazy("Costs (PLN)"),
        example="Wynagrodzenia opiekunek; 5 200,00\nMateriały; 999,20",
        help_text=gettext_lazy(
            "One per line: cost; amount in PLN. The total is the offer's price."
        ),
    )
    has_partnership = forms.BooleanField(
        label=gettext_lazy("The service is done in partnership"), required=False
    )
    non_duplication_declared = forms.BooleanField(
        label=gettext_lazy(
            "I declare that the offer does not repeat what the provider already runs with public "
            "money (or reaches more people, or is done in partnership)."
        ),
        required=False,
    )
    non_duplication_statement = forms.CharField(
        label=gettext_lazy("Explanation (optional)"),
        max_length=rules.SHORT_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    attachment = forms.FileField(
        label=gettext_lazy("Attachment (PDF, JPG, PNG, ODT, DOCX; up to 10 MB)"),
        required=False,
    )
    attachment_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of attachment"),
        choices=OfferAttachment.Kind.choices,
        required=False,
    )

    def __init__(
        self, *args: Any, lots: Any, groups: dict[str, Any], providers: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.target_groups = groups
        self.fields["lot"].queryset = lots  # type: ignore[attr-defined]
        if providers is None:
            del self.fields["provider"]
        else:
            self.fields["provider"].queryset = providers  # type: ignore[attr-defined]

    def _group(self, row: list[str]) -> GroupInput:
        group = self.target_groups.get(row[0].upper())
        if group is None:
            raise ValueError(
                _("“%(code)s” is not a target group code (%(codes)s).")
                % {"code": row[0][:20], "codes": ", ".join(sorted(self.target_groups))}
            )
        return GroupInput(group=group, people=whole(row[1]), characteristics=row[2])

    def clean_groups(self) -> list[GroupInput]:
        return parse_rows(self.cleaned_data["groups"], (2, 3), self._group)

    def clean_schedule(self) -> list[ActionInput]:
        def build(row: list[str]) -> ActionInput:
            quarters = tuple(q.strip().upper() for q in row[1].split(",") if q.strip())
            return ActionInput(description=row[0], quarters=quarters)

        return parse_rows(self.cleaned_data["schedule"], (2, 2), build)

    def clean_cost_lines(self) -> list[CostLineInput]:
        return parse_rows(
            self.cleaned_data["cost_lines"],
            (2, 2),
            lambda row: CostLineInput(name=row[0], amount_pln=amount(row[1])),
        )

    def values(self) -> OfferInput:
        data = self.cleaned_data
        return OfferInput(
            actions=data["actions"],
            expected_results=data["expected_results"],
            groups=tuple(data["groups"]),
            schedule=tuple(data["schedule"]),
            cost_lines=tuple(data["cost_lines"]),
            non_duplication_declared=data["non_duplication_declared"],
            non_duplication_statement=data["non_duplication_statement"],
            has_partnership=data["has_partnership"],
        )

    @staticmethod
    def initial_of(offer: Any) -> dict[str, Any]:
        return {
            "provider": offer.provider_id,
            "lot": offer.lot_id,
            "actions": offer.actions,
            "groups": "\n".join(
                "; ".join((g.group.code, str(g.people), g.characteristics))
                for g in offer.groups.all()
            ),
            "schedule": "\n".join(
                f"{a.description}; {', '.join(a.quarters)}" for a in offer.schedule.all()
            ),
            "expected_results": offer.expected_results,
            "cost_lines": "\n".join(
                f"{c.name}; {str(c.amount_pln).replace('.', ',')}" for c in offer.cost_lines.all()
            ),
            "has_partnership": offer.has_partnership,
            "non_duplication_declared": offer.non_duplication_declared,
            "non_duplication_statement": offer.non_duplication_statement,
        }


class PaperOfferForm(OfferForm):
    """An offer received on paper: the provider named by an identifier, the day of receipt."""

    identifier = IdentifierField()
    received_at = date_time_field(gettext_lazy("Received at"))

    field_order = ["identifier", "received_at", "lot"]


MAX_LOCK = 2**31 - 1


def lock_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_LOCK)


class ReplacementForm(OfferForm):
    """A new offer in place of one (its service and provider stay): the parts again, prefilled
    from the offer it replaces, the `lock_version` it was loaded at, and — on paper — the day
    the new offer was received."""

    lock_version = lock_field()
    received_at = date_time_field(gettext_lazy("New offer received at"))

    def __init__(self, *args: Any, paper: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["lot"]
        if not paper:
            del self.fields["received_at"]


class WithdrawForm(BootstrapForm):
    """A withdrawal: the `lock_version` the offer was loaded at and — on paper — the day the
    provider's letter was received."""

    lock_version = lock_field()
    received_at = date_time_field(gettext_lazy("Withdrawal received at"))

    def __init__(self, *args: Any, paper: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not paper:
            del self.fields["received_at"]


def offer_field(name: str) -> str:
    """The form field showing a rule's problem (`cost_lines.0.amount_pln` → `cost_lines`)."""
    return name.split(".")[0]


class CheckForm(BootstrapForm):
    valid = forms.TypedChoiceField(
        label=gettext_lazy("Result of the formal check"),
        choices=[("1", gettext_lazy("formally valid")), ("0", gettext_lazy("rejected"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=gettext_lazy("Reasons"),
        max_length=rules.SHORT_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ScoreForm(BootstrapForm):
    """One member's points for each criterion (fields `criterion_<id>`)."""

    member = forms.ModelChoiceField(
        label=gettext_lazy("Committee member"), queryset=None, empty_label=None
    )

    def __init__(self, *args: Any, members: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} ({criterion.weight}%)",
                min_value=0,
                max_value=rules.MAX_POINTS,
            )

    def points(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}
