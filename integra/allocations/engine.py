"""The allocation engine: split a budget among units in proportion to weights, with an optional
floor and cap per unit, rounded to a unit of account by the largest-remainder method.

Pure functions over exact fractions: the amounts always sum to the budget, every amount is a
multiple of the unit, and floor and cap hold — or a clear AllocationImpossible is raised.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from integra.core.errors import DomainError


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
    total_units, floor_units, cap_units = _units(request, len(keys))
    weights = {key: Fraction(request.weights[key]) for key in keys}
    if any(weight < 0 for weight in weights.values()):
        raise AllocationImpossible(_("weights must not be negative"))
    quotas = _clamped_quotas(keys, weights, total_units, floor_units, cap_units)
    units = _largest_remainder(keys, quotas, total_units)
    return {key: request.unit * units[key] for key in keys}


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


def _clamped_quotas(
    keys: Sequence[str], weights: dict[str, Fraction], total: int, floor: int, cap: int | None
) -> dict[str, Fraction]:
    """Quotas x_i = clamp(λ·w_i, floor, cap) summing to `total`, λ found exactly.

    The sum is piecewise linear and non-decreasing in λ: walk the breakpoints (where a unit leaves
    the floor, or reaches the cap) until the segment holding `total` is found.
    """
    level = _water_level(keys, weights, total, floor, cap)
    quotas = {}
    for key in keys:
        quota = max(Fraction(floor), level * weights[key])
        quotas[key] = quota if cap is None else min(quota, Fraction(cap))
    return quotas


def _water_level(
    keys: Sequence[str], weights: dict[str, Fraction], total: int, floor: int, cap: int | None
) -> Fraction:
    events: list[tuple[Fraction, Fraction]] = []  # (λ, change of slope)
    for key in keys:
        weight = weights[key]
        if weight > 0:
            events.append((floor / weight, weight))
            if cap is not None:
                events.append((cap / weight, -weight))
    events.sort(key=lambda event: event[0])
    level, reached, slope = Fraction(0), Fraction(floor * len(keys)), Fraction(0)
    for at, change in events:
        step = reached + slope * (at - level)
        if slope > 0 and step >= total:
            break
        level, reached, slope = at, step, slope + change
    if reached == total:
        return level
    if slope <= 0 and not events:
        raise AllocationImpossible(_("every weight is zero: nothing to be proportional to"))
    if slope <= 0:
        raise AllocationImpossible(
            _(
                "every unit with a positive indicator is at the cap; the rest of the budget has "
                "nowhere to go (units with a zero indicator only get the floor)"
            )
        )
    return level + (total - reached) / slope


def _largest_remainder(
    keys: Sequence[str], quotas: dict[str, Fraction], total: int
) -> dict[str, int]:
    units = {key: int(quotas[key]) for key in keys}  # quotas are ≥ 0, so int() is the floor
    left = total - sum(units.values())
    by_remainder = sorted(keys, key=lambda key: (-(quotas[key] - units[key]), key))
    for key in by_remainder[:left]:
        units[key] += 1
    return units
