"""After `seed_demo`, the allocation map holds every gmina of the programme and exactly its
budget: 500 gminas and 40,000,000 EUR with the real files, the same budget on the synthetic
territory."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from integra.accounts.models import Role
from integra.accounts.services import create_user
from integra.core.actors import SystemActor
from integra.programmes.models import Participation
from integra.territories.models import Territory

pytestmark = pytest.mark.django_db

MAP = "/api/v1/programmes/PIS-2006/allocation-map"


@pytest.fixture
def analyst(api_as):
    """After seed_demo, an API client of a ministry analyst over the demo's country (the
    personas' small tree is not the demo's territory)."""

    def client():
        user = create_user(
            actor=SystemActor("test"),
            username="map-analyst",
            email="",
            password="a-long-pass-phrase-123",
            assignments=[(Role.MINISTRY_ANALYST, Territory.objects.get(teryt="PL"))],
        )
        return api_as(user)

    return client


def units_of(response) -> list[dict]:
    assert response.status_code == 200
    body = response.json()
    return [feature["properties"] for feature in body["features"]] + body["unmapped"]


@pytest.mark.realdata
def test_the_demo_map_shows_500_gminas_and_exactly_40_million(data_dir, settings, analyst):
    settings.INTEGRA_DATA_DIR = data_dir
    call_command("seed_demo", stdout=StringIO())
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


def test_the_synthetic_demo_map_holds_the_whole_budget(tmp_path, settings, analyst):
    settings.INTEGRA_DATA_DIR = tmp_path
    call_command("seed_demo", stdout=StringIO())
    gminas = units_of(analyst().get(MAP))
    assert len(gminas) == Participation.objects.filter(programme__code="PIS-2006").count()
    assert sum(Decimal(gmina["amount_eur"]) for gmina in gminas) == Decimal("40000000.00")
    assert json.dumps(gminas)  # plain JSON, nothing left to encode
