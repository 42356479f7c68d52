"""Personal API tokens, the services: the secret kept only as a hash, the audit events, who may
issue and revoke, and the refusals (nothing written)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from integra.accounts.models import ApiToken
from integra.accounts.services import signin
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
    ministry_admin.is_verified = lambda: True  # a session that verified a TOTP code
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


# Issue 10, finding 7: a default lifetime, the end on a new password, the second factor ---------


def test_a_token_without_an_expiry_day_lives_the_default_days(coordinator, settings):
    today = timezone.localdate()
    token, _secret = issue_token(actor=coordinator, user=coordinator, name="default")
    assert token.expires_on == today + dt.timedelta(days=90)

    settings.INTEGRA_TOKEN_DAYS = 7
    token, _secret = issue_token(actor=coordinator, user=coordinator, name="short")
    assert token.expires_on == today + dt.timedelta(days=7)
    event = AuditEvent.objects.filter(action="accounts.api_token.issued").last()
    assert event.changes["expires_on"] == str(today + dt.timedelta(days=7))


def test_a_token_lives_at_most_a_year(coordinator):
    today = timezone.localdate()
    assert issue_token(
        actor=coordinator, user=coordinator, name="year", expires_on=today + dt.timedelta(365)
    )
    before = token_state()
    with pytest.raises(TokenInvalid, match="at most 365 days"):
        issue_token(
            actor=coordinator, user=coordinator, name="long", expires_on=today + dt.timedelta(366)
        )
    assert token_state() == before


@pytest.mark.parametrize("change", ["set", "changed"])
def test_a_new_password_ends_every_token_of_the_user_with_its_event(coordinator, neighbour, change):
    mine = [issue_token(actor=coordinator, user=coordinator, name=f"t{n}")[0] for n in range(2)]
    already = issue_token(actor=coordinator, user=coordinator, name="old")[0]
    revoke_token(actor=coordinator, token=already)
    theirs, _secret = issue_token(actor=neighbour, user=neighbour, name="theirs")

    service = signin.set_password if change == "set" else signin.change_password
    service(actor=coordinator, user=coordinator, password="another-quite-long-phrase-42")

    assert all(ApiToken.objects.get(pk=t.pk).revoked_at is not None for t in mine)
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None
    events = AuditEvent.objects.filter(action="accounts.api_token.revoked", actor=coordinator)
    reasons = {e.target_id: e.changes.get("reason") for e in events}
    reason = "password_set" if change == "set" else "password_changed"
    assert reasons == {str(t.pk): reason for t in mine} | {str(already.pk): None}


@pytest.mark.parametrize("owner", ["ministry_admin", "coordinator"])
def test_a_second_factor_role_issues_tokens_only_from_a_verified_session(
    ministry_admin, coordinator, owner
):
    user = {"ministry_admin": ministry_admin, "coordinator": coordinator}[owner]
    before = token_state()
    with pytest.raises(TokenNotAllowed) as refused:
        issue_token(actor=ministry_admin, user=user, name="unverified")
    assert refused.value.code == "second_factor_required"
    ministry_admin.is_verified = lambda: False
    with pytest.raises(TokenNotAllowed):
        issue_token(actor=ministry_admin, user=user, name="unverified")
    assert token_state() == before

    ministry_admin.is_verified = lambda: True
    assert issue_token(actor=ministry_admin, user=user, name="verified")


def test_a_user_without_a_second_factor_role_needs_no_code(coordinator):
    assert issue_token(actor=coordinator, user=coordinator, name="gmina")


def test_a_token_may_be_narrowed_to_reads(coordinator):
    token, _secret = issue_token(actor=coordinator, user=coordinator, name="ro", read_only=True)
    assert ApiToken.objects.get(pk=token.pk).read_only
    event = AuditEvent.objects.get(action="accounts.api_token.issued")
    assert event.changes["read_only"] is True
