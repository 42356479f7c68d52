"""The programmes API: the list, a programme's overview and its allocation map as GeoJSON, for
the ministry; a gmina coordinator and a regional officer are refused (403); anonymous 401."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/programmes"


@pytest.fixture
def analyst(personas, api_as):
    return api_as(personas.analyst)


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


@pytest.mark.parametrize("persona", ["coordinator", "officer"])
def test_anyone_but_the_ministry_is_refused(personas, api_as, published, persona):
    client = api_as(getattr(personas, persona))
    for url in (URL, f"{URL}/PIS/overview", f"{URL}/PIS/allocation-map"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert response.json()["code"] == "forbidden"


def test_an_anonymous_caller_is_asked_to_authenticate(api_as, published):
    assert api_as(None).get(f"{URL}/PIS/overview").status_code == 401
