"""The engine, fed with the real 2010 population, reproduces the published PIS allocations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from integra.allocations.rules import AllocationRequest, allocate
from integra.core.actors import SystemActor
from integra.territories import services
from integra.territories.models import Territory

# Published amounts (DOMAIN.md §3): name, voivodeship, amount in EUR.
PUBLISHED = [
    ("Hrubieszów", "lubelskie", Decimal("150700")),
    ("Konarzyny", "pomorskie", Decimal("32100")),
    ("Kępice", "pomorskie", Decimal("137500")),
    ("Sosnowica", "lubelskie", Decimal("38700")),
    ("Masłowice", "łódzkie", Decimal("58200")),
    ("Rząśnik", "mazowieckie", Decimal("93700")),
    ("Czarna Dąbrówka", "pomorskie", Decimal("83300")),
    ("Wierzbica", "mazowieckie", Decimal("135200")),
]


@pytest.mark.realdata
@pytest.mark.django_db
def test_population_method_is_within_ten_percent_of_every_published_amount(data_dir):
    services.import_teryt(actor=SystemActor("test"), path=data_dir / "terc_2010-01-01.csv")
    services.import_population(
        actor=SystemActor("test"), path=data_dir / "population_gmina_economic_age_2010_2019.csv"
    )
    weights, published = {}, {}
    for name, voivodeship, amount in PUBLISHED:
        gmina = (
            Territory.objects.gminas()
            .exclude(gmina_type=Territory.GminaType.URBAN)
            .get(name=name, parent__parent__name=voivodeship)
        )
        weights[gmina.teryt] = gmina.population.get(year=2010).total
        published[gmina.teryt] = amount
    result = allocate(AllocationRequest(budget=sum(published.values()), weights=weights))
    assert sum(result.values()) == sum(published.values())
    for teryt, amount in published.items():
        assert abs(result[teryt] - amount) <= amount * Decimal("0.10"), teryt
