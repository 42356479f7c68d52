"""Schemas of the accounts API: the caller and their tokens, and the users they manage."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Schema

from integra.accounts.models import ApiToken, Role, RoleAssignment, User
from integra.accounts.policies import is_open
from integra.accounts.rules import USERNAME_MAX_LENGTH, USERNAME_PATTERN
from integra.accounts.services.tokens import NAME_MAX_LENGTH
from integra.core.api.schemas import PRINTABLE
from integra.territories.api import TERYT_DESCRIPTION, TERYT_PATTERN, TerritoryRef

# The caller ------------------------------------------------------------------------------------


class Assignment(Schema):
    role: Role
    role_label: str = Field(description="The role in words, in the language of the request.")
    territory: TerritoryRef = Field(description="The unit the role is held over (and below).")
    valid_from: date
    valid_until: date | None = Field(
        description="The first day the assignment no longer holds; null when open-ended."
    )

    @staticmethod
    def resolve_role_label(assignment: RoleAssignment) -> str:
        return str(assignment.get_role_display())


class Me(Schema):
    username: str
    email: str
    full_name: str
    language: str = Field(description="Language of the answers, e.g. 'pl'.")
    assignments: list[Assignment] = Field(
        description="Role assignments valid today or starting later."
    )


class Token(Schema):
    id: int
    name: str
    key_prefix: str = Field(description="The token's first characters, to tell tokens apart.")
    created_at: datetime
    last_used_at: datetime | None = Field(description="Last call made with it (to the minute).")
    expires_on: date | None = Field(description="The first day it no longer works.")
    revoked_at: datetime | None
    read_only: bool = Field(description="Only safe calls (GET); any change is refused with 403.")
    state: ApiToken.State

    @staticmethod
    def resolve_state(token: ApiToken) -> str:
        return token.state()


class IssuedToken(Token):
    token: str = Field(
        description="The secret, for `Authorization: Bearer <token>`. Shown only in this answer."
    )


class TokenRequest(Schema):
    name: str = Field(
        min_length=1,
        max_length=NAME_MAX_LENGTH,
        pattern=PRINTABLE,
        description="What the token is for, e.g. the system using it.",
    )
    expires_on: date | None = Field(
        None,
        description=(
            "The first day it no longer works: after today, at most 365 days ahead; when "
            "omitted, the server's default lifetime (INTEGRA_TOKEN_DAYS, 90 days unless set)."
        ),
    )
    read_only: bool = Field(
        False, description="Narrow the token to reads: unsafe calls are refused (403)."
    )


# The users the caller manages ------------------------------------------------------------------


class UserFilters(Schema):
    # Optional but never null: a query string has no null, so the schema should not offer one.
    q: str = Field(
        None,
        max_length=150,
        pattern=PRINTABLE,
        description="A part of the user name, first or last name or e-mail.",
    )
    role: Role = Field(None, description="Users holding this role today or later.")
    territory: str = Field(
        None,
        pattern=r"^(PL|[0-9]{1,7})$",
        description="Users holding a role over a unit whose TERYT code begins so.",
    )


class AssignmentOut(Schema):
    id: int
    role: Role
    role_label: str = Field(description="The role in words, in the language of the request.")
    territory: TerritoryRef = Field(description="The unit the role is held over (and below).")
    valid_from: date
    valid_until: date | None = Field(
        description="The first day the assignment no longer holds; null when open-ended."
    )
    is_open: bool = Field(description="Valid today or later (not ended).")

    @staticmethod
    def resolve_role_label(assignment: RoleAssignment) -> str:
        return str(assignment.get_role_display())

    @staticmethod
    def resolve_is_open(assignment: RoleAssignment) -> bool:
        return is_open(assignment)


class UserItem(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    is_active: bool
    has_password: bool = Field(description="False until the invited user sets a password.")
    assignments: list[AssignmentOut] = Field(description="Assignments valid today or later.")

    @staticmethod
    def resolve_has_password(user: User) -> bool:
        return user.has_usable_password()

    @staticmethod
    def resolve_assignments(user: User) -> list[RoleAssignment]:
        if hasattr(user, "open_assignments"):  # prefetched by selectors.list_users
            return list(user.open_assignments)
        return _open(user)


class UserDetail(UserItem):
    assignments: list[AssignmentOut] = Field(description="Every assignment, ended ones too.")

    @staticmethod
    def resolve_assignments(user: User) -> list[RoleAssignment]:
        return list(user.assignments.all())


class InvitationIn(Schema):
    username: str = Field(
        min_length=1,
        max_length=USERNAME_MAX_LENGTH,
        pattern=USERNAME_PATTERN,
        description="Used to sign in: letters, digits and . + - _ (no @), unique in any case.",
    )
    email: str = Field(
        min_length=3, max_length=254, pattern=PRINTABLE, description="Where the link is sent."
    )
    first_name: str = Field("", max_length=150, pattern=PRINTABLE)
    last_name: str = Field("", max_length=150, pattern=PRINTABLE)
    role: Role
    territory: str = Field(pattern=TERYT_PATTERN, description=TERYT_DESCRIPTION)


class GrantIn(Schema):
    role: Role
    territory: str = Field(pattern=TERYT_PATTERN, description=TERYT_DESCRIPTION)
    valid_from: date | None = Field(None, description="The first day; today when omitted.")


def _open(user: User) -> list[RoleAssignment]:
    today = timezone.localdate()
    return [a for a in user.assignments.all() if is_open(a, today)]
