"""Personal API tokens, the services: the secret kept only as a hash, the audit events, who may
issue and revoke, and the refusals (nothing written)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from integra.accounts.models import ApiToken
from integra.accounts.services.tokens import (
    TokenAlreadyRevoked,
    TokenInvalid,
    TokenNotAllowed,
    issue_token,
    revoke_token,
)
from integra.audit.models import AuditEvent
from integra.core.actors import NotAnActor, SystemActor

pytestmark = pytest.mark.django_db


def token_state():
    return list(ApiToken.objects.values_list("pk", "revoked_at")), AuditEvent.objects.count()


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


def test_a_string_is_no_actor_and_writes_nothing(coordinator):
    token, _secret = issue_token(actor=coordinator, user=coordinator, name="CI")
    before = token_state()
    with pytest.raises(NotAnActor):
        issue_token(actor="manage.py issue_token", user=coordinator, name="forged")
    with pytest.raises(NotAnActor):
        revoke_token(actor="manage.py x", token=token)
    assert token_state() == before
