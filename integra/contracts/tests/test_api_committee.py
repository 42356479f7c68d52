"""The API of offer withdrawal and replacement, and of a round's committee and meeting
attendance: the pages' rules and rights — the provider's own users (another provider's offer is
a 404) or the coordinator on paper; 409 after the deadline with nothing written; the committee
and attendance read by whoever sees the round and written by the gmina's coordinator only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from integra.audit.models import AuditEvent
from integra.contracts.models import CommitteeMember, MeetingAttendance, Offer, ProcurementRound
from integra.contracts.tests.factories import make_offer, make_round
from integra.contracts.tests.test_api import offer_body

pytestmark = pytest.mark.django_db
JSON = "application/json"


def open_round(world, **overrides):
    values = {
        "status": "published",
        "deadline_at": timezone.now() + dt.timedelta(days=3),
        "meeting_at": timezone.now() + dt.timedelta(days=1),
    }
    return make_round(world, **(values | overrides))


def parts(body):
    return {k: v for k, v in body.items() if k not in ("round", "lot", "provider")}


def test_the_provider_replaces_then_withdraws_its_offer(world, api_as):
    round_ = open_round(world)
    client = api_as(world.people.provider)
    first = client.post("/api/v1/offers", offer_body(round_, world.own), content_type=JSON).json()
    body = parts(offer_body(round_, world.own))
    body["cost_lines"] = [{"name": "Wynagrodzenia", "amount_pln": "5000.00"}]
    stale = client.post(
        f"/api/v1/offers/{first['id']}/replace", body | {"lock_version": 9}, content_type=JSON
    )
    assert stale.status_code == 409 and stale.json()["code"] == "edit_conflict"
    new = client.post(
        f"/api/v1/offers/{first['id']}/replace", body | {"lock_version": 1}, content_type=JSON
    )
    assert new.status_code == 201
    assert (new.json()["total_pln"], new.json()["status"]) == ("5000.00", "received")
    old = client.get(f"/api/v1/offers/{first['id']}").json()
    assert (old["status"], old["replaced_by"]) == ("replaced", new.json()["id"])
    again = client.post(
        f"/api/v1/offers/{first['id']}/withdraw", {"lock_version": 2}, content_type=JSON
    )
    assert again.status_code == 409 and again.json()["code"] == "offer_not_allowed"
    gone = client.post(
        f"/api/v1/offers/{new.json()['id']}/withdraw", {"lock_version": 1}, content_type=JSON
    )
    assert gone.status_code == 200
    assert gone.json()["status"] == "withdrawn" and gone.json()["withdrawn_at"]


def test_another_providers_offer_is_a_404_and_a_reader_a_403(world, api_as):
    round_ = open_round(world)
    theirs = make_offer(round_, world.other)
    url = f"/api/v1/offers/{theirs.pk}/withdraw"
    mine = api_as(world.people.provider).post(url, {"lock_version": 1}, content_type=JSON)
    assert mine.status_code == 404
    viewer = api_as(world.people.viewer).post(url, {"lock_version": 1}, content_type=JSON)
    assert viewer.status_code == 403
    assert Offer.objects.get().status == "received"


def test_after_the_deadline_a_withdrawal_is_a_409_with_nothing_written(world, api_as):
    round_ = open_round(world)
    offer = make_offer(round_, world.own)
    ProcurementRound.objects.filter(pk=round_.pk).update(
        deadline_at=timezone.now() - dt.timedelta(minutes=1),
        meeting_at=timezone.now() - dt.timedelta(days=1),
    )
    client = api_as(world.people.provider)
    events = AuditEvent.objects.count()
    for path, body in (
        ("withdraw", {"lock_version": 1}),
        ("replace", parts(offer_body(round_, world.own)) | {"lock_version": 1}),
    ):
        response = client.post(f"/api/v1/offers/{offer.pk}/{path}", body, content_type=JSON)
        assert response.status_code == 409 and response.json()["code"] == "offer_after_deadline"
    assert Offer.objects.get().status == "received" and AuditEvent.objects.count() == events


def test_the_coordinator_registers_a_paper_withdrawal_with_its_day(world, api_as):
    round_ = open_round(world)
    offer = make_offer(round_, world.own)
    client = api_as(world.people.coordinator)
    url = f"/api/v1/offers/{offer.pk}/withdraw"
    missing = client.post(url, {"lock_version": 1}, content_type=JSON)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["loc"][-1] == "received_at"
    day = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    done = client.post(url, {"lock_version": 1, "received_at": day}, content_type=JSON)
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"


def test_the_committee_is_named_declared_and_read(world, api_as):
    round_ = open_round(world)
    client = api_as(world.people.coordinator)
    url = f"/api/v1/procurement-rounds/{round_.pk}/committee"
    no_chair = client.put(url, {"members": [{"name": "Ewa Członek"}]}, content_type=JSON)
    assert no_chair.status_code == 422
    body = {"members": [{"name": "Jan Przewodniczący", "role": "chair"}, {"name": "Ewa Członek"}]}
    named = client.put(url, body, content_type=JSON)
    assert named.status_code == 200
    assert [(m["name"], m["role"], m["has_declared"]) for m in named.json()] == [
        ("Jan Przewodniczący", "chair", False),
        ("Ewa Członek", "member", False),
    ]
    member = named.json()[0]["id"]
    declared = client.post(
        f"{url}/{member}/declaration", {"declared_on": "2007-05-16"}, content_type=JSON
    )
    assert declared.status_code == 200
    assert declared.json()["impartiality_declared_on"] == "2007-05-16"
    assert (
        client.post(
            f"{url}/999999/declaration", {"declared_on": "2007-05-16"}, content_type=JSON
        ).status_code
        == 404
    )
    # Whoever sees the round reads it; only the coordinator writes.
    consultant = api_as(world.people.consultant)
    assert [m["has_declared"] for m in consultant.get(url).json()] == [True, False]
    assert consultant.put(url, body, content_type=JSON).status_code == 403
    assert api_as(world.people.neighbour).get(url).status_code == 404
    assert CommitteeMember.objects.count() == 2


def test_attendance_is_recorded_by_identifier_and_read(world, api_as):
    round_ = open_round(world)
    offer = make_offer(round_, world.own, absent_from_meeting=True)
    client = api_as(world.people.coordinator)
    url = f"/api/v1/procurement-rounds/{round_.pk}/attendance"
    unknown = client.post(url, {"identifier": "0000000000"}, content_type=JSON)
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["loc"][-1] == "identifier"
    recorded = client.post(
        url, {"identifier": world.own.nip, "representative": "Anna Prezes"}, content_type=JSON
    )
    assert recorded.status_code == 201
    assert (recorded.json()["provider"], recorded.json()["representative"]) == (
        world.own.pk,
        "Anna Prezes",
    )
    offer.refresh_from_db()
    assert not offer.absent_from_meeting
    listed = api_as(world.people.viewer).get(url).json()
    assert [row["provider_name"] for row in listed["items"]] == [world.own.name]
    viewer = api_as(world.people.viewer).post(
        url, {"identifier": world.other.nip}, content_type=JSON
    )
    assert viewer.status_code == 403
    assert api_as(world.people.coordinator_lublin).get(url).status_code == 404
    assert MeetingAttendance.objects.count() == 1


def test_attendance_is_refused_once_offers_are_closed(world, api_as):
    round_ = open_round(world, status="offers_closed")
    response = api_as(world.people.coordinator).post(
        f"/api/v1/procurement-rounds/{round_.pk}/attendance",
        {"identifier": world.own.nip},
        content_type=JSON,
    )
    assert response.status_code == 409 and response.json()["code"] == "round_state_invalid"
    assert not MeetingAttendance.objects.exists()
