"""Writes to users and their role assignments; each change records its audit event.

Every service checks the actor's rights itself (pages, API and commands call the same
functions): a user is held to the policies, a SystemActor (a command, the demo) is trusted, and
a string is refused (NotAnActor) before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.accounts.models import Role, RoleAssignment, User
from integra.accounts.policies import can_create_user, can_edit_user, can_grant_role, is_open
from integra.accounts.rules import validate_username
from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, require, user_of
from integra.core.errors import DomainError
from integra.territories.models import Territory

# The level of territory each role is given over; a role absent here may sit on any level
# (a provider or an expert is not tied to one place).
ROLE_LEVELS: dict[str, set[str]] = {
    Role.MINISTRY_ADMIN: {Territory.Level.COUNTRY},
    Role.MINISTRY_ANALYST: {Territory.Level.COUNTRY},
    Role.REGIONAL_OFFICER: {Territory.Level.VOIVODESHIP},
    Role.REGIONAL_FINANCE: {Territory.Level.VOIVODESHIP},
    # A consultant may cover a whole voivodeship or only named gminas.
    Role.REGIONAL_CONSULTANT: {Territory.Level.VOIVODESHIP, Territory.Level.GMINA},
    Role.GMINA_COORDINATOR: {Territory.Level.GMINA},
    Role.GMINA_VIEWER: {Territory.Level.GMINA},
}
# The advisory lock taken while new usernames and e-mail addresses are checked ("ACCT").
IDENTITY_LOCK = 0x41434354
# Lengths of a powiat's and a voivodeship's TERYT code, longest first.
TERYT_LENGTHS = (4, 2)

# Refusals (403) shown by the services, the pages and the API alike.
MAY_NOT_GRANT = gettext_lazy("You may not grant this role over this territory.")
MAY_NOT_END = gettext_lazy("You may not end this assignment.")
MAY_NOT_EDIT = gettext_lazy("You may not edit this user.")
MAY_NOT_CREATE = gettext_lazy("You may not create this user with these roles.")


class UsernameTaken(DomainError):
    code = "username_taken"
    status = 409


class UsernameInvalid(DomainError):
    code = "username_invalid"


class EmailTaken(DomainError):
    code = "email_taken"
    status = 409

    @classmethod
    def of(cls, email: str) -> EmailTaken:
        return cls(_("The e-mail address %(email)s is taken.") % {"email": email})


class PasswordRejected(DomainError):
    code = "password_rejected"


class AssignmentInvalid(DomainError):
    code = "assignment_invalid"

    @classmethod
    def in_the_past(cls) -> AssignmentInvalid:
        return cls(_("An assignment cannot begin in the past."))


@transaction.atomic
def create_user(
    *,
    actor: Actor,
    username: str,
    email: str,
    password: str,
    assignments: Sequence[tuple[str, Territory]] = (),
    is_superuser: bool = False,
) -> User:
    """Create an active user with role assignments (valid from today) over territories.

    `is_superuser` also opens the Django admin (is_staff). Raises NotAnActor (a string),
    PermissionDenied (a user who may not grant every role there, or a superuser made by other
    than a ministry admin over the country), UsernameInvalid, UsernameTaken, EmailTaken
    (case-insensitive), PasswordRejected (the project's password validators) or
    AssignmentInvalid (unknown role, or a territory of the wrong level for the role).
    """
    grants = [(role, territory.teryt) for role, territory in assignments]
    require(actor, lambda who: can_create_user(who, grants, is_superuser), str(MAY_NOT_CREATE))
    _check_identity(username, email)
    _check_assignments(assignments)
    user = User(username=username, email=email, is_staff=is_superuser, is_superuser=is_superuser)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise PasswordRejected(" ".join(error.messages)) from error
    user.set_password(password)
    _save_identity(user)
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=user, role=role, territory=territory)
            for role, territory in assignments
        ]
    )
    record_event(
        actor=actor,
        action="accounts.user.created",
        target=user,
        territory_teryt=assignments[0][1].teryt if assignments else "",
        changes={
            "username": username,
            "email": email,
            "is_superuser": is_superuser,
            "assignments": [
                {"role": role, "territory": territory.teryt} for role, territory in assignments
            ],
        },
    )
    return user


def _check_identity(username: str, email: str) -> None:
    """The new account's identifiers are free in both fields, in any case (sign-in matches either).

    Users are locked first, so that two creations cannot cross each other between the check and
    the save; the database constraints on lower(username) and lower(email) hold in any case.
    """
    try:
        validate_username(username)
    except ValidationError as error:
        raise UsernameInvalid(" ".join(error.messages)) from error
    _lock_identities()
    if _identifier_taken(username):
        raise UsernameTaken(_("The username %(name)s is taken.") % {"name": username})
    if email and _identifier_taken(email):
        raise EmailTaken.of(email)


def _identifier_taken(identifier: str, *, exclude_pk: Any = None) -> bool:
    """Some other user signs in with `identifier`: as their username or their e-mail address."""
    found = User.objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))
    return found.exclude(pk=exclude_pk).exists() if exclude_pk is not None else found.exists()


def _lock_identities() -> None:
    """Serialise the checks of new identifiers (PostgreSQL: one advisory transaction lock; SQLite
    serialises every write transaction already)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IDENTITY_LOCK])


def _save_identity(user: User, **kwargs: Any) -> None:
    """Save, turning a lost race on the unique constraints into the refusal the check gives."""
    try:
        with transaction.atomic():
            user.save(**kwargs)
    except IntegrityError as error:
        if "email" in str(error).lower():
            raise EmailTaken.of(user.email) from error
        raise UsernameTaken(
            _("The username %(name)s is taken.") % {"name": user.username}
        ) from error


def _check_assignments(assignments: Sequence[tuple[str, Territory]]) -> None:
    for role, territory in assignments:
        if role not in Role.values:
            raise AssignmentInvalid(_("Unknown role %(role)s.") % {"role": role})
        levels = ROLE_LEVELS.get(role)
        if levels is not None and territory.level not in levels:
            raise AssignmentInvalid(
                _("The role %(role)s cannot be given over a %(level)s.")
                % {"role": Role(role).label, "level": territory.get_level_display()}
            )


# Invitations, assignments and edits by the people who manage users ------------------------------


class EmailRequired(DomainError):
    code = "email_required"


class EmailInvalid(DomainError):
    code = "email_invalid"


class TerritoryUnknown(DomainError):
    code = "territory_unknown"

    @classmethod
    def of(cls, teryt: str) -> TerritoryUnknown:
        return cls(_("No current territorial unit has the TERYT code %(code)s.") % {"code": teryt})


class AssignmentDuplicate(DomainError):
    code = "assignment_duplicate"
    status = 409


class AssignmentAlreadyEnded(DomainError):
    code = "assignment_ended"
    status = 409


class AssignmentNotStarted(DomainError):
    code = "assignment_not_started"
    status = 409


class OwnAccountRefused(DomainError):
    code = "own_account"
    status = 403

    @classmethod
    def assignments(cls) -> OwnAccountRefused:
        return cls(_("Nobody may change their own role assignments."))

    @classmethod
    def deactivation(cls) -> OwnAccountRefused:
        return cls(_("Nobody may deactivate their own account."))


@dataclass(frozen=True)
class Invitation:
    """A new person and the first role they are given, over one territory."""

    username: str
    email: str
    role: str
    territory: Territory
    first_name: str = ""
    last_name: str = ""


@dataclass(frozen=True)
class UserChanges:
    """What update_user may change; every field is given, as a form submits them all."""

    first_name: str
    last_name: str
    email: str
    is_active: bool


class EmailUnavailable(DomainError):
    """An invitation's address is in use. Said in the same words whoever holds it (a user within
    the inviter's reach or beyond it), without naming the holder, and recorded: see invite_user."""

    code = "email_unavailable"
    status = 409

    @classmethod
    def neutral(cls) -> EmailUnavailable:
        return cls(
            _(
                "This e-mail address cannot be given to a new account. If the person already "
                "has an account, ask a ministry administrator to grant them the role."
            )
        )

    @classmethod
    def for_edit(cls) -> EmailUnavailable:
        return cls(_("This e-mail address cannot be given to this account."))


def invite_user(
    *,
    actor: Actor,
    invitation: Invitation,
    site_url: str = "",
    context: RequestContext | None = None,
) -> User:
    """Create an active user without a usable password, holding the invitation's role from today,
    and e-mail them (after the commit) a link to set their password.

    `site_url` ("https://integra.example") makes the link absolute. Raises NotAnActor,
    PermissionDenied (the actor may not grant the role there), EmailRequired, UsernameInvalid,
    UsernameTaken, EmailInvalid, EmailUnavailable or AssignmentInvalid.

    An address already in use (as anyone's e-mail or username, in any case) is refused with one
    neutral EmailUnavailable, whether its holder is within the inviter's reach or not, and the
    refusal is recorded as `accounts.user.invitation_refused`: an invitation creates the account
    at once and addresses are unique, so no answer but a refusal is possible; what an officer
    could learn by probing addresses beyond their region is left in the audit trail, for the
    ministry to see (issue 10).
    """
    try:
        return _invite(actor=actor, invitation=invitation, site_url=site_url, context=context)
    except EmailTaken as taken:
        _record_refused_invitation(actor=actor, invitation=invitation, context=context)
        raise EmailUnavailable.neutral() from taken


@transaction.atomic
def _record_refused_invitation(
    *, actor: Actor, invitation: Invitation, context: RequestContext | None
) -> None:
    record_event(
        actor=actor,
        action="accounts.user.invitation_refused",
        territory_teryt=invitation.territory.teryt,
        changes={
            "username": invitation.username,
            "email": invitation.email.strip(),
            "role": invitation.role,
            "reason": EmailUnavailable.code,
        },
        context=context,
    )


@transaction.atomic
def _invite(
    *, actor: Actor, invitation: Invitation, site_url: str, context: RequestContext | None
) -> User:
    role, territory = invitation.role, invitation.territory
    require(actor, lambda user: can_grant_role(user, role, territory.teryt), str(MAY_NOT_GRANT))
    email = invitation.email.strip()
    if not email:
        raise EmailRequired(_("An invitation needs an e-mail address to be sent to."))
    _check_email(email)
    _check_identity(invitation.username, email)
    _check_assignable(role, territory)
    user = User(
        username=invitation.username,
        email=email,
        first_name=invitation.first_name.strip(),
        last_name=invitation.last_name.strip(),
    )
    user.set_unusable_password()
    _save_identity(user)
    assignment = RoleAssignment.objects.create(user=user, role=role, territory=territory)
    record_event(
        actor=actor,
        action="accounts.user.invited",
        target=user,
        territory_teryt=territory.teryt,
        changes={"before": None, "after": {**_person(user), "assignments": [_state(assignment)]}},
        context=context,
    )
    # The link is built now, so that a missing URL refuses the invitation instead of failing
    # after the commit; the mail leaves only once the user really exists.
    link = site_url.rstrip("/") + set_password_path(user)
    transaction.on_commit(partial(_send_invitation, user=user, link=link))
    return user


def set_password_path(user: User) -> str:
    """The address at which the user chooses a password (valid PASSWORD_RESET_TIMEOUT seconds)."""
    return reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def _send_invitation(*, user: User, link: str) -> None:
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    body = render_to_string(
        "accounts/user_invitation_email.txt", {"user": user, "link": link, "days": days}
    )
    send_mail(
        subject=_("Your Integra account"),
        message=body,
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def grant_assignment(
    *,
    actor: Actor,
    user: User,
    role: str,
    territory: Territory,
    valid_from: dt.date | None = None,
    context: RequestContext | None = None,
) -> RoleAssignment:
    """Give `user` the role over the territory from `valid_from` (today when None).

    Raises NotAnActor, OwnAccountRefused, PermissionDenied (the actor may not grant the role
    there), AssignmentInvalid (wrong level, retired unit, a start in the past) or
    AssignmentDuplicate (the same role over the same unit is already held, or will be, in an
    overlapping period).
    """
    if _is_self(actor, user.pk):
        raise OwnAccountRefused.assignments()
    require(actor, lambda who: can_grant_role(who, role, territory.teryt), str(MAY_NOT_GRANT))
    _check_assignable(role, territory)
    today = timezone.localdate()
    valid_from = valid_from or today
    if valid_from < today:
        raise AssignmentInvalid.in_the_past()
    overlapping = (
        RoleAssignment.objects.select_for_update()
        .filter(user=user, role=role, territory=territory)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=valid_from))
    )
    if overlapping.exists():
        raise AssignmentDuplicate(
            _("%(user)s already holds this role over this territory.") % {"user": user}
        )
    assignment = RoleAssignment.objects.create(
        user=user, role=role, territory=territory, valid_from=valid_from
    )
    record_event(
        actor=actor,
        action="accounts.role_assignment.granted",
        target=assignment,
        territory_teryt=territory.teryt,
        changes={"before": None, "after": _state(assignment)},
        context=context,
    )
    user.forget_scopes()
    return assignment


@transaction.atomic
def end_assignment(
    *, actor: Actor, assignment: RoleAssignment, context: RequestContext | None = None
) -> RoleAssignment:
    """End the assignment today (it stays on record, valid until today, exclusive).

    Raises NotAnActor, OwnAccountRefused, PermissionDenied, AssignmentAlreadyEnded or
    AssignmentNotStarted:
    the period of an assignment cannot be empty, so one that begins today or later cannot be
    ended before it has begun — deactivating the account withdraws access at once.
    """
    assignment = (
        RoleAssignment.objects.select_for_update()
        .select_related("user", "territory")
        .get(pk=assignment.pk)
    )
    if _is_self(actor, assignment.user_id):
        raise OwnAccountRefused.assignments()
    teryt = assignment.territory.teryt
    require(actor, lambda who: can_grant_role(who, assignment.role, teryt), str(MAY_NOT_END))
    today = timezone.localdate()
    if assignment.valid_until is not None and assignment.valid_until <= today:
        raise AssignmentAlreadyEnded(_("This assignment has already ended."))
    if assignment.valid_from >= today:
        raise AssignmentNotStarted(
            _(
                "An assignment can be ended from the day after it begins. To withdraw access "
                "at once, deactivate the account."
            )
        )
    before = _state(assignment)
    assignment.valid_until = today
    assignment.save(update_fields=["valid_until"])
    record_event(
        actor=actor,
        action="accounts.role_assignment.ended",
        target=assignment,
        territory_teryt=assignment.territory.teryt,
        changes={"before": before, "after": _state(assignment)},
        context=context,
    )
    assignment.user.forget_scopes()
    return assignment


@transaction.atomic
def update_user(
    *, actor: Actor, user: User, changes: UserChanges, context: RequestContext | None = None
) -> User:
    """Change the person's name, e-mail and whether the account is active; records only what
    changed (nothing when nothing did).

    Raises NotAnActor, PermissionDenied (any open assignment of the user is beyond the actor's
    reach, or a staff account edited by other than a ministry admin), OwnAccountRefused
    (deactivating oneself), EmailInvalid or EmailUnavailable (the address is anyone else's
    e-mail or username; the same words whoever holds it).
    """
    require(actor, lambda who: can_edit_user(who, user), str(MAY_NOT_EDIT))
    if _is_self(actor, user.pk) and not changes.is_active:
        raise OwnAccountRefused.deactivation()
    email = changes.email.strip()
    if email:
        _check_email(email)
    if email and email.lower() != user.email.lower():
        _lock_identities()
        if _identifier_taken(email, exclude_pk=user.pk):
            # Neutral, as for an invitation: the editor may not learn who holds it (issue 10).
            raise EmailUnavailable.for_edit()
    wanted = {
        "first_name": changes.first_name.strip(),
        "last_name": changes.last_name.strip(),
        "email": email,
        "is_active": changes.is_active,
    }
    changed = {field: value for field, value in wanted.items() if getattr(user, field) != value}
    if not changed:
        return user
    before = {field: getattr(user, field) for field in changed}
    for field, value in changed.items():
        setattr(user, field, value)
    _save_identity(user, update_fields=list(changed))
    record_event(
        actor=actor,
        action="accounts.user.updated",
        target=user,
        territory_teryt=_location(user),
        changes={"before": before, "after": changed},
        context=context,
    )
    return user


def _is_self(actor: Actor, pk: Any) -> bool:
    """The actor is the user `pk` (never the system)."""
    user = user_of(actor)
    return user is not None and user.pk == pk


def _check_email(email: str) -> None:
    try:
        validate_email(email)
    except ValidationError as error:
        raise EmailInvalid(_("Enter a valid e-mail address.")) from error


def _check_assignable(role: str, territory: Territory) -> None:
    _check_assignments([(role, territory)])
    if territory.retired_on is not None:
        raise AssignmentInvalid(
            _("%(unit)s is no longer in the territorial register.") % {"unit": territory.name}
        )


def _person(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
    }


def _state(assignment: RoleAssignment) -> dict[str, Any]:
    return {
        "id": assignment.pk,
        "role": assignment.role,
        "territory": assignment.territory.teryt,
        "valid_from": assignment.valid_from,
        "valid_until": assignment.valid_until,
    }


def _location(user: User) -> str:
    """Where an event about the user is filed: the smallest unit holding all their open
    assignments ("" — visible to the ministry only — when they lie in different voivodeships)."""
    codes: list[str] = sorted(
        {a.territory.teryt for a in user.assignments.select_related("territory") if is_open(a)}
    )
    if len(codes) == 1:
        return codes[0]
    # Sorted codes: what the first and the last share, all share.
    first, last = codes[0], codes[-1]
    pairs = enumerate(zip(first, last, strict=False))
    shared = next((i for i, (a, b) in pairs if a != b), min(len(first), len(last)))
    return next((first[:n] for n in TERYT_LENGTHS if shared >= n), "")
