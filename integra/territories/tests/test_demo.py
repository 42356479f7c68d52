"""The territory's part of the demo: the synthetic files load through the real importers."""

from __future__ import annotations

import pytest

from integra.core.actors import SystemActor
from integra.territories import demo
from integra.territories.models import Outline, PopulationRecord, Territory

pytestmark = pytest.mark.django_db


def test_the_synthetic_territory_loads_with_population_and_outlines_and_again_changes_nothing():
    shape = demo.SyntheticShape(voivodeships=("02",), powiats_per_voivodeship=1)
    done = demo.load_synthetic(actor=SystemActor("test"), shape=shape)
    assert [name for name, _summary in done] == ["terc.csv", "population.csv", "gminas.geojson"]
    assert Territory.objects.gminas().count() == 3
    assert PopulationRecord.objects.count() == 3 * 3  # three years
    assert Outline.objects.count() == 3
    again = demo.load_synthetic(actor=SystemActor("test"), shape=shape)
    assert not any(summary.changed for _name, summary in again)


def test_the_synthetic_territory_may_leave_the_outlines_out():
    done = demo.load_synthetic(actor=SystemActor("test"), outlines=False)
    assert [name for name, _summary in done] == ["terc.csv", "population.csv"]
    assert not Outline.objects.exists()


def test_every_gmina_code_of_the_synthetic_register_is_seven_digits_with_its_type():
    codes = demo.gmina_codes()
    assert len(codes) == 12
    assert all(len(code) == 7 and code[6] in "123" for code in codes)
