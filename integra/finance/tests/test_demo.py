"""After seed_demo the ledger verifies: the published allocation posted, the demo gmina's
transfers of its approved 2007 plan recorded (with the real NBP rates), and a second run adds
nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from integra.allocations.models import AllocationResult, Tranche
from integra.finance.models import Component, Transaction, TransferRequest

pytestmark = pytest.mark.django_db


def verified() -> str:
    out = StringIO()
    call_command("verify_ledger", stdout=out)
    return out.getvalue().strip()


def test_the_synthetic_demo_posts_its_allocation_and_verifies(tmp_path, settings):
    settings.INTEGRA_DATA_DIR = tmp_path
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert Component.objects.count() == 4
    gminas = AllocationResult.objects.filter(run__status="published").count()
    assert Transaction.objects.filter(movement="allocation").count() == gminas > 0
    assert "Demo finance: 4 components and 6 procurement-plan items added" in out.getvalue()
    assert verified().startswith(f"OK {gminas} transactions")


@pytest.mark.realdata
def test_the_demo_gmina_receives_its_2007_tranche_and_the_ledger_verifies(data_dir, settings):
    settings.INTEGRA_DATA_DIR = data_dir
    call_command("seed_demo", stdout=StringIO())
    tranche = Tranche.objects.get(gmina__name="Masłowice", year=2007)
    assert tranche.is_transferred and tranche.rate_table_on.isoformat() == "2007-04-13"
    assert TransferRequest.objects.get(tranche=tranche).status == "transferred"
    first = verified()
    assert first.startswith("OK") and first.endswith("difference 0.00")
    call_command("seed_demo", stdout=StringIO())
    assert verified() == first
