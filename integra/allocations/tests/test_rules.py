"""The allocation engine: exact sums, multiples of the unit, floor and cap, proportionality."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integra.allocations.rules import AllocationImpossible, AllocationRequest, allocate


def test_splits_in_proportion_and_sums_exactly():
    result = allocate(
        AllocationRequest(
            budget=Decimal("1000"), unit=Decimal("100"), weights={"a": 1, "b": 1, "c": 1}
        )
    )
    assert sum(result.values()) == Decimal("1000")
    # 333.3 each: one unit of 100 goes to the first key by the deterministic tie-break
    assert result == {"a": Decimal("400"), "b": Decimal("300"), "c": Decimal("300")}


def test_largest_remainder_gets_the_leftover_unit():
    result = allocate(
        AllocationRequest(
            budget=Decimal("1000"), unit=Decimal("100"), weights={"a": 55, "b": 25, "c": 20}
        )
    )
    assert result == {"a": Decimal("600"), "b": Decimal("200"), "c": Decimal("200")}


def test_floor_and_cap_are_respected_and_the_rest_stays_proportional():
    result = allocate(
        AllocationRequest(
            budget=Decimal("10000"),
            unit=Decimal("100"),
            floor=Decimal("1000"),
            cap=Decimal("5000"),
            weights={"tiny": 1, "big": 1000, "mid1": 100, "mid2": 100},
        )
    )
    assert result["tiny"] == Decimal("1000")
    assert result["big"] == Decimal("5000")
    assert result["mid1"] == result["mid2"] == Decimal("2000")


def test_zero_weights_get_the_floor():
    result = allocate(
        AllocationRequest(budget=Decimal("3000"), floor=Decimal("500"), weights={"a": 0, "b": 1})
    )
    assert result == {"a": Decimal("500"), "b": Decimal("2500")}


@pytest.mark.parametrize(
    ("request_", "words"),
    [
        (AllocationRequest(budget=Decimal("1050"), weights={"a": 1}), "not a multiple"),
        (AllocationRequest(budget=Decimal("1000"), weights={}), "no unit"),
        (
            AllocationRequest(budget=Decimal("1000"), weights={"a": 0, "b": 0}),
            "every weight is zero",
        ),
        (
            AllocationRequest(
                budget=Decimal("1000"), weights={"a": 1, "b": 1}, floor=Decimal("600")
            ),
            "needs more than the budget",
        ),
        (
            AllocationRequest(budget=Decimal("1000"), weights={"a": 1, "b": 1}, cap=Decimal("400")),
            "cannot absorb",
        ),
        (
            AllocationRequest(
                budget=Decimal("1000"), weights={"a": 1}, floor=Decimal("500"), cap=Decimal("400")
            ),
            "lower than the floor",
        ),
        (AllocationRequest(budget=Decimal("-100"), weights={"a": 1}), "negative"),
        (AllocationRequest(budget=Decimal("100"), weights={"a": -1, "b": 2}), "negative"),
        (
            AllocationRequest(
                budget=Decimal("200"),
                unit=Decimal("1"),
                cap=Decimal("100"),
                weights={"a": 0, "b": 1},
            ),
            "at the cap",
        ),
    ],
)
def test_refuses_what_cannot_be_done_with_a_reason(request_, words):
    with pytest.raises(AllocationImpossible, match=words):
        allocate(request_)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    units_in_budget=st.integers(min_value=0, max_value=500_000),
    weights=st.lists(st.integers(min_value=0, max_value=200_000), min_size=1, max_size=3000),
    unit=st.sampled_from([Decimal("1"), Decimal("100"), Decimal("0.01")]),
    floor_share=st.one_of(st.none(), st.floats(min_value=0, max_value=1)),
    cap_share=st.one_of(st.none(), st.floats(min_value=1, max_value=5)),
)
def test_amounts_always_sum_to_the_budget_within_floor_and_cap(
    units_in_budget, weights, unit, floor_share, cap_share
):
    n = len(weights)
    budget = unit * units_in_budget
    floor = None if floor_share is None else unit * int(units_in_budget // n * floor_share)
    cap = None if cap_share is None else unit * (-(-units_in_budget // n) * int(cap_share + 0.999))
    if sum(weights) == 0 and floor is None:
        weights = [1] * n
    request = AllocationRequest(
        budget=budget,
        unit=unit,
        floor=floor,
        cap=cap,
        weights={f"{i:07d}": w for i, w in enumerate(weights)},
    )
    try:
        result = allocate(request)
    except AllocationImpossible:
        # Only an infeasible request may be refused.
        positive = sum(1 for w in weights if w > 0)
        feasible_floor = floor is None or floor * n <= budget
        feasible_cap = cap is None or cap * positive + (floor or 0) * (n - positive) >= budget
        assert not (feasible_floor and feasible_cap and positive > 0)
        return
    assert sum(result.values()) == budget
    assert all(amount % unit == 0 for amount in result.values())
    assert all(amount >= (floor or 0) for amount in result.values())
    assert cap is None or all(amount <= cap for amount in result.values())
    if floor is None and cap is None:
        total = sum(weights)
        for index, weight in enumerate(weights):
            exact = Fraction(budget) * weight / total
            assert abs(Fraction(result[f"{index:07d}"]) - exact) < Fraction(unit)
