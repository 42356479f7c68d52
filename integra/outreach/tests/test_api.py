"""The outreach API: the pages' rules and rights (422 at the field, 403, 404 out of sight)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from integra.outreach import services
from integra.outreach.tests.factories import make_session, person

pytestmark = pytest.mark.django_db


def session_body(**overrides):
    today = timezone.localdate()
    body = {
        "programme": "PIS",
        "organiser": "10",
        "topic": "Praca z rodziną",
        "trainer_name": "Jan Kowalski",
        "starts_on": str(today + dt.timedelta(days=9)),
        "ends_on": str(today + dt.timedelta(days=9)),
        "place": "Łódź",
        "audience": ["coordinators"],
        "capacity": 10,
        "registration_closes_on": str(today + dt.timedelta(days=3)),
    }
    body.update(overrides)
    return body


def test_the_region_plans_a_session_and_a_gmina_registers(world, api_as):
    officer = api_as(world.people.officer)
    created = officer.post("/api/v1/training-sessions", session_body(), "application/json")
    assert created.status_code == 201, created.content
    session_id = created.json()["id"]
    coordinator = api_as(world.people.coordinator)
    body = {
        "session": session_id,
        "gmina": "1001022",
        "full_name": "Ewa Łań",
        "function": "asystent rodziny",
        "email": "ewa@example.org",
    }
    registered = coordinator.post("/api/v1/registrations", body, "application/json")
    assert registered.status_code == 201, registered.content
    listed = api_as(world.people.neighbour).get(f"/api/v1/registrations?session={session_id}")
    assert listed.json()["items"] == []  # another gmina's people stay hidden
    assert (
        api_as(world.people.coordinator_lublin)
        .get(f"/api/v1/training-sessions/{session_id}")
        .status_code
        == 404
    )


def test_every_problem_at_its_field_and_rights(world, api_as):
    officer = api_as(world.people.officer)
    refused = officer.post(
        "/api/v1/training-sessions",
        session_body(place="", trainer_name="", registration_closes_on="2999-01-01"),
        "application/json",
    )
    assert refused.status_code == 422
    fields = {error["loc"][-1] for error in refused.json()["errors"]}
    assert {"place", "trainer_name", "registration_closes_on"} <= fields
    forbidden = api_as(world.people.coordinator).post(
        "/api/v1/training-sessions", session_body(), "application/json"
    )
    assert forbidden.status_code == 403


def test_expert_requests_and_the_expert_sees_only_their_own(world, api_as):
    coordinator = api_as(world.people.coordinator)
    body = {"programme": "PIS", "gmina": "1001022", "topic": "Diagnoza", "need": "Pomoc."}
    created = coordinator.post("/api/v1/expert-requests", body, "application/json")
    assert created.status_code == 201, created.content
    request_id = created.json()["id"]
    expert = api_as(world.people.expert)
    assert expert.get(f"/api/v1/expert-requests/{request_id}").status_code == 404
    assigned = api_as(world.people.officer).post(
        f"/api/v1/expert-requests/{request_id}/assign",
        {"expert": world.people.expert.pk},
        "application/json",
    )
    assert assigned.status_code == 200 and assigned.json()["status"] == "assigned"
    work = expert.post(
        f"/api/v1/expert-requests/{request_id}/work",
        {"hours": "6.5", "cost_pln": "900.00"},
        "application/json",
    )
    assert work.status_code == 200 and work.json()["status"] == "done"


def test_campaign_events_and_notifications(world, api_as):
    officer = api_as(world.people.officer)
    body = {
        "programme": "PIS",
        "organiser": "10",
        "kind": "regional_conference",
        "title": "Konferencja",
        "held_on": "2006-09-14",
        "place": "Łódź",
        "participants": 100,
        "reach": 5000,
    }
    assert officer.post("/api/v1/campaign-events", body, "application/json").status_code == 201
    wrong = officer.post(
        "/api/v1/campaign-events", {**body, "kind": "national_seminar"}, "application/json"
    )
    assert wrong.status_code == 422
    listed = api_as(world.people.coordinator_lublin).get("/api/v1/campaign-events")
    assert listed.json()["count"] == 1
    session = make_session(world.programme, "10")
    services.register_participant(
        actor=world.people.coordinator, session=session, gmina=world.gmina, values=person()
    )
    services.send_reminders(actor=services.reminders.SYSTEM, today=dt.date(2007, 3, 28))
    mine = api_as(world.people.coordinator).get("/api/v1/notifications?unread=true").json()
    assert mine["count"] == 1
    first = mine["items"][0]["id"]
    other = api_as(world.people.neighbour).post(f"/api/v1/notifications/{first}/read")
    assert other.status_code == 404
    read = api_as(world.people.coordinator).post(f"/api/v1/notifications/{first}/read")
    assert read.status_code == 200 and read.json()["read_at"]
