"""Reading the indicator summary (`IndicatorSummary`): the costly indicators' rows per gmina, or
per voivodeship for the country, summed over the quarters up to the day asked.

They answer only when the programme's summary was built whole (`SummaryState`) and every event
they sum lies on or before the day asked: a day inside a quarter that holds later events (the
middle of a running quarter, looked at from the past) falls back to the plain computation, as
does a scope that counts per day or one exact unit (the summary's own refresh). The figures are
the same either way; `services.summaries` keeps the rows with the writes that change them.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Max, Sum

from integra.monitoring.models import IndicatorSummary, SummaryState
from integra.monitoring.selectors.indicators import (
    ALLOCATION_SPENT,
    BY_GROUP,
    CONTRACT_VALUE,
    CONTRACTS,
    NEW_NGOS,
    PARTNERSHIPS,
    PEOPLE_REACHED,
    PROVIDERS,
    SERVICES,
    Rows,
    Scope,
)

# Amounts in money keep their cents; the rest are counts (shown as whole numbers, as counted).
MONEY = frozenset({CONTRACT_VALUE, ALLOCATION_SPENT})
ONE = Decimal("1")
CENT = Decimal("0.01")
SUMMED_CODES = frozenset(
    {
        CONTRACTS,
        CONTRACT_VALUE,
        PARTNERSHIPS,
        PROVIDERS,
        SERVICES,
        NEW_NGOS,
        PEOPLE_REACHED,
        ALLOCATION_SPENT,
    }
)


def is_built(programme: Any) -> bool:
    return SummaryState.objects.filter(programme=programme).exists()


def read(scope: Scope, *, detail: bool = True) -> dict[str, Rows] | None:
    """The costly indicators' rows by code, keyed like the plain computation's, or None when
    the summary cannot answer the scope. The country and a voivodeship read their voivodeship
    rows; with `detail` (a table of gminas below) the gminas' own sums as well, the breakdowns
    staying the area's (the units' figures carry their values only); a gmina reads its rows."""
    if scope.by_day or scope.exact or not is_built(scope.programme):
        return None
    rows = IndicatorSummary.objects.filter(
        programme=scope.programme, quarter__lte=scope.ends_on, group__in={"", scope.group}
    )
    if scope.prefix:
        rows = rows.filter(voivodeship=scope.prefix[:2])
    gminas = rows.filter(level=IndicatorSummary.Level.GMINA)
    regions = rows.filter(level=IndicatorSummary.Level.VOIVODESHIP)
    if len(scope.prefix) > 2:
        parts = [gminas.filter(teryt__startswith=scope.prefix)]
    elif detail:
        parts = [gminas.filter(dimension=""), regions.exclude(dimension="")]
    else:
        parts = [regions]
    found: dict[str, Rows] = {}
    for part in parts:
        summed = (
            part.values_list("teryt", "code", "group", "dimension", "part")
            .annotate(Sum("amount"), Max("last_on"))
            .order_by()
        )
        for teryt, code, group, dimension, name, amount, last_on in summed:
            if last_on > scope.ends_on:
                return None  # the quarter holds events after the day asked
            if group != (scope.group if code in BY_GROUP else ""):
                continue
            # SQLite sums decimals as floating point: back to the cent, counts to whole numbers.
            value = Decimal(amount).quantize(CENT if code in MONEY else ONE, ROUND_HALF_UP)
            target = found.setdefault(code, Rows())
            if dimension:
                target.split(teryt, dimension, name, value)
            else:
                target.add(teryt, value)
    return found


def differences(programme: Any, ends_on: dt.date) -> list[str]:
    """Where the summary and the data disagree on a costly indicator, up to `ends_on`: the
    country's voivodeships, then each voivodeship's gminas (what `manage.py indicator_summaries
    --check` prints); empty when they agree or the summary cannot answer that day."""
    from integra.monitoring.selectors import indicators as computation

    indicators = [i for i in computation.definitions() if i.code in SUMMED_CODES]
    voivodeships = [code for code, _name in computation.child_units(programme, "")]
    areas = [("", voivodeships)]
    areas += [
        (v, [code for code, _n in computation.child_units(programme, v)]) for v in voivodeships
    ]
    found = []
    for level, units in areas:
        scope = Scope(programme, ends_on, level)
        summary = read(scope, detail=bool(level))
        if summary is None:
            return []
        data = computation.plain_rows(scope)
        with_summary = computation._unit_figures(indicators, summary, units)
        plain = computation._unit_figures(indicators, data, units)
        area = [computation.combine(i, summary.get(i.code), level) for i in indicators]
        with_summary[level or "PL"] = area
        plain[level or "PL"] = [computation.combine(i, data.get(i.code), level) for i in indicators]
        for unit in [level or "PL", *units]:
            for ours, theirs in zip(with_summary[unit], plain[unit], strict=True):
                if (ours.value, ours.breakdown) != (theirs.value, theirs.breakdown):
                    found.append(f"{unit} {ours.code}: data {theirs.value}, summary {ours.value}")
    return found
