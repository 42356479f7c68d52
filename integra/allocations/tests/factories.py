"""Factories of allocations, built through the real services: PIS 2008–2010 with three gminas
(one in lubelskie, two in łódzkie), a run of amounts imported as published, and the NBP rate of
the PIS conversion."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from integra.allocations import services
from integra.allocations.models import AllocationRun
from integra.core.actors import SystemActor
from integra.programmes.models import Programme
from integra.programmes.services import (
    ProgrammeSpec,
    create_programme,
    import_exchange_rates,
    qualify_gminas,
)

# Wierzbica's published 135,200 EUR, given here to the gmina 1001022 of the small tree.
AMOUNTS = {"0601022": Decimal("100000"), "1001022": Decimal("135200"), "1001033": Decimal("64800")}
RUN_BUDGET = sum(AMOUNTS.values())  # 300,000
PROGRAMME_BUDGET = Decimal("400000")
# Monday 2008-02-18: the rate is the table of Friday 2008-02-15.
TRANSFER_ON = dt.date(2008, 2, 18)


def pis_programme(small_tree: dict[str, Any]) -> Programme:
    """PIS 2008–2010 over lubelskie and łódzkie with the three gminas of AMOUNTS qualified."""
    programme = create_programme(
        actor=SystemActor("test"),
        spec=ProgrammeSpec(
            code="PIS",
            name="Program Integracji Społecznej",
            starts_on=dt.date(2008, 1, 1),
            ends_on=dt.date(2010, 12, 31),
            budget_eur=PROGRAMME_BUDGET,
        ),
        voivodeships=[small_tree["06"], small_tree["10"]],
    )
    qualify_gminas(
        actor=SystemActor("test"),
        programme=programme,
        gminas=[(small_tree[teryt], rank) for rank, teryt in enumerate(AMOUNTS, start=1)],
    )
    return programme


def draft_run(programme: Programme, amounts: dict[str, Decimal] | None = None) -> AllocationRun:
    """A draft run of the amounts (AMOUNTS by default), imported."""
    amounts = amounts or AMOUNTS
    return services.create_run(
        actor=SystemActor("test"),
        programme=programme,
        params=services.RunParameters(method="import", budget=sum(amounts.values())),
        amounts=amounts,
    )


def published_run(programme: Programme) -> AllocationRun:
    """The published run of AMOUNTS (its tranches scheduled)."""
    return services.publish_run(actor=SystemActor("test"), run=draft_run(programme))


def load_nbp_rate(folder: Path) -> Path:
    """The NBP table A rate of 2008-02-15 (3.5902 PLN per EUR), loaded by the real importer from
    an api.nbp.pl rates response written into the folder."""
    path = folder / "eur.json"
    path.write_text(
        json.dumps(
            {
                "table": "A",
                "currency": "euro",
                "code": "EUR",
                "rates": [
                    {"no": "032/A/NBP/2008", "effectiveDate": "2008-02-14", "mid": 3.5935},
                    {"no": "033/A/NBP/2008", "effectiveDate": "2008-02-15", "mid": 3.5902},
                ],
            }
        ),
        encoding="utf-8",
    )
    import_exchange_rates(actor=SystemActor("test"), paths=[path], currencies={"EUR"})
    return path
