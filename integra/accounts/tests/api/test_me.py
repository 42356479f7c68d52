"""The caller's API: Bearer authentication (401 for a dead token, the time of use noted),
GET /api/v1/me, and the caller's tokens under /me/tokens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from integra.accounts.models import ApiToken
from integra.accounts.services.tokens import issue_token, revoke_token
from integra.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"
TOKENS = "/api/v1/me/tokens"


def token_state():
    return list(ApiToken.objects.values_list("pk", "revoked_at")), AuditEvent.objects.count()


def bearer(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def assert_unauthenticated(response) -> dict:
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"] == "Bearer"
    body = response.json()
    assert body["code"] == "unauthenticated"
    assert set(body) == {"detail", "code", "errors"}
    return body


# Bearer authentication


def test_a_bearer_token_calls_the_api_as_its_user_and_records_the_use(coordinator):
    token, secret = issue_token(actor=coordinator, user=coordinator, name="CI")
    assert token.last_used_at is None

    response = bearer(secret).get(ME)

    assert response.status_code == 200, response.content
    assert response.json()["username"] == "coordinator"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_time_of_use_is_written_at_most_once_a_minute(coordinator):
    token, secret = issue_token(actor=coordinator, user=coordinator, name="CI")
    bearer(secret).get(ME)
    token.refresh_from_db()
    first_use = token.last_used_at

    bearer(secret).get(ME)
    token.refresh_from_db()
    assert token.last_used_at == first_use

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - dt.timedelta(minutes=2))
    bearer(secret).get(ME)
    token.refresh_from_db()
    assert token.last_used_at > first_use


def test_a_revoked_token_is_refused(coordinator):
    token, secret = issue_token(actor=coordinator, user=coordinator, name="CI")
    revoke_token(actor=coordinator, token=token)

    body = assert_unauthenticated(bearer(secret).get(ME))

    assert body["detail"] == "The API token is invalid, expired or revoked."


def test_an_expired_token_is_refused_from_its_expiry_day(coordinator):
    token, secret = issue_token(
        actor=coordinator, user=coordinator, name="CI", expires_on=dt.date.today() + dt.timedelta(1)
    )
    assert bearer(secret).get(ME).status_code == 200

    ApiToken.objects.filter(pk=token.pk).update(expires_on=timezone.localdate())

    assert_unauthenticated(bearer(secret).get(ME))


def test_the_token_of_a_deactivated_user_is_refused(coordinator):
    _token, secret = issue_token(actor=coordinator, user=coordinator, name="CI")
    coordinator.is_active = False
    coordinator.save()

    assert_unauthenticated(bearer(secret).get(ME))


@pytest.mark.parametrize("secret", ["itg_unknown", "not-even-ours", ""])
def test_an_unknown_token_is_refused(small_tree, secret):
    assert_unauthenticated(bearer(secret).get(ME))


def test_a_dead_token_is_refused_even_with_a_session(coordinator):
    token, secret = issue_token(actor=coordinator, user=coordinator, name="CI")
    revoke_token(actor=coordinator, token=token)
    client = signed_in(coordinator)

    assert_unauthenticated(client.get(ME, HTTP_AUTHORIZATION=f"Bearer {secret}"))


def test_a_dead_token_is_refused_even_on_public_operations(coordinator):
    token, secret = issue_token(actor=coordinator, user=coordinator, name="CI")
    revoke_token(actor=coordinator, token=token)

    assert_unauthenticated(bearer(secret).get("/api/v1/territories"))
    assert Client().get("/api/v1/territories").status_code == 200


def test_an_anonymous_caller_is_asked_for_credentials(small_tree):
    body = assert_unauthenticated(Client(HTTP_ACCEPT_LANGUAGE="en").get(ME))
    assert body["detail"] == "Authentication credentials were not provided."


def test_the_openapi_schema_offers_the_bearer_scheme_first_on_every_operation(client):
    schema = client.get("/api/v1/openapi.json").json()

    scheme = schema["components"]["securitySchemes"]["TokenAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    secured = [op for item in schema["paths"].values() for op in item.values() if "security" in op]
    assert secured
    for operation in secured:
        assert operation["security"][0] == {"TokenAuth": []}, operation["operationId"]
    assert schema["paths"]["/api/v1/me"]["get"]["operationId"] == "accounts_me"


# /me and /me/tokens


def test_me_describes_the_caller_and_their_assignments(coordinator):
    response = signed_in(coordinator).get(ME)

    assert response.status_code == 200
    assert response.json() == {
        "username": "coordinator",
        "email": "coordinator@example.org",
        "full_name": "Anna Nowak",
        "language": "en",
        "assignments": [
            {
                "role": "gmina_coordinator",
                "role_label": "gmina coordinator",
                "territory": {
                    "teryt": "1001022",
                    "name": coordinator.assignments.get().territory.name,
                    "level": "gmina",
                },
                "valid_from": timezone.localdate().isoformat(),
                "valid_until": None,
            }
        ],
    }


def test_me_leaves_out_ended_assignments(coordinator):
    coordinator.assignments.update(valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2021, 1, 1))
    assert signed_in(coordinator).get(ME).json()["assignments"] == []


def test_lists_only_the_callers_tokens_without_secrets(coordinator, neighbour):
    mine, secret = issue_token(actor=coordinator, user=coordinator, name="mine")
    revoke_token(actor=coordinator, token=mine)
    _other, other_secret = issue_token(actor=neighbour, user=neighbour, name="theirs")
    _current, current_secret = issue_token(actor=coordinator, user=coordinator, name="current")

    response = bearer(current_secret).get(TOKENS)

    assert response.status_code == 200
    body = response.json()
    assert [(t["name"], t["state"]) for t in body] == [("current", "active"), ("mine", "revoked")]
    assert body[1]["key_prefix"] == secret[:8]
    text = response.content.decode()
    assert secret not in text and other_secret not in text and "key_hash" not in text


def test_a_signed_in_user_issues_a_token_and_sees_its_secret_once(coordinator):
    last = (timezone.localdate() + dt.timedelta(days=365)).isoformat()
    response = signed_in(coordinator).post(
        TOKENS, {"name": "reporting", "expires_on": last}, content_type="application/json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["expires_on"], body["state"], body["read_only"]) == (
        "reporting",
        last,
        "active",
        False,
    )
    assert bearer(body["token"]).get(ME).json()["username"] == "coordinator"
    assert "token" not in signed_in(coordinator).get(TOKENS).json()[0]


def test_a_token_may_not_issue_tokens(coordinator):
    _token, secret = issue_token(actor=coordinator, user=coordinator, name="CI")
    before = token_state()

    response = bearer(secret).post(TOKENS, {"name": "more"}, content_type="application/json")

    assert response.status_code == 403
    assert response.json()["code"] == "token_not_allowed"
    assert token_state() == before


def test_an_expiry_in_the_past_is_refused_with_its_reason(coordinator):
    response = signed_in(coordinator).post(
        TOKENS, {"name": "x", "expires_on": "2020-01-01"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "token_invalid"
    assert not ApiToken.objects.exists()


def test_a_token_revokes_itself_through_the_api(coordinator):
    token, secret = issue_token(actor=coordinator, user=coordinator, name="CI")
    client = bearer(secret)

    response = client.post(f"{TOKENS}/{token.pk}/revoke")

    assert response.status_code == 200, response.content
    assert response.json()["state"] == "revoked"
    assert_unauthenticated(client.get(ME))


def test_another_users_token_is_not_found(coordinator, neighbour):
    theirs, _secret = issue_token(actor=neighbour, user=neighbour, name="theirs")

    response = signed_in(coordinator).post(f"{TOKENS}/{theirs.pk}/revoke")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


# Issue 10, finding 7: read-only tokens, the default lifetime through the API ------------------


def test_a_read_only_token_reads_but_every_change_is_refused(coordinator):
    token, secret = issue_token(actor=coordinator, user=coordinator, name="ro", read_only=True)
    client = bearer(secret)
    assert client.get(ME).status_code == 200
    before = token_state()

    response = client.post(f"{TOKENS}/{token.pk}/revoke")

    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "token_read_only" and "read-only" in body["detail"]
    assert token_state() == before


def test_a_session_issues_a_read_only_token_which_lives_the_default_days(coordinator):
    response = signed_in(coordinator).post(
        TOKENS, {"name": "reports", "read_only": True}, content_type="application/json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["read_only"] is True
    assert body["expires_on"] == (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    assert (
        bearer(body["token"])
        .post(TOKENS, {"name": "x"}, content_type="application/json")
        .json()["code"]
        == "token_read_only"
    )
