"""The generated world of monitoring tests (factories.make_monitoring_world)."""

from __future__ import annotations

import pytest

from integra.monitoring.tests.factories import make_monitoring_world


@pytest.fixture
def world(personas, small_tree):
    return make_monitoring_world(personas, small_tree)
