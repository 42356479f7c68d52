"""Writes to users and their role assignments; each change records its audit event."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from integra.accounts.models import Role, RoleAssignment, User
from integra.audit.services import record_event
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


class UsernameTaken(DomainError):
    code = "username_taken"
    status = 409


class UsernameInvalid(DomainError):
    code = "username_invalid"


class EmailTaken(DomainError):
    code = "email_taken"
    status = 409


class PasswordRejected(DomainError):
    code = "password_rejected"


class AssignmentInvalid(DomainError):
    code = "assignment_invalid"


@transaction.atomic
def create_user(
    *,
    actor: Any,
    username: str,
    email: str,
    password: str,
    assignments: Sequence[tuple[str, Territory]] = (),
    is_superuser: bool = False,
) -> User:
    """Create an active user with role assignments (valid from today) over territories.

    `is_superuser` also opens the Django admin (is_staff). Raises UsernameInvalid, UsernameTaken,
    EmailTaken (case-insensitive), PasswordRejected (the project's password validators) or
    AssignmentInvalid (unknown role, or a territory of the wrong level for the role).
    """
    _check_identity(username, email)
    _check_assignments(assignments)
    user = User(username=username, email=email, is_staff=is_superuser, is_superuser=is_superuser)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise PasswordRejected(" ".join(error.messages)) from error
    user.set_password(password)
    user.save()
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
    try:
        User.username_validator(username)
    except ValidationError as error:
        raise UsernameInvalid(" ".join(error.messages)) from error
    if User.objects.filter(username=username).exists():
        raise UsernameTaken(_("The username %(name)s is taken.") % {"name": username})
    if email and User.objects.filter(email__iexact=email).exists():
        raise EmailTaken(_("The e-mail address %(email)s is taken.") % {"email": email})


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
