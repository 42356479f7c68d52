"""Forms of the providers' pages: the register's filters, a provider's fields, the merge and the
invitation of a provider user (they never save: the views hand the data to the services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.core.collation import polish
from integra.core.errors import DomainError
from integra.core.forms import BootstrapForm, show_refusal
from integra.providers import rules
from integra.providers.models import Provider
from integra.territories.models import Territory


class GminaChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.teryt})"


def _gminas() -> Any:
    return Territory.objects.gminas().current().order_by(polish("name"), "teryt")


class ProviderFilterForm(BootstrapForm):
    q = forms.CharField(
        label=_("Name, NIP, REGON or KRS"), required=False, max_length=rules.SEARCH_LENGTH
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("all kinds")), *Provider.Kind.choices]
    )
    voivodeship = forms.ModelChoiceField(
        label=_("Voivodeship of the seat"),
        queryset=Territory.objects.voivodeships().current().order_by("teryt"),
        to_field_name="teryt",
        required=False,
        empty_label=_("all voivodeships"),
    )
    gmina = GminaChoice(
        label=_("Gmina of the seat"),
        queryset=_gminas(),
        to_field_name="teryt",
        required=False,
        empty_label=_("all gminas"),
    )

    def selection(self) -> dict[str, Any]:
        """The arguments of selectors.list_providers; no filter when the input is invalid."""
        data = self.cleaned_data if self.is_valid() else {}
        voivodeship, gmina = data.get("voivodeship"), data.get("gmina")
        return {
            "kind": data.get("kind") or None,
            "voivodeship": voivodeship.teryt if voivodeship else None,
            "gmina": gmina.teryt if gmina else None,
            "search": data.get("q") or None,
        }


def _identifier(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=rules.IDENTIFIER_INPUT_LENGTH,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class ProviderForm(BootstrapForm):
    """A provider's fields; each problem of the register's rules at its field, all at once."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *Provider.Kind.choices])
    name = forms.CharField(label=_("Name"), max_length=rules.NAME_LENGTH)
    nip = _identifier(_("NIP"), _("10 digits; hyphens and a PL prefix are accepted."))
    regon = _identifier(_("REGON"), _("9 or 14 digits."))
    krs = _identifier(_("KRS"), _("10 digits, for an association, a foundation or a company."))
    pesel = _identifier(
        _("PESEL"), _("Natural persons only. Stored encrypted; shown masked to most readers.")
    )
    iban = forms.CharField(
        label=_("Bank account"),
        required=False,
        max_length=rules.IDENTIFIER_INPUT_LENGTH,
        help_text=_("A Polish account: 26 digits, with or without PL."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Street and number"), required=False, max_length=rules.ADDRESS_LENGTH
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        required=False,
        max_length=rules.POSTAL_CODE_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    city = forms.CharField(label=_("Town"), required=False, max_length=rules.CITY_LENGTH)
    seat_gmina = GminaChoice(
        label=_("Gmina of the seat"), queryset=_gminas(), to_field_name="teryt"
    )
    contact_person = forms.CharField(
        label=_("Contact person"), required=False, max_length=rules.PERSON_LENGTH
    )
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=rules.EMAIL_LENGTH)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=rules.PHONE_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    # Edit only: the version the editor loaded (ProviderEditConflict when it is stale).
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(
        self, *args: Any, provider: Provider | None = None, pesel_hint: str = "", **kwargs: Any
    ) -> None:
        if provider is not None:
            initial = {
                field: getattr(provider, field)
                for field in (
                    "kind",
                    "name",
                    "nip",
                    "regon",
                    "krs",
                    "iban",
                    "address",
                    "postal_code",
                    "city",
                    "contact_person",
                    "email",
                    "phone",
                    "lock_version",
                )
            }
            initial["seat_gmina"] = provider.seat_gmina
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.pesel_kept = provider is not None and provider.has_pesel
        if provider is None:
            del self.fields["lock_version"]
        elif self.pesel_kept:
            self.fields["pesel"].help_text = _(
                "Stored: %(masked)s. Leave empty to keep it; type a new one to replace it."
            ) % {"masked": pesel_hint}

    def values(self) -> rules.ProviderValues:
        data = self.cleaned_data
        return rules.ProviderValues(
            **{field: data.get(field) or "" for field in rules.ProviderValues.__dataclass_fields__}
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "kind" in data:
            values = self.values()
            kept = self.pesel_kept and values.kind == rules.NATURAL_PERSON
            for problem in rules.provider_problems(values, pesel_kept=kept):
                if problem.field in self.fields and problem.field not in self.errors:
                    self.add_error(problem.field, problem.message)
        return data

    def with_version(self, version: int) -> None:
        """After a conflict: keep the input, let the next save replace the version now stored."""
        data = self.data.copy()
        data["lock_version"] = str(version)
        self.data = data

    def refuse(self, refusal: DomainError) -> None:
        show_refusal(self, refusal)


class MergeForm(BootstrapForm):
    """The provider to absorb into the one whose page this is, by its id in the register."""

    absorb = forms.IntegerField(
        label=_("Number of the provider to absorb"),
        min_value=1,
        max_value=2**63 - 1,
        help_text=_(
            "The number shown on its card and in the register; it is merged into this one."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I checked that both are the same organisation; the merge cannot be undone."),
    )


class InviteForm(BootstrapForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), max_length=rules.EMAIL_LENGTH)
    first_name = forms.CharField(label=_("First name"), required=False, max_length=150)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=150)

    def refuse(self, refusal: DomainError) -> None:
        show_refusal(self, refusal)
