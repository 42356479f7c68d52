"""The world of procurement tests (factories.make_world)."""

from __future__ import annotations

import pytest

from integra.contracts.tests.factories import make_world


@pytest.fixture
def world(personas, small_tree):
    return make_world(personas, small_tree)
