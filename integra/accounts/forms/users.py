"""Forms of the user pages: they parse and check input, and hand clean data to the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.accounts import selectors
from integra.accounts.models import Role, User
from integra.accounts.policies import can_grant_role, grantable_roles_anywhere
from integra.accounts.rules import USERNAME_MAX_LENGTH, validate_username
from integra.accounts.services import users as services
from integra.core.errors import DomainError
from integra.core.forms import BootstrapForm, DateInput
from integra.territories.models import Territory

TERYT_CODE = r"^(PL|\d{2}|\d{4}|\d{7})$"
TERYT_PREFIX = r"^(PL|\d{1,7})$"
TERRITORY_HELP = gettext_lazy(
    "The TERYT code of the unit: PL for the whole country, 2 digits for a voivodeship, "
    "7 for a gmina (e.g. 1001022)."
)


class TerritoryField(forms.CharField):
    """A TERYT code typed by hand, checked against the current register; cleans to a Territory."""

    default_error_messages = {
        "invalid": gettext_lazy(
            "Enter a TERYT code: PL, 2 digits (voivodeship), 4 (powiat) or 7 (gmina)."
        ),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Territory (TERYT code)"))
        kwargs.setdefault("help_text", TERRITORY_HELP)
        kwargs.setdefault("max_length", 7)
        super().__init__(**kwargs)
        self.validators.append(RegexValidator(TERYT_CODE, self.error_messages["invalid"]))
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def to_python(self, value: Any) -> str:
        return super().to_python(value).strip().upper()

    def clean(self, value: Any) -> Territory | None:
        code = super().clean(value)
        if not code:
            return None
        try:
            return selectors.assignable_territory(code)
        except Territory.DoesNotExist as exc:
            raise ValidationError(
                services.TerritoryUnknown.of(code).message, code="unknown"
            ) from exc


class UserFilterForm(BootstrapForm):
    """The search and filters of the user list; field names are the query parameters."""

    q = forms.CharField(
        label=gettext_lazy("User name, name or e-mail"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        required=False,
        choices=[("", gettext_lazy("All roles")), *Role.choices],
    )
    territory = forms.RegexField(
        label=gettext_lazy("Territory (TERYT)"),
        regex=TERYT_PREFIX,
        required=False,
        max_length=7,
        help_text=gettext_lazy("A TERYT code or its beginning, e.g. “10”."),
        error_messages={"invalid": gettext_lazy("Enter digits of a TERYT code (at most 7).")},
    )

    def selector_filters(self) -> dict[str, str] | None:
        """Arguments for selectors.list_users; None when a filter is invalid (nothing listed)."""
        if not self.is_valid():
            return None
        names = {"q": "query"}
        return {names.get(key, key): value for key, value in self.cleaned_data.items() if value}


class GrantForm(BootstrapForm):
    """A role over a territory, offered only among the roles the actor may grant."""

    role = forms.ChoiceField(label=gettext_lazy("Role"))
    territory = TerritoryField()

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["role"].choices = [
            ("", gettext_lazy("Choose a role")),
            *((role, Role(role).label) for role in grantable_roles_anywhere(actor)),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role, territory = cleaned.get("role"), cleaned.get("territory")
        if role and territory and not can_grant_role(self.actor, role, territory.teryt):
            self.add_error(
                "territory",
                _("You may not grant the role “%(role)s” over %(unit)s.")
                % {"role": Role(role).label, "unit": territory.name},
            )
        return cleaned


class InviteForm(GrantForm):
    field_order = ["username", "first_name", "last_name", "email", "role", "territory"]

    username = forms.CharField(
        label=gettext_lazy("User name"),
        max_length=USERNAME_MAX_LENGTH,
        help_text=gettext_lazy("Letters, digits and . + - _ only (no @); used to sign in."),
        validators=[validate_username],
    )
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        help_text=gettext_lazy("The invitation with a link to set the password is sent here."),
    )

    def invitation(self) -> services.Invitation:
        data = self.cleaned_data
        return services.Invitation(
            username=data["username"],
            email=data["email"],
            role=data["role"],
            territory=data["territory"],
            first_name=data["first_name"],
            last_name=data["last_name"],
        )


class AssignmentForm(GrantForm):
    valid_from = forms.DateField(
        label=gettext_lazy("Valid from"),
        required=False,
        help_text=gettext_lazy("Today when left empty; it cannot be in the past."),
        widget=DateInput(),
    )

    def clean_valid_from(self) -> Any:
        day = self.cleaned_data.get("valid_from")
        if day and day < timezone.localdate():
            raise ValidationError(services.AssignmentInvalid.in_the_past().message, code="past")
        return day


class UserEditForm(BootstrapForm):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    is_active = forms.BooleanField(
        label=gettext_lazy("Active account"),
        required=False,
        help_text=gettext_lazy("An inactive account cannot sign in and has no rights."),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def changes(self) -> services.UserChanges:
        return services.UserChanges(**self.cleaned_data)


# Which field a service's refusal is about, to show it there rather than above the form.
ERROR_FIELDS: dict[type[Exception], str] = {
    services.UsernameTaken: "username",
    services.UsernameInvalid: "username",
    services.EmailTaken: "email",
    services.EmailUnavailable: "email",
    services.EmailRequired: "email",
    services.EmailInvalid: "email",
    services.AssignmentInvalid: "territory",
    services.AssignmentDuplicate: "territory",
}


def show_refusal(form: forms.Form, error: DomainError) -> None:
    """Attach a service's refusal to its field when the form has it, else to the whole form."""
    field = ERROR_FIELDS.get(type(error))
    form.add_error(field if field in form.fields else None, error.message)
