"""Reads of the register: outlines are read only where a map or a unit's page draws them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from integra.territories import selectors
from integra.territories.models import Outline, PopulationRecord, Territory
from integra.territories.tests.factories import GminaFactory, OutlineFactory, PowiatFactory

pytestmark = pytest.mark.django_db

OUTLINE_TABLE = Outline._meta.db_table


def sql_of(run) -> str:
    with CaptureQueriesContext(connection) as queries:
        run()
    return "\n".join(query["sql"] for query in queries.captured_queries)


def test_a_list_of_units_never_reads_the_outline_table(small_tree):
    sql = sql_of(lambda: list(selectors.list_territories(user=None, level="gmina")))
    assert "territories_territory" in sql
    assert OUTLINE_TABLE not in sql


def test_a_row_that_joins_its_territory_never_reads_the_outline_table(small_tree):
    """As a participation or an allocation result does: the unit comes without its outline."""
    sql = sql_of(
        lambda: [r.territory.name for r in PopulationRecord.objects.select_related("territory")]
    )
    assert OUTLINE_TABLE not in sql


def test_the_api_list_of_a_hundred_units_never_reads_the_outline_table(client, small_tree):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/territories", {"page_size": 100})
    assert response.status_code == 200
    assert all(OUTLINE_TABLE not in query["sql"] for query in queries.captured_queries)


def test_a_unit_read_with_its_outline_needs_no_second_query(small_tree, django_assert_num_queries):
    unit = selectors.get_territory(user=None, teryt="1001022", with_outline=True)
    with django_assert_num_queries(0):
        assert selectors.outline_of(unit)["type"] == "Polygon"


def test_a_unit_without_an_outline_has_none(small_tree):
    powiat = selectors.get_territory(user=None, teryt="1001", with_outline=True)
    assert selectors.outline_of(powiat) is None
    assert selectors.outline_of(Territory.objects.get(teryt="1001")) is None


def test_outlines_of_gives_those_units_that_have_one(small_tree):
    outlines = selectors.outlines_of(["1001022", "1001", "0601011"])
    assert sorted(outlines) == ["0601011", "1001022"]


def test_has_outline_tells_without_reading_the_outline(db):
    mapped = OutlineFactory().territory
    bare = GminaFactory(parent=PowiatFactory())
    units = Territory.objects.filter(pk__in=[mapped.pk, bare.pk]).annotate(
        mapped=selectors.has_outline()
    )
    sql = str(units.query)
    assert "geometry" not in sql
    assert dict(units.values_list("teryt", "mapped")) == {mapped.teryt: True, bare.teryt: False}


def test_the_register_counts_units_with_an_outline_by_level(small_tree):
    assert selectors.territory_stats()["boundaries"] == {
        "voivodeship": 0,
        "powiat": 0,
        "gmina": 12,
    }
