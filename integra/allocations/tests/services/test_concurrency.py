"""Concurrent amendments cannot push a run over the programme's budget: the run row is locked
while the budget is checked, so of three amendments that each fit alone but not together,
exactly one lands; a tranche recorded twice at once is transferred once. Proven on PostgreSQL
with parallel workers."""

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
        )

    outcomes = run_in_parallel(amend, list(AMOUNTS))

    landed = [o for o in outcomes if isinstance(o, AllocationAmendment)]
    refused = [o for o in outcomes if isinstance(o, services.AllocationExceedsBudget)]
    assert (len(landed), len(refused)) == (1, 2), outcomes
    total = sum(AllocationResult.objects.filter(run=published).values_list("amount_eur", flat=True))
    assert total == sum(AMOUNTS.values()) + RAISE_BY <= PROGRAMME_BUDGET


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
