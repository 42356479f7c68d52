from __future__ import annotations

import pytest

from integra.providers.tests.factories import join, make_provider


@pytest.fixture
def own(personas):
    """A provider seated in the coordinator's gmina (1001022), registered by that gmina, with the
    `provider` persona acting for it."""
    from integra.territories.models import Territory

    provider = make_provider("1001022", brought_by=Territory.objects.get(teryt="1001022"))
    join(provider, personas.provider)
    return provider


@pytest.fixture
def neighbouring(personas):
    """Seated in the neighbouring gmina of the same voivodeship (1001033)."""
    return make_provider("1001033")


@pytest.fixture
def elsewhere(personas):
    """Seated in lubelskie (0601022)."""
    return make_provider("0601022")
