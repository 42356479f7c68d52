"""The move of outlines to their own table keeps every outline, forwards and backwards."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("territories", "0001_initial")]
AFTER = [("territories", "0002_outlines_apart")]
SQUARE = {"type": "Polygon", "coordinates": [[[19, 52], [19.1, 52], [19.1, 52.1], [19, 52]]]}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_boundaries_move_to_outlines_and_back():
    old = migrate(BEFORE)
    Territory = old.get_model("territories", "Territory")
    country = Territory.objects.create(teryt="PL", level="country", name="Polska")
    Territory.objects.create(
        teryt="10", level="voivodeship", name="ŁÓDZKIE", parent=country, boundary=SQUARE
    )
    Territory.objects.create(teryt="06", level="voivodeship", name="LUBELSKIE", parent=country)
    try:
        new = migrate(AFTER)
        Outline = new.get_model("territories", "Outline")
        assert list(Outline.objects.values_list("territory__teryt", "geometry")) == [("10", SQUARE)]

        old = migrate(BEFORE)
        Territory = old.get_model("territories", "Territory")
        assert dict(Territory.objects.values_list("teryt", "boundary")) == {
            "PL": None,
            "10": SQUARE,
            "06": None,
        }
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
