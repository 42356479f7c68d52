"""Concurrent amendments cannot push a run over the programme's budget: the run row is locked
while the budget is checked, so of three amendments that each fit alone but not together,
exactly one lands. Proven on PostgreSQL with parallel workers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from integra.allocations import services
from integra.allocations.models import AllocationAmendment, AllocationResult
from integra.allocations.tests.conftest import AMOUNTS, PROGRAMME_BUDGET
from integra.core.tests.parallel import ONLY_POSTGRESQL, run_in_parallel
from integra.territories.models import Territory

pytestmark = pytest.mark.django_db(transaction=True)

RAISE_BY = Decimal("60000")  # each alone: 360,000 ≤ 400,000; any two: 420,000 > 400,000


@ONLY_POSTGRESQL
def test_parallel_amendments_never_exceed_the_budget(published):
    def amend(teryt):
        return services.amend_allocation(
            actor="test",
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
