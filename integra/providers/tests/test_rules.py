"""The register's pure rules: each identifier valid or refused at its field, and what each kind
requires or refuses — every problem at once."""

from __future__ import annotations

import pytest
from django.utils import translation

from integra.providers import rules
from integra.providers.tests.factories import provider_values

VALID_NIP = "123-456-32-18"  # check digit 8
VALID_REGON9 = "123456785"
VALID_REGON14 = "12345678512347"
VALID_PESEL = "44051401359"
VALID_IBAN = "PL61 1090 1014 0000 0712 1981 2874"


def fields(problems) -> list[str]:
    return [problem.field for problem in problems]


@pytest.mark.parametrize(
    ("field", "valid", "invalid"),
    [
        ("nip", VALID_NIP, "123-456-32-19"),
        ("nip", "PL1234563218", "12345"),
        ("regon", VALID_REGON9, "123456786"),
        ("regon", VALID_REGON14, "12345678512348"),
        ("regon", VALID_REGON9, "1234567890"),
        ("krs", "0000123456", "123456"),
        ("krs", "0000123456", "00001234AB"),
        ("iban", VALID_IBAN, "PL62 1090 1014 0000 0712 1981 2874"),
        ("iban", "61109010140000071219812874", "DE89370400440532013000"),
    ],
)
def test_each_identifier_is_checked_at_its_field(field, valid, invalid):
    ok = provider_values(rules.FIRM, **{field: valid, "krs": "" if field != "krs" else valid})
    bad = provider_values(rules.FIRM, **{field: invalid, "krs": "" if field != "krs" else invalid})

    assert field not in fields(rules.provider_problems(ok))
    assert fields(rules.provider_problems(bad)) == [field]


def test_pesel_is_checked_for_a_natural_person_and_never_echoed():
    good = provider_values(rules.NATURAL_PERSON, pesel=VALID_PESEL)
    bad = provider_values(rules.NATURAL_PERSON, pesel="44051401358")

    assert rules.provider_problems(good) == []
    [problem] = rules.provider_problems(bad)
    assert problem.field == "pesel"
    assert "44051401358" not in problem.message


def test_the_polish_message_names_the_nip_and_says_what_to_do():
    values = provider_values(rules.FIRM, nip="123-456-78-90", krs="")
    with translation.override("pl"):
        [problem] = rules.provider_problems(values)
    assert problem.message == "NIP 123-456-78-90 ma błędną cyfrę kontrolną — sprawdź numer."


def test_an_association_needs_its_krs_nip_and_regon_all_reported_at_once():
    values = provider_values(rules.ASSOCIATION, nip="", regon="", krs="")

    assert sorted(fields(rules.provider_problems(values))) == ["krs", "nip", "regon"]


def test_pesel_is_refused_for_an_organisation_and_required_for_a_person():
    organisation = provider_values(rules.FOUNDATION, pesel=VALID_PESEL)
    person = provider_values(rules.NATURAL_PERSON, pesel="")

    assert fields(rules.provider_problems(organisation)) == ["pesel"]
    assert fields(rules.provider_problems(person)) == ["pesel"]
    assert rules.provider_problems(person, pesel_kept=True) == []


def test_krs_is_refused_for_a_unit_of_the_gmina():
    values = provider_values(rules.SCHOOL, krs="0000123456")

    assert fields(rules.provider_problems(values)) == ["krs"]


def test_every_problem_is_reported_with_its_field():
    values = provider_values("nonsense", name="", nip="1", postal_code="95000", phone="call me")
    assert fields(rules.provider_problems(values)) == ["name", "kind"]
    values = provider_values(
        rules.FIRM,
        name="x" * (rules.NAME_LENGTH + 1),
        nip="1",
        krs="",
        postal_code="95000",
        phone="call me",
    )
    assert fields(rules.provider_problems(values)) == ["name", "nip", "postal_code", "phone"]


def test_identifiers_are_stored_as_digits():
    values = provider_values(rules.FIRM, nip="PL 123-456-32-18", iban="61109010140000071219812874")

    identifiers = values.identifiers()
    assert identifiers["nip"] == "1234563218"
    assert identifiers["iban"] == "PL61109010140000071219812874"


def test_a_pesel_is_masked_but_its_last_four_digits():
    assert rules.masked(VALID_PESEL) == "*******1359"
