"""Writes of signing in: passwords set by e-mailed link or changed by their owner, and the TOTP
second factor (a pending device, a code checked against it, its confirmation). Each password and
device change records its audit event; the pages only parse input and keep the session."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import django_otp
from axes.models import AccessAttempt
from axes.utils import reset as reset_lockout
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.accounts.backends import lockout_username
from integra.accounts.models import User
from integra.accounts.policies import can_reset_sign_in_of
from integra.accounts.services.tokens import end_tokens_of
from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, require
from integra.core.errors import DomainError

# The name under which the authenticator app lists Integra's key.
DEVICE_NAME = "Integra"
MAY_NOT_ACT_FOR = gettext_lazy("Only the account's owner may change its password or second factor.")
MAY_NOT_RESET = gettext_lazy(
    "Only a ministry administrator may reset another user's second factor or lift their lockout."
)


class CodeRefused(DomainError):
    """A one-time code was not accepted: wrong, expired, or typed too often in a row."""

    code = "code_refused"

    @classmethod
    def wrong(cls) -> CodeRefused:
        return cls(_("This code is not correct or has expired. Enter the code your app shows now."))

    @classmethod
    def throttled(cls) -> CodeRefused:
        return cls(
            _("Too many wrong codes in a row. Wait a moment and try again."), code="throttled"
        )


def _own(actor: Actor, user: User) -> None:
    """A user acts on their own account only; the system on any."""
    require(actor, lambda who: who.pk == user.pk, str(MAY_NOT_ACT_FOR))


@transaction.atomic
def set_password(
    *, actor: Actor, user: User, password: str, context: RequestContext | None = None
) -> User:
    """Give the user the password chosen through an e-mailed link (a reset or an invitation),
    record `accounts.user.password_set`, end every API token of the user (a reset is what one does
    when the account may be in other hands), and lift a lockout of the account: whoever controls
    the mailbox may sign in again at once.

    The password was validated by the form (the project's validators). Raises NotAnActor, or
    PermissionDenied when a user other than the account's owner acts.
    """
    _own(actor, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    record_event(
        actor=actor,
        action="accounts.user.password_set",
        target=user,
        changes={"via": "e-mail link"},
        context=context,
    )
    end_tokens_of(actor=actor, user=user, reason="password_set", context=context)
    reset_lockout(username=lockout_username(None, {"username": user.get_username()}))
    return user


def hold_sign_in_locks(*, account: str | None, address: str | None) -> None:
    """Within the caller's transaction, wait for any other sign-in of the same account name, then
    of the same address, to finish (PostgreSQL advisory transaction locks; SQLite serialises every
    write transaction already). django-axes reads the count of failures, the password is checked,
    then axes writes the failure: without the locks, a burst of parallel tries all read the same
    count and all get checked (issue 10: 40 at once, 6 checked against a limit of 5). Always the
    account first, then the address, so that two sign-ins never wait on each other in a circle."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for kind, value in (("account", account), ("address", address)):
            if value:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key(kind, value)])


def _lock_key(kind: str, value: str) -> int:
    digest = hashlib.sha256(f"integra.sign-in.{kind}:{value}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def forget_failed_sign_ins(*, user: User) -> int:
    """After `user` signed in, delete the failed attempts counted against their account (from
    any address), and only those: failures typed for other accounts from the same address keep
    counting, so that signing in with one's own account never wipes a victim's count (issue 10).
    Returns how many attempt rows went. No audit event: axes keeps its access log."""
    name = lockout_username(None, {"username": user.get_username()})
    deleted, _rows = AccessAttempt.objects.filter(username=name).delete()
    return int(deleted)


@transaction.atomic
def change_password(
    *, actor: Actor, user: User, password: str, context: RequestContext | None = None
) -> User:
    """The signed-in user's new password (the form checked the old one and the validators);
    records `accounts.user.password_changed` and ends every API token of the user, as their other
    sessions end. Raises NotAnActor or PermissionDenied."""
    _own(actor, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    record_event(actor=actor, action="accounts.user.password_changed", target=user, context=context)
    end_tokens_of(actor=actor, user=user, reason="password_changed", context=context)
    return user


def pending_totp_device(*, actor: Actor, user: User) -> TOTPDevice:
    """The user's unconfirmed device, created when there is none, for the setup page to show.

    No audit event: an unconfirmed device grants nothing; its confirmation is recorded. Raises
    NotAnActor or PermissionDenied.
    """
    _own(actor, user)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def check_code(*, user: User, devices: Sequence[TOTPDevice], code: str) -> TOTPDevice:
    """The device of `devices` accepting the code (django-otp keeps its throttling and the last
    step used). Raises CodeRefused (throttled while the device waits after wrong codes)."""
    for device in devices:
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            raise CodeRefused.throttled()
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    raise CodeRefused.wrong()


def confirm_totp_device(
    *, actor: Actor, device: TOTPDevice, code: str, context: RequestContext | None = None
) -> TOTPDevice:
    """Check the first code of the device being set up; when it is accepted, mark the device
    confirmed, drop the user's other unconfirmed devices and record
    `accounts.totp_device.confirmed`. Raises NotAnActor, PermissionDenied or CodeRefused.

    The code is checked before the transaction of the confirmation: a wrong code must still
    count against the device's throttling, not be rolled back with the refusal.
    """
    _own(actor, device.user)
    device = check_code(user=device.user, devices=[device], code=code)
    return _confirm(actor=actor, device=device, context=context)


@transaction.atomic
def _confirm(*, actor: Actor, device: TOTPDevice, context: RequestContext | None) -> TOTPDevice:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).exclude(pk=device.pk).delete()
    record_event(
        actor=actor,
        action="accounts.totp_device.confirmed",
        target=device,
        changes={"name": device.name},
        context=context,
    )
    return device


# A ministry admin's help: a lost authenticator, a locked account --------------------------------


def _may_reset(actor: Actor, user: User) -> None:
    require(actor, lambda who: can_reset_sign_in_of(who, user), str(MAY_NOT_RESET))


@transaction.atomic
def reset_second_factor(*, actor: Actor, user: User, context: RequestContext | None = None) -> int:
    """Delete every TOTP device of `user` (confirmed or not) and record
    `accounts.totp_device.reset` with how many went; returns that number. The user sets up a new
    device at their next sign-in; their sessions verified with a deleted device stop counting as
    verified. Raises NotAnActor, or PermissionDenied unless a ministry admin acts for another."""
    _may_reset(actor, user)
    devices = TOTPDevice.objects.select_for_update().filter(user=user)
    names = sorted(
        f"{device.name} ({'confirmed' if device.confirmed else 'pending'})" for device in devices
    )
    deleted, _rows = devices.delete()
    record_event(
        actor=actor,
        action="accounts.totp_device.reset",
        target=user,
        changes={"devices": names},
        context=context,
    )
    return int(deleted)


@transaction.atomic
def lift_lockout(*, actor: Actor, user: User, context: RequestContext | None = None) -> int:
    """Forget the failed sign-ins counted against the account of `user` (from any address) and
    record `accounts.user.lockout_lifted` with how many; returns that number. The lockout of an
    address (failures for several accounts from one IP) stays: it is no single user's. Raises
    NotAnActor, or PermissionDenied unless a ministry admin acts for another."""
    _may_reset(actor, user)
    name = lockout_username(None, {"username": user.get_username()})
    attempts = AccessAttempt.objects.filter(username=name)
    failures = int(sum(attempts.values_list("failures_since_start", flat=True)))
    attempts.delete()
    record_event(
        actor=actor,
        action="accounts.user.lockout_lifted",
        target=user,
        changes={"failures": failures},
        context=context,
    )
    return failures
