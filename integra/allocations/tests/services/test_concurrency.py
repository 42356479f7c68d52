"""Concurrent amendments cannot push a run over the programme's budget: the run row is locked
while the budget is checked, so of three amendments that each fit alone but not together,
exactly one lands; of parallel amendments or schedule saves made on the same view of a gmina's
allocation (one lock_version) exactly one lands; a tranche recorded twice at once is transferred
once. Proven on PostgreSQL with parallel workers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from integra.allocations import services
from integra.allocations.models import AllocationAmendment, AllocationResult, Tranche
from integra.allocations.tests.factories import AMOUNTS, PROGRAMME_BUDGET, TRANSFER_ON
from integra.core.actors import SystemActor
from integra.core.tests.parallel import ONLY_POSTGRESQL, run_in_parallel
from integra.territories.models import Territory

pytestmark = pytest.mark.django_db(transaction=True)

RAISE_BY = Decimal("60000")  # each alone: 360,000 ≤ 400,000; any two: 420,000 > 400,000


@ONLY_POSTGRESQL
def test_parallel_amendments_never_exceed_the_budget(published):
    def amend(teryt):
        return services.amend_allocation(
            actor=SystemActor("test"),
            run=published,
            gmina=Territory.objects.get(teryt=teryt),
            amount_eur=AMOUNTS[teryt] + RAISE_BY,
            reason="więcej mieszkańców",
            lock_version=1,
        )

    outcomes = run_in_parallel(amend, list(AMOUNTS))

    landed = [o for o in outcomes if isinstance(o, AllocationAmendment)]
    refused = [o for o in outcomes if isinstance(o, services.AllocationExceedsBudget)]
    assert (len(landed), len(refused)) == (1, 2), outcomes
    total = sum(AllocationResult.objects.filter(run=published).values_list("amount_eur", flat=True))
    assert total == sum(AMOUNTS.values()) + RAISE_BY <= PROGRAMME_BUDGET


@ONLY_POSTGRESQL
def test_six_parallel_amendments_seen_on_one_view_land_once(published):
    """Each fits the budget alone, but each clerk saw version 1: only the first lands."""
    gmina = Territory.objects.get(teryt="1001022")

    def amend(step):
        return services.amend_allocation(
            actor=SystemActor("test"),
            run=published,
            gmina=gmina,
            amount_eur=AMOUNTS["1001022"] + 100 * step,
            reason="korekta",
            lock_version=1,
        )

    outcomes = run_in_parallel(amend, list(range(1, 7)))

    landed = [o for o in outcomes if isinstance(o, AllocationAmendment)]
    refused = [o for o in outcomes if isinstance(o, services.AllocationEditConflict)]
    assert (len(landed), len(refused)) == (1, 5), outcomes
    result = AllocationResult.objects.get(run=published, gmina=gmina)
    assert (result.amount_eur, result.lock_version) == (landed[0].amount_after_eur, 2)


@ONLY_POSTGRESQL
def test_parallel_schedule_saves_from_one_view_land_once(published, personas):
    result = AllocationResult.objects.select_related("run", "gmina").get(
        run=published, gmina__teryt="1001022"
    )
    total = sum(
        Tranche.objects.filter(result=result).values_list("amount_eur", flat=True), Decimal(0)
    )

    def save(first):
        return services.update_tranches(
            actor=personas.officer,
            result=result,
            amounts={1: first, 2: Decimal(0), 3: total - first},
            lock_version=1,
        )

    outcomes = run_in_parallel(save, [Decimal(n * 1000) for n in range(1, 5)])

    landed = [o for o in outcomes if isinstance(o, list)]
    refused = [o for o in outcomes if isinstance(o, services.AllocationEditConflict)]
    assert (len(landed), len(refused)) == (1, 3), outcomes


@ONLY_POSTGRESQL
def test_a_tranche_recorded_twice_in_parallel_is_transferred_once(published, nbp_rate, personas):
    tranche = Tranche.objects.filter(result__run=published, gmina__teryt="1001022").first()

    def transfer(amount):
        return services.record_transfer(
            actor=personas.admin, tranche=tranche, amount_pln=amount, transferred_on=TRANSFER_ON
        )

    outcomes = run_in_parallel(transfer, [Decimal("100.00"), Decimal("200.00")])

    landed = [o for o in outcomes if isinstance(o, Tranche)]
    refused = [o for o in outcomes if isinstance(o, services.TrancheTransferred)]
    assert (len(landed), len(refused)) == (1, 1), outcomes
    tranche.refresh_from_db()
    assert tranche.amount_pln == landed[0].amount_pln
