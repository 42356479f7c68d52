"""The settlements and financial-reports API: the same states, rules and rights as the pages
(404 outside the scope, 403 for a forbidden action, 422 per field, 409 stale or wrong state)."""

from __future__ import annotations

import pytest

from integra.finance.models import Settlement

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def api(personas, signed_in):
    return lambda person: signed_in(getattr(personas, person))


def test_a_settlement_through_the_api(settlement_world, api):
    gmina, finance = api("coordinator"), api("finance")
    created = gmina.post(
        "/api/v1/settlements",
        {"programme": "PIS", "gmina": "1001022", "year": 2007},
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["figures"]["received_pln"] == "40000.00"
    assert body["figures"]["lines"][0]["rest_pln"] == "23363.64"
    url = f"/api/v1/settlements/{body['id']}"
    again = gmina.post(
        "/api/v1/settlements",
        {"programme": "PIS", "gmina": "1001022", "year": 2007},
        content_type=JSON,
    )
    assert again.status_code == 409
    bad = gmina.put(url, {"disposition": "spend", "lock_version": 1}, content_type=JSON)
    assert bad.status_code == 422
    assert [e["loc"][-1] for e in bad.json()["errors"]] == ["disposition"]
    saved = gmina.put(url, {"disposition": "return", "lock_version": 1}, content_type=JSON)
    assert saved.json()["lock_version"] == 2
    stale = gmina.put(url, {"disposition": "carry_over", "lock_version": 1}, content_type=JSON)
    assert stale.status_code == 409
    assert finance.post(f"{url}/accept").status_code == 409  # not submitted
    assert gmina.post(f"{url}/submit").json()["status"] == "submitted"
    assert gmina.post(f"{url}/accept").status_code == 403
    assert api("neighbour").post(f"{url}/accept").status_code == 404
    no_comment = finance.post(f"{url}/return", {"comment": " "}, content_type=JSON)
    assert no_comment.status_code == 422
    returned = finance.post(f"{url}/return", {"comment": "Popraw"}, content_type=JSON)
    assert returned.json()["status"] == "returned"
    gmina.post(f"{url}/submit")
    accepted = finance.post(f"{url}/accept").json()
    assert accepted["status"] == "accepted" and accepted["figures"]["spent_pln"] == "13000.00"
    assert Settlement.objects.get().figures["spent_pln"] == "13000.00"
    listed = api("officer").get("/api/v1/settlements?status=accepted").json()["items"]
    assert [s["id"] for s in listed] == [body["id"]]
    assert api("officer_lublin").get("/api/v1/settlements").json()["items"] == []
    assert api("officer_lublin").get(url).status_code == 404


def test_outside_the_scope_a_new_settlement_is_404(settlement_world, api):
    response = api("coordinator_lublin").post(
        "/api/v1/settlements",
        {"programme": "PIS", "gmina": "1001022", "year": 2007},
        content_type=JSON,
    )
    assert response.status_code == 404
    forbidden = api("viewer").post(
        "/api/v1/settlements",
        {"programme": "PIS", "gmina": "1001022", "year": 2007},
        content_type=JSON,
    )
    assert forbidden.status_code == 403
    assert not Settlement.objects.exists()


def test_the_reports_api(settlement_world, api):
    ifr = api("admin").get("/api/v1/financial-reports/interim?programme=PIS&year=2007&semester=1")
    assert ifr.status_code == 200
    body = ifr.json()
    assert body["starts_on"] == "2007-01-01" and body["uses"][0]["code"] == "B2"
    assert body["uses"][0]["period"] == {"eur": "9950.00", "pln": "40000.00"}
    assert (
        api("finance").get("/api/v1/financial-reports/interim?year=2007&semester=1").status_code
        == 403
    )
    assert (
        api("admin").get("/api/v1/financial-reports/interim?year=2007&semester=3").status_code
        == 422
    )
    regions = api("finance").get("/api/v1/financial-reports/programme?until=2007-12-31").json()
    assert [r["teryt"] for r in regions] == ["10"]
    assert (
        api("coordinator").get("/api/v1/financial-reports/programme?until=2007-12-31").status_code
        == 403
    )
    statement = api("viewer").get("/api/v1/financial-reports/statement?gmina=1001022&year=2007")
    assert statement.json()["spent_pln"] == "13000.00"
    assert (
        api("coordinator_lublin")
        .get("/api/v1/financial-reports/statement?gmina=1001022&year=2007")
        .status_code
        == 404
    )
