"""Reads of allocations: the population behind EUR per inhabitant, in one query."""

from __future__ import annotations

import pytest

from integra.allocations import selectors
from integra.territories.models import PopulationRecord

pytestmark = pytest.mark.django_db


def test_populations_are_read_by_gmina_and_year_in_one_query(small_tree, django_assert_num_queries):
    gminas = [small_tree["1001022"], small_tree["0601022"]]
    year = PopulationRecord.objects.order_by("-year").values_list("year", flat=True).first()

    with django_assert_num_queries(1):
        found = selectors.populations(gmina_ids=[g.pk for g in gminas], years=[year, 1900])

    assert found == {
        (gmina.pk, year): PopulationRecord.objects.get(territory=gmina, year=year).total
        for gmina in gminas
    }
