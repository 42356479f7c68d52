"""seed_demo publishes the programme's allocation: the whole budget, exactly, in units of 100."""

from __future__ import annotations

from decimal import Decimal

import pytest

from integra.allocations.demo import DEMO_FLOOR_EUR, LODZKIE_ENVELOPE_EUR
from integra.allocations.models import AllocationRun

pytestmark = pytest.mark.django_db


def published_run() -> AllocationRun:
    return AllocationRun.objects.get(programme__code="PIS-2006", status="published")


@pytest.mark.realdata
def test_the_demo_publishes_40_million_over_its_500_gminas_exactly(real_demo):
    run = published_run()
    amounts = list(run.results.values_list("amount_eur", flat=True))
    assert len(amounts) == 500
    assert sum(amounts) == Decimal("40000000.00")
    assert all(amount % 100 == 0 and amount >= DEMO_FLOOR_EUR for amount in amounts)
    # The one regional envelope the sources state (łódzkie, 37 gminas): met within 2 %.
    lodzkie = run.results.filter(gmina__teryt__startswith="10")
    assert lodzkie.count() == 37
    envelope = sum(lodzkie.values_list("amount_eur", flat=True))
    assert abs(envelope - LODZKIE_ENVELOPE_EUR) <= LODZKIE_ENVELOPE_EUR * Decimal("0.02"), envelope
    assert AllocationRun.objects.count() == 1


@pytest.mark.realdata
def test_the_demo_gmina_has_an_adopted_strategy_and_plans_in_review(real_demo):
    from integra.action_plans.models import PlanVersion
    from integra.strategies.models import Strategy

    strategy = Strategy.objects.get(gmina__name="Masłowice")
    assert strategy.status == Strategy.Status.ADOPTED
    versions = PlanVersion.objects.filter(plan__gmina=strategy.gmina).order_by("plan__year")
    assert [(v.plan.year, v.status) for v in versions] == [(2007, "approved"), (2008, "submitted")]
    assert Strategy.objects.count() == 1  # the other gminas have generated plans only
