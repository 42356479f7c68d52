"""Fixtures of a published allocation (built by the factories): PIS 2008–2010 with three gminas
and amounts imported as published, and the NBP rate of the PIS conversion."""

from __future__ import annotations

import pytest

from integra.allocations.tests.factories import load_nbp_rate, pis_programme, published_run


@pytest.fixture
def pis(small_tree):
    return pis_programme(small_tree)


@pytest.fixture
def published(pis):
    """The published run of PIS (its tranches scheduled)."""
    return published_run(pis)


@pytest.fixture
def nbp_rate(tmp_path):
    """The NBP table A rate of 2008-02-15 (3.5902 PLN per EUR)."""
    return load_nbp_rate(tmp_path)
