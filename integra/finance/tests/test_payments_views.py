"""The payment pages: the coordinator records a payment with its invoice in one form (errors at
the field, nothing written), another finance user sees it in the queue and approves it with the
day paid; 404 outside the scope, 403 for an action the role may not take; the export follows
the filters; the API answers with the same rules and rights."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from integra.finance.models import Payment
from integra.finance.tests.payments_factories import (
    ADVANCE,
    NIP,
    VALUE,
    accept,
    payment_world,
    receive,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas, small_tree):
    world = payment_world(personas, small_tree)
    receive(world, VALUE)
    return world


def _page(world) -> str:
    return reverse("finance:contract-payments", args=[world.contract.pk])


ADVANCE_POST = {"kind": "advance", "amount_pln": "1859.76"}


def test_the_coordinator_records_and_another_approves(world, signed_in):
    coordinator = signed_in(world.people.coordinator)
    page = coordinator.get(_page(world))
    assert page.status_code == 200 and "Record the payment" in page.content.decode()
    too_much = coordinator.post(_page(world), {**ADVANCE_POST, "amount_pln": "1859.77"})
    assert too_much.status_code == 200 and "30%" in too_much.content.decode()
    assert 'aria-invalid="true"' in too_much.content.decode()
    assert not Payment.objects.exists()
    done = coordinator.post(_page(world), ADVANCE_POST)
    assert done.status_code == 302
    payment = Payment.objects.get()
    assert payment.amount_pln == ADVANCE
    again = coordinator.get(_page(world)).content.decode()
    assert "Another finance user approves this payment." in again
    forbidden = coordinator.post(
        reverse("finance:payment-approve", args=[payment.pk]), {f"a{payment.pk}-paid_on": ""}
    )
    assert forbidden.status_code == 403
    finance = signed_in(world.people.finance)
    queue = finance.get(reverse("finance:payments")).content.decode()
    assert f'id="queue-{payment.pk}"' in queue
    approved = finance.post(
        reverse("finance:payment-approve", args=[payment.pk]),
        {f"a{payment.pk}-paid_on": "2007-07-03"},
    )
    assert approved.status_code == 302
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.transaction_id is not None


def test_an_invoice_with_a_bad_nip_is_refused_at_its_field(world, signed_in):
    accept(world, "final")
    response = signed_in(world.people.coordinator).post(
        _page(world),
        {
            "kind": "final",
            "amount_pln": "100.00",
            "invoice_number": "FV/9/2007",
            "invoice_issued_on": "2007-12-28",
            "invoice_issuer_nip": "5260250275",
            "invoice_amount_pln": "100.00",
            "invoice_line": "services",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "valid check digit" in html
    assert not Payment.objects.exists()
    ok = signed_in(world.people.coordinator).post(
        _page(world),
        {
            "kind": "final",
            "amount_pln": "100.00",
            "invoice_number": "FV/9/2007",
            "invoice_issued_on": "2007-12-28",
            "invoice_issuer_nip": NIP,
            "invoice_amount_pln": "100.00",
            "invoice_line": "services",
        },
    )
    assert ok.status_code == 302 and Payment.objects.get().parts.get().invoice.number == "FV/9/2007"


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("coordinator", 200),
        ("viewer", 200),
        ("finance", 200),
        ("provider", 200),
        ("neighbour", 404),
        ("coordinator_lublin", 404),
        ("officer_lublin", 404),
    ],
)
def test_who_opens_the_contracts_payments(world, signed_in, person, status):
    assert signed_in(getattr(world.people, person)).get(_page(world)).status_code == status


@pytest.mark.parametrize(
    ("person", "status"),
    [("viewer", 403), ("officer", 403), ("neighbour", 404), ("coordinator_lublin", 404)],
)
def test_who_may_not_record(world, signed_in, person, status):
    response = signed_in(getattr(world.people, person)).post(_page(world), ADVANCE_POST)
    assert response.status_code == status and not Payment.objects.exists()


def test_the_export_follows_the_filters(world, signed_in):
    client = signed_in(world.people.coordinator)
    client.post(_page(world), ADVANCE_POST)
    every = client.get(reverse("finance:payment-export", args=["csv"]))
    assert every.status_code == 200 and world.contract.number in every.content.decode("utf-8-sig")
    none = client.get(reverse("finance:payment-export", args=["csv"]) + "?status=paid")
    assert world.contract.number not in none.content.decode("utf-8-sig")
    assert client.get(reverse("finance:payment-export", args=["xlsx"])).status_code == 200


def test_refunds_page_records_a_return(world, signed_in):
    client = signed_in(world.people.coordinator)
    response = client.post(
        reverse("finance:refunds"),
        {
            "gmina": world.gmina.teryt,
            "return-amount_pln": "100.00",
            "return-received_on": "2007-07-03",
            "return-reason": "Niewykorzystane środki",
        },
    )
    assert response.status_code == 302
    assert "Niewykorzystane" in client.get(reverse("finance:refunds")).content.decode()


def test_the_api_records_and_approves_with_the_same_rules(world, signed_in):
    coordinator = signed_in(world.people.coordinator)
    body = {"contract": world.contract.pk, "kind": "advance", "amount_pln": "1859.77"}
    refused = coordinator.post(
        "/api/v1/payments", json.dumps(body), content_type="application/json"
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["loc"][-1] == "amount_pln"
    body["amount_pln"] = "1859.76"
    created = coordinator.post(
        "/api/v1/payments", json.dumps(body), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    same = coordinator.post(
        f"/api/v1/payments/{pk}/approve", json.dumps({}), content_type="application/json"
    )
    assert same.status_code == 403
    approved = signed_in(world.people.finance).post(
        f"/api/v1/payments/{pk}/approve",
        json.dumps({"paid_on": "2007-07-03"}),
        content_type="application/json",
    )
    assert approved.status_code == 200 and approved.json()["status"] == "paid"
    listed = signed_in(world.people.provider).get("/api/v1/payments").json()
    assert [item["id"] for item in listed["items"]] == [pk]
    assert signed_in(world.people.neighbour).get(f"/api/v1/payments/{pk}").status_code == 404
    invoices = signed_in(world.people.coordinator).post(
        "/api/v1/invoices",
        json.dumps(
            {
                "contract": world.contract.pk,
                "number": "FV/77/2007",
                "issued_on": "2007-12-28",
                "issuer_nip": NIP,
                "amount_pln": "500.00",
                "eligible_pln": "400.00",
                "line": "services",
            }
        ),
        content_type="application/json",
    )
    assert invoices.status_code == 201, invoices.content
    assert invoices.json()["ineligible_pln"] == "100.00"


def test_the_queue_decides_in_place_with_htmx_and_without_script(world, signed_in):
    signed_in(world.people.coordinator).post(_page(world), ADVANCE_POST)
    payment = Payment.objects.get()
    finance = signed_in(world.people.finance)
    queue = finance.get(reverse("finance:payments")).content.decode()
    assert f'hx-post="{reverse("finance:payment-approve", args=[payment.pk])}"' in queue
    htmx = {"HX-Request": "true"}
    approve = reverse("finance:payment-approve", args=[payment.pk])
    bad = finance.post(
        approve, {"from": "queue", f"a{payment.pk}-paid_on": "3000-01-01"}, headers=htmx
    )
    html = bad.content.decode()
    assert bad.status_code == 200 and html.lstrip().startswith(
        f'<li class="mb-3" id="queue-{payment.pk}"'
    )
    assert 'aria-invalid="true"' in html
    approved = finance.post(approve, {"from": "queue", f"a{payment.pk}-paid_on": ""}, headers=htmx)
    html = approved.content.decode()
    assert approved.status_code == 200 and "The payment was approved." in html
    assert "Record as paid" in html and "<html" not in html
    payment.refresh_from_db()
    assert payment.status == "approved"
    paid = finance.post(
        reverse("finance:payment-paid", args=[payment.pk]),
        {"from": "queue", f"p{payment.pk}-paid_on": "2007-07-03"},
    )
    assert paid.status_code == 302  # without script: the contract's page, as before
    payment.refresh_from_db()
    assert payment.status == "paid"


def test_the_form_previews_what_the_payment_leaves(world, signed_in):
    preview = reverse("finance:payment-preview", args=[world.contract.pk])
    page = signed_in(world.people.coordinator).get(_page(world)).content.decode()
    assert f'hx-get="{preview}"' in page and 'id="payment-preview"' in page
    client = signed_in(world.people.coordinator)
    typed = client.get(
        preview, {"kind": "final", "amount_pln": "100.00", "invoice_amount_pln": "150.00"}
    )
    text = " ".join(typed.content.decode().replace("\xa0", " ").split())
    assert typed.status_code == 200 and "left to pay on the contract: 6,099.20 PLN" in text
    assert "50.00 PLN would stay unpaid" in text and "more than is left" not in text
    over = client.get(preview, {"kind": "final", "amount_pln": "9999.00"}).content.decode()
    assert "more than is left of the contract" in over
    assert client.get(preview, {"amount_pln": "x"}).status_code == 200
    assert signed_in(world.people.viewer).get(preview).status_code == 403
    assert signed_in(world.people.neighbour).get(preview).status_code == 404
