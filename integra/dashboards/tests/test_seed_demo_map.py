"""After `seed_demo`, the allocation map holds every gmina of the programme and exactly its
budget: 500 gminas and 40,000,000 EUR with the real files, the same budget on the synthetic
territory."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytestmark = pytest.mark.django_db

MAP = "/api/v1/programmes/PIS-2006/allocation-map"


def units_of(response) -> list[dict]:
    assert response.status_code == 200
    body = response.json()
    return [feature["properties"] for feature in body["features"]] + body["unmapped"]


@pytest.mark.realdata
def test_the_demo_map_shows_500_gminas_and_exactly_40_million(real_demo, analyst):
    client = analyst()
    response = client.get(MAP, {"level": "gmina"})
    gminas = units_of(response)
    assert len(gminas) == 500
    assert len({gmina["teryt"] for gmina in gminas}) == 500
    assert sum(Decimal(gmina["amount_eur"]) for gmina in gminas) == Decimal("40000000.00")
    assert len(response.json()["features"]) == 500  # every gmina has its outline
    voivodeships = units_of(client.get(MAP, {"level": "voivodeship"}))
    assert len(voivodeships) == 13
    assert sum(Decimal(v["amount_eur"]) for v in voivodeships) == Decimal("40000000.00")
