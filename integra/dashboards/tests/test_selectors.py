"""The figures of a programme: a fixed number of queries, and outlines read only for the map."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from integra.dashboards import selectors
from integra.dashboards.selectors import GMINA, VOIVODESHIP
from integra.territories.models import Outline

pytestmark = pytest.mark.django_db

OUTLINE = Outline._meta.db_table


def test_the_figures_tell_which_units_have_an_outline_without_reading_one(personas, published):
    Outline.objects.filter(territory__teryt="1001022").delete()
    with CaptureQueriesContext(connection) as queries:
        figures = selectors.programme_figures(user=personas.analyst, programme=published.programme)
    assert [(g.teryt, g.has_boundary) for g in figures.gminas] == [
        ("0601022", True),
        ("1001022", False),
        ("1001033", True),
    ]
    assert [v.has_boundary for v in figures.voivodeships] == [False, False]
    assert all("geometry" not in query["sql"] for query in queries.captured_queries)
    # A fixed number: the allocation (5), then the contracts, payments and reach measures.
    assert len(queries.captured_queries) <= 14


def test_the_voivodeship_of_each_gmina_comes_from_its_code(personas, published):
    figures = selectors.programme_figures(user=personas.analyst, programme=published.programme)
    assert [(g.teryt, g.voivodeship_teryt) for g in figures.gminas] == [
        ("0601022", "06"),
        ("1001022", "10"),
        ("1001033", "10"),
    ]
    assert [g.voivodeship for g in figures.gminas] == ["lubelskie", "łódzkie", "łódzkie"]


@pytest.mark.parametrize("level", [GMINA, VOIVODESHIP])
def test_the_map_reads_the_outlines_in_at_most_one_query(personas, published, level):
    figures = selectors.programme_figures(user=personas.analyst, programme=published.programme)
    with CaptureQueriesContext(connection) as queries:
        collection = selectors.allocation_map(figures, level)
    assert len(queries.captured_queries) <= 1  # none when no unit of the level has an outline
    mapped = [feature["properties"]["teryt"] for feature in collection["features"]]
    assert mapped == (["0601022", "1001022", "1001033"] if level == GMINA else [])


def test_someone_outside_the_ministry_sees_no_programme(personas, published):
    assert not selectors.list_programmes(user=personas.officer).exists()
    assert selectors.list_programmes(user=personas.analyst).count() == 1
