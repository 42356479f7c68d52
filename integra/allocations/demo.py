"""The allocations part of the demo: the programme's allocation, published — at least
DEMO_FLOOR_EUR per gmina and the rest in proportion to the 2010 population (the demo's stand-in
for the Ministry's published amounts, ADR 0004)."""

from __future__ import annotations

from decimal import Decimal

from integra.allocations.models import AllocationRun
from integra.allocations.services import RunParameters, create_run, publish_run
from integra.core.actors import Actor
from integra.programmes.models import Programme

# Every gmina gets at least this much, the rest follows the population: the one regional envelope
# the sources state — łódzkie's 37 gminas received 2,378,600 EUR — is then met within 1 % by the
# demo's 37 (2,362,700 EUR); by population alone they got 2,114,600 (−11 %). ADR 0004.
DEMO_FLOOR_EUR = Decimal("60000")
LODZKIE_ENVELOPE_EUR = Decimal("2378600")


def seed_allocation(*, actor: Actor, programme: Programme) -> tuple[AllocationRun, bool]:
    """The programme's published run, and whether it was published now (False: it was there)."""
    published = programme.allocation_runs.filter(status=AllocationRun.Status.PUBLISHED).first()
    if published is not None:
        return published, False
    params = RunParameters(
        method=AllocationRun.Method.POPULATION,
        indicator=AllocationRun.Indicator.TOTAL,
        year=2010,
        budget=programme.budget_eur,
        unit=programme.rounding_unit_eur,
        floor=DEMO_FLOOR_EUR,
    )
    run = create_run(actor=actor, programme=programme, params=params)
    return publish_run(actor=actor, run=run), True
