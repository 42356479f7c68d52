"""Pure rules of the providers' register (no queries, no I/O): the shape and check digits of
each identifier (python-stdnum), which identifiers each kind of provider needs or may not have,
and the limits of every field — every problem at once, each at its field.

Identifiers are stored as their digits only (`normalised_*`): "123-456-32-18" and "PL1234563218"
are the same NIP, so the register's uniqueness holds whatever the typist's habit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from stdnum import iban as stdnum_iban
from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import pesel as stdnum_pesel
from stdnum.pl import regon as stdnum_regon

from integra.core.errors import Problem

# One limit per field: the model, the page's form, the API's schema and these rules read them.
NAME_LENGTH = 300
ADDRESS_LENGTH = 200
CITY_LENGTH = 100
POSTAL_CODE_LENGTH = 6
PERSON_LENGTH = 200
EMAIL_LENGTH = 254
PHONE_LENGTH = 40
# What a typist may enter for an identifier (spaces, hyphens, a country prefix) before it is
# reduced to its digits.
IDENTIFIER_INPUT_LENGTH = 40
NIP_LENGTH = 10
REGON_LENGTHS = (9, 14)
KRS_LENGTH = 10
PESEL_LENGTH = 11
IBAN_LENGTH = 28  # PL and 26 digits
SEARCH_LENGTH = 100

POSTAL_CODE = re.compile(r"^[0-9]{2}-[0-9]{3}$")
PHONE = re.compile(r"^\+?[0-9 ()-]{6,40}$")
SEPARATORS = re.compile(r"[\s\-./]")

# The kinds of provider (DOMAIN.md §3). Codes are stable; labels live on the model's choices.
ASSOCIATION = "association"
FOUNDATION = "foundation"
INFORMAL_GROUP = "informal_group"
SCHOOL = "school"
CULTURAL_CENTRE = "cultural_centre"
SOCIAL_WELFARE_CENTRE = "social_welfare_centre"
NATURAL_PERSON = "natural_person"
FIRM = "firm"
CHURCH_ENTITY = "church_entity"
KINDS = (
    ASSOCIATION,
    FOUNDATION,
    INFORMAL_GROUP,
    SCHOOL,
    CULTURAL_CENTRE,
    SOCIAL_WELFARE_CENTRE,
    NATURAL_PERSON,
    FIRM,
    CHURCH_ENTITY,
)
GMINA_UNITS = frozenset({SCHOOL, CULTURAL_CENTRE, SOCIAL_WELFARE_CENTRE})

# Which identifiers a kind must have; and which it may not have (the rest are optional).
REQUIRED: dict[str, frozenset[str]] = {
    ASSOCIATION: frozenset({"nip", "regon", "krs"}),
    FOUNDATION: frozenset({"nip", "regon", "krs"}),
    INFORMAL_GROUP: frozenset(),
    SCHOOL: frozenset({"regon"}),
    CULTURAL_CENTRE: frozenset({"nip", "regon"}),
    SOCIAL_WELFARE_CENTRE: frozenset({"nip", "regon"}),
    NATURAL_PERSON: frozenset({"pesel"}),
    FIRM: frozenset({"nip", "regon"}),
    CHURCH_ENTITY: frozenset({"nip", "regon"}),
}
# A PESEL identifies a person: only a natural person has one. An informal group, a person and a
# unit of the gmina are never entered in the National Court Register (KRS).
REFUSED: dict[str, frozenset[str]] = {
    kind: (frozenset() if kind == NATURAL_PERSON else frozenset({"pesel"}))
    | (
        frozenset({"krs"})
        if kind in {INFORMAL_GROUP, NATURAL_PERSON} | GMINA_UNITS
        else frozenset()
    )
    for kind in KINDS
}
LABELS = {"nip": "NIP", "regon": "REGON", "krs": "KRS", "pesel": "PESEL", "iban": "IBAN"}


def digits_of(value: str) -> str:
    """The value without spaces, hyphens, dots or slashes, upper-cased."""
    return SEPARATORS.sub("", value or "").upper()


def normalised_nip(value: str) -> str:
    compact = digits_of(value)
    return compact[2:] if compact.startswith("PL") else compact


def normalised_iban(value: str) -> str:
    compact = digits_of(value)
    # A Polish account number is often written without its country code.
    return f"PL{compact}" if compact.isdigit() and len(compact) == IBAN_LENGTH - 2 else compact


NORMALISERS = {
    "nip": normalised_nip,
    "regon": digits_of,
    "krs": digits_of,
    "pesel": digits_of,
    "iban": normalised_iban,
}


def nip_problem(value: str) -> str | None:
    compact = normalised_nip(value)
    if not compact.isdigit() or len(compact) != NIP_LENGTH:
        return _("NIP %(value)s is not 10 digits — enter it as on the NIP certificate.") % {
            "value": value
        }
    return _checksum("NIP", value, stdnum_nip.validate, compact)


def regon_problem(value: str) -> str | None:
    compact = digits_of(value)
    if not compact.isdigit() or len(compact) not in REGON_LENGTHS:
        return _("REGON %(value)s is not 9 or 14 digits — enter it as in the REGON register.") % {
            "value": value
        }
    return _checksum("REGON", value, stdnum_regon.validate, compact)


def krs_problem(value: str) -> str | None:
    compact = digits_of(value)
    if not compact.isdigit() or len(compact) != KRS_LENGTH:
        return _(
            "KRS %(value)s is not 10 digits — enter the number with its leading zeros, "
            "such as 0000123456."
        ) % {"value": value}
    return None


def pesel_problem(value: str) -> str | None:
    compact = digits_of(value)
    if not compact.isdigit() or len(compact) != PESEL_LENGTH:
        # The number itself is never repeated in a message (it may end up in a log).
        return _("A PESEL is 11 digits — check the number.")
    try:
        stdnum_pesel.validate(compact)
    except InvalidChecksum:
        return _("This PESEL has a wrong check digit — check the number.")
    except ValidationError:
        return _("This PESEL holds no valid date of birth — check the number.")
    return None


def iban_problem(value: str) -> str | None:
    compact = normalised_iban(value)
    if not compact.startswith("PL") or len(compact) != IBAN_LENGTH or not compact[2:].isdigit():
        return _(
            "The account number %(value)s is not a Polish one: PL and 26 digits "
            "(the PL may be left out)."
        ) % {"value": value}
    return _checksum(_("The account number"), value, stdnum_iban.validate, compact)


def _checksum(label: str, shown: str, validate: object, compact: str) -> str | None:
    try:
        validate(compact)  # type: ignore[operator]
    except InvalidChecksum:
        return _("%(label)s %(value)s has a wrong check digit — check the number.") % {
            "label": label,
            "value": shown,
        }
    except ValidationError:
        return _("%(label)s %(value)s is not a valid number — check it.") % {
            "label": label,
            "value": shown,
        }
    return None


CHECKS = {
    "nip": nip_problem,
    "regon": regon_problem,
    "krs": krs_problem,
    "pesel": pesel_problem,
    "iban": iban_problem,
}


@dataclass(frozen=True)
class ProviderValues:
    """What a page or the API submits for a provider (identifiers as typed)."""

    kind: str
    name: str
    nip: str = ""
    regon: str = ""
    krs: str = ""
    iban: str = ""
    pesel: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    contact_person: str = ""
    email: str = ""
    phone: str = ""

    def identifiers(self) -> dict[str, str]:
        """Each identifier reduced to its digits ("" when not given)."""
        return {
            field: NORMALISERS[field](getattr(self, field).strip()) if getattr(self, field) else ""
            for field in CHECKS
        }


LIMITS = {
    "name": NAME_LENGTH,
    "address": ADDRESS_LENGTH,
    "postal_code": POSTAL_CODE_LENGTH,
    "city": CITY_LENGTH,
    "contact_person": PERSON_LENGTH,
    "email": EMAIL_LENGTH,
    "phone": PHONE_LENGTH,
    **dict.fromkeys(CHECKS, IDENTIFIER_INPUT_LENGTH),
}


def provider_problems(values: ProviderValues, *, pesel_kept: bool = False) -> list[Problem]:
    """Every problem of a provider's values, each at its field: a missing name, a value past its
    limit, an unknown kind, an identifier its kind requires and lacks or may not have, a malformed
    identifier or one with a wrong check digit, a malformed postal code or phone.

    `pesel_kept`: an edit that leaves the stored PESEL as it is (the form never shows it back)."""
    problems = _length_problems(values)
    if not values.name.strip():
        problems.append(Problem(_("Enter the provider's name."), field="name"))
    if values.kind not in KINDS:
        problems.append(Problem(_("Choose the kind of provider."), field="kind"))
        return problems
    too_long = {problem.field for problem in problems}
    problems += _identifier_problems(values, too_long, pesel_kept=pesel_kept)
    if values.postal_code and not POSTAL_CODE.match(values.postal_code.strip()):
        problems.append(Problem(_("A postal code is written as 00-000."), field="postal_code"))
    if values.phone and not PHONE.match(values.phone.strip()):
        message = _("A phone number holds digits, spaces, hyphens and a leading +.")
        problems.append(Problem(message, field="phone"))
    return problems


def _length_problems(values: ProviderValues) -> list[Problem]:
    problems = []
    for field, limit in LIMITS.items():
        value = getattr(values, field)
        if len(value) > limit:
            message = _("At most %(limit)s characters (it has %(length)s).")
            problems.append(Problem(message % {"limit": limit, "length": len(value)}, field=field))
    return problems


def _identifier_problems(
    values: ProviderValues, too_long: set[str | None], *, pesel_kept: bool
) -> list[Problem]:
    problems = []
    for field, check in CHECKS.items():
        value = getattr(values, field).strip()
        have = bool(value) or (field == "pesel" and pesel_kept)
        if field in REFUSED[values.kind] and value:
            problems.append(Problem(_refused_message(field, values.kind), field=field))
        elif field in REQUIRED[values.kind] and not have:
            problems.append(Problem(_required_message(field, values.kind), field=field))
        elif value and field not in too_long:
            problem = check(value)
            if problem:
                problems.append(Problem(problem, field=field))
    return problems


def _required_message(field: str, kind: str) -> str:
    if field == "krs":
        return _("An association or a foundation is entered in the KRS: enter its KRS number.")
    if field == "pesel":
        return _("A natural person is identified by a PESEL: enter it.")
    return _("Enter the %(label)s: this kind of provider has one.") % {"label": LABELS[field]}


def _refused_message(field: str, kind: str) -> str:
    if field == "pesel":
        return _(
            "Only a natural person has a PESEL: leave it empty for an organisation "
            "(it is never stored for one)."
        )
    return _("This kind of provider is not entered in the KRS: leave the KRS empty.")


def masked(value: str) -> str:
    """A PESEL shown to who may not read it: its last four digits only ("*******1234")."""
    return "*" * (len(value) - 4) + value[-4:] if len(value) > 4 else value
