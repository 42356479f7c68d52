"""The Action Plan API: a plan's journey from draft to an approved update (the coordinator edits,
the consultant opines, the officer returns and approves), the rules and lost edits answered with
their fields, rights per role and territory, and residents' comments during consultation."""

import datetime as dt

import pytest

from integra.action_plans import services
from integra.action_plans.models import ActionPlan, PlannedService, PlanVersion, PublicComment
from integra.action_plans.tests.factories import AS_OF, UPDATE_AS_OF, content
from integra.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = "/api/v1/action-plans"
JSON = "application/json"


@pytest.fixture
def clients(world, api_as):
    people = world.people
    names = ("coordinator", "neighbour", "consultant", "officer", "officer_lublin", "analyst")
    return type("Clients", (), {name: api_as(getattr(people, name)) for name in names})


def state():
    """Everything the API writes, to show a refusal changed nothing."""
    return (
        list(ActionPlan.objects.values()),
        list(PlanVersion.objects.values()),
        list(PlannedService.objects.values()),
        AuditEvent.objects.count(),
    )


def service_body(world, **overrides) -> dict:
    body = {
        "service_type": "OS-01",
        "groups": ["OS"],
        "goal": world.goal.pk,
        "title": "Sąsiedzka pomoc dla osób starszych",
        "quarters": ["2007-Q2", "2007-Q3"],
        "planned_beneficiaries": 12,
        "planned_cost_pln": "8000.00",
        "provider_kind": "ngo",
        "non_duplication_declared": True,
        "non_duplication_justification": "NFZ nie finansuje tej usługi w gminie.",
    }
    return body | overrides


def version_body(world, lock_version: int, *services_in: dict, **overrides) -> dict:
    body = {
        "lock_version": lock_version,
        "as_of": AS_OF.isoformat(),
        "strategy": world.strategy.pk,
        "gmina_address": "ul. Główna 1, 95-001 Gmina",
        "contact_name": "Anna Kowalska",
        "contact_email": "anna@example.org",
        "services": list(services_in) or [service_body(world)],
    }
    return body | overrides


def locs(response) -> list[list]:
    return [error["loc"] for error in response.json()["errors"]]


def create(client, year: int = 2007):
    return client.post(
        URL,
        {"programme": "PIS", "gmina": "1001022", "year": year, "as_of": AS_OF.isoformat()},
        content_type=JSON,
    )


def approved_plan(world) -> PlanVersion:
    """A plan approved through the services, as the journey below does through the API."""
    coordinator, officer = world.people.coordinator, world.people.officer
    version = services.create_action_plan(
        actor=coordinator, programme=world.programme, gmina=world.gmina, year=2007, as_of=AS_OF
    )
    version = services.save_plan_version(
        actor=coordinator, version=version, content=content(world), lock_version=1
    )
    version = services.submit_plan_version(actor=coordinator, version=version)
    return services.approve_plan_version(
        actor=officer, version=version, letter_number="ROPS/1/2007", letter_on=dt.date(2007, 4, 2)
    )


def draft_plan(world) -> PlanVersion:
    version = services.create_action_plan(
        actor=world.people.coordinator,
        programme=world.programme,
        gmina=world.gmina,
        year=2007,
        as_of=AS_OF,
    )
    return services.save_plan_version(
        actor=world.people.coordinator, version=version, content=content(world), lock_version=1
    )


# The journey --------------------------------------------------------------------------------------


def test_a_plan_goes_from_draft_to_an_approved_update(world, clients):
    coordinator, consultant, officer = clients.coordinator, clients.consultant, clients.officer

    created = create(coordinator)
    assert created.status_code == 201, created.content
    plan = created.json()
    assert (plan["programme"], plan["gmina"]["teryt"], plan["voivodeship"]["teryt"]) == (
        "PIS",
        "1001022",
        "10",
    )
    assert [(v["number"], v["status"], v["lock_version"]) for v in plan["versions"]] == [
        (1, "draft", 1)
    ]
    first = f"{URL}/{plan['id']}/versions/1"
    assert plan["versions"][0]["url"] == first
    empty = coordinator.get(first).json()
    assert empty["rate"] == {
        "pln_per_eur": "4.0000",
        "table_no": "060/A",
        "table_on": "2007-03-01",
        "source": "NBP-A",
    }
    assert empty["services"] == [] and empty["strategy"] == world.strategy.pk

    saved = coordinator.put(first, version_body(world, 1), content_type=JSON)
    assert saved.status_code == 200, saved.content
    version = saved.json()
    assert version["lock_version"] == 2
    [service] = version["services"]
    assert (service["planned_cost_pln"], service["planned_cost_eur"]) == ("8000.00", "2000.00")
    assert (service["groups"], service["goal_code"], service["line"]) == (["OS"], "1.1", "services")
    assert version["budget"]["total"]["services_eur"] == "2000.00"
    assert version["budget"]["left_services"] == "8000.00"

    submitted = coordinator.post(f"{first}/submit")
    assert submitted.json()["status"] == "submitted", submitted.content
    opinion = consultant.post(
        f"{first}/opinion",
        {"recommendation": "return", "section": "services", "text": "Brak miejscowości."},
        content_type=JSON,
    )
    assert opinion.status_code == 200, opinion.content
    returned = officer.post(
        f"{first}/return",
        {"comments": [{"section": "services", "text": "Podać miejscowości."}]},
        content_type=JSON,
    )
    assert returned.json()["status"] == "returned", returned.content
    assert [(c["kind"], c["section"], c["author"]) for c in returned.json()["comments"]] == [
        ("opinion", "services", "consultant"),
        ("return", "services", "officer"),
    ]

    corrected = service_body(world, key=service["key"], villages="Wola, Dąbrowa")
    lock = returned.json()["lock_version"]
    saved = coordinator.put(first, version_body(world, lock, corrected), content_type=JSON)
    assert saved.json()["services"][0]["villages"] == "Wola, Dąbrowa", saved.content
    assert coordinator.post(f"{first}/submit").json()["status"] == "submitted"
    approved = officer.post(
        f"{first}/approve",
        {"letter_number": "ROPS/7/2007", "letter_on": "2007-04-02"},
        content_type=JSON,
    )
    assert approved.status_code == 200, approved.content
    assert (approved.json()["status"], approved.json()["approval_letter_number"]) == (
        "approved",
        "ROPS/7/2007",
    )

    update = coordinator.post(
        f"{URL}/{plan['id']}/updates", {"as_of": UPDATE_AS_OF.isoformat()}, content_type=JSON
    )
    assert update.status_code == 201, update.content
    second = update.json()
    assert (second["number"], second["status"], second["rate"]["pln_per_eur"]) == (
        2,
        "draft",
        "3.8000",
    )
    kept = corrected | {"planned_cost_pln": "9500.00"}
    added = service_body(world, title="Transport do lekarza", planned_cost_pln="1900.00")
    saved = coordinator.put(
        second["url"],
        version_body(world, second["lock_version"], kept, added, as_of=UPDATE_AS_OF.isoformat()),
        content_type=JSON,
    )
    assert saved.status_code == 200, saved.content

    diff = coordinator.get(f"{URL}/{plan['id']}/diff", {"a": 1, "b": 2})
    assert diff.status_code == 200, diff.content
    body = diff.json()
    assert [change["title"] for change in body["added"]] == ["Transport do lekarza"]
    assert body["removed"] == []
    [changed] = body["changed"]
    assert changed["fields"] == [
        {"field": "planned_cost_pln", "before": "8000.00", "after": "9500.00"}
    ]
    assert changed["difference_pln"] == "1500.00"
    assert {"field": "as_of", "before": "2007-03-02", "after": "2007-09-03"} in body["sections"]
    assert (body["totals"]["a_eur"], body["totals"]["b_eur"]) == ("2000.00", "3000.00")

    listed = coordinator.get(URL, {"status": "draft", "year": 2007}).json()
    assert [(p["id"], p["newest_version"], p["status"]) for p in listed["items"]] == [
        (plan["id"], 2, "draft")
    ]
    versions = coordinator.get(f"{URL}/{plan['id']}/versions").json()
    assert [(v["number"], v["status"]) for v in versions] == [(2, "draft"), (1, "approved")]


# Refusals with their fields -----------------------------------------------------------------------


def test_broken_rules_are_answered_with_every_field_and_nothing_changes(world, clients):
    version = draft_plan(world)
    url = f"{URL}/{version.plan_id}/versions/1"
    before = state()
    bad = service_body(
        world,
        planned_beneficiaries=0,
        quarters=["2006-Q4"],
        goal=None,
        non_duplication_declared=False,
    )

    response = clients.coordinator.put(url, version_body(world, 2, bad), content_type=JSON)

    assert response.status_code == 422, response.content
    assert response.json()["code"] == "rules_broken"
    assert response.json()["detail"] == "The plan breaks 4 rule(s); nothing was saved."
    assert locs(response) == [
        ["body", "services", "0", "beneficiaries"],
        ["body", "services", "0", "quarters"],
        ["body", "services", "0", "goal"],
        ["body", "services", "0", "non_duplication"],
    ]
    assert state() == before


def test_unknown_codes_and_ids_are_named_with_their_fields(world, clients):
    version = draft_plan(world)
    url = f"{URL}/{version.plan_id}/versions/1"
    before = state()
    bad = service_body(world, service_type="XX-99", groups=["OS", "ZZ"], goal=10**9)
    twin = service_body(world, key="6f1c2f9e-8a5d-4c1a-9a53-6d1f3f1f0a11")

    response = clients.coordinator.put(
        url, version_body(world, 2, bad, twin, twin, strategy=10**9), content_type=JSON
    )

    assert response.status_code == 422, response.content
    assert locs(response) == [
        ["body", "strategy"],
        ["body", "services", "0", "service_type"],
        ["body", "services", "0", "groups"],
        ["body", "services", "0", "goal"],
        ["body", "services", "2", "key"],
    ]
    assert state() == before


def test_a_lost_edit_is_refused_with_a_conflict_and_nothing_changes(world, clients):
    version = draft_plan(world)
    url = f"{URL}/{version.plan_id}/versions/1"
    before = state()

    stale = clients.coordinator.put(
        url, version_body(world, 1, service_body(world, title="Inny tytuł")), content_type=JSON
    )

    assert stale.status_code == 409
    assert stale.json()["code"] == "plan_edit_conflict"
    assert stale.json()["detail"].startswith("Someone else saved this plan while you were editing")
    assert state() == before


def test_a_malformed_body_is_refused_before_the_service(world, clients):
    version = draft_plan(world)
    url = f"{URL}/{version.plan_id}/versions/1"
    before = state()
    bad = service_body(world, quarters=["0000-Q1"], planned_cost_pln="-1")

    response = clients.coordinator.put(
        url, version_body(world, 2, bad, contact_email="not an address"), content_type=JSON
    )

    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    fields = {tuple(loc[2:]) for loc in locs(response)}
    assert fields == {
        ("contact_email",),
        ("services", 0, "quarters", 0),
        ("services", 0, "planned_cost_pln"),
    }
    assert state() == before


def test_creating_names_unknown_codes_and_refuses_a_second_plan(world, clients):
    unknown = clients.coordinator.post(
        URL,
        {"programme": "NOPE", "gmina": "1001999", "year": 2007, "as_of": "2007-03-02"},
        content_type=JSON,
    )
    assert unknown.status_code == 422
    assert locs(unknown) == [["body", "programme"], ["body", "gmina"]]
    assert create(clients.coordinator).status_code == 201
    again = create(clients.coordinator)
    assert (again.status_code, again.json()["code"]) == (400, "plan_not_allowed")
    assert ActionPlan.objects.count() == 1


def test_a_submission_of_an_incomplete_plan_lists_what_is_missing(world, clients):
    version = services.create_action_plan(
        actor=world.people.coordinator,
        programme=world.programme,
        gmina=world.gmina,
        year=2007,
        as_of=AS_OF,
    )

    response = clients.coordinator.post(f"{URL}/{version.plan_id}/versions/1/submit")

    assert response.status_code == 422
    assert sorted(locs(response)) == [["body", "contact_name"], ["body", "services"]]


# Rights per role and territory --------------------------------------------------------------------


def test_the_neighbouring_coordinator_does_not_see_the_plan(world, clients):
    version = draft_plan(world)
    plan_url = f"{URL}/{version.plan_id}"
    before = state()

    neighbour = clients.neighbour
    assert neighbour.get(URL).json()["items"] == []
    assert neighbour.get(plan_url).status_code == 404
    assert neighbour.get(f"{plan_url}/versions/1").status_code == 404
    assert neighbour.get(f"{plan_url}/diff", {"a": 1, "b": 1}).status_code == 404
    put = neighbour.put(f"{plan_url}/versions/1", version_body(world, 2), content_type=JSON)
    assert put.status_code == 404
    assert neighbour.post(f"{plan_url}/versions/1/submit").status_code == 404
    assert create(neighbour).status_code == 403
    assert state() == before


def test_the_consultant_may_not_approve_nor_the_officer_opine(world, clients):
    version = services.submit_plan_version(
        actor=world.people.coordinator, version=draft_plan(world)
    )
    url = f"{URL}/{version.plan_id}/versions/1"
    before = state()

    approval = {"letter_number": "1", "letter_on": "2007-04-02"}
    refused = clients.consultant.post(f"{url}/approve", approval, content_type=JSON)
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    opinion = {"recommendation": "approve", "text": "OK"}
    assert clients.officer.post(f"{url}/opinion", opinion, content_type=JSON).status_code == 403
    assert clients.consultant.post(f"{url}/submit").status_code == 403
    assert state() == before


def test_the_officer_of_another_voivodeship_does_not_see_the_plan(world, clients):
    version = services.submit_plan_version(
        actor=world.people.coordinator, version=draft_plan(world)
    )
    url = f"{URL}/{version.plan_id}/versions/1"

    lublin = clients.officer_lublin
    assert lublin.get(url).status_code == 404
    approval = {"letter_number": "1", "letter_on": "2007-04-02"}
    assert lublin.post(f"{url}/approve", approval, content_type=JSON).status_code == 404
    assert lublin.get(f"{URL}/review-queue").json()["items"] == []
    assert PlanVersion.objects.get().status == "submitted"


def test_the_ministry_analyst_reads_but_never_writes(world, clients):
    version = approved_plan(world)
    plan_url = f"{URL}/{version.plan_id}"
    before = state()

    analyst = clients.analyst
    assert analyst.get(plan_url).status_code == 200
    assert analyst.get(f"{plan_url}/versions/1").status_code == 200
    assert [p["id"] for p in analyst.get(URL).json()["items"]] == [version.plan_id]
    writes = [
        analyst.post(
            URL,
            {"programme": "PIS", "gmina": "1001022", "year": 2008, "as_of": "2007-03-02"},
            content_type=JSON,
        ),
        analyst.put(f"{plan_url}/versions/1", version_body(world, 2), content_type=JSON),
        analyst.post(f"{plan_url}/versions/1/submit"),
        analyst.post(f"{plan_url}/versions/1/consultation", {"open": True}, content_type=JSON),
        analyst.post(f"{plan_url}/updates", {"as_of": "2007-09-03"}, content_type=JSON),
    ]
    assert [response.status_code for response in writes] == [403] * len(writes)
    assert state() == before


def test_a_signed_in_session_works_and_an_anonymous_caller_is_refused(world, signed_in, client):
    version = draft_plan(world)
    url = f"{URL}/{version.plan_id}"

    assert signed_in(world.people.coordinator).get(url).status_code == 200
    assert client.get(url).status_code == 401
    assert client.get(URL).status_code == 401
    assert client.post(f"{url}/versions/1/submit").status_code == 401


def test_the_review_queue_shows_the_regions_submitted_plans(world, clients):
    version = services.submit_plan_version(
        actor=world.people.coordinator, version=draft_plan(world)
    )

    response = clients.consultant.get(f"{URL}/review-queue")

    assert response.status_code == 200, response.content
    [item] = response.json()["items"]
    assert (item["plan"], item["version"], item["gmina"]["teryt"], item["year"]) == (
        version.plan_id,
        1,
        "1001022",
        2007,
    )
    assert (item["days_waiting"], item["is_overdue"], item["has_opinion"]) == (0, False, False)
    assert item["submitted_at"]


# Public consultation ------------------------------------------------------------------------------


def test_a_resident_comments_on_a_draft_under_consultation_without_an_account(
    world, clients, api_as
):
    version = draft_plan(world)
    url = f"{URL}/{version.plan_id}/versions/1/consultation"
    opened = clients.coordinator.post(url, {"open": True}, content_type=JSON)
    key = opened.json()["consultation_key"]
    assert key, opened.content
    anonymous = api_as(None)
    comments = f"{URL}/consultations/{key}/comments"

    posted = anonymous.post(
        comments, {"author_name": "Mieszkaniec", "text": "Proszę o transport."}, JSON
    )
    assert posted.status_code == 201, posted.content
    assert (posted.json()["author_name"], posted.json()["text"]) == (
        "Mieszkaniec",
        "Proszę o transport.",
    )
    empty = anonymous.post(comments, {"text": "  "}, JSON)
    assert (empty.status_code, locs(empty)) == (422, [["body", "text"]])
    shown = clients.coordinator.get(f"{URL}/{version.plan_id}/versions/1").json()
    assert [c["text"] for c in shown["public_comments"]] == ["Proszę o transport."]

    clients.coordinator.post(url, {"open": False}, content_type=JSON)
    closed = anonymous.post(comments, {"text": "Za późno"}, JSON)
    assert (closed.status_code, closed.json()["code"]) == (404, "consultation_closed")
    assert anonymous.post(
        f"{URL}/consultations/nope/comments", {"text": "x"}, JSON
    ).status_code == (422)
    assert PublicComment.objects.count() == 1
