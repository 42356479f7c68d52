"""Transfers to gminas: requested for a tranche of an approved plan, approved by regional
finance but never by the requester, recorded with the NBP rate of the last table before the
day; never more than the tranche nor than the lines have left; the ledger and the tranches
agree (verify_ledger)."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied

from integra.accounts.services import create_user
from integra.allocations import services as allocation_services
from integra.allocations.models import Tranche
from integra.allocations.tests.factories import TRANSFER_ON
from integra.core.actors import SystemActor
from integra.finance.models import Transaction, TransferRefused, TransferRequest
from integra.finance.selectors import gmina_balance, verify
from integra.finance.services import transfers
from integra.finance.services.allocation import post_allocations
from integra.finance.tests.factories import SYSTEM, approved_plan

pytestmark = pytest.mark.django_db
RATE = Decimal("3.5902")  # NBP table 033/A/NBP/2008 of Friday 2008-02-15


@pytest.fixture
def tranche(pis, published, nbp_rate, small_tree):
    post_allocations(actor=SYSTEM, programme=pis)
    approved_plan(pis, small_tree["1001022"], 2008)
    return Tranche.objects.get(result__run=published, gmina__teryt="1001022", number=1)


def full_pln(tranche: Tranche) -> Decimal:
    return (tranche.amount_eur * RATE).quantize(Decimal("0.01"), ROUND_DOWN)


def approved(tranche, personas):
    request = transfers.request_transfer(actor=personas.coordinator, tranche=tranche)
    return transfers.approve_transfer(actor=personas.finance, request=request)


def test_a_tranche_goes_from_request_to_the_ledger(pis, tranche, personas):
    request = approved(tranche, personas)
    pln = full_pln(tranche)
    done = transfers.record_transferred(
        actor=personas.finance, request=request, amount_pln=pln, transferred_on=TRANSFER_ON
    )
    assert done.status == "transferred"
    tranche.refresh_from_db()
    assert (tranche.status, tranche.amount_pln, tranche.rate) == ("transferred", pln, RATE)
    assert tranche.rate_table_no == "033/A/NBP/2008"
    balance = gmina_balance(pis, "1001022")
    assert balance.transferred_eur == tranche.amount_eur
    assert (balance.received_pln, balance.received_eur) == (pln, tranche.eur_equivalent)
    assert balance.to_transfer_eur == balance.allocated_eur - tranche.amount_eur
    assert verify().ok, verify().problems


def test_the_requester_cannot_approve(tranche, personas, small_tree):
    request = transfers.request_transfer(actor=personas.finance, tranche=tranche)
    with pytest.raises(transfers.SameCheckerRefused):
        transfers.approve_transfer(actor=personas.finance, request=request)
    other = create_user(
        actor=SystemActor("test"),
        username="finance2",
        email="finance2@example.org",
        password="a-long-unusual-passphrase-7",
        assignments=[("regional_finance", small_tree["10"])],
    )
    assert transfers.approve_transfer(actor=other, request=request).status == "approved"


def test_only_regional_finance_of_the_voivodeship_approves(tranche, personas):
    request = transfers.request_transfer(actor=personas.coordinator, tranche=tranche)
    with pytest.raises(PermissionDenied):
        transfers.approve_transfer(actor=personas.officer, request=request)
    with pytest.raises(ObjectDoesNotExist):
        transfers.approve_transfer(actor=personas.coordinator_lublin, request=request)
    with pytest.raises(PermissionDenied):
        transfers.request_transfer(actor=personas.viewer, tranche=tranche)


def test_no_transfer_without_an_approved_plan_for_the_year(pis, published, nbp_rate, personas):
    post_allocations(actor=SYSTEM, programme=pis)
    second = Tranche.objects.get(result__run=published, gmina__teryt="1001022", number=1)
    with pytest.raises(transfers.TransferNotAllowed, match="no approved Action Plan for 2008"):
        transfers.request_transfer(actor=personas.coordinator, tranche=second)


def test_a_tranche_is_requested_once_until_rejected(tranche, personas):
    request = transfers.request_transfer(actor=personas.coordinator, tranche=tranche)
    with pytest.raises(transfers.TransferNotAllowed):
        transfers.request_transfer(actor=personas.officer, tranche=tranche)
    with pytest.raises(transfers.TransferInvalid):
        transfers.reject_transfer(actor=personas.finance, request=request, comment=" ")
    transfers.reject_transfer(actor=personas.finance, request=request, comment="Brak konta")
    again = transfers.request_transfer(actor=personas.coordinator, tranche=tranche)
    assert again.status == "requested"
    with pytest.raises(TransferRefused):
        transfers.record_transferred(
            actor=personas.finance, request=again, amount_pln=Decimal(1), transferred_on=TRANSFER_ON
        )


def test_more_pln_than_the_tranche_is_refused_and_nothing_written(tranche, personas):
    request = approved(tranche, personas)
    before = Transaction.objects.count()
    with pytest.raises(transfers.TransferInvalid) as refused:
        transfers.record_transferred(
            actor=personas.finance,
            request=request,
            amount_pln=full_pln(tranche) + Decimal("0.01"),
            transferred_on=TRANSFER_ON,
        )
    assert list(refused.value.by_field()) == ["amount_pln"]
    assert f"at most {full_pln(tranche)} PLN" in refused.value.problems[0].message
    tranche.refresh_from_db()
    assert tranche.status == "planned" and Transaction.objects.count() == before


def test_a_transfer_needs_the_allocation_in_the_ledger(pis, published, nbp_rate, personas):
    approved_plan(pis, published.results.get(gmina__teryt="1001022").gmina, 2008)
    tranche = Tranche.objects.get(result__run=published, gmina__teryt="1001022", number=1)
    request = approved(tranche, personas)
    with pytest.raises(transfers.TransferNotAllowed, match="post the allocation"):
        transfers.record_transferred(
            actor=personas.finance,
            request=request,
            amount_pln=full_pln(tranche),
            transferred_on=TRANSFER_ON,
        )


def test_verify_finds_a_tranche_transferred_outside_the_ledger(tranche):
    allocation_services.record_transfer(
        actor=SYSTEM, tranche=tranche, amount_pln=Decimal("1000.00"), transferred_on=TRANSFER_ON
    )
    problems = verify().problems
    assert problems and problems[0].startswith("gmina 1001022 received 0.00 PLN")


def test_nothing_is_visible_outside_the_scope(tranche, personas):
    transfers.request_transfer(actor=personas.coordinator, tranche=tranche)
    assert TransferRequest.objects.visible_to(personas.coordinator_lublin).count() == 0
    assert TransferRequest.objects.visible_to(personas.finance).count() == 1
