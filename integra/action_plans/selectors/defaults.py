"""What a new plan's form proposes, so that a clerk who follows the "draft the plan for 2008"
link only checks and confirms: the year, an "as of" day whose NBP rate exists, the gmina's
adopted strategy and the contact person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from integra.action_plans.models import ActionPlan
from integra.programmes.models import NBP_TABLE_A, ExchangeRate, Programme
from integra.strategies.models import Strategy
from integra.territories.models import Territory

ADOPTED = (Strategy.Status.ADOPTED, Strategy.Status.UPDATED)


def newest_adopted(gmina_id: int) -> Strategy | None:
    """The gmina's newest adopted (or updated) strategy, the one its plans serve."""
    found: Strategy | None = (
        Strategy.objects.filter(gmina_id=gmina_id, status__in=ADOPTED)
        .order_by("-period_from")
        .first()
    )
    return found


@dataclass(frozen=True)
class NewPlanDefaults:
    year: int | None
    as_of: dt.date
    strategy: Strategy | None  # the one to pre-select: the adopted one, else the newest
    adopted: bool  # whether that one is adopted (then the plan must be linked to a strategy)
    has_strategy: bool  # any strategy at all (none: the strategy comes first)


def default_year(programme: Programme | None, gmina: Territory | None, today: dt.date) -> int:
    """The programme's year containing today, else its first year without a plan of the gmina,
    else its first year (today's year without a programme)."""
    if programme is None:
        return today.year
    first, last = programme.starts_on.year, programme.ends_on.year
    if first <= today.year <= last:
        return today.year
    planned = set(
        ActionPlan.objects.filter(programme=programme, gmina=gmina).values_list("year", flat=True)
        if gmina is not None
        else []
    )
    return next((year for year in range(first, last + 1) if year not in planned), first)


def default_as_of(year: int, today: dt.date) -> dt.date:
    """A day whose EUR rate exists: the day after the year's first NBP table; without one, the
    day after the newest table before the year; without any, 2 January of the year (never today,
    unless the year's first table is yesterday's)."""
    rates = ExchangeRate.objects.filter(source=NBP_TABLE_A, currency="EUR")
    first_of_year = (
        rates.filter(effective_on__year=year)
        .order_by("effective_on")
        .values_list("effective_on", flat=True)
    ).first()
    if first_of_year is not None:
        return first_of_year + dt.timedelta(days=1)
    before = (
        rates.filter(effective_on__lt=dt.date(year, 1, 1))
        .order_by("-effective_on")
        .values_list("effective_on", flat=True)
        .first()
    )
    if before is not None:
        return before + dt.timedelta(days=1)
    return dt.date(year, 1, 2)


def new_plan_defaults(
    *,
    programme: Programme | None,
    gmina: Territory | None,
    year: int | None,
    today: dt.date | None = None,
) -> NewPlanDefaults:
    today = today or dt.date.today()
    chosen_year = year or default_year(programme, gmina, today)
    strategies = (
        Strategy.objects.filter(gmina=gmina) if gmina is not None else Strategy.objects.none()
    )
    adopted = strategies.filter(status__in=ADOPTED).order_by("-period_from").first()
    return NewPlanDefaults(
        year=chosen_year,
        as_of=default_as_of(chosen_year, today),
        strategy=adopted or strategies.order_by("-period_from").first(),
        adopted=adopted is not None,
        has_strategy=strategies.exists(),
    )


def programme_of(code_or_id: Any) -> Programme | None:
    """The programme a link names by its code or id (None when it names none)."""
    text = str(code_or_id or "").strip()
    if not text or len(text) > 32:
        return None
    found = Programme.objects.filter(code=text).first()
    if found is None and text.isascii() and text.isdigit():
        found = Programme.objects.filter(pk=int(text)).first()
    return found
