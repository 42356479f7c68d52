"""The users API: each role gets each operation as the policies say, and the services' refusals
come back with their codes."""

from __future__ import annotations

import pytest
from django.core import mail

from integra.accounts.models import Role, User
from integra.accounts.tests.views.test_users import (
    FOREIGN,
    OWN,
    assignment_of,
    invitation,
    snapshot,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/users"


def api_url(action: str, target: User | None = None) -> str:
    if action == "list":
        return API
    if action == "detail":
        return f"{API}/{target.pk}"
    if action == "grant":
        return f"{API}/{target.pk}/assignments"
    assignment = assignment_of(target)
    return f"{API}/{target.pk}/assignments/{assignment.pk}/end"


def call(client, action: str, target: User | None = None):
    url = api_url(action, target)
    if action in ("list", "detail"):
        return client.get(url)
    if action == "grant":
        teryt = assignment_of(target).territory.teryt
        return client.post(
            url, {"role": Role.GMINA_VIEWER, "territory": teryt}, content_type="application/json"
        )
    return client.post(url)


API_ACTIONS = ["detail", "grant", "end"]
API_NOBODY = {"list": 403} | {(a, w): 403 for a in API_ACTIONS for w in (OWN, FOREIGN)}
EXPECTED_API = {
    "admin": {"list": 200} | {(a, w): None for a in API_ACTIONS for w in (OWN, FOREIGN)},
    "officer": {"list": 200}
    | {(a, OWN): None for a in API_ACTIONS}
    | {(a, FOREIGN): 404 for a in API_ACTIONS},
    **{name: API_NOBODY for name in ("analyst", "consultant", "finance", "coordinator", "expert")},
}
SUCCESS = {"list": 200, "detail": 200, "grant": 201, "end": 200}
API_CASES = [
    (actor, key, status) for actor, table in EXPECTED_API.items() for key, status in table.items()
]


@pytest.mark.parametrize(("actor", "key", "status"), API_CASES, ids=str)
def test_each_role_gets_each_api_operation_as_the_policies_say(
    people, signed_in, actor, key, status
):
    action, where = key if isinstance(key, tuple) else (key, None)
    target = getattr(people, where) if where else None
    client = signed_in(getattr(people, actor))
    before = snapshot()
    response = call(client, action, target)
    assert response.status_code == (status or SUCCESS[action]), response.content
    assert response["Content-Type"].startswith("application/json")
    if response.status_code >= 400:
        assert response.json()["code"] in {"forbidden", "not_found"}
        assert snapshot() == before


def test_the_api_lists_the_users_with_their_open_assignments(people, signed_in):
    body = signed_in(people.officer).get(API, {"role": Role.GMINA_COORDINATOR}).json()
    assert body["count"] == 2
    assert [item["username"] for item in body["items"]] == ["coordinator", "neighbour"]
    [assignment] = body["items"][0]["assignments"]
    assert assignment["territory"]["teryt"] == "1001022" and assignment["is_open"]


def test_the_api_invites_a_user(people, signed_in, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(people.officer).post(
            API, invitation(), content_type="application/json"
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["username"], body["has_password"]) == ("nowa", False)
    assert body["assignments"][0]["role"] == Role.GMINA_COORDINATOR
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("actor", "overrides", "status", "code"),
    [
        ("officer", {"territory": "0601022"}, 403, "forbidden"),
        ("officer", {"role": Role.REGIONAL_CONSULTANT, "territory": "10"}, 403, "forbidden"),
        ("officer", {"territory": "9999999"}, 400, "territory_unknown"),
        ("officer", {"username": "coordinator"}, 409, "username_taken"),
        ("officer", {"email": "nope"}, 400, "email_invalid"),
        ("admin", {"role": Role.GMINA_VIEWER, "territory": "10"}, 400, "assignment_invalid"),
        ("admin", {"territory": "10x"}, 422, "validation_error"),
        ("analyst", {}, 403, "forbidden"),
    ],
)
def test_the_api_refuses_an_invitation_with_the_services_reason(
    people, signed_in, actor, overrides, status, code
):
    client = signed_in(getattr(people, actor))
    before = snapshot()
    response = client.post(API, invitation(**overrides), content_type="application/json")
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert snapshot() == before


def test_the_api_refuses_a_duplicate_grant_and_a_second_end(people, signed_in):
    client = signed_in(people.admin)
    duplicate = client.post(
        api_url("grant", people.neighbour),
        {"role": Role.GMINA_COORDINATOR, "territory": "1001033"},
        content_type="application/json",
    )
    assert (duplicate.status_code, duplicate.json()["code"]) == (409, "assignment_duplicate")
    assert client.post(api_url("end", people.neighbour)).status_code == 200
    again = client.post(api_url("end", people.neighbour))
    assert (again.status_code, again.json()["code"]) == (409, "assignment_ended")


def test_the_api_refuses_a_change_to_ones_own_assignments(people, signed_in):
    response = signed_in(people.admin).post(api_url("end", people.admin))
    assert (response.status_code, response.json()["code"]) == (403, "own_account")


def test_an_assignment_of_another_user_is_not_found_under_this_one(people, signed_in):
    other = assignment_of(people.viewer)
    response = signed_in(people.admin).post(
        f"{API}/{people.neighbour.pk}/assignments/{other.pk}/end"
    )
    assert response.status_code == 404


def test_the_api_answers_an_address_in_use_alike_wherever_its_holder_is(people, signed_in):
    """Issue 10, finding 10: no 409 that tells an address beyond the officer's region apart."""
    client = signed_in(people.officer)
    bodies = []
    for holder in ["neighbour", "coordinator_lublin", "admin"]:
        response = client.post(
            API, invitation(email=f"{holder}@example.org"), content_type="application/json"
        )
        bodies.append((response.status_code, response.json()))
    assert bodies[0] == bodies[1] == bodies[2]
    assert bodies[0][0] == 409 and bodies[0][1]["code"] == "email_unavailable"
    assert not User.objects.filter(username="nowa").exists()


@pytest.mark.parametrize(
    ("username", "status", "code"),
    [("admin@example.org", 422, "validation_error"), ("Admin", 409, "username_taken")],
)
def test_the_api_refuses_a_look_alike_of_the_ministry_admin(
    people, signed_in, username, status, code
):
    """Issue 10, finding 2: a username that is an e-mail address is refused at its field."""
    client = signed_in(people.officer)
    before = snapshot()
    response = client.post(API, invitation(username=username), content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (status, code)
    if status == 422:
        assert response.json()["errors"][0]["loc"][-1] == "username"
    assert snapshot() == before
