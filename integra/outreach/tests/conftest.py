from __future__ import annotations

from types import SimpleNamespace

import pytest

from integra.action_plans.tests.factories import make_programme, make_rates


@pytest.fixture
def world(personas, small_tree):
    """Programme PIS: 1001022 (the coordinator's) has 10,000 EUR, its training line 1,000 EUR;
    NBP rate 4.0000 from 1 March 2007."""
    make_rates()
    return SimpleNamespace(
        programme=make_programme(small_tree),
        gmina=small_tree["1001022"],
        neighbour=small_tree["1001033"],
        lublin=small_tree["0601022"],
        people=personas,
    )
