"""The pure rules: criteria weights, the kind of contract per provider, the payment schedule and
the weighted score."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from integra.contracts import rules
from integra.contracts.rules import InstalmentInput

DAY = dt.date(2007, 6, 1)


def fields(problems):
    return [p.field for p in problems]


def test_weights_summing_to_100_pass():
    assert rules.weight_problems([60, 40]) == []


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ([], ["criteria"]),
        ([60, 30], ["criteria"]),
        ([0, 100], ["criteria.0.weight"]),
        ([10] * 11, ["criteria", "criteria"]),
    ],
)
def test_weights_are_refused_at_their_field(weights, expected):
    assert fields(rules.weight_problems(weights)) == expected


@pytest.mark.parametrize(
    ("kind", "provider_kind", "refused"),
    [
        ("arrangement", "school", False),
        ("arrangement", "social_welfare_centre", False),
        ("arrangement", "association", True),
        ("agreement", "association", False),
        ("agreement", "cultural_centre", True),
    ],
)
def test_an_arrangement_only_with_the_gminas_own_unit(kind, provider_kind, refused):
    assert (rules.contract_kind_problem(kind, provider_kind) is not None) is refused


def test_a_schedule_summing_to_the_value_with_a_30_percent_advance_passes():
    schedule = [
        InstalmentInput(DAY, Decimal("1800.00"), is_advance=True),
        InstalmentInput(DAY, Decimal("4200.00")),
    ]
    assert rules.schedule_problems(Decimal("6000.00"), schedule, Decimal("30")) == []


def test_a_schedule_off_the_value_is_refused():
    schedule = [InstalmentInput(DAY, Decimal("5999.99"))]
    problems = rules.schedule_problems(Decimal("6000.00"), schedule, Decimal("30"))
    assert fields(problems) == ["instalments"]
    assert "5,999.99\xa0PLN" in problems[0].message


def test_an_advance_over_the_limit_is_refused():
    schedule = [
        InstalmentInput(DAY, Decimal("1800.01"), is_advance=True),
        InstalmentInput(DAY, Decimal("4199.99")),
    ]
    problems = rules.schedule_problems(Decimal("6000.00"), schedule, Decimal("30"))
    assert [p.message for p in problems] == ["The advance may be at most 30% of the value."]


def test_an_empty_schedule_and_a_zero_instalment_are_refused():
    assert fields(rules.schedule_problems(Decimal("1"), [], Decimal("30"))) == ["instalments"]
    zero = [InstalmentInput(DAY, Decimal("0")), InstalmentInput(DAY, Decimal("1"))]
    assert fields(rules.schedule_problems(Decimal("1"), zero, Decimal("30"))) == [
        "instalments.0.amount_pln"
    ]


def test_the_weighted_score_averages_members_per_criterion():
    # Price (60 %): 10 and 8 → 9/10 → 54; quality (40 %): 5 → 20.
    assert rules.weighted_score({1: [10, 8], 2: [5]}, {1: 60, 2: 40}) == Decimal("74.00")


def test_an_unscored_criterion_adds_nothing():
    assert rules.weighted_score({}, {1: 100}) == Decimal("0.00")
