"""GET /api/v1/audit-events: the same scope, filters and refusals as the search page."""

from __future__ import annotations

import datetime as dt

import pytest

from integra.audit.tests.test_pages import (
    ALL,
    EXPECTED,
    LODZKIE,
    event,
    make_events,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/audit-events"
SAMPLES = {"action": "sample."}


@pytest.fixture
def events(readers):
    return make_events(readers)


def filed(body) -> list[str]:
    return sorted(item["territory_teryt"] for item in body["items"])


@pytest.mark.parametrize(("reader", "status", "visible"), EXPECTED)
def test_each_role_gets_only_the_events_of_its_scope(
    readers, events, reader, status, visible, signed_in
):
    response = signed_in(getattr(readers, reader)).get(URL, SAMPLES)
    assert response.status_code == status
    body = response.json()
    if visible is None:
        assert body["code"] == "forbidden"
    else:
        assert filed(body) == visible
        assert body["count"] == len(visible)


def test_an_anonymous_caller_is_asked_for_credentials(client, events):
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_search_in_a_foreign_voivodeship_finds_nothing(readers, events, signed_in):
    body = signed_in(readers.regional_officer).get(URL, {**SAMPLES, "territory": "06"}).json()
    assert (body["count"], body["items"]) == (0, [])


def test_an_item_describes_the_event(readers, signed_in):
    recorded = event(
        "accounts.user.updated",
        "1001022",
        actor=readers.ministry_admin,
        on=dt.date(2024, 3, 1),
        before={"email": "a@example.org"},
        after={"email": "b@example.org"},
    )
    body = signed_in(readers.regional_officer).get(URL, {"date_to": "2024-12-31"}).json()
    [item] = body["items"]
    assert item["id"] == recorded.pk
    assert item["occurred_at"].startswith("2024-03-01T")
    assert (item["actor"], item["action"], item["territory_teryt"]) == (
        "admin",
        "accounts.user.updated",
        "1001022",
    )
    assert item["changes"]["after"] == {"email": "b@example.org"}


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"actor": "admin"}, 5),
        ({"action": "sample.10."}, 1),
        ({"territory": "10"}, 2),
        ({"territory": "PL"}, 1),
        ({"date_from": "2000-01-01", "date_to": "2000-01-02"}, 0),
    ],
)
def test_the_filters_are_those_of_the_page(readers, events, params, count, signed_in):
    body = signed_in(readers.ministry_admin).get(URL, {**SAMPLES, **params}).json()
    assert body["count"] == count


@pytest.mark.parametrize(
    "params",
    [
        {"territory": "10a"},
        {"date_from": "soon"},
        {"date_from": "2024-03-02", "date_to": "2024-03-01"},
    ],
)
def test_an_invalid_filter_is_refused(readers, events, params, signed_in):
    response = signed_in(readers.ministry_admin).get(URL, params)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_the_events_come_in_pages(readers, events, signed_in):
    client = signed_in(readers.ministry_admin)
    first = client.get(URL, {**SAMPLES, "page_size": 2}).json()
    last = client.get(URL, {**SAMPLES, "page_size": 2, "page": 3}).json()
    assert (first["count"], len(first["items"]), len(last["items"])) == (len(ALL), 2, 1)
    ids = [item["id"] for item in first["items"] + last["items"]]
    assert len(set(ids)) == 3


def test_the_same_scope_as_the_page_for_a_regional_reader(readers, events, signed_in):
    body = signed_in(readers.regional_finance).get(URL, SAMPLES).json()
    assert filed(body) == LODZKIE
