"""The world of Action Plan tests, built through the factories: programme PIS with three gminas
taking part and a published allocation, NBP rates, a small catalogue and the strategy of 1001022.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from integra.action_plans.tests.factories import (
    make_catalogue,
    make_programme,
    make_rates,
    make_strategy,
)


@pytest.fixture(autouse=True)
def fresh_counts():
    """The per-address limit of anonymous comments counts in the cache: each test starts at 0."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(personas, small_tree):
    make_rates()
    catalogue = make_catalogue()
    strategy = make_strategy(small_tree["1001022"])
    return SimpleNamespace(
        programme=make_programme(small_tree),
        gmina=small_tree["1001022"],
        neighbour_gmina=small_tree["1001033"],
        catalogue=catalogue,
        strategy=strategy.strategy,
        goal=strategy.operational,
        people=personas,
    )
