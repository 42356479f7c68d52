"""The programmes API: the list, a programme's overview and its allocation map as GeoJSON, for
the ministry; a gmina coordinator and a regional officer are refused (403); anonymous 401."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from integra.accounts.models import Role
from integra.accounts.services import create_user
from integra.accounts.services.tokens import issue_token
from integra.core.actors import SystemActor

pytestmark = pytest.mark.django_db

URL = "/api/v1/programmes"


def client_of(small_tree, username: str, role: str, teryt: str = "PL") -> Client:
    user = create_user(
        actor=SystemActor("test"),
        username=username,
        email="",
        password="a-long-pass-phrase-123",
        assignments=[(role, small_tree[teryt])],
    )
    _token, secret = issue_token(actor=SystemActor("test"), user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def analyst(small_tree):
    return client_of(small_tree, "analyst", Role.MINISTRY_ANALYST)


def test_the_list_gives_code_name_and_budget(analyst, published):
    body = analyst.get(URL).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["code"], item["name"], item["budget_eur"]) == (
        "PIS",
        "Program Integracji Społecznej",
        "100000.00",
    )


def test_the_overview_gives_the_figures_of_the_page(analyst, published):
    body = analyst.get(f"{URL}/PIS/overview").json()
    assert body["run"]["id"] == published.pk
    assert body["training_percent"] == "10.00"
    assert (body["services_eur"], body["training_eur"], body["total_eur"]) == (
        "90000.00",
        "9000.00",
        "99000.00",
    )
    assert body["unallocated_eur"] == "10000.00"
    assert [(v["teryt"], v["gminas"], v["total_eur"]) for v in body["voivodeships"]] == [
        ("06", 1, "33000.00"),
        ("10", 2, "66000.00"),
    ]
    assert body["totals"]["gminas"] == 3


def test_the_overview_without_a_published_run_has_no_run_and_zero_lines(analyst, programme):
    body = analyst.get(f"{URL}/PIS/overview").json()
    assert body["run"] is None
    assert Decimal(body["services_eur"]) == 0
    assert body["unallocated_eur"] == "100000.00"


@pytest.mark.parametrize("level", ["gmina", "voivodeship"])
def test_the_allocation_map_is_a_feature_collection_at_the_level(analyst, published, level):
    body = analyst.get(f"{URL}/PIS/allocation-map", {"level": level}).json()
    assert body["type"] == "FeatureCollection"
    assert body["level"] == level
    units = [f["properties"] for f in body["features"]] + body["unmapped"]
    assert sum(Decimal(u["amount_eur"]) for u in units) == Decimal("90000")
    assert len(units) == (3 if level == "gmina" else 2)


def test_an_unknown_level_or_programme_is_refused(analyst, published):
    assert analyst.get(f"{URL}/PIS/allocation-map", {"level": "powiat"}).status_code == 422
    response = analyst.get(f"{URL}/NOPE/overview")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("role", "teryt"), [(Role.GMINA_COORDINATOR, "1001022"), (Role.REGIONAL_OFFICER, "10")]
)
def test_anyone_but_the_ministry_is_refused(small_tree, published, role, teryt):
    client = client_of(small_tree, "someone", role, teryt)
    for url in (URL, f"{URL}/PIS/overview", f"{URL}/PIS/allocation-map"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert response.json()["code"] == "forbidden"


def test_an_anonymous_caller_is_asked_to_authenticate(client, published):
    assert client.get(f"{URL}/PIS/overview").status_code == 401
