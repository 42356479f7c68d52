"""The allocation-runs API: the ministry admin creates, publishes and compares; an analyst reads;
a gmina coordinator sees nothing (an empty list, 404 on a run, 403 on a write); anonymous 401."""

from __future__ import annotations

from decimal import Decimal

import pytest

from integra.allocations import services
from integra.allocations.models import AllocationRun
from integra.core.actors import SystemActor
from integra.programmes.tests.factories import ParticipationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/allocation-runs"


@pytest.fixture
def programme(small_tree):
    pis = ProgrammeFactory(name="PIS", budget_eur=Decimal(30000))
    for teryt in ("0601022", "1001022", "1001033"):
        ParticipationFactory(programme=pis, gmina=small_tree[teryt])
    return pis


@pytest.fixture
def admin(personas, api_as):
    return api_as(personas.admin)


@pytest.fixture
def coordinator(personas, api_as):
    return api_as(personas.coordinator)


@pytest.fixture
def run(programme):
    return services.create_run(
        actor=SystemActor("test"),
        programme=programme,
        params=services.RunParameters(method="equal", budget=Decimal(30000)),
    )


def test_the_ministry_admin_creates_and_publishes_a_run(admin, programme):
    created = admin.post(
        URL,
        {"programme": "PIS", "method": "population", "budget_eur": "30000"},
        content_type="application/json",
    )

    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["created_by"] == "admin"
    assert [r["teryt"] for r in body["results"]] == ["0601022", "1001022", "1001033"]
    assert sum(Decimal(r["amount_eur"]) for r in body["results"]) == 30000
    published = admin.post(f"{URL}/{body['id']}/publish")
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published"
    assert admin.post(f"{URL}/{body['id']}/publish").json()["code"] == "allocation_run_locked"


@pytest.mark.parametrize("amount", ["1e400", "1E+30", 1e30, "-1", "0.001", "NaN"])
def test_an_imported_amount_out_of_bounds_answers_422_at_its_gmina(admin, programme, amount):
    amounts = {"0601022": amount, "1001022": "10000", "1001033": "10000"}
    body = {"programme": "PIS", "method": "import", "budget_eur": "30000", "amounts": amounts}

    response = admin.post(URL, body, content_type="application/json")

    assert response.status_code == 422, response.content
    assert [error["loc"][-2:] for error in response.json()["errors"]] == [["amounts", "0601022"]]
    assert not AllocationRun.objects.exists()


def test_the_service_refuses_imported_amounts_no_column_holds(programme):
    amounts = {"0601022": Decimal("1E+30"), "1001022": Decimal(10000), "1001033": Decimal(10000)}

    with pytest.raises(services.AllocationImportInvalid) as refusal:
        services.create_run(
            actor=SystemActor("test"),
            programme=programme,
            params=services.RunParameters(method="import", budget=Decimal(30000)),
            amounts=amounts,
        )

    assert refusal.value.by_field() == {
        "amounts": ["not an amount up to 9999999999999999.99: 0601022"]
    }
    assert not AllocationRun.objects.exists()


def test_a_refused_creation_answers_with_the_domain_error(admin, programme):
    response = admin.post(
        URL,
        {"programme": "PIS", "method": "population", "budget_eur": "30000", "year": 2009},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "allocation_input_missing"
    assert not AllocationRun.objects.exists()


def test_the_admin_creates_a_weighted_run(admin, programme):
    created = admin.post(
        URL,
        {
            "programme": "PIS",
            "method": "population",
            "indicator": "weighted",
            "budget_eur": "30000",
            "weights": {"total": "1", "age_0_17": "0.5", "post_working": 0.5},
        },
        content_type="application/json",
    )

    assert created.status_code == 201, created.content
    body = created.json()
    assert body["indicator"] == "weighted"
    weights = {"total": "1", "age_0_17": "0.5", "post_working": "0.5"}
    assert body["indicator_weights"] == weights
    # 47432.5, 24739.5 and 40735.5 of 112907.5: quotas 126.03, 65.73, 108.24 units of 100 EUR.
    assert [(r["indicator_value"], r["amount_eur"]) for r in body["results"]] == [
        ("47432.50", "12600.00"),
        ("24739.50", "6600.00"),
        ("40735.50", "10800.00"),
    ]
    detail = admin.get(f"{URL}/{body['id']}").json()
    assert detail["indicator_weights"] == weights


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"indicator": "weighted"}, 422, "allocation_weights_invalid"),
        ({"indicator": "weighted", "weights": {"total": "0"}}, 422, "allocation_weights_invalid"),
        ({"weights": {"total": "1"}}, 422, "allocation_weights_invalid"),
        ({"indicator": "weighted", "weights": {"total": "-1"}}, 422, "validation_error"),
        ({"indicator": "weighted", "weights": {"total": "1001"}}, 422, "validation_error"),
        ({"indicator": "weighted", "weights": {"total": "0.125"}}, 422, "validation_error"),
        ({"indicator": "weighted", "weights": {"adults": "1"}}, 422, "validation_error"),
    ],
)
def test_refused_weights_answer_with_the_error(admin, programme, changes, status, code):
    data = {"programme": "PIS", "method": "population", "budget_eur": "30000", **changes}

    response = admin.post(URL, data, content_type="application/json")

    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert not AllocationRun.objects.exists()


def test_a_refused_weight_names_its_field(admin, programme):
    response = admin.post(
        URL,
        {
            "programme": "PIS",
            "method": "population",
            "budget_eur": "30000",
            "weights": {"total": 1},
        },
        content_type="application/json",
    )

    errors = response.json()["errors"]
    assert [(e["loc"], e["msg"]) for e in errors] == [
        (["body", "weights"], "weights are given for another indicator")
    ]


def test_lists_details_and_compares_runs(personas, api_as, programme, run):
    analyst = api_as(personas.analyst)
    other = services.create_run(
        actor=SystemActor("test"),
        programme=programme,
        params=services.RunParameters(method="population", budget=Decimal(30000)),
    )

    listed = analyst.get(URL).json()
    assert [item["id"] for item in listed["items"]] == [other.pk, run.pk]
    assert listed["count"] == 2
    assert len(analyst.get(f"{URL}/{run.pk}").json()["results"]) == 3
    compared = analyst.get(f"{URL}/{run.pk}/compare/{other.pk}")
    assert compared.status_code == 200, compared.content
    assert [v["teryt"] for v in compared.json()["voivodeships"]] == ["06", "10"]
    assert analyst.post(f"{URL}/{run.pk}/publish").status_code == 403


def test_a_gmina_coordinator_sees_no_run(coordinator, run):
    listed = coordinator.get(URL)

    assert listed.status_code == 200
    assert listed.json()["items"] == [] and listed.json()["count"] == 0
    assert coordinator.get(f"{URL}/{run.pk}").status_code == 404
    assert coordinator.post(f"{URL}/{run.pk}/publish").status_code == 404
    assert coordinator.get(f"{URL}/{run.pk}/compare/{run.pk}").status_code == 404
    created = coordinator.post(
        URL, {"programme": "PIS", "method": "equal", "budget_eur": "100"}, "application/json"
    )
    assert created.status_code == 403
    assert AllocationRun.objects.count() == 1


def test_an_anonymous_caller_is_refused(client, run):
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}/{run.pk}").status_code == 401
    assert client.post(f"{URL}/{run.pk}/publish").status_code == 401
