"""seed_demo on the synthetic territory: the allocation posted and the ledger verified."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from integra.allocations.models import AllocationResult
from integra.finance.models import Component, Transaction
from integra.finance.tests.test_demo import verified

pytestmark = pytest.mark.django_db


def test_the_synthetic_demo_posts_its_allocation_and_verifies(tmp_path, settings):
    settings.INTEGRA_DATA_DIR = tmp_path
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert Component.objects.count() == 4
    gminas = AllocationResult.objects.filter(run__status="published").count()
    assert Transaction.objects.filter(movement="allocation").count() == gminas > 0
    assert "Demo finance: 4 components and 6 procurement-plan items added" in out.getvalue()
    assert verified().startswith(f"OK {gminas} transactions")
