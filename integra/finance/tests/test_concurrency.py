"""Parallel transfers cannot transfer a tranche twice nor request it twice: the gmina's
allocation row is locked while what is left is checked. Proven on PostgreSQL with parallel
workers, each committing for real (so the deferred balance triggers run), and verify_ledger is
OK afterwards."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

import pytest

from integra.allocations.models import Tranche
from integra.allocations.services.published import TrancheTransferred
from integra.allocations.tests.factories import TRANSFER_ON
from integra.core.tests.parallel import ONLY_POSTGRESQL, run_in_parallel
from integra.finance.models import Transaction, TransferRefused, TransferRequest
from integra.finance.selectors import gmina_balance, verify
from integra.finance.services import transfers
from integra.finance.services.allocation import post_allocations
from integra.finance.tests.factories import SYSTEM, approved_plan

pytestmark = pytest.mark.django_db(transaction=True)
RATE = Decimal("3.5902")


@pytest.fixture
def tranche(pis, published, nbp_rate, small_tree):
    post_allocations(actor=SYSTEM, programme=pis)
    approved_plan(pis, small_tree["1001022"], 2008)
    return Tranche.objects.get(result__run=published, gmina__teryt="1001022", number=1)


@ONLY_POSTGRESQL
def test_parallel_records_of_one_transfer_land_once(pis, tranche):
    request = transfers.request_transfer(actor=SYSTEM, tranche=tranche)
    request = transfers.approve_transfer(actor=SYSTEM, request=request)
    pln = (tranche.amount_eur * RATE).quantize(Decimal("0.01"), ROUND_DOWN)

    def record(_n):
        return transfers.record_transferred(
            actor=SYSTEM, request=request, amount_pln=pln, transferred_on=TRANSFER_ON
        )

    outcomes = run_in_parallel(record, list(range(8)))

    landed = [o for o in outcomes if isinstance(o, TransferRequest)]
    refused = [o for o in outcomes if isinstance(o, TransferRefused | TrancheTransferred)]
    assert (len(landed), len(refused)) == (1, 7), outcomes
    assert Transaction.objects.filter(movement="transfer").count() == 1
    assert gmina_balance(pis, "1001022").received_pln == pln
    assert verify().ok, verify().problems


@ONLY_POSTGRESQL
def test_parallel_requests_of_one_tranche_land_once(tranche):
    outcomes = run_in_parallel(
        lambda _n: transfers.request_transfer(actor=SYSTEM, tranche=tranche), list(range(8))
    )
    landed = [o for o in outcomes if isinstance(o, TransferRequest)]
    refused = [o for o in outcomes if isinstance(o, transfers.TransferNotAllowed)]
    assert (len(landed), len(refused)) == (1, 7), outcomes


@ONLY_POSTGRESQL
def test_every_tranche_of_every_gmina_at_once_stays_within_the_lines(pis, published, nbp_rate):
    post_allocations(actor=SYSTEM, programme=pis)
    for result in published.results.select_related("gmina"):
        for year in (2008, 2009, 2010):
            approved_plan(pis, result.gmina, year)
    requests = []
    for tranche in Tranche.objects.filter(result__run=published).select_related("gmina"):
        request = transfers.request_transfer(actor=SYSTEM, tranche=tranche)
        requests.append(transfers.approve_transfer(actor=SYSTEM, request=request))

    def record(request):
        amount = request.tranche.amount_eur
        return transfers.record_transferred(
            actor=SYSTEM,
            request=request,
            amount_pln=(amount * RATE).quantize(Decimal("0.01"), ROUND_DOWN),
            transferred_on=TRANSFER_ON,
        )

    outcomes = run_in_parallel(record, requests)

    assert all(isinstance(o, TransferRequest) for o in outcomes), outcomes
    for teryt in ("0601022", "1001022", "1001033"):
        balance = gmina_balance(pis, teryt)
        assert balance.to_transfer_eur == 0 and balance.transferred_eur == balance.allocated_eur
    assert verify().ok, verify().problems
