"""Schemas of the providers' API: the limits are the rules' constants, as on the pages."""

from typing import Any

from ninja import Field, Path, Schema

from integra.core.api.errors import FieldError
from integra.core.api.schemas import MAX_ID, PRINTABLE, caller
from integra.providers import rules, selectors
from integra.providers.models import Provider
from integra.providers.policies import can_view_details

ProviderId = Path(..., ge=1, le=MAX_ID, description="The provider's number in the register.")
TERYT_GMINA = r"^[0-9]{7}$"


class ProviderItem(Schema):
    id: int
    kind: Provider.Kind
    name: str
    nip: str
    regon: str
    krs: str
    city: str
    seat_gmina: str = Field(description="TERYT code of the seat's gmina.")

    @staticmethod
    def resolve_seat_gmina(provider: Provider) -> str:
        return provider.seat_gmina.teryt


class ProviderDetail(ProviderItem):
    address: str
    postal_code: str
    merged_into: int | None = Field(description="The provider this one was merged into.")
    lock_version: int = Field(description="Send it back with PUT.")
    contacts_shown: bool = Field(description="False: contacts, account and PESEL are withheld.")
    contact_person: str
    email: str
    phone: str
    iban: str
    pesel: str = Field(
        description="In clear, masked (*******1234) or empty, per the caller's rights."
    )

    @staticmethod
    def resolve_merged_into(provider: Provider) -> int | None:
        return provider.merged_into_id

    @staticmethod
    def _shown(provider: Provider, context: Any) -> bool:
        return can_view_details(caller(context["request"]), provider)

    @staticmethod
    def resolve_contacts_shown(provider: Provider, context: Any) -> bool:
        return ProviderDetail._shown(provider, context)

    @staticmethod
    def resolve_contact_person(provider: Provider, context: Any) -> str:
        return provider.contact_person if ProviderDetail._shown(provider, context) else ""

    @staticmethod
    def resolve_email(provider: Provider, context: Any) -> str:
        return provider.email if ProviderDetail._shown(provider, context) else ""

    @staticmethod
    def resolve_phone(provider: Provider, context: Any) -> str:
        return provider.phone if ProviderDetail._shown(provider, context) else ""

    @staticmethod
    def resolve_iban(provider: Provider, context: Any) -> str:
        return provider.iban if ProviderDetail._shown(provider, context) else ""

    @staticmethod
    def resolve_pesel(provider: Provider, context: Any) -> str:
        if not ProviderDetail._shown(provider, context):
            return ""
        return selectors.pesel_shown(user=caller(context["request"]), provider=provider)


class ProviderFilters(Schema):
    kind: Provider.Kind | None = None
    voivodeship: str | None = Field(None, pattern=r"^[0-9]{2}$", description="TERYT code.")
    gmina: str | None = Field(None, pattern=TERYT_GMINA, description="TERYT code of the seat.")
    search: str | None = Field(
        None,
        max_length=rules.SEARCH_LENGTH,
        pattern=PRINTABLE,
        description="Part of the name, or the start of a NIP or REGON, or a KRS.",
    )


def _text(limit: int, description: str, default: Any = "") -> Any:
    return Field(default, max_length=limit, pattern=PRINTABLE, description=description)


class ProviderIn(Schema):
    kind: Provider.Kind
    name: str = Field(..., min_length=1, max_length=rules.NAME_LENGTH, pattern=PRINTABLE)
    nip: str = _text(rules.IDENTIFIER_INPUT_LENGTH, "10 digits; hyphens and PL accepted.")
    regon: str = _text(rules.IDENTIFIER_INPUT_LENGTH, "9 or 14 digits.")
    krs: str = _text(rules.IDENTIFIER_INPUT_LENGTH, "10 digits.")
    pesel: str = _text(
        rules.IDENTIFIER_INPUT_LENGTH, "Natural persons only; on PUT, empty keeps the stored one."
    )
    iban: str = _text(rules.IDENTIFIER_INPUT_LENGTH, "PL and 26 digits (PL may be left out).")
    address: str = _text(rules.ADDRESS_LENGTH, "Street and number.")
    postal_code: str = _text(rules.POSTAL_CODE_LENGTH, "00-000.")
    city: str = _text(rules.CITY_LENGTH, "Town.")
    seat_gmina: str = Field(..., pattern=TERYT_GMINA, description="TERYT code of the seat's gmina.")
    contact_person: str = _text(rules.PERSON_LENGTH, "Contact person.")
    email: str = _text(rules.EMAIL_LENGTH, "E-mail.")
    phone: str = _text(rules.PHONE_LENGTH, "Phone.")

    def values(self) -> rules.ProviderValues:
        data = self.dict(exclude={"seat_gmina", "lock_version"})
        return rules.ProviderValues(**{**data, "kind": str(self.kind)})


class ProviderPut(ProviderIn):
    lock_version: int = Field(..., ge=1, le=2**31 - 1, description="The version last read.")


class MergeIn(Schema):
    absorb: int = Field(..., ge=1, le=MAX_ID, description="The provider merged into this one.")


class MergeOut(Schema):
    kept: int
    absorbed: int
    moved: dict[str, int] = Field(description="Rows moved per relation.")


class DuplicateError(Schema):
    """409: a provider already holds one of the identifiers, named by existing_id/existing_url."""

    detail: str
    code: str
    errors: list[FieldError]
    existing_id: int
    existing_url: str
