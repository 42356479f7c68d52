"""A programme over the small tree and its allocation runs, built through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from integra.allocations import services as allocation_services
from integra.allocations.models import AllocationRun
from integra.core.actors import SystemActor
from integra.programmes.models import Programme
from integra.programmes.services import ProgrammeSpec, create_programme, qualify_gminas

# Lubelskie 0601022; łódzkie 1001022 and 1001033.
TAKING_PART = ["0601022", "1001022", "1001033"]


def make_programme(small_tree: dict[str, Any], budget: str = "100000") -> Programme:
    """PIS over lubelskie and łódzkie with the three gminas of TAKING_PART."""
    programme = create_programme(
        actor=SystemActor("test"),
        spec=ProgrammeSpec(
            code="PIS",
            name="Program Integracji Społecznej",
            starts_on=dt.date(2008, 1, 1),
            ends_on=dt.date(2010, 12, 31),
            budget_eur=Decimal(budget),
        ),
        voivodeships=[small_tree["06"], small_tree["10"]],
    )
    qualify_gminas(
        actor=SystemActor("test"),
        programme=programme,
        gminas=[(small_tree[teryt], rank) for rank, teryt in enumerate(TAKING_PART, start=1)],
    )
    return programme


def run_of(programme: Programme, method: str = "equal", budget: str = "90000") -> AllocationRun:
    """A draft run (an equal split of 90,000 EUR by default: 30,000 EUR a gmina)."""
    params = allocation_services.RunParameters(method=method, budget=Decimal(budget))
    return allocation_services.create_run(
        actor=SystemActor("test"), programme=programme, params=params
    )


def publish(run: AllocationRun) -> AllocationRun:
    return allocation_services.publish_run(actor=SystemActor("test"), run=run)
