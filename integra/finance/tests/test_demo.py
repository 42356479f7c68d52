"""After seed_demo the ledger verifies: the published allocation posted, the demo gmina's
transfers of its approved 2007 plan recorded (with the real NBP rates), and a second run adds
nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from integra.allocations.models import Tranche
from integra.finance.models import TransferRequest

pytestmark = pytest.mark.django_db


def verified() -> str:
    out = StringIO()
    call_command("verify_ledger", stdout=out)
    return out.getvalue().strip()


@pytest.mark.realdata
def test_the_demo_gmina_receives_its_2007_tranche_and_the_ledger_verifies(real_demo):
    tranche = Tranche.objects.get(gmina__name="Masłowice", year=2007)
    assert tranche.is_transferred and tranche.rate_table_on.isoformat() == "2007-04-13"
    assert TransferRequest.objects.get(tranche=tranche).status == "transferred"
    verdict = verified()  # a second run adds no row anywhere: demo/tests/test_seed_demo.py
    assert verdict.startswith("OK") and verdict.endswith("difference 0.00")
