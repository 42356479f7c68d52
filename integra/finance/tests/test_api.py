"""The finance API: components and items for the ministry (422 per field, 409 when stale),
transfer requests through their states (maker-checker as on the pages), ledger balances within
the caller's scope."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

import pytest

from integra.allocations.models import Tranche
from integra.finance import demo
from integra.finance.models import Component
from integra.finance.services.allocation import post_allocations
from integra.finance.tests.factories import SYSTEM, approved_plan

pytestmark = pytest.mark.django_db
RATE = Decimal("3.5902")


@pytest.fixture
def api(personas, signed_in):
    return lambda person: signed_in(getattr(personas, person))


def test_components_for_the_ministry_only(pis, api):
    demo.seed_components(pis)
    body = api("analyst").get("/api/v1/components?programme=PIS").json()
    assert [c["code"] for c in body["items"]] == ["A", "B1", "B2", "C"]
    assert api("coordinator").get("/api/v1/components").json()["items"] == []


def test_a_component_edit_answers_422_per_field_and_409_when_stale(pis, api):
    demo.seed_components(pis)
    component = Component.objects.get(code="C")
    url = f"/api/v1/components/{component.pk}"
    bad = {"code": "B2", "name": "", "budget_eur": "-1", "order": 1, "lock_version": 1}
    response = api("admin").put(url, bad, content_type="application/json")
    assert response.status_code == 422
    assert sorted(e["loc"][-1] for e in response.json()["errors"]) == ["budget_eur", "name"]
    good = {"code": "C", "name": "Kampania", "budget_eur": "2190000.00", "lock_version": 1}
    assert api("admin").put(url, good, content_type="application/json").status_code == 200
    stale = api("admin").put(url, good, content_type="application/json")
    assert (stale.status_code, stale.json()["code"]) == (409, "finance_edit_conflict")
    assert (
        api("analyst")
        .put(url, good | {"lock_version": 2}, content_type="application/json")
        .status_code
        == 403
    )


def test_an_item_is_added_and_listed(pis, api):
    demo.seed_components(pis)
    component = Component.objects.get(code="C")
    data = {
        "component": component.pk,
        "reference": "C-SH-03",
        "description": "Ulotki",
        "method": "shopping",
        "review": "post",
        "estimated_cost_eur": "1200.00",
        "planned": {"invitation": "2008-05-01"},
    }
    response = api("admin").post(
        "/api/v1/procurement-plan-items", data, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["planned"]["invitation"] == "2008-05-01"
    items = api("analyst").get(f"/api/v1/procurement-plan-items?component={component.pk}").json()
    assert [i["reference"] for i in items["items"]] == ["C-QCBS-01", "C-SH-02", "C-SH-03"]


def test_a_transfer_through_the_api(pis, published, nbp_rate, small_tree, api):
    post_allocations(actor=SYSTEM, programme=pis)
    approved_plan(pis, small_tree["1001022"], 2008)
    tranche = Tranche.objects.get(result__run=published, gmina__teryt="1001022", number=1)
    made = api("finance").post(
        "/api/v1/transfer-requests", {"tranche": tranche.pk}, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    url = f"/api/v1/transfer-requests/{made.json()['id']}"
    same = api("finance").post(f"{url}/approve")
    assert (same.status_code, same.json()["code"]) == (403, "transfer_same_checker")
    assert api("coordinator").post(f"{url}/approve").status_code == 403
    assert api("coordinator_lublin").post(f"{url}/approve").status_code == 404
    # another finance officer approves (admin has no regional_finance role: 403)
    assert api("admin").post(f"{url}/approve").status_code == 403


def test_recording_more_than_the_tranche_answers_422_at_the_amount(
    pis, published, nbp_rate, small_tree, api, personas
):
    from integra.finance.services import transfers

    post_allocations(actor=SYSTEM, programme=pis)
    approved_plan(pis, small_tree["1001022"], 2008)
    tranche = Tranche.objects.get(result__run=published, gmina__teryt="1001022", number=1)
    request = transfers.request_transfer(actor=personas.coordinator, tranche=tranche)
    transfers.approve_transfer(actor=personas.finance, request=request)
    most = (tranche.amount_eur * RATE).quantize(Decimal("0.01"), ROUND_DOWN)
    url = f"/api/v1/transfer-requests/{request.pk}/transfer"
    over = api("finance").post(
        url,
        {"amount_pln": str(most + Decimal("1")), "transferred_on": "2008-02-18"},
        content_type="application/json",
    )
    assert over.status_code == 422
    assert [e["loc"][-1] for e in over.json()["errors"]] == ["amount_pln"]
    done = api("finance").post(
        url,
        {"amount_pln": str(most), "transferred_on": "2008-02-18"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "transferred"
    assert done.json()["rate"] == "3.59020000" or Decimal(done.json()["rate"]) == RATE
    balances = api("coordinator").get("/api/v1/ledger/balances?programme=PIS").json()
    assert [(b["teryt"], Decimal(b["received_pln"])) for b in balances] == [("1001022", most)]
    everyone = api("admin").get("/api/v1/ledger/balances?programme=PIS").json()
    assert {b["teryt"] for b in everyone} == {"0601022", "1001022", "1001033"}
