"""Forms of a procurement round: the plan to build it from, the invitation (services, dates,
criteria), cancelling, the meeting's attendance, the committee and its declarations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.contracts import rules
from integra.contracts.forms.lines import ROWS_HELP, RowsField, parse_rows, whole
from integra.contracts.models import CommitteeMember
from integra.contracts.services import CriterionInput, MemberInput, RoundInput
from integra.core.forms import BootstrapForm, DateInput
from integra.providers import rules as provider_rules


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; the value travels as ISO."""

    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def date_time_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )


class PlanChoiceForm(BootstrapForm):
    plan = forms.ModelChoiceField(
        label=_("Action Plan"),
        queryset=None,
        empty_label=None,
        help_text=_("A round offers services of the plan's latest approved version."),
    )

    def __init__(self, *args: Any, plans: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]


def _criterion(row: list[str]) -> CriterionInput:
    return CriterionInput(name=row[0], weight=whole(row[1]), description=row[2])


class RoundForm(BootstrapForm):
    """The invitation; `budgets` are the approved services with their free amounts."""

    title = forms.CharField(label=_("Title"), max_length=rules.TITLE_MAX)
    services = forms.MultipleChoiceField(
        label=_("Services offered"), widget=forms.CheckboxSelectMultiple
    )
    deadline_at = date_time_field(_("Deadline for offers"))
    meeting_at = date_time_field(_("Compulsory information meeting"))
    meeting_place = forms.CharField(label=_("Meeting place"), max_length=rules.PLACE_MAX)
    criteria = RowsField(
        label=_("Criteria and weights (%)"),
        example="Cena; 60\nJakość usługi; 40; opis",
        help_text=_("One per line: name; weight; description (optional). Weights add up to 100."),
    )
    invitation = forms.CharField(
        label=_("Text of the invitation"),
        max_length=rules.TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, budgets: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from integra.core.templatetags.formats import money

        self.fields["services"].choices = [  # type: ignore[attr-defined]
            (str(b.key), f"{b.service.title} — {money(b.free_pln, 'PLN')}")
            for b in budgets
            if b.free_pln > 0
        ]

    def clean_criteria(self) -> list[CriterionInput]:
        return parse_rows(self.cleaned_data["criteria"], (2, 3), _criterion)

    def values(self) -> RoundInput:
        import uuid

        data = self.cleaned_data
        return RoundInput(
            title=data["title"],
            deadline_at=data["deadline_at"],
            meeting_at=data["meeting_at"],
            meeting_place=data["meeting_place"],
            service_keys=tuple(uuid.UUID(k) for k in data["services"]),
            criteria=tuple(data["criteria"]),
            invitation=data["invitation"],
        )

    @staticmethod
    def initial_of(round_: Any) -> dict[str, Any]:
        return {
            "title": round_.title,
            "services": [str(s.service_key) for s in round_.services.all()],
            "deadline_at": round_.deadline_at,
            "meeting_at": round_.meeting_at,
            "meeting_place": round_.meeting_place,
            "criteria": "\n".join(
                "; ".join(p for p in (c.name, str(c.weight), c.description) if p)
                for c in round_.criteria.all()
            ),
            "invitation": round_.invitation,
        }


# Where a rule's problem shows on the round form.
ROUND_FIELDS = {"services": "services", "criteria": "criteria"}


def round_field(name: str) -> str:
    head = name.split(".")[0]
    return ROUND_FIELDS.get(head, head)


class CancelForm(BootstrapForm):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=rules.SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IdentifierField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Provider's NIP, REGON or KRS"))
        kwargs.setdefault("max_length", provider_rules.IDENTIFIER_INPUT_LENGTH)
        kwargs.setdefault(
            "help_text", _("The provider must be in the register; register it there first.")
        )
        super().__init__(**kwargs)


class AttendanceForm(BootstrapForm):
    identifier = IdentifierField()
    representative = forms.CharField(
        label=_("Representative"), max_length=rules.NAME_MAX, required=False
    )


def _member(row: list[str]) -> MemberInput:
    roles = {"przewodniczący": "chair", "przewodnicząca": "chair", "sekretarz": "secretary"}
    role = row[1].lower() or "member"
    return MemberInput(
        name=row[0], role=roles.get(role, role if role in CommitteeMember.Role.values else "member")
    )


class CommitteeForm(BootstrapForm):
    members = RowsField(
        label=_("Members of the committee"),
        example="Jan Kowalski; chair\nEwa Nowak",
        help_text=_("One per line: name; role (chair, member or secretary; member if left out)."),
    )

    def clean_members(self) -> list[MemberInput]:
        return parse_rows(self.cleaned_data["members"], (1, 2), _member)


class DeclarationForm(BootstrapForm):
    declared_on = forms.DateField(
        label=_("Impartiality declared on"), widget=DateInput(), initial=dt.date.today
    )


__all__ = [
    "ROWS_HELP",
    "AttendanceForm",
    "CancelForm",
    "CommitteeForm",
    "DeclarationForm",
    "PlanChoiceForm",
    "RoundForm",
    "round_field",
]
