"""Pure rules of allocations (no I/O) — the allocation engine: split a budget among units in
proportion to weights, with an optional floor and cap per unit, rounded to a unit of account by
the largest-remainder method.

Pure functions over exact fractions: the amounts always sum to the budget, every amount is a
multiple of the unit, and floor and cap hold — or a clear AllocationImpossible is raised.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from integra.core.errors import DomainError

# One limit per field: the model's check, the page's form and the API's schema read this.
REASON_LENGTH = 2000

CENT = Decimal("0.01")


class AllocationImpossible(DomainError):
    code = "allocation_impossible"


@dataclass(frozen=True)
class AllocationRequest:
    """What to split: budget and amounts in the programme currency (EUR), weights ≥ 0 per key."""

    budget: Decimal
    weights: Mapping[str, Decimal | int]
    unit: Decimal = Decimal("100")
    floor: Decimal | None = None
    cap: Decimal | None = None


def allocate(request: AllocationRequest) -> dict[str, Decimal]:
    """Return {key: amount}; raise AllocationImpossible with the reason when it cannot be done."""
    keys = sorted(request.weights)
    total, floor, cap = _units(request, len(keys))
    weights = _integer_weights([request.weights[key] for key in keys])
    level = _water_level(weights, total, floor, cap)
    units = _largest_remainder(keys, weights, level, total, floor, cap)
    return {key: request.unit * units[index] for index, key in enumerate(keys)}


def _units(request: AllocationRequest, count: int) -> tuple[int, int, int | None]:
    if count == 0:
        raise AllocationImpossible(_("there is no unit to allocate to"))
    if request.unit <= 0:
        raise AllocationImpossible(_("the rounding unit must be positive"))
    if request.budget < 0:
        raise AllocationImpossible(_("the budget must not be negative"))
    total = request.budget / request.unit
    if total != total.to_integral_value():
        raise AllocationImpossible(
            _("the budget %(budget)s is not a multiple of the rounding unit %(unit)s")
            % {"budget": request.budget, "unit": request.unit}
        )
    floor_units = -(-(request.floor or Decimal(0)) // request.unit)  # ceiling: the floor must hold
    cap_units = None if request.cap is None else int(request.cap // request.unit)
    if cap_units is not None and cap_units < floor_units:
        raise AllocationImpossible(_("the cap is lower than the floor"))
    if floor_units * count > total:
        raise AllocationImpossible(
            _("the floor of %(floor)s for %(count)s units needs more than the budget")
            % {"floor": request.floor, "count": count}
        )
    if cap_units is not None and cap_units * count < total:
        raise AllocationImpossible(
            _("the cap of %(cap)s for %(count)s units cannot absorb the budget")
            % {"cap": request.cap, "count": count}
        )
    return int(total), int(floor_units), cap_units


def _integer_weights(weights: list[Decimal | int]) -> list[int]:
    """Scale decimal weights to integers (proportions are unchanged), refusing negatives."""
    values = [Decimal(weight) for weight in weights]
    if any(value < 0 for value in values):
        raise AllocationImpossible(_("weights must not be negative"))
    places = max(max(-int(value.as_tuple().exponent), 0) for value in values)
    scale = 10**places
    return [int(value * scale) for value in values]


def _water_level(weights: list[int], total: int, floor: int, cap: int | None) -> Fraction:
    """The level λ at which Σ clamp(λ·w_i, floor, cap) = total, found exactly.

    The sum is piecewise linear and non-decreasing in λ. A unit leaves the floor at λ = floor/w
    and reaches the cap at λ = cap/w: both orders are "heaviest first", so the breakpoints are
    two lists sorted by weight, merged with integer cross-multiplication (no fractions per step).
    """
    heaviest = sorted((w for w in weights if w > 0), reverse=True)
    leaving = [(floor, w, +1) for w in heaviest]
    capping = [(cap, w, -1) for w in heaviest] if cap is not None else []
    at_floor, at_cap, free_weight = len(weights), 0, 0
    last = Fraction(0)
    for bound, weight, kind in _merge(leaving, capping):
        base = at_floor * floor + at_cap * (cap or 0)
        # S(bound/weight) ≥ total, multiplied through by weight.
        if base * weight + bound * free_weight >= total * weight:
            return Fraction(total - base, free_weight) if free_weight else last
        if kind > 0:
            at_floor, free_weight = at_floor - 1, free_weight + weight
        else:
            at_cap, free_weight = at_cap + 1, free_weight - weight
        last = Fraction(bound, weight)
    base = at_floor * floor + at_cap * (cap or 0)
    if free_weight:
        return Fraction(total - base, free_weight)
    if base == total:
        return last
    if not heaviest:
        raise AllocationImpossible(_("every weight is zero: nothing to be proportional to"))
    raise AllocationImpossible(
        _(
            "every unit with a positive indicator is at the cap; the rest of the budget has "
            "nowhere to go (units with a zero indicator only get the floor)"
        )
    )


def _merge(
    first: list[tuple[int, int, int]], second: list[tuple[int, int, int]]
) -> Iterator[tuple[int, int, int]]:
    """Merge two lists of breakpoints bound/weight already in ascending order (floor first)."""
    i = j = 0
    while i < len(first) or j < len(second):
        if j == len(second) or (
            i < len(first) and first[i][0] * second[j][1] <= second[j][0] * first[i][1]
        ):
            yield first[i]
            i += 1
        else:
            yield second[j]
            j += 1


def _largest_remainder(
    keys: Sequence[str],
    weights: list[int],
    level: Fraction,
    total: int,
    floor: int,
    cap: int | None,
) -> list[int]:
    """Whole units from the exact quotas clamp(λ·w, floor, cap); the units left over go to the
    largest remainders (all over the same denominator, so compared as integers), ties by key."""
    num, den = level.numerator, level.denominator
    units, remainders = [], []
    for index, weight in enumerate(weights):
        scaled = num * weight
        if scaled <= floor * den:
            units.append(floor)
        elif cap is not None and scaled >= cap * den:
            units.append(cap)
        else:
            whole, rest = divmod(scaled, den)
            units.append(whole)
            if rest:
                remainders.append((-rest, keys[index], index))
    left = total - sum(units)
    for _rest, _key, index in heapq.nsmallest(left, remainders):
        units[index] += 1
    return units


def split_evenly(total: Decimal, count: int) -> list[Decimal]:
    """`count` equal parts of a non-negative total, each rounded down to the cent except the last,
    which absorbs the rounding so that the parts sum to the total exactly."""
    if count < 1:
        raise ValueError("at least one part")
    part = (total / count).quantize(CENT, rounding=ROUND_DOWN)
    return [part] * (count - 1) + [total - part * (count - 1)]
