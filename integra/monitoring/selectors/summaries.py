"""Reading the indicator summary (`IndicatorSummary`): the costly indicators' rows per gmina, or
per voivodeship for the country, summed over the quarters up to the day asked.

They answer only when the programme's summary was built whole (`SummaryState`) and every event
they sum lies on or before the day asked: a day inside a quarter that holds later events (the
middle of a running quarter, looked at from the past) falls back to the plain computation, as
does a scope that counts per day or one exact unit (the summary's own refresh). The figures are
the same either way; `services.summaries` keeps the rows with the writes that change them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max, Sum

from integra.monitoring.models import IndicatorSummary, SummaryState
from integra.monitoring.selectors.indicators import (
    ALLOCATION_SPENT,
    BY_GROUP,
    CONTRACT_VALUE,
    Rows,
    Scope,
)

# Amounts in money keep their cents; the rest are counts (shown as whole numbers, as counted).
MONEY = frozenset({CONTRACT_VALUE, ALLOCATION_SPENT})
ONE = Decimal("1")
CENT = Decimal("0.01")


def is_built(programme: object) -> bool:
    return SummaryState.objects.filter(programme=programme).exists()


def read(scope: Scope, *, detail: bool = True) -> dict[str, Rows] | None:
    """The costly indicators' rows by code, keyed like the plain computation's (a gmina's TERYT;
    the voivodeship's two digits for the country when `detail` is False), or None when the
    summary cannot answer the scope."""
    if scope.by_day or scope.exact or not is_built(scope.programme):
        return None
    national = not scope.prefix and not detail
    level = IndicatorSummary.Level.VOIVODESHIP if national else IndicatorSummary.Level.GMINA
    rows = IndicatorSummary.objects.filter(
        programme=scope.programme,
        level=level,
        quarter__lte=scope.ends_on,
        group__in={"", scope.group},
    )
    if scope.prefix:
        rows = rows.filter(voivodeship=scope.prefix[:2])
        if len(scope.prefix) > 2:
            rows = rows.filter(teryt__startswith=scope.prefix)
    found: dict[str, Rows] = {}
    summed = (
        rows.values_list("teryt", "code", "group", "dimension", "part")
        .annotate(Sum("amount"), Max("last_on"))
        .order_by()
    )
    for teryt, code, group, dimension, part, amount, last_on in summed:
        if last_on > scope.ends_on:
            return None  # the quarter holds events after the day asked
        if group != (scope.group if code in BY_GROUP else ""):
            continue
        value = Decimal(amount)
        # SQLite sums decimals as floating point: back to the cent, counts to whole numbers.
        value = value.quantize(CENT if code in MONEY else ONE, ROUND_HALF_UP)
        target = found.setdefault(code, Rows())
        if dimension:
            target.split(teryt, dimension, part, value)
        else:
            target.add(teryt, value)
    return found
