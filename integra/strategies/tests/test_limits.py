"""One limit per text field of a strategy (integra.strategies.rules): a page and the API refuse
the same oversized text, at its field, and change nothing; hidden characters are refused alike."""

from __future__ import annotations

import pytest
from django.urls import reverse

from integra.strategies import rules
from integra.strategies.models import (
    DiagnosisEntry,
    Goal,
    ParticipationEvent,
    Strategy,
    TeamMember,
)
from integra.strategies.tests.factories import StrategyFactory, TargetGroupFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/strategies"


@pytest.fixture
def strategy(small_tree):
    return StrategyFactory(gmina=small_tree["1001022"])


@pytest.fixture
def group():
    return TargetGroupFactory(code="OS")


def state():
    return (
        list(Strategy.objects.values().order_by("pk")),
        list(DiagnosisEntry.objects.values()),
        list(Goal.objects.values()),
        list(TeamMember.objects.values()),
        list(ParticipationEvent.objects.values()),
    )


def too_long(limit: int) -> str:
    return "x" * (limit + 1)


# Each family of fields: the page's form (kind of item, its fields) and the API's path and body.
ITEMS = {
    "diagnosis": (
        "problem",
        rules.PROBLEM_MAX,
        lambda group: {"target_group": group.pk, "problem": "Samotność"},
        lambda: {"target_group": "OS", "problem": "Samotność"},
    ),
    "goal": (
        "title",
        rules.GOAL_TITLE_MAX,
        lambda group: {"kind": "strategic", "code": "1", "title": "Cel"},
        lambda: {"kind": "strategic", "code": "1", "title": "Cel"},
    ),
    "team": (
        "name",
        rules.NAME_MAX,
        lambda group: {"name": "Anna Kowalska"},
        lambda: {"name": "Anna Kowalska"},
    ),
    "event": (
        "notes",
        rules.NOTES_MAX,
        lambda group: {
            "kind": "workshop",
            "held_on": "2006-02-01",
            "place": "GOK",
            "participants": "10",
        },
        lambda: {"kind": "workshop", "held_on": "2006-02-01", "place": "GOK", "participants": 10},
    ),
}
API_PATHS = {"diagnosis": "diagnosis", "goal": "goals", "team": "team", "event": "events"}


@pytest.mark.parametrize("kind", list(ITEMS))
def test_an_oversized_item_text_is_refused_at_its_field_on_the_page(
    kind, personas, signed_in, strategy, group
):
    field, limit, page_data, _api = ITEMS[kind]
    before = state()
    response = signed_in(personas.coordinator).post(
        reverse(f"strategies:strategy-{kind}-add", args=[strategy.pk]),
        {**page_data(group), field: too_long(limit)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [
        f"Ensure this value has at most {limit} characters (it has {limit + 1})."
    ]
    assert state() == before


@pytest.mark.parametrize("kind", list(ITEMS))
def test_an_oversized_item_text_is_refused_at_its_field_by_the_api(
    kind, personas, api_as, strategy, group
):
    field, limit, _page, api_data = ITEMS[kind]
    before = state()
    response = api_as(personas.coordinator).post(
        f"{URL}/{strategy.pk}/{API_PATHS[kind]}",
        {**api_data(), field: too_long(limit)},
        content_type="application/json",
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["loc"][-1] == field
    assert error["type"] == "string_too_long"
    assert state() == before


def test_the_page_refuses_an_oversized_problem_in_polish_by_default(personas, strategy, group):
    from django.test import Client

    client = Client()  # no language chosen: the pages speak Polish
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("strategies:strategy-diagnosis-add", args=[strategy.pk]),
        {"target_group": group.pk, "problem": too_long(rules.PROBLEM_MAX)},
    )
    [message] = response.context["form"].errors["problem"]
    assert "co najwyżej 5000" in message
    assert not DiagnosisEntry.objects.exists()


def test_the_strategy_title_and_resolution_number_have_one_limit_on_page_and_api(
    personas, signed_in, api_as, strategy
):
    before = state()
    page = signed_in(personas.coordinator).post(
        reverse("strategies:strategy-edit", args=[strategy.pk]),
        {
            "title": too_long(rules.TITLE_MAX),
            "period_from": "2006-01-01",
            "period_until": "2014-01-01",
            "lock_version": "1",
        },
    )
    assert "title" in page.context["form"].errors
    api = api_as(personas.coordinator).patch(
        f"{URL}/{strategy.pk}",
        {"lock_version": 1, "title": too_long(rules.TITLE_MAX)},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert api.json()["errors"][0]["loc"][-1] == "title"
    adopt = api_as(personas.coordinator).post(
        f"{URL}/{strategy.pk}/adopt",
        {"resolution_number": too_long(rules.NUMBER_MAX), "resolution_on": "2006-03-30"},
        content_type="application/json",
    )
    assert adopt.status_code == 422
    assert adopt.json()["errors"][0]["loc"][-1] == "resolution_number"
    assert state() == before


@pytest.mark.parametrize("text", ["Samotność\u202e", "Samo\u200btność"])
def test_hidden_characters_are_refused_in_a_problem_on_page_and_api(
    text, personas, signed_in, api_as, strategy, group
):
    page = signed_in(personas.coordinator).post(
        reverse("strategies:strategy-diagnosis-add", args=[strategy.pk]),
        {"target_group": group.pk, "problem": text},
    )
    assert "problem" in page.context["form"].errors
    api = api_as(personas.coordinator).post(
        f"{URL}/{strategy.pk}/diagnosis",
        {"target_group": "OS", "problem": text},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert not DiagnosisEntry.objects.exists()


def test_the_api_shows_each_items_lock_version(personas, api_as, strategy, group):
    from integra.strategies.tests.factories import TeamMemberFactory

    TeamMemberFactory(strategy=strategy, lock_version=3)
    detail = api_as(personas.coordinator).get(f"{URL}/{strategy.pk}").json()
    assert [member["lock_version"] for member in detail["team"]] == [3]
