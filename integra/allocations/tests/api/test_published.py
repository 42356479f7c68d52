"""The API of amendments and tranches: wiring, one success and the refusals per operation, with
the rights of each role and territory."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from integra.allocations import services
from integra.allocations.models import AllocationAmendment, AllocationResult, Tranche
from integra.core.actors import SystemActor

pytestmark = pytest.mark.django_db

URL = "/api/v1/allocation-runs"


@pytest.fixture
def api(personas, api_as):
    """api(persona name) → an API client of that persona."""

    def client(name: str) -> Client:
        return api_as(getattr(personas, name))

    return client


def tranches_url(run, teryt="1001022") -> str:
    return f"{URL}/{run.pk}/results/{teryt}/tranches"


def test_an_admin_amends_and_lists_amendments(api, published):
    admin = api("admin")
    body = {
        "teryt": "1001022",
        "amount_eur": "140000",
        "reason": "GUS correction",
        "lock_version": 1,
    }

    created = admin.post(f"{URL}/{published.pk}/amendments", body, content_type="application/json")

    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["teryt"], data["amended_by"], data["reason"]) == (
        "1001022",
        "admin",
        "GUS correction",
    )
    assert Decimal(data["amount_before_eur"]) == 135200
    listed = admin.get(f"{URL}/{published.pk}/amendments").json()
    assert [item["id"] for item in listed["items"]] == [data["id"]]


def test_a_refused_amendment_answers_with_its_code(api, published):
    body = {"teryt": "1001022", "amount_eur": "235300", "reason": "more", "lock_version": 1}

    response = api("admin").post(
        f"{URL}/{published.pk}/amendments", body, content_type="application/json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "allocation_exceeds_budget"
    assert AllocationResult.objects.get(run=published, gmina__teryt="1001022").amount_eur == 135200


@pytest.mark.parametrize(("name", "status"), [("analyst", 403), ("officer", 404)])
def test_only_the_ministry_admin_amends(api, published, name, status):
    body = {"teryt": "1001022", "amount_eur": "140000", "reason": "x", "lock_version": 1}

    response = api(name).post(
        f"{URL}/{published.pk}/amendments", body, content_type="application/json"
    )

    assert response.status_code == status
    assert api(name).get(f"{URL}/{published.pk}/amendments").status_code == (
        200 if name == "analyst" else 404
    )


@pytest.mark.parametrize(
    ("name", "teryt", "status"),
    [
        ("coordinator", "1001022", 200),
        ("officer", "1001022", 200),
        ("analyst", "0601022", 200),
        ("neighbour", "1001022", 404),
        ("officer_lublin", "1001022", 404),
        ("admin", "0602022", 404),  # not in the run
    ],
)
def test_who_reads_a_gminas_tranches(api, published, name, teryt, status):
    response = api(name).get(tranches_url(published, teryt))

    assert response.status_code == status
    if status == 200:
        assert [t["number"] for t in response.json()] == [1, 2, 3]


def test_the_regional_officer_edits_tranches(api, published):
    body = {
        "tranches": [
            {"number": 1, "amount_eur": "49573.34"},
            {"number": 3, "amount_eur": "49573.33"},
        ],
        "lock_version": 1,
    }

    response = api("officer").put(tranches_url(published), body, content_type="application/json")

    assert response.status_code == 200, response.content
    assert [t["amount_eur"] for t in response.json()] == ["49573.34", "49573.33", "49573.33"]


@pytest.mark.parametrize(
    ("name", "tranches", "status", "code"),
    [
        ("officer", [{"number": 1, "amount_eur": "1"}], 400, "tranche_schedule_invalid"),
        (
            "officer",
            [{"number": 1, "amount_eur": "1"}, {"number": 1, "amount_eur": "2"}],
            400,
            "tranche_schedule_invalid",
        ),
        ("coordinator", [{"number": 1, "amount_eur": "49573.33"}], 403, "forbidden"),
    ],
)
def test_refused_tranche_edits(api, published, name, tranches, status, code):
    response = api(name).put(
        tranches_url(published),
        {"tranches": tranches, "lock_version": 1},
        content_type="application/json",
    )

    assert response.status_code == status
    assert response.json()["code"] == code
    assert Tranche.objects.get(
        result__run=published, gmina__teryt="1001022", number=1
    ).amount_eur == Decimal("49573.33")


def test_the_finance_officer_records_a_transfer(api, published, nbp_rate):
    body = {"amount_pln": "485395.04", "transferred_on": "2008-02-18"}

    response = api("finance").post(
        f"{tranches_url(published)}/1/transfer", body, content_type="application/json"
    )

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "transferred"
    assert (data["rate"], data["rate_table_no"], data["rate_table_on"]) == (
        "3.59020000",
        "033/A/NBP/2008",
        "2008-02-15",
    )
    assert data["eur_equivalent"] == "135200.00"


@pytest.mark.parametrize(
    ("name", "number", "day", "status"),
    [
        ("finance", 1, "2009-06-01", 422),  # no rate: never a fallback
        ("finance", 9, "2008-02-18", 404),
        ("officer", 1, "2008-02-18", 403),
        ("neighbour", 1, "2008-02-18", 404),
    ],
)
def test_refused_transfers(api, published, nbp_rate, name, number, day, status):
    body = {"amount_pln": "100.00", "transferred_on": day}

    response = api(name).post(
        f"{tranches_url(published)}/{number}/transfer", body, content_type="application/json"
    )

    assert response.status_code == status
    assert not Tranche.objects.filter(status="transferred").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount_pln": "100.00", "transferred_on": "0001-01-01"}, "transferred_on"),
        ({"amount_pln": "100.00", "transferred_on": "9999-12-31"}, "transferred_on"),
        ({"amount_pln": "1e400", "transferred_on": "2008-02-18"}, "amount_pln"),
        ({"amount_pln": "1E+30", "transferred_on": "2008-02-18"}, "amount_pln"),
    ],
)
def test_a_transfer_out_of_bounds_answers_422_at_its_field(api, published, nbp_rate, body, field):
    response = api("finance").post(
        f"{tranches_url(published)}/1/transfer", body, content_type="application/json"
    )

    assert response.status_code == 422, response.content
    assert [error["loc"][-1] for error in response.json()["errors"]] == [field]
    assert not Tranche.objects.filter(status="transferred").exists()


def test_the_transfer_service_refuses_a_day_outside_the_window(published, nbp_rate):
    tranche = Tranche.objects.get(gmina__teryt="1001022", number=1)

    with pytest.raises(services.TransferInvalid) as refusal:
        services.record_transfer(
            actor=SystemActor("test"),
            tranche=tranche,
            amount_pln=Decimal("100.00"),
            transferred_on=dt.date(1, 1, 1),
        )

    assert refusal.value.by_field() == {
        "transferred_on": ["The date must lie between 1990-01-01 and 2100-12-31."]
    }
    assert not Tranche.objects.filter(status="transferred").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount_eur": "1e400", "reason": "x"}, "amount_eur"),
        ({"amount_eur": "100", "reason": "x" * 2001}, "reason"),
        ({"amount_eur": "140000", "reason": "GUS\u202ecorrection"}, "reason"),
    ],
)
def test_an_amendment_out_of_bounds_answers_422_at_its_field(api, published, body, field):
    body = {"teryt": "1001022", "lock_version": 1, **body}

    response = api("admin").post(
        f"{URL}/{published.pk}/amendments", body, content_type="application/json"
    )

    assert response.status_code == 422, response.content
    assert field in [error["loc"][-1] for error in response.json()["errors"]]
    assert not AllocationAmendment.objects.exists()


def test_a_stale_tranche_edit_answers_409_and_changes_nothing(api, published):
    officer = api("officer")
    seen = officer.get(tranches_url(published)).json()
    assert {t["lock_version"] for t in seen} == {1}
    body = {
        "tranches": [
            {"number": 1, "amount_eur": "49573.34"},
            {"number": 3, "amount_eur": "49573.33"},
        ],
        "lock_version": 1,
    }
    saved = officer.put(tranches_url(published), body, content_type="application/json")
    assert saved.status_code == 200
    other_tab = {
        **body,
        "tranches": [{"number": 2, "amount_eur": "0"}, {"number": 3, "amount_eur": "99146.67"}],
    }

    response = officer.put(tranches_url(published), other_tab, content_type="application/json")

    assert response.status_code == 409
    assert response.json()["code"] == "allocation_edit_conflict"
    assert [t["amount_eur"] for t in officer.get(tranches_url(published)).json()] == [
        "49573.34",
        "49573.33",
        "49573.33",
    ]


def test_a_stale_amendment_answers_409_and_changes_nothing(api, published):
    admin = api("admin")
    url = f"{URL}/{published.pk}/amendments"
    body = {"teryt": "1001022", "amount_eur": "140000", "reason": "GUS", "lock_version": 1}
    assert admin.post(url, body, content_type="application/json").status_code == 201

    response = admin.post(url, {**body, "amount_eur": "150000"}, content_type="application/json")

    assert response.status_code == 409
    assert response.json()["code"] == "allocation_edit_conflict"
    assert AllocationResult.objects.get(run=published, gmina__teryt="1001022").amount_eur == 140000


def test_an_edit_without_its_lock_version_answers_422(api, published):
    body = {"tranches": [{"number": 1, "amount_eur": "49573.33"}]}

    response = api("officer").put(tranches_url(published), body, content_type="application/json")

    assert response.status_code == 422
    assert ["lock_version"] in [error["loc"][-1:] for error in response.json()["errors"]]


def test_anonymous_callers_are_refused(client, published):
    assert client.get(tranches_url(published)).status_code == 401
    assert client.get(f"{URL}/{published.pk}/amendments").status_code == 401
