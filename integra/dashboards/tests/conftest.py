"""A programme over the small tree, with or without a published run."""

from __future__ import annotations

import pytest

from integra.dashboards.tests.factories import make_programme, publish, run_of


@pytest.fixture
def programme(small_tree):
    return make_programme(small_tree)


@pytest.fixture
def published(programme):
    """An equal split of 90,000 EUR, published: 30,000 EUR a gmina, 3,000 EUR of training."""
    return publish(run_of(programme))
