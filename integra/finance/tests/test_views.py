"""The finance pages: the transfer queue (a gmina asks, regional finance approves and records,
the refusals at their fields), the ledger balances within the reader's scope."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

import pytest
from django.urls import reverse

from integra.allocations.models import Tranche
from integra.finance.models import TransferRequest
from integra.finance.services.allocation import post_allocations
from integra.finance.tests.factories import SYSTEM, approved_plan

pytestmark = pytest.mark.django_db
RATE = Decimal("3.5902")


@pytest.fixture
def tranche(pis, published, nbp_rate, small_tree):
    post_allocations(actor=SYSTEM, programme=pis)
    approved_plan(pis, small_tree["1001022"], 2008)
    return Tranche.objects.get(result__run=published, gmina__teryt="1001022", number=1)


def test_a_gmina_asks_and_regional_finance_approves_and_records(tranche, personas, signed_in):
    coordinator, finance = signed_in(personas.coordinator), signed_in(personas.finance)
    page = coordinator.get(reverse("finance:transfers")).content.decode()
    assert reverse("finance:transfer-request", args=[tranche.pk]) in page
    asked = coordinator.post(reverse("finance:transfer-request", args=[tranche.pk]))
    assert asked.status_code == 302
    request = TransferRequest.objects.get()
    assert (
        reverse("finance:transfer-approve", args=[request.pk])
        not in coordinator.get(reverse("finance:transfers")).content.decode()
    )
    assert finance.post(reverse("finance:transfer-approve", args=[request.pk])).status_code == 302
    over = finance.post(
        reverse("finance:transfer-record", args=[request.pk]),
        {f"t{request.pk}-amount_pln": "999999999", f"t{request.pk}-transferred_on": "2008-02-18"},
    )
    assert over.status_code == 200
    assert "Transfer at most" in over.content.decode()
    most = (tranche.amount_eur * RATE).quantize(Decimal("0.01"), ROUND_DOWN)
    done = finance.post(
        reverse("finance:transfer-record", args=[request.pk]),
        {f"t{request.pk}-amount_pln": str(most), f"t{request.pk}-transferred_on": "2008-02-18"},
    )
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == "transferred"


def test_a_rejection_needs_its_reason(tranche, personas, signed_in):
    signed_in(personas.coordinator).post(reverse("finance:transfer-request", args=[tranche.pk]))
    request = TransferRequest.objects.get()
    page = signed_in(personas.finance).post(
        reverse("finance:transfer-reject", args=[request.pk]), {f"r{request.pk}-comment": ""}
    )
    assert page.status_code == 200
    assert 'aria-invalid="true"' in page.content.decode()


def test_the_queue_is_scoped(tranche, personas, signed_in):
    signed_in(personas.coordinator).post(reverse("finance:transfer-request", args=[tranche.pk]))
    request = TransferRequest.objects.get()
    lublin = signed_in(personas.coordinator_lublin)
    assert f"transfer-{request.pk}" not in lublin.get(reverse("finance:transfers")).content.decode()
    assert lublin.post(reverse("finance:transfer-approve", args=[request.pk])).status_code == 404
    assert signed_in(personas.provider).get(reverse("finance:transfers")).status_code == 403


def test_the_balances_show_what_the_reader_may_see(tranche, personas, signed_in):
    admin = signed_in(personas.admin).get(reverse("finance:balances")).content.decode()
    assert "1001033" in admin and "0601022" in admin
    own = signed_in(personas.coordinator).get(reverse("finance:balances")).content.decode()
    assert "1001022" in own and "0601022" not in own
