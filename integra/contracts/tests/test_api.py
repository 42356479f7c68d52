"""The procurement API wired to the services with the pages' rules and rights: a round built and
published, an offer submitted (another provider's is a 404 to a provider user, even in the same
round; after the deadline a 409 with nothing written), a contract over the free amount refused
with 422 naming it, an annex from a stale copy a 409, a report submitted and accepted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from integra.contracts.models import Offer, ProcurementRound
from integra.contracts.tests.factories import (
    make_contract,
    make_offer,
    make_round,
    selected_offer,
)

pytestmark = pytest.mark.django_db
JSON = "application/json"


def iso(moment):
    return moment.isoformat()


def test_a_round_is_built_and_published(world, api_as):
    client = api_as(world.people.coordinator)
    deadline = timezone.now() + dt.timedelta(days=14)
    body = {
        "plan": world.version.plan.pk,
        "title": "Nabór 2007",
        "deadline_at": iso(deadline),
        "meeting_at": iso(deadline - dt.timedelta(days=7)),
        "meeting_place": "Urząd Gminy",
        "services": [str(world.care.key)],
        "criteria": [{"name": "Cena", "weight": 60}, {"name": "Jakość", "weight": 30}],
    }
    refused = client.post("/api/v1/procurement-rounds", body, content_type=JSON)
    assert refused.status_code == 422
    assert [e["loc"] for e in refused.json()["errors"]] == [["body", "criteria"]]
    body["criteria"][1]["weight"] = 40
    created = client.post("/api/v1/procurement-rounds", body, content_type=JSON)
    assert created.status_code == 201 and created.json()["services"][0]["budget_pln"] == "8000.00"
    published = client.post(f"/api/v1/procurement-rounds/{created.json()['id']}/publish")
    assert published.json()["status"] == "published"
    assert (
        api_as(world.people.neighbour)
        .get(f"/api/v1/procurement-rounds/{created.json()['id']}")
        .status_code
        == 404
    )


def offer_body(round_, provider):
    return {
        "round": round_.pk,
        "lot": round_.services.first().pk,
        "provider": provider.pk,
        "actions": "Pomoc sąsiedzka",
        "expected_results": "16 osób",
        "groups": [{"group": "OS", "people": 16}],
        "schedule": [{"description": "Wizyty", "quarters": ["2007-Q3"]}],
        "cost_lines": [{"name": "Wynagrodzenia", "amount_pln": "6199.20"}],
        "non_duplication_declared": True,
    }


def test_offers_through_the_api_and_their_sight(world, api_as):
    round_ = make_round(
        world,
        status="published",
        deadline_at=timezone.now() + dt.timedelta(days=3),
        meeting_at=timezone.now() + dt.timedelta(days=1),
    )
    client = api_as(world.people.provider)
    created = client.post("/api/v1/offers", offer_body(round_, world.own), content_type=JSON)
    assert created.status_code == 201 and created.json()["total_pln"] == "6199.20"
    theirs = make_offer(round_, world.other, lot=round_.services.last())
    assert client.get(f"/api/v1/offers/{theirs.pk}").status_code == 404
    assert [o["id"] for o in client.get("/api/v1/offers").json()["items"]] == [created.json()["id"]]
    bad = offer_body(round_, world.own) | {"groups": [{"group": "ZZ", "people": 1}]}
    refused = client.post("/api/v1/offers", bad, content_type=JSON)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "groups", "0", "group"]


def test_an_offer_after_the_deadline_is_a_409_with_nothing_written(world, api_as):
    round_ = make_round(
        world,
        status="published",
        deadline_at=timezone.now() - dt.timedelta(minutes=1),
        meeting_at=timezone.now() - dt.timedelta(days=2),
    )
    response = api_as(world.people.provider).post(
        "/api/v1/offers", offer_body(round_, world.own), content_type=JSON
    )
    assert response.status_code == 409 and response.json()["code"] == "offer_after_deadline"
    assert not Offer.objects.exists()


def terms(world, number="UM/9/2007", value="6199.20"):
    return {
        "kind": "agreement",
        "number": number,
        "signed_on": "2007-06-01",
        "gmina_representative": "Jan Wójt",
        "provider_representative": "Anna Prezes",
        "starts_on": "2007-06-01",
        "ends_on": "2007-12-31",
        "value_pln": value,
        "shares": [{"service_key": str(world.care.key), "amount_pln": value}],
        "instalments": [{"due_on": "2007-06-15", "amount_pln": value}],
        "beneficiaries": [{"group": "OS", "people": 16}],
        "reports": [{"kind": "final", "due_on": "2008-01-15"}],
    }


def test_contracts_the_money_guard_and_annex_conflicts(world, api_as):
    make_contract(world, value=Decimal("3000.00"))
    client = api_as(world.people.coordinator)
    offer = selected_offer(world)
    refused = client.post(
        "/api/v1/contracts", {"offer": offer.pk, "terms": terms(world)}, content_type=JSON
    )
    assert refused.status_code == 422 and refused.json()["code"] == "budget_exceeded"
    assert "5,000.00" in refused.json()["errors"][0]["msg"]
    created = client.post(
        "/api/v1/contracts",
        {"offer": offer.pk, "terms": terms(world, value="5000.00")},
        content_type=JSON,
    )
    assert created.status_code == 201
    contract_id = created.json()["id"]
    annex = {"terms": terms(world, value="4000.00"), "reason": "Mniej godzin", "lock_version": 0}
    stale = client.post(f"/api/v1/contracts/{contract_id}/annexes", annex, content_type=JSON)
    assert stale.status_code == 409
    annex["lock_version"] = 1
    done = client.post(f"/api/v1/contracts/{contract_id}/annexes", annex, content_type=JSON)
    assert done.status_code == 201 and done.json()["value_after_pln"] == "4000.00"
    assert api_as(world.people.provider).get(f"/api/v1/contracts/{contract_id}").status_code == 200
    assert (
        api_as(world.people.coordinator_lublin).get(f"/api/v1/contracts/{contract_id}").status_code
        == 404
    )


def test_a_report_is_submitted_and_accepted(world, api_as):
    contract = make_contract(world, value=Decimal("6199.20"))
    report = contract.reports.create(kind="final", number=1, due_on=contract.ends_on)
    body = {
        "actions_done": "Wizyty",
        "results": "16 osób",
        "reach": [{"group": "OS", "sex": "f", "age_band": "60_65_plus", "people": 16}],
        "costs": [{"name": "Wynagrodzenia", "budget_pln": "6199.20", "spent_pln": "6199.20"}],
        "documents": [
            {
                "cost": 0,
                "number": "RB/1",
                "issued_on": "2007-09-01",
                "issuer": "Opiekunka",
                "amount_pln": "6199.20",
                "eligible_pln": "6199.20",
            }
        ],
        "lock_version": 1,
    }
    submitted = api_as(world.people.provider).post(
        f"/api/v1/provider-reports/{report.pk}/submit", body, content_type=JSON
    )
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    accepted = api_as(world.people.coordinator).post(f"/api/v1/provider-reports/{report.pk}/accept")
    assert accepted.json()["status"] == "accepted"
    contract.refresh_from_db()
    assert contract.status == "final_report_accepted"
    assert ProcurementRound.objects.count() == 1
