"""The one computation of indicators: what each computed indicator counts, and that the
additive ones reconcile level against level (national = Σ voivodeships = Σ gminas) on a
generated world, at every period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from integra.contracts.models import Contract, ReportReach
from integra.monitoring.models import Indicator
from integra.monitoring.rules import parse_period
from integra.monitoring.selectors import indicators as ind
from integra.monitoring.tests.factories import GMINAS, make_monitoring_world

pytestmark = pytest.mark.django_db

END = parse_period("2009")


def by_code(figures):
    return {f.code: f for f in figures}


def test_the_packaged_indicators_are_loaded():
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert {ind.CONTRACTS, ind.PEOPLE_REACHED, ind.TRAINING_SESSIONS, "SERVICES_CONTINUED"} <= codes


def test_contracts_and_their_value_are_counted_per_area(world):
    national = by_code(ind.indicator_values(world.programme, END, ""))
    assert national[ind.CONTRACTS].value == len(world.contracts)
    assert national[ind.CONTRACT_VALUE].value == sum(c.value_pln for c in world.contracts)
    lodz = by_code(ind.indicator_values(world.programme, END, "10"))
    assert (
        lodz[ind.CONTRACTS].value == Contract.objects.filter(gmina__teryt__startswith="10").count()
    )
    assert national[ind.PARTNERSHIPS].value == 1


def test_terminated_contracts_and_later_ones_do_not_count(world):
    first = world.contracts[0]
    Contract.objects.filter(pk=first.pk).update(status=Contract.Status.TERMINATED)
    national = by_code(ind.indicator_values(world.programme, END, ""))
    assert national[ind.CONTRACTS].value == len(world.contracts) - 1
    before = by_code(ind.indicator_values(world.programme, dt.date(2007, 3, 31), ""))
    assert before[ind.CONTRACTS].value == 0


def test_people_reached_come_from_accepted_reports_with_their_breakdown(world):
    national = by_code(ind.indicator_values(world.programme, END, ""))
    total = ReportReach.objects.aggregate(n=Sum("people"))["n"]
    people = national[ind.PEOPLE_REACHED]
    assert people.value == total
    assert sum(people.breakdown["sex"].values()) == total
    assert sum(people.breakdown["age_band"].values()) == total
    assert sum(people.breakdown["group"].values()) == total
    only_dm = by_code(ind.indicator_values(world.programme, END, "", group="DM"))
    assert only_dm[ind.PEOPLE_REACHED].value == (
        ReportReach.objects.filter(group__code="DM").aggregate(n=Sum("people"))["n"] or 0
    )


def test_new_ngos_strategies_and_allocation_spent(world):
    national = by_code(ind.indicator_values(world.programme, END, ""))
    # Each gmina brought an association that took a contract (an informal group without one
    # does not count); the world's `own` association, brought by 1001022, took one too.
    assert national[ind.NEW_NGOS].value == 4
    assert "informal_group" not in national[ind.NEW_NGOS].breakdown["kind"]
    assert national[ind.STRATEGIES_UPDATED].value == 1
    spent = national[ind.ALLOCATION_SPENT]
    # Both lines of the published 24,000 EUR: the services line and the training line on top.
    assert spent.denominator == Decimal("26400.00")
    assert spent.numerator > 0
    assert spent.value == (spent.numerator * 100 / spent.denominator).quantize(Decimal("0.01"))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_national_is_the_sum_of_voivodeships_and_of_gminas(personas, small_tree, seed):
    world = make_monitoring_world(personas, small_tree, seed=seed)
    for period in ("2007-Q2", "2007-Q3", "2007-H2", "2008", "2009-Q4"):
        national = by_code(ind.indicator_values(world.programme, parse_period(period), ""))
        regions = [
            by_code(ind.indicator_values(world.programme, parse_period(period), v))
            for v in ("06", "10")
        ]
        gminas = [
            by_code(ind.indicator_values(world.programme, parse_period(period), g)) for g in GMINAS
        ]
        units = ind.unit_values(world.programme, parse_period(period), "", ["06", "10"])
        for code, figure in national.items():
            assert [by_code(units[v])[code].value for v in ("06", "10")] == [
                r[code].value for r in regions
            ]
            if not figure.is_additive:
                continue
            assert figure.value == sum(r[code].value for r in regions), (period, code)
            assert figure.value == sum(g[code].value for g in gminas), (period, code)
            for dimension, parts in figure.breakdown.items():
                for part, amount in parts.items():
                    assert amount == sum(
                        g[code].breakdown.get(dimension, {}).get(part, 0) for g in gminas
                    )
        spent = national[ind.ALLOCATION_SPENT]
        assert spent.numerator == sum(r[ind.ALLOCATION_SPENT].numerator for r in regions)
        assert spent.denominator == sum(r[ind.ALLOCATION_SPENT].denominator for r in regions)
