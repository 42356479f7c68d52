"""Fixtures of the finance tests: the published PIS allocation of the allocations factories
(three gminas) and the NBP rate of 2008-02-15."""

from __future__ import annotations

import pytest

from integra.allocations.tests.factories import load_nbp_rate, pis_programme, published_run


@pytest.fixture
def pis(small_tree):
    return pis_programme(small_tree)


@pytest.fixture
def published(pis):
    return published_run(pis)


@pytest.fixture
def nbp_rate(tmp_path):
    return load_nbp_rate(tmp_path)


@pytest.fixture
def settlement_world(personas, small_tree):
    from integra.finance.tests.factories import settlement_world_of

    return settlement_world_of(personas, small_tree)
