"""The ministry's funding page and API: an administrator records a loan disbursement (EUR) and a
component's payment (PLN, Polish amounts), each refusal at its field with nothing written (a
bad amount, no NBP rate for the day, a reference recorded before); the analyst reads, other
roles are refused; the export and the API show the same list."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from integra.finance import rules
from integra.finance.models import Transaction
from integra.finance.services import components as component_services
from integra.finance.tests.factories import SYSTEM

pytestmark = pytest.mark.django_db
PAGE = reverse("finance:funding")


@pytest.fixture
def campaign(pis, nbp_rate):
    return component_services.create_component(
        actor=SYSTEM,
        programme=pis,
        data=rules.ComponentInput(code="C", name="Kampania", budget_eur=Decimal("5000")),
    )


def _funding(**values) -> dict[str, str]:
    data = {
        "form": "funding",
        "funding-source": "loan",
        "funding-amount_eur": "50000.00",
        "funding-received_on": "2008-02-18",
        "funding-reference": "WA-01",
    }
    return data | {f"funding-{key}": value for key, value in values.items()}


def test_the_administrator_records_a_disbursement_and_a_component_payment(
    campaign, personas, signed_in
):
    client = signed_in(personas.admin)
    assert client.get(PAGE).status_code == 200
    done = client.post(PAGE, _funding())
    assert done.status_code == 302
    client.cookies["django_language"] = "pl"
    paid = client.post(
        PAGE,
        {
            "form": "component",
            "component-component": str(campaign.pk),
            "component-amount_pln": "3 590,20",
            "component-paid_on": "2008-02-18",
            "component-reference": "C/1/2008",
        },
    )
    assert paid.status_code == 302
    client.cookies["django_language"] = "en"
    html = client.get(PAGE).content.decode()
    assert "WA-01" in html and "C/1/2008" in html and "3.5902" in html
    loan = Transaction.objects.get(key__startswith="funding:")
    assert loan.entries.filter(currency="PLN", amount__gt=0).get().amount == Decimal("179510.00")
    export = client.get(reverse("finance:funding-export", args=["csv"]) + "?kind=component")
    body = export.content.decode("utf-8-sig")
    assert "C/1/2008" in body and "WA-01" not in body


def test_bad_input_comes_back_at_its_fields_and_nothing_is_written(campaign, personas, signed_in):
    client = signed_in(personas.admin)
    bad = client.post(PAGE, _funding(amount_eur="-5", reference=""))
    html = bad.content.decode()
    assert bad.status_code == 422
    assert 'id="id_funding-amount_eur_error"' in html and 'id="id_funding-reference_error"' in html
    no_rate = client.post(PAGE, _funding(received_on="2007-01-02"))
    assert (
        no_rate.status_code == 422
        and 'id="id_funding-received_on_error"' in no_rate.content.decode()
    )
    assert not Transaction.objects.filter(key__startswith="funding:").exists()
    assert client.post(PAGE, _funding()).status_code == 302
    twice = client.post(PAGE, _funding(amount_eur="10.00"))
    assert twice.status_code == 422 and "recorded already" in twice.content.decode()
    assert Transaction.objects.filter(key__startswith="funding:").count() == 1


@pytest.mark.parametrize(
    ("person", "read", "write"),
    [
        ("admin", 200, 302),
        ("analyst", 200, 403),
        ("finance", 403, 403),
        ("coordinator", 403, 403),
        ("officer_lublin", 403, 403),
    ],
)
def test_who_reads_and_records(campaign, personas, signed_in, person, read, write):
    client = signed_in(getattr(personas, person))
    assert client.get(PAGE).status_code == read
    assert client.post(PAGE, _funding()).status_code == write


def test_the_api_records_and_lists_with_the_same_rules(campaign, personas, api_as):
    admin = api_as(personas.admin)
    body = {
        "source": "counterpart",
        "amount_eur": "5000.00",
        "received_on": "2008-02-18",
        "reference": "MF-01",
    }
    created = admin.post("/api/v1/funding/disbursements", json.dumps(body), "application/json")
    assert created.status_code == 201, created.content
    assert created.json()["amount_pln"] == "17951.00"
    again = admin.post("/api/v1/funding/disbursements", json.dumps(body), "application/json")
    assert again.status_code == 422 and again.json()["errors"][0]["loc"][-1] == "reference"
    payment = {"component": campaign.pk, "amount_pln": "100.00", "paid_on": "2008-02-18"}
    paid = admin.post(
        "/api/v1/funding/component-payments",
        json.dumps(payment | {"reference": "C/2"}),
        "application/json",
    )
    assert paid.status_code == 201 and paid.json()["kind"] == "component"
    listed = api_as(personas.analyst).get("/api/v1/funding").json()
    assert {row["reference"] for row in listed} == {"C/2", "MF-01"}
    refused = api_as(personas.analyst).post(
        "/api/v1/funding/disbursements", json.dumps(body | {"reference": "X"}), "application/json"
    )
    assert refused.status_code == 403
    assert api_as(personas.finance).get("/api/v1/funding").status_code == 403
    assert dt.date.fromisoformat(listed[0]["day"]) == dt.date(2008, 2, 18)
