"""Personal API tokens: the services (hash only, audit, who may revoke), Bearer authentication
of the API (401 for a dead token), GET /api/v1/me and /me/tokens, and the profile page."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from integra.accounts.models import ApiToken, Role
from integra.accounts.services import create_user
from integra.accounts.services.tokens import (
    TokenAlreadyRevoked,
    TokenInvalid,
    TokenNotAllowed,
    issue_token,
    revoke_token,
)
from integra.audit.models import AuditEvent
from integra.core.actors import SystemActor

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase-7"
ME = "/api/v1/me"
TOKENS = "/api/v1/me/tokens"


def person(small_tree, username: str, role: str, teryt: str, **fields):
    user = create_user(
        actor=SystemActor("test"),
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        assignments=[(role, small_tree[teryt])],
    )
    for name, value in fields.items():
        setattr(user, name, value)
    user.save()
    return user


@pytest.fixture
def coordinator(small_tree):
    """The coordinator of the gmina 1001022, with a full name."""
    return person(
        small_tree,
        "koordynator",
        Role.GMINA_COORDINATOR,
        "1001022",
        first_name="Anna",
        last_name="Nowak",
    )


@pytest.fixture
def neighbour(small_tree):
    """The coordinator of the neighbouring gmina 1001033."""
    return person(small_tree, "sasiad", Role.GMINA_COORDINATOR, "1001033")


@pytest.fixture
def ministry_admin(small_tree):
    return person(small_tree, "admin", Role.MINISTRY_ADMIN, "PL")


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


def token_state():
    return list(ApiToken.objects.values_list("pk", "revoked_at")), AuditEvent.objects.count()


# Services


def test_issues_a_token_whose_secret_is_kept_only_as_a_hash(coordinator):
    token, secret = issue_token(actor=coordinator, user=coordinator, name=" CI pipeline ")

    assert secret.startswith("itg_") and len(secret) > 40
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.key_prefix == secret[:8]
    assert token.name == "CI pipeline"
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in str(stored)
    event = AuditEvent.objects.get(action="accounts.api_token.issued")
    assert (event.actor_id, event.target_id) == (coordinator.pk, str(token.pk))
    assert event.changes["name"] == "CI pipeline"
    assert secret not in str(event.changes) and token.key_hash not in str(event.changes)


def test_each_token_gets_its_own_secret(coordinator):
    secrets = {issue_token(actor=coordinator, user=coordinator, name="t")[1] for _ in range(3)}
    assert len(secrets) == 3


def test_a_ministry_admin_or_a_command_may_issue_a_token_for_someone_else(
    coordinator, ministry_admin
):
    assert issue_token(actor=ministry_admin, user=coordinator, name="by admin")
    assert issue_token(
        actor=SystemActor("manage.py issue_token"), user=coordinator, name="by command"
    )
    assert coordinator.api_tokens.count() == 2


def test_refuses_to_issue_a_token_for_another_user(coordinator, neighbour):
    before = token_state()
    with pytest.raises(TokenNotAllowed):
        issue_token(actor=neighbour, user=coordinator, name="stolen")
    assert token_state() == before


@pytest.mark.parametrize(
    ("name", "expires_on"),
    [
        ("", None),
        ("   ", None),
        ("x" * 101, None),
        ("today", dt.date.today()),
        ("past", dt.date(2020, 1, 1)),
    ],
)
def test_refuses_an_empty_or_long_name_or_an_expiry_not_after_today(coordinator, name, expires_on):
    before = token_state()
    with pytest.raises(TokenInvalid):
        issue_token(actor=coordinator, user=coordinator, name=name, expires_on=expires_on)
    assert token_state() == before


def test_refuses_a_token_for_an_inactive_user(coordinator):
    coordinator.is_active = False
    coordinator.save()
    with pytest.raises(TokenInvalid):
        issue_token(actor=SystemActor("manage.py issue_token"), user=coordinator, name="x")


def test_the_owner_revokes_a_token_and_the_event_is_recorded(coordinator):
    token, secret = issue_token(actor=coordinator, user=coordinator, name="CI")

    revoked = revoke_token(actor=coordinator, token=token)

    assert revoked.revoked_at is not None
    assert revoked.state() == ApiToken.State.REVOKED
    event = AuditEvent.objects.get(action="accounts.api_token.revoked")
    assert (event.actor_id, event.target_id, event.changes["name"]) == (
        coordinator.pk,
        str(token.pk),
        "CI",
    )
    assert secret not in str(event.changes)


def test_a_ministry_admin_may_revoke_anyones_token(coordinator, ministry_admin):
    token, _secret = issue_token(actor=coordinator, user=coordinator, name="CI")
    assert revoke_token(actor=ministry_admin, token=token).revoked_at is not None


def test_refuses_a_revocation_by_someone_else(coordinator, neighbour):
    token, _secret = issue_token(actor=coordinator, user=coordinator, name="CI")
    before = token_state()
    with pytest.raises(TokenNotAllowed):
        revoke_token(actor=neighbour, token=token)
    assert token_state() == before


def test_refuses_to_revoke_a_token_twice(coordinator):
    token, _secret = issue_token(actor=coordinator, user=coordinator, name="CI")
    revoke_token(actor=coordinator, token=token)
    before = token_state()
    with pytest.raises(TokenAlreadyRevoked):
        revoke_token(actor=coordinator, token=token)
    assert token_state() == before


# Bearer authentication


def test_a_bearer_token_calls_the_api_as_its_user_and_records_the_use(coordinator):
    token, secret = issue_token(actor=coordinator, user=coordinator, name="CI")
    assert token.last_used_at is None

    response = bearer(secret).get(ME)

    assert response.status_code == 200, response.content
    assert response.json()["username"] == "koordynator"
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
        "username": "koordynator",
        "email": "koordynator@example.org",
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
    response = signed_in(coordinator).post(
        TOKENS, {"name": "reporting", "expires_on": "2099-01-01"}, content_type="application/json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["expires_on"], body["state"]) == (
        "reporting",
        "2099-01-01",
        "active",
    )
    assert bearer(body["token"]).get(ME).json()["username"] == "koordynator"
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


# The profile page


def test_the_profile_shows_the_account_assignments_and_tokens(coordinator):
    issue_token(actor=coordinator, user=coordinator, name="reporting")

    response = signed_in(coordinator).get(reverse("accounts:profile"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Anna Nowak" in html and "koordynator@example.org" in html
    assert "gmina coordinator" in html and "1001022" in html
    assert "reporting" in html and "Create token" in html


def test_the_profile_asks_an_anonymous_visitor_to_sign_in(small_tree):
    response = Client().get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_creating_a_token_on_the_profile_shows_the_secret_once(coordinator):
    client = signed_in(coordinator)

    response = client.post(reverse("accounts:api-token-create"), {"name": "reporting"})

    assert response.status_code == 200
    token = ApiToken.objects.get(user=coordinator)
    secret = response.context["secret"]
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert f'value="{secret}"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert secret not in client.get(reverse("accounts:profile")).content.decode()


def test_an_invalid_token_form_shows_the_error_and_creates_nothing(coordinator):
    response = signed_in(coordinator).post(
        reverse("accounts:api-token-create"), {"name": "x", "expires_on": "2020-01-01"}
    )

    assert response.status_code == 200
    assert "The expiry date must be after today." in response.content.decode()
    assert "secret" not in response.context
    assert not ApiToken.objects.exists()


def test_revoking_on_the_profile_asks_for_confirmation_first(coordinator):
    token, secret = issue_token(actor=coordinator, user=coordinator, name="reporting")
    client = signed_in(coordinator)
    url = reverse("accounts:api-token-revoke", args=[token.pk])

    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert "Revoke the token" in confirmation.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None

    response = client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("accounts:profile"), 302)]
    assert "has been revoked" in response.content.decode()
    assert_unauthenticated(bearer(secret).get(ME))


def test_the_profile_does_not_show_or_revoke_another_users_token(coordinator, neighbour):
    theirs, _secret = issue_token(actor=neighbour, user=neighbour, name="theirs")
    client = signed_in(coordinator)
    url = reverse("accounts:api-token-revoke", args=[theirs.pk])

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert "theirs" not in client.get(reverse("accounts:profile")).content.decode()
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
