"""The allocations part of the demo: the programme's allocation, published, in proportion to
the 2010 population (the demo's stand-in for the Ministry's published amounts)."""

from __future__ import annotations

from integra.allocations.models import AllocationRun
from integra.allocations.services import RunParameters, create_run, publish_run
from integra.core.actors import Actor
from integra.programmes.models import Programme


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
    )
    run = create_run(actor=actor, programme=programme, params=params)
    return publish_run(actor=actor, run=run), True
