"""On the synthetic territory the allocation map holds the whole budget too."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from integra.dashboards.tests.test_seed_demo_map import MAP, units_of
from integra.programmes.models import Participation

pytestmark = pytest.mark.django_db


def test_the_synthetic_demo_map_holds_the_whole_budget(tmp_path, settings, analyst):
    settings.INTEGRA_DATA_DIR = tmp_path
    call_command("seed_demo", stdout=StringIO())
    gminas = units_of(analyst().get(MAP))
    assert len(gminas) == Participation.objects.filter(programme__code="PIS-2006").count()
    assert sum(Decimal(gmina["amount_eur"]) for gmina in gminas) == Decimal("40000000.00")
    assert json.dumps(gminas)  # plain JSON, nothing left to encode
