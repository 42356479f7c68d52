"""A programme over the small tree, with or without a published run."""

from __future__ import annotations

import pytest

from integra.accounts.models import Role
from integra.accounts.services import create_user
from integra.core.actors import SystemActor
from integra.dashboards.tests.factories import make_programme, publish, run_of
from integra.territories.models import Territory


@pytest.fixture
def programme(small_tree):
    return make_programme(small_tree)


@pytest.fixture
def published(programme):
    """An equal split of 90,000 EUR, published: 30,000 EUR a gmina, 3,000 EUR of training."""
    return publish(run_of(programme))


@pytest.fixture
def analyst(api_as):
    """After seed_demo, an API client of a ministry analyst over the demo's country (the
    personas' small tree is not the demo's territory)."""

    def client():
        user = create_user(
            actor=SystemActor("test"),
            username="map-analyst",
            email="",
            password="a-long-pass-phrase-123",
            assignments=[(Role.MINISTRY_ANALYST, Territory.objects.get(teryt="PL"))],
        )
        return api_as(user)

    return client
