"""After seed_demo with the real data, Masłowice's contracts are committed in the ledger, each
advance is paid, the care contract's instalment waits for approval in the queue, and
verify_ledger is OK (a second run adds nothing: demo/tests/test_seed_demo.py)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from integra.contracts.models import Contract
from integra.finance.models import Payment
from integra.finance.selectors import contract_committed

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]


def test_maslowice_contracts_are_committed_and_paid(real_demo):
    contracts = list(Contract.objects.filter(gmina__name="Masłowice"))
    assert len(contracts) == 2
    assert all(contract_committed(c) == c.value_pln for c in contracts)
    paid = Payment.objects.filter(status="paid", kind="advance")
    assert {p.contract for p in paid} == set(contracts)
    waiting = Payment.objects.get(status="recorded")
    assert (waiting.kind, waiting.contract.number) == ("instalment", "UM/1/2007")
    out = StringIO()
    call_command("verify_ledger", stdout=out)
    assert out.getvalue().startswith("OK"), out.getvalue()
