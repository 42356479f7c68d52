"""The pure rules of programmes on small synthetic inputs, no database needed: what makes a
programme and an agreement valid, and the demo selection rule (ADR 0004)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integra.programmes.rules import (
    AgreementSpec,
    Candidate,
    ProgrammeSpec,
    SelectionError,
    agreement_problems,
    eligible_counts,
    largest_remainder,
    need_key,
    programme_problems,
    programme_quotas,
    resolve_known,
    select_participants,
)

# Eligible gminas per voivodeship of the 2010 register, used here as plain input figures.
ELIGIBLE_2010 = {
    "02": 133,
    "04": 127,
    "06": 193,
    "10": 159,
    "12": 168,
    "14": 279,
    "18": 144,
    "20": 105,
    "22": 98,
    "26": 97,
    "28": 100,
    "30": 207,
    "32": 103,
}
FIXED = {"10": 37, "12": 24, "22": 7, "02": 5}


def gmina(teryt, *, name=None, population=1000, post=200, gmina_type=None):
    return Candidate(
        teryt=teryt,
        name=name or f"G{teryt}",
        voivodeship=teryt[:2],
        gmina_type=gmina_type or teryt[-1],
        population=population,
        post_working_age=post,
    )


def test_largest_remainder_gives_the_units_left_to_the_largest_remainders():
    # exact shares 3.5, 2.1, 1.4: floors 3, 2, 1 leave one unit, which goes to "a" (0.5)
    assert largest_remainder(7, {"a": 5, "b": 3, "c": 2}) == {"a": 4, "b": 2, "c": 1}


def test_largest_remainder_breaks_equal_remainders_by_code():
    assert largest_remainder(10, {"30": 1, "04": 1, "18": 1}) == {"04": 4, "18": 3, "30": 3}


def test_largest_remainder_refuses_a_total_over_zero_weights():
    with pytest.raises(SelectionError):
        largest_remainder(3, {"a": 0})
    assert largest_remainder(0, {"a": 0}) == {"a": 0}


@given(
    st.integers(0, 2000),
    st.dictionaries(
        st.text("0123456789", min_size=2, max_size=2), st.integers(1, 500), min_size=1, max_size=16
    ),
)
def test_largest_remainder_sums_exactly_and_stays_within_one_of_the_exact_share(total, weights):
    parts = largest_remainder(total, weights)
    assert sum(parts.values()) == total
    weight_sum = sum(weights.values())
    for key, part in parts.items():
        assert abs(part - Fraction(total * weights[key], weight_sum)) < 1


def test_programme_quotas_sum_to_500_and_keep_the_known_counts():
    quotas = programme_quotas(total=500, fixed=FIXED, eligible_counts=ELIGIBLE_2010)
    assert sum(quotas.values()) == 500
    assert {code: quotas[code] for code in FIXED} == FIXED
    # 427 over 1,355 eligible gminas: floors give 423; the four largest remainders get one more
    assert quotas == {
        **FIXED,
        "04": 40,
        "06": 61,
        "14": 88,
        "18": 45,
        "20": 33,
        "26": 31,
        "28": 32,
        "30": 65,
        "32": 32,
    }


def test_programme_quotas_do_not_depend_on_the_order_of_input():
    shuffled = dict(sorted(ELIGIBLE_2010.items(), reverse=True))
    assert programme_quotas(total=500, fixed=FIXED, eligible_counts=shuffled) == (
        programme_quotas(total=500, fixed=FIXED, eligible_counts=ELIGIBLE_2010)
    )


def test_programme_quotas_refuse_a_voivodeship_with_fewer_eligible_gminas_than_its_quota():
    with pytest.raises(SelectionError, match="10 has 30 eligible"):
        programme_quotas(total=500, fixed=FIXED, eligible_counts={**ELIGIBLE_2010, "10": 30})
    with pytest.raises(SelectionError, match="fewer than its quota"):
        programme_quotas(total=50, fixed={}, eligible_counts={"02": 40, "04": 5})


def test_programme_quotas_refuse_fixed_quotas_over_the_total_or_outside_the_programme():
    with pytest.raises(SelectionError, match="exceed"):
        programme_quotas(total=50, fixed=FIXED, eligible_counts=ELIGIBLE_2010)
    with pytest.raises(SelectionError, match="outside"):
        programme_quotas(total=500, fixed={"24": 3}, eligible_counts=ELIGIBLE_2010)


def test_eligible_counts_ignore_urban_gminas_and_list_empty_voivodeships():
    candidates = [gmina("0601011"), gmina("0601022"), gmina("0601033"), gmina("1001011")]
    assert eligible_counts(candidates, ["06", "10"]) == {"06": 2, "10": 0}


def test_resolve_known_picks_the_rural_gmina_not_the_town_of_the_same_name():
    candidates = [gmina("0604011", name="Hrubieszów"), gmina("0604042", name="Hrubieszów")]
    assert resolve_known(candidates, [("Hrubieszów", "06")]) == {"0604042"}


def test_resolve_known_names_every_missing_or_ambiguous_gmina():
    candidates = [
        gmina("1401012", name="Wierzbica"),
        gmina("1402012", name="Wierzbica"),
        gmina("0603122", name="Wierzbica"),
    ]
    with pytest.raises(SelectionError) as info:
        resolve_known(candidates, [("Wierzbica", "14"), ("Rząśnik", "14"), ("Wierzbica", "06")])
    message = info.value.message
    assert "Wierzbica (voivodeship 14): 2 eligible gminas match (1401012, 1402012)" in message
    assert "Rząśnik (voivodeship 14): 0" in message
    assert "0603122" not in message


def test_need_key_puts_the_older_population_first_then_the_smaller_one_then_the_code():
    older = gmina("0601012", population=1000, post=300)
    smaller = gmina("0601022", population=500, post=100)
    larger = gmina("0601032", population=1000, post=200)
    same_as_larger = gmina("0601042", population=1000, post=200)
    unknown = gmina("0601002", population=None, post=None)
    ordered = sorted([unknown, same_as_larger, larger, smaller, older], key=need_key)
    assert ordered == [older, smaller, larger, same_as_larger, unknown]


def test_select_participants_puts_known_gminas_first_and_ranks_from_one_per_voivodeship():
    candidates = [
        gmina("0601012", post=100),
        gmina("0601022", post=400),
        gmina("0601032", post=300),
        gmina("0601011", post=900),  # urban: never chosen however old
        gmina("1001012", post=100),
        gmina("1001022", post=200),
    ]
    chosen = select_participants(
        candidates=candidates, quotas={"06": 2, "10": 1}, known={"0601012"}
    )
    assert [(s.teryt, s.rank, s.is_known) for s in chosen] == [
        ("0601012", 1, True),
        ("0601022", 2, False),
        ("1001022", 1, False),
    ]


def test_select_participants_is_deterministic_whatever_the_input_order():
    rng = random.Random(3)
    candidates = [
        gmina(
            f"06{p:02d}{g:02d}{rng.choice('23')}",
            population=rng.randint(900, 1100),
            post=rng.randint(100, 110),
        )
        for p in range(1, 6)
        for g in range(1, 9)
    ]
    first = select_participants(candidates=candidates, quotas={"06": 17})
    rng.shuffle(candidates)
    assert select_participants(candidates=candidates, quotas={"06": 17}) == first
    assert [s.rank for s in first] == list(range(1, 18))


def test_select_participants_refuses_a_quota_over_the_eligible_gminas():
    candidates = [gmina("0601012"), gmina("0601023"), gmina("0601031")]
    with pytest.raises(SelectionError, match="06 has 2 eligible"):
        select_participants(candidates=candidates, quotas={"06": 3})


def test_select_participants_refuses_more_known_gminas_than_the_quota():
    candidates = [gmina("0601012"), gmina("0601022"), gmina("0601032")]
    with pytest.raises(SelectionError, match="more than its quota"):
        select_participants(candidates=candidates, quotas={"06": 1}, known={"0601012", "0601022"})


def fields_of(problems) -> list[str | None]:
    return [problem.field for problem in problems]


def test_a_programme_reports_every_problem_at_its_field():
    spec = ProgrammeSpec(" ", "", dt.date(2010, 1, 1), dt.date(2009, 1, 1), Decimal("-1"))
    assert fields_of(programme_problems(spec, [])) == ["code", "name", "ends_on", "budget_eur"]
    valid = ProgrammeSpec("PIS", "PIS", dt.date(2006, 1, 1), dt.date(2010, 12, 31), Decimal(0))
    assert programme_problems(valid, []) == []


def test_an_agreement_reports_every_problem_at_its_field():
    spec = AgreementSpec(
        number="",
        signed_on=dt.date(2007, 3, 1),
        signatories=" ",
        amount_eur=Decimal("0"),
        valid_from=dt.date(2005, 1, 1),
        valid_until=dt.date(2004, 1, 1),
    )
    problems = agreement_problems(
        spec, programme_starts_on=dt.date(2006, 1, 1), programme_ends_on=dt.date(2010, 12, 31)
    )
    assert fields_of(problems) == [
        "number",
        "signatories",
        "amount_eur",
        "valid_until",
        "valid_from",
    ]


def test_a_programme_past_its_limits_is_refused_at_each_field():
    spec = ProgrammeSpec(
        "P" * 33, "N" * 201, dt.date(1, 1, 1), dt.date(9999, 12, 31), Decimal("1E+30")
    )
    assert fields_of(programme_problems(spec, [])) == [
        "code",
        "name",
        "starts_on",
        "ends_on",
        "budget_eur",
    ]


def test_an_agreement_past_its_limits_is_refused_at_each_field():
    spec = AgreementSpec(
        number="N" * 65,
        signed_on=dt.date(1, 1, 1),
        signatories="S" * 2001,
        amount_eur=Decimal("1E+30"),
        valid_from=dt.date(2007, 1, 1),
        valid_until=dt.date(2008, 1, 1),
    )
    problems = agreement_problems(
        spec, programme_starts_on=dt.date(2006, 1, 1), programme_ends_on=dt.date(2010, 12, 31)
    )
    assert fields_of(problems) == ["number", "signatories", "signed_on", "amount_eur"]
