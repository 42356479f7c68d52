"""The participations API: each caller sees exactly their scope (a gmina, a voivodeship, the
country), outside it nothing leaks — 404, not 403, and counts without it — plus the filters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from integra.programmes import selectors
from integra.programmes.models import Participation
from integra.programmes.tests.factories import ParticipationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/participations"


@pytest.fixture
def participations(small_tree):
    """PIS in both voivodeships: gminas 1001022 (active), its neighbour 1001033 and 0601022 in
    lubelskie; PPWOW in 1001022 only."""
    pis = ProgrammeFactory()
    ppwow = ProgrammeFactory(
        code="PPWOW",
        name="Program Przeciwdziałania Wykluczeniu",
        starts_on=dt.date(2011, 1, 1),
        ends_on=dt.date(2015, 12, 31),
        budget_eur=Decimal("500000.00"),
    )
    rows = [
        (pis, "1001022", Participation.Status.ACTIVE),
        (pis, "1001033", Participation.Status.QUALIFIED),
        (pis, "0601022", Participation.Status.ACTIVE),
        (ppwow, "1001022", Participation.Status.QUALIFIED),
    ]
    return {
        (programme.code, teryt): ParticipationFactory(
            programme=programme, gmina=small_tree[teryt], status=status
        )
        for programme, teryt, status in rows
    }


@pytest.fixture
def gmina_coordinator(personas, api_as):
    return api_as(personas.coordinator)


@pytest.fixture
def lodzkie_consultant(personas, api_as):
    return api_as(personas.consultant)


@pytest.fixture
def ministry_analyst(personas, api_as):
    return api_as(personas.analyst)


def listed(response) -> list[tuple[str, str]]:
    assert response.status_code == 200, response.content
    return [
        (item["programme"]["code"], item["gmina"]["teryt"]) for item in response.json()["items"]
    ]


def test_a_gmina_coordinator_lists_only_their_gmina(participations, gmina_coordinator):
    response = gmina_coordinator.get(URL)

    assert listed(response) == [("PIS", "1001022"), ("PPWOW", "1001022")]
    assert response.json()["count"] == 2


def test_a_neighbouring_gminas_participation_is_not_found_rather_than_forbidden(
    participations, gmina_coordinator
):
    neighbours = participations["PIS", "1001033"]

    response = gmina_coordinator.get(f"{URL}/{neighbours.pk}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found", "errors": []}
    assert gmina_coordinator.get(f"{URL}/999999").json() == response.json()


def test_the_detail_of_a_participation_in_scope(participations, gmina_coordinator):
    own = participations["PIS", "1001022"]

    response = gmina_coordinator.get(f"{URL}/{own.pk}")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == own.pk
    assert body["programme"] == {
        "code": "PIS",
        "name": "Program Integracji Społecznej",
        "starts_on": "2006-01-01",
        "ends_on": "2010-12-31",
    }
    assert body["gmina"]["teryt"] == "1001022"
    assert (body["powiat"]["teryt"], body["voivodeship"]["teryt"]) == ("1001", "10")
    assert (body["status"], body["status_label"]) == ("active", "active")
    assert body["url"] == f"{URL}/{own.pk}"


def test_a_regional_consultant_sees_the_gminas_of_their_voivodeship(
    participations, lodzkie_consultant
):
    assert listed(lodzkie_consultant.get(URL)) == [
        ("PIS", "1001022"),
        ("PIS", "1001033"),
        ("PPWOW", "1001022"),
    ]
    lubelskie = participations["PIS", "0601022"]
    assert lodzkie_consultant.get(f"{URL}/{lubelskie.pk}").status_code == 404


def test_a_ministry_analyst_sees_every_participation(participations, ministry_analyst):
    response = ministry_analyst.get(URL)

    assert response.json()["count"] == 4
    assert listed(response)[0] == ("PIS", "0601022")
    lubelskie = participations["PIS", "0601022"]
    assert ministry_analyst.get(f"{URL}/{lubelskie.pk}").status_code == 200


def test_a_role_that_does_not_read_participations_sees_none(personas, api_as, participations):
    provider = api_as(personas.provider)

    assert provider.get(URL).json()["count"] == 0
    own_gmina = participations["PIS", "1001022"]
    assert provider.get(f"{URL}/{own_gmina.pk}").status_code == 404


def test_an_anonymous_caller_is_refused(participations):
    response = Client().get(URL)

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert Client().get(f"{URL}/{participations['PIS', '1001022'].pk}").status_code == 401


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("programme=PPWOW", [("PPWOW", "1001022")]),
        ("voivodeship=06", [("PIS", "0601022")]),
        ("status=qualified", [("PIS", "1001033"), ("PPWOW", "1001022")]),
        ("programme=PIS&voivodeship=10&status=active", [("PIS", "1001022")]),
        ("programme=NONE", []),
    ],
)
def test_filters_by_programme_voivodeship_and_status(
    participations, ministry_analyst, query, expected
):
    assert listed(ministry_analyst.get(f"{URL}?{query}")) == expected


@pytest.mark.parametrize("query", ["voivodeship=1", "voivodeship=1001", "status=lost", "page=0"])
def test_refuses_malformed_filters(participations, ministry_analyst, query):
    response = ministry_analyst.get(f"{URL}?{query}")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_pages_through_the_list(participations, ministry_analyst):
    body = ministry_analyst.get(f"{URL}?page=2&page_size=3").json()

    assert (body["count"], body["page"], body["page_size"]) == (4, 2, 3)
    assert [item["gmina"]["teryt"] for item in body["items"]] == ["1001022"]


def test_the_list_costs_the_same_queries_whatever_its_length(
    small_tree, participations, ministry_analyst, django_assert_max_num_queries
):
    # The token (and its time of use), the caller's scopes, the count and the page; nothing per row.
    with django_assert_max_num_queries(5):
        assert ministry_analyst.get(URL).json()["count"] == 4


def test_nothing_is_visible_to_an_anonymous_user(participations):
    assert not selectors.list_participations(user=AnonymousUser()).exists()
