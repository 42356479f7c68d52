"""The strategies API: the coordinator writes, readers in scope read, others get 404 or 403;
PATCH under optimistic locking (409 on a stale version); items and transitions."""

from __future__ import annotations

import pytest

from integra.audit.models import AuditEvent
from integra.strategies.models import Strategy
from integra.strategies.tests.factories import (
    DiagnosisEntryFactory,
    ParticipationEventFactory,
    StrategicGoalFactory,
    StrategyFactory,
    TargetGroupFactory,
    TeamMemberFactory,
    adoptable_strategy,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/strategies"


@pytest.fixture
def api(personas, api_as):
    """api("coordinator") → a client sending that persona's bearer token."""
    return lambda name: api_as(getattr(personas, name))


@pytest.fixture
def strategy(small_tree):
    return StrategyFactory(gmina=small_tree["1001022"])


def body(**changes):
    data = {
        "gmina": "1001022",
        "title": "Strategia 2006–2013",
        "period_from": "2006-01-01",
        "period_until": "2014-01-01",
    }
    return {**data, **changes}


def test_the_list_holds_what_the_caller_may_see_with_filters(api, strategy, small_tree):
    StrategyFactory(gmina=small_tree["0601022"])

    officer = api("officer").get(URL).json()
    analyst = api("analyst").get(URL, {"voivodeship": "06"}).json()

    assert [item["gmina"]["teryt"] for item in officer["items"]] == ["1001022"]
    assert officer["items"][0]["voivodeship"]["teryt"] == "10"
    assert officer["items"][0]["url"] == f"{URL}/{strategy.pk}"
    assert [item["gmina"]["teryt"] for item in analyst["items"]] == ["0601022"]
    assert api("provider").get(URL).json()["count"] == 0


def test_anonymous_callers_are_refused(strategy, api_as):
    assert api_as(None).get(URL).status_code == 401


def test_the_coordinator_creates_a_strategy(api, small_tree):
    response = api("coordinator").post(URL, body(), content_type="application/json")

    assert response.status_code == 201
    data = response.json()
    assert (data["status"], data["lock_version"], data["goals"]) == ("in_preparation", 1, [])
    assert AuditEvent.objects.filter(action="strategies.strategy.created").exists()


def test_a_bad_strategy_is_refused_with_every_problem(api, small_tree):
    response = api("coordinator").post(
        URL, body(title=" ", period_until="2005-01-01"), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "strategy_invalid"
    assert {"loc": ["body", "period_until"], "msg": "the period must end after it starts"} in [
        {"loc": e["loc"], "msg": e["msg"]} for e in response.json()["errors"]
    ]
    assert not Strategy.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("neighbour", 403), ("viewer", 403)])
def test_only_the_coordinator_creates(api, small_tree, persona, status):
    response = api(persona).post(URL, body(), content_type="application/json")
    assert response.status_code == status
    assert not Strategy.objects.exists()


def test_the_detail_has_the_items_and_is_not_found_outside_the_scope(api, strategy):
    DiagnosisEntryFactory(strategy=strategy)
    StrategicGoalFactory(strategy=strategy, code="1")
    TeamMemberFactory(strategy=strategy)
    ParticipationEventFactory(strategy=strategy)

    data = api("consultant").get(f"{URL}/{strategy.pk}").json()

    assert data["diagnosis"][0]["target_group"] == "OS"
    assert data["goals"][0]["code"] == "1"
    assert len(data["team"]) == len(data["events"]) == 1
    assert api("neighbour").get(f"{URL}/{strategy.pk}").status_code == 404


def test_patch_changes_the_given_fields_and_a_stale_version_is_a_conflict(api, strategy):
    client = api("coordinator")
    saved = client.patch(
        f"{URL}/{strategy.pk}",
        {"lock_version": 1, "title": "Nowy tytuł"},
        content_type="application/json",
    )
    assert saved.status_code == 200
    assert (saved.json()["title"], saved.json()["lock_version"]) == ("Nowy tytuł", 2)
    assert saved.json()["period_from"] == "2006-01-01"

    stale = client.patch(
        f"{URL}/{strategy.pk}",
        {"lock_version": 1, "title": "Inny"},
        content_type="application/json",
    )

    assert stale.status_code == 409
    assert stale.json()["code"] == "strategy_edit_conflict"
    strategy.refresh_from_db()
    assert (strategy.title, strategy.lock_version) == ("Nowy tytuł", 2)


def test_patch_requires_the_lock_version(api, strategy):
    response = api("coordinator").patch(
        f"{URL}/{strategy.pk}", {"title": "x"}, content_type="application/json"
    )
    assert response.status_code == 422


def test_a_reader_may_not_patch(api, strategy):
    response = api("officer").patch(
        f"{URL}/{strategy.pk}", {"lock_version": 1, "title": "x"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_items_are_added_and_removed(api, strategy):
    client = api("coordinator")
    TargetGroupFactory(code="DM")
    base = f"{URL}/{strategy.pk}"

    goal = client.post(
        f"{base}/goals", {"kind": "strategic", "code": "1", "title": "Seniorzy"}, "application/json"
    )
    child = client.post(
        f"{base}/goals",
        {"kind": "operational", "code": "1.1", "title": "Opieka", "parent": "1"},
        "application/json",
    )
    entry = client.post(
        f"{base}/diagnosis", {"target_group": "DM", "problem": "Brak świetlic"}, "application/json"
    )
    member = client.post(f"{base}/team", {"name": "Anna Kowalska"}, "application/json")
    event = client.post(
        f"{base}/events",
        {"kind": "workshop", "held_on": "2005-11-05", "place": "GOK", "participants": 20},
        "application/json",
    )

    assert [r.status_code for r in (goal, child, entry, member, event)] == [201] * 5
    assert child.json()["parent"] == "1"
    for path, item in [
        ("goals", child),
        ("goals", goal),
        ("diagnosis", entry),
        ("team", member),
        ("events", event),
    ]:
        assert client.delete(f"{base}/{path}/{item.json()['id']}").status_code == 204
    data = client.get(base).json()
    assert data["goals"] == data["diagnosis"] == data["team"] == data["events"] == []


def test_items_are_refused_with_the_reason(api, strategy):
    client = api("coordinator")
    base = f"{URL}/{strategy.pk}"
    unknown_group = client.post(
        f"{base}/diagnosis", {"target_group": "XX", "problem": "x"}, "application/json"
    )
    orphan = client.post(
        f"{base}/goals",
        {"kind": "operational", "code": "1.1", "title": "x", "parent": "9"},
        "application/json",
    )
    negative = client.post(
        f"{base}/events",
        {"kind": "survey", "held_on": "2005-11-05", "place": "GOK", "participants": -1},
        "application/json",
    )
    assert unknown_group.status_code == orphan.status_code == 400
    assert "Unknown target group XX" in unknown_group.json()["detail"]
    assert negative.status_code == 422
    assert client.delete(f"{base}/team/999").status_code == 404


def test_the_strategy_moves_through_its_life_cycle(api, small_tree):
    strategy = adoptable_strategy(gmina=small_tree["1001022"], status="in_preparation")
    client = api("coordinator")
    base = f"{URL}/{strategy.pk}"

    assert client.post(f"{base}/consultation").json()["status"] == "consultation"
    adopted = client.post(
        f"{base}/adopt",
        {"resolution_number": "XV/98/2006", "resolution_on": "2006-03-30"},
        "application/json",
    )
    assert adopted.json()["status"] == "adopted"
    again = client.post(f"{base}/consultation")
    assert (again.status_code, again.json()["code"]) == (409, "strategy_transition_refused")
    updated = client.post(
        f"{base}/update",
        {"resolution_number": "XX/1/2009", "resolution_on": "2009-06-01"},
        "application/json",
    )
    assert (updated.json()["status"], updated.json()["resolution_number"]) == (
        "updated",
        "XX/1/2009",
    )


def test_the_adoption_names_everything_missing(api, small_tree):
    strategy = StrategyFactory(gmina=small_tree["1001022"], status="consultation")
    response = api("coordinator").post(
        f"{URL}/{strategy.pk}/adopt",
        {"resolution_number": "1", "resolution_on": "2006-03-30"},
        "application/json",
    )
    assert response.status_code == 400
    assert [(e["loc"], e["msg"]) for e in response.json()["errors"]] == [
        (["body", "goals"], "at least one strategic goal is required"),
        (["body", "diagnosis"], "at least one diagnosis entry is required"),
    ]


def test_a_consultant_may_not_adopt(api, small_tree):
    strategy = adoptable_strategy(gmina=small_tree["1001022"])
    response = api("consultant").post(
        f"{URL}/{strategy.pk}/adopt",
        {"resolution_number": "1", "resolution_on": "2006-03-30"},
        "application/json",
    )
    assert response.status_code == 403
