"""The sign-in services: passwords set by link or changed by their owner, and the TOTP device from
its pending state to its confirmation — each with its audit event, held to the account's owner,
and refusing a string as actor with nothing written."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.accounts.services.signin import (
    CodeRefused,
    change_password,
    check_code,
    confirm_totp_device,
    pending_totp_device,
    set_password,
)
from integra.audit.models import AuditEvent
from integra.audit.services import RequestContext
from integra.core.actors import NotAnActor, SystemActor

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-quite-long-phrase-42"
CONTEXT = RequestContext("req-signin-0001", "192.0.2.20")


def code_of(device: TOTPDevice) -> str:
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(value).zfill(device.digits)


def wrong_code_of(device: TOTPDevice) -> str:
    return str((int(code_of(device)) + 1) % 1_000_000).zfill(6)


def state():
    return (
        list(TOTPDevice.objects.order_by("pk").values("pk", "confirmed")),
        AuditEvent.objects.count(),
    )


# Passwords ---------------------------------------------------------------------------------------


def test_a_password_set_by_link_is_recorded_and_lifts_the_lockout(personas):
    user = personas.coordinator
    AccessAttempt.objects.create(
        username=user.username, ip_address="10.0.0.1", failures_since_start=5
    )

    set_password(actor=user, user=user, password=NEW_PASSWORD, context=CONTEXT)

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="accounts.user.password_set")
    assert (event.actor_id, event.changes, event.request_id) == (
        user.pk,
        {"via": "e-mail link"},
        "req-signin-0001",
    )
    assert NEW_PASSWORD not in str(event.changes)
    assert not AccessAttempt.objects.exists()


def test_a_changed_password_is_recorded(personas):
    user = personas.officer
    change_password(actor=user, user=user, password=NEW_PASSWORD)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="accounts.user.password_changed")
    assert (event.actor_id, event.target_id) == (user.pk, str(user.pk))


@pytest.mark.parametrize("service", [set_password, change_password])
def test_nobody_sets_the_password_of_someone_else(personas, service):
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        service(actor=personas.admin, user=personas.coordinator, password=NEW_PASSWORD)
    personas.coordinator.refresh_from_db()
    assert not personas.coordinator.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.count() == before


def test_the_system_may_set_a_password(personas):
    set_password(actor=SystemActor("manage.py x"), user=personas.viewer, password=NEW_PASSWORD)
    assert AuditEvent.objects.get(action="accounts.user.password_set").actor_label == (
        "manage.py x"
    )


# The second factor -------------------------------------------------------------------------------


def test_the_pending_device_is_made_once_and_kept_until_confirmed(personas):
    user = personas.admin
    device = pending_totp_device(actor=user, user=user)
    assert (device.name, device.confirmed) == ("Integra", False)
    assert pending_totp_device(actor=user, user=user) == device
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_the_right_code_confirms_the_device_and_drops_the_other_pending_ones(personas):
    user = personas.admin
    device = pending_totp_device(actor=user, user=user)
    stale = TOTPDevice.objects.create(user=user, name="old", confirmed=False)

    confirmed = confirm_totp_device(
        actor=user, device=device, code=code_of(device), context=CONTEXT
    )

    assert confirmed.pk == device.pk and confirmed.confirmed
    assert not TOTPDevice.objects.filter(pk=stale.pk).exists()
    event = AuditEvent.objects.get(action="accounts.totp_device.confirmed")
    assert (event.actor_id, event.changes) == (user.pk, {"name": "Integra"})


def test_a_wrong_code_confirms_nothing_but_counts_against_the_device(personas):
    user = personas.admin
    device = pending_totp_device(actor=user, user=user)
    before = state()

    with pytest.raises(CodeRefused) as refused:
        confirm_totp_device(actor=user, device=device, code=wrong_code_of(device))

    assert refused.value.message.startswith("This code is not correct or has expired.")
    assert state() == before
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_codes_typed_straight_after_a_wrong_one_are_throttled(personas):
    user = personas.admin
    device = TOTPDevice.objects.create(user=user, name="Integra", confirmed=True)
    with pytest.raises(CodeRefused):
        check_code(user=user, devices=[device], code=wrong_code_of(device))
    device.refresh_from_db()
    with pytest.raises(CodeRefused) as refused:
        check_code(user=user, devices=[device], code=code_of(device))
    assert refused.value.code == "throttled"


def test_nobody_sets_up_a_device_for_someone_else(personas):
    device = pending_totp_device(actor=personas.officer, user=personas.officer)
    before = state()
    with pytest.raises(PermissionDenied):
        pending_totp_device(actor=personas.admin, user=personas.officer)
    with pytest.raises(PermissionDenied):
        confirm_totp_device(actor=personas.admin, device=device, code=code_of(device))
    assert state() == before


# No string passes for an actor -------------------------------------------------------------------


def test_a_string_is_no_actor_for_any_signin_service_and_nothing_is_written(personas):
    user = personas.admin
    device = pending_totp_device(actor=user, user=user)
    before = state()
    forged = "manage.py x"
    with pytest.raises(NotAnActor):
        set_password(actor=forged, user=user, password=NEW_PASSWORD)
    with pytest.raises(NotAnActor):
        change_password(actor=forged, user=user, password=NEW_PASSWORD)
    with pytest.raises(NotAnActor):
        pending_totp_device(actor=forged, user=personas.officer)
    with pytest.raises(NotAnActor):
        confirm_totp_device(actor=forged, device=device, code=code_of(device))
    assert state() == before
    user.refresh_from_db()
    assert not user.check_password(NEW_PASSWORD)
