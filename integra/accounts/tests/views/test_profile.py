"""The profile page: the account, its assignments and its tokens; issuing a token shows its secret
once; revoking asks first; another user's token is not found."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client
from django.urls import reverse

from integra.accounts.models import ApiToken
from integra.accounts.services.tokens import issue_token

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


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


def test_the_profile_shows_the_account_assignments_and_tokens(coordinator):
    issue_token(actor=coordinator, user=coordinator, name="reporting")

    response = signed_in(coordinator).get(reverse("accounts:profile"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Anna Nowak" in html and "coordinator@example.org" in html
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


def test_the_profile_issues_a_read_only_token(coordinator):
    client = signed_in(coordinator)

    response = client.post(
        reverse("accounts:api-token-create"), {"name": "reports", "read_only": "on"}
    )

    assert response.status_code == 200
    token = ApiToken.objects.get(name="reports")
    assert token.read_only and token.expires_on is not None
    assert "read only" in client.get(reverse("accounts:profile")).content.decode()
