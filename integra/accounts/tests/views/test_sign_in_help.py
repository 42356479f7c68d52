"""A ministry admin's help with another user's sign-in, now that the Django admin is read-only
(ADR 0009): resetting their second factor and lifting the lockout of their account — each asked
for first, done by POST, audited; nobody else may, and nobody for themselves."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.accounts.services import signin
from integra.audit.models import AuditEvent
from integra.core.actors import SystemActor

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase-7"


def lock_out(username: str, times: int = 5) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for n in range(times):
        client.post(
            reverse("accounts:login"),
            {"username": username, "password": "wrong-password-1"},
            REMOTE_ADDR=f"10.3.0.{n}",
        )


def urls(target) -> dict[str, str]:
    return {
        "second-factor": reverse("accounts:second-factor-reset", args=[target.pk]),
        "lockout": reverse("accounts:lockout-lift", args=[target.pk]),
    }


def test_a_ministry_admin_resets_the_second_factor_of_an_officer(people, signed_in):
    officer = people.officer
    TOTPDevice.objects.create(user=officer, name="Integra", confirmed=True)
    TOTPDevice.objects.create(user=officer, name="Integra", confirmed=False)
    client = signed_in(people.admin)

    detail = client.get(reverse("accounts:user-detail", args=[officer.pk])).content.decode()
    assert "authenticator app set up" in detail and urls(officer)["second-factor"] in detail
    confirm = client.get(urls(officer)["second-factor"])
    assert confirm.status_code == 200 and "Reset the second factor" in confirm.content.decode()
    assert TOTPDevice.objects.filter(user=officer).count() == 2

    response = client.post(urls(officer)["second-factor"])

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    event = AuditEvent.objects.get(action="accounts.totp_device.reset")
    assert (event.actor_id, event.target_id) == (people.admin.pk, str(officer.pk))
    assert event.changes == {"devices": ["Integra (confirmed)", "Integra (pending)"]}
    # The officer, signing in again, is sent to set up a new authenticator app.
    again = Client()
    again.force_login(officer)
    assert reverse("accounts:otp-setup") in again.get(reverse("accounts:profile"))["Location"]


def test_a_ministry_admin_lifts_the_lockout_of_an_account(people, signed_in):
    coordinator = people.coordinator
    lock_out("coordinator")
    lock_out("someone-else", times=2)
    blocked = Client().post(
        reverse("accounts:login"),
        {"username": "coordinator", "password": PASSWORD},
        REMOTE_ADDR="10.4.0.1",
    )
    assert blocked.status_code == 429
    client = signed_in(people.admin)
    detail = client.get(reverse("accounts:user-detail", args=[coordinator.pk])).content.decode()
    assert "locked out" in detail

    assert client.post(urls(coordinator)["lockout"]).status_code == 302

    assert not AccessAttempt.objects.filter(username="coordinator").exists()
    assert AccessAttempt.objects.filter(username="someone-else").exists()
    event = AuditEvent.objects.get(action="accounts.user.lockout_lifted")
    assert (event.actor_id, event.target_id) == (people.admin.pk, str(coordinator.pk))
    # The five failures and the refused try with the right password during the lockout.
    assert event.changes == {"failures": 6}
    signed = Client().post(
        reverse("accounts:login"),
        {"username": "coordinator", "password": PASSWORD},
        REMOTE_ADDR="10.4.0.1",
    )
    assert signed.status_code == 302


@pytest.mark.parametrize("what", ["second-factor", "lockout"])
@pytest.mark.parametrize(
    ("actor", "target", "status"),
    [
        ("officer", "neighbour", 403),  # within the officer's reach, but not theirs to reset
        ("officer", "admin", 404),  # beyond their reach
        ("analyst", "coordinator", 403),
        ("coordinator", "neighbour", 403),
        ("admin", "admin", 403),  # never one's own
    ],
)
def test_nobody_else_may_help_and_nothing_changes(people, signed_in, what, actor, target, status):
    user = getattr(people, target)
    TOTPDevice.objects.create(user=user, name="Integra", confirmed=True)
    lock_out(target)
    client = signed_in(getattr(people, actor))
    before = (TOTPDevice.objects.count(), AccessAttempt.objects.count(), AuditEvent.objects.count())

    assert client.get(urls(user)[what]).status_code == status
    assert client.post(urls(user)[what]).status_code == status

    after = (TOTPDevice.objects.count(), AccessAttempt.objects.count(), AuditEvent.objects.count())
    assert after == before


def test_the_services_refuse_anyone_but_a_ministry_admin(people):
    with pytest.raises(Exception) as refused:
        signin.reset_second_factor(actor=people.officer, user=people.coordinator)
    assert "ministry administrator" in str(refused.value)
    assert signin.lift_lockout(actor=SystemActor("support"), user=people.coordinator) == 0
