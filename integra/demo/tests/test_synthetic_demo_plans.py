"""seed_demo on the synthetic territory: the whole budget published; without rates no plan."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from integra.demo.tests.test_seed_demo_plans import published_run

pytestmark = pytest.mark.django_db


def test_the_synthetic_demo_publishes_its_budget_too(tmp_path, settings):
    settings.INTEGRA_DATA_DIR = tmp_path
    out = StringIO()
    call_command("seed_demo", stdout=out)
    run = published_run()
    assert sum(run.results.values_list("amount_eur", flat=True)) == Decimal("40000000.00")
    assert "40000000.00 EUR" in out.getvalue()


def test_without_rates_the_synthetic_demo_stops_at_the_strategy(tmp_path, settings):
    from integra.action_plans.models import ActionPlan
    from integra.strategies.models import Strategy

    settings.INTEGRA_DATA_DIR = tmp_path
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert Strategy.objects.get().status == Strategy.Status.ADOPTED
    assert not ActionPlan.objects.exists()
    assert "no NBP rates of 2007" in out.getvalue()
