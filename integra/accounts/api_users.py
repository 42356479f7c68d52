"""API for managing users and role assignments: the same services, rights and scope as the pages
(ministry admins; regional officers for the gminas of their voivodeship; anyone else 403, a user
beyond the caller's reach 404)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from integra.accounts import selectors, services
from integra.accounts.models import Role, RoleAssignment, User
from integra.accounts.policies import can_manage_users, is_open
from integra.audit.services import RequestContext
from integra.core.api.pagination import PageNumberPagination
from integra.territories.api import TERYT_DESCRIPTION, TERYT_PATTERN, TerritoryRef
from integra.territories.models import Territory

router = Router(tags=["users"])

# The largest key the databases store; a larger path parameter is refused, never sent to SQL.
MAX_ID = 2**63 - 1
# Control characters never occur in names, and PostgreSQL refuses NUL in a string.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
UserId = Path(..., ge=1, le=MAX_ID, description="The user's id.")
AssignmentId = Path(..., ge=1, le=MAX_ID, description="The assignment's id.")


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
    username: str = Field(min_length=1, max_length=150, description="Used to sign in.")
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


@router.get("", response=list[UserItem], summary="List the users you manage")
@paginate(PageNumberPagination)
def users_list(request: HttpRequest, filters: Query[UserFilters]) -> QuerySet[User]:
    """Users within the caller's reach, by user name, with their open assignments."""
    _require_manager(request)
    return selectors.list_users(
        user=request.auth, query=filters.q, role=filters.role, territory=filters.territory
    )


@router.post("", response={201: UserDetail}, summary="Invite a user")
def users_invite(request: HttpRequest, invitation: InvitationIn) -> tuple[int, User]:
    """Create an account holding the role from today; the person receives an e-mail with a link
    to set their password."""
    _require_manager(request)
    user = services.invite_user(
        actor=request.auth,
        invitation=services.Invitation(
            username=invitation.username,
            email=invitation.email,
            role=invitation.role,
            territory=_territory(invitation.territory),
            first_name=invitation.first_name,
            last_name=invitation.last_name,
        ),
        site_url=request.build_absolute_uri("/"),
        context=RequestContext.of(request),
    )
    return Status(201, selectors.get_user(user=request.auth, pk=user.pk))


@router.get("/{user_id}", response=UserDetail, summary="One user")
def users_detail(request: HttpRequest, user_id: int = UserId) -> User:
    """The user with every assignment, ended ones too."""
    _require_manager(request)
    return selectors.get_user(user=request.auth, pk=user_id)


@router.post(
    "/{user_id}/assignments", response={201: AssignmentOut}, summary="Grant a role to a user"
)
def users_assignments_grant(
    request: HttpRequest, grant: GrantIn, user_id: int = UserId
) -> tuple[int, RoleAssignment]:
    """Give the user a role over a unit (and everything below it) from `valid_from`."""
    _require_manager(request)
    user = selectors.get_user(user=request.auth, pk=user_id)
    assignment = services.grant_assignment(
        actor=request.auth,
        user=user,
        role=grant.role,
        territory=_territory(grant.territory),
        valid_from=grant.valid_from,
        context=RequestContext.of(request),
    )
    return Status(201, assignment)


@router.post(
    "/{user_id}/assignments/{assignment_id}/end",
    response=AssignmentOut,
    summary="End a role assignment today",
)
def users_assignments_end(
    request: HttpRequest, user_id: int = UserId, assignment_id: int = AssignmentId
) -> RoleAssignment:
    """The assignment stays on record, valid until today (exclusive)."""
    _require_manager(request)
    assignment = selectors.get_assignment(user=request.auth, user_pk=user_id, pk=assignment_id)
    return services.end_assignment(
        actor=request.auth, assignment=assignment, context=RequestContext.of(request)
    )


def _require_manager(request: HttpRequest) -> None:
    if not can_manage_users(request.auth):
        raise PermissionDenied


def _territory(teryt: str) -> Territory:
    try:
        return selectors.assignable_territory(teryt)
    except Territory.DoesNotExist as exc:
        raise services.TerritoryUnknown(
            _("No current territorial unit has the TERYT code %(code)s.") % {"code": teryt}
        ) from exc


def _open(user: User) -> list[RoleAssignment]:
    today = timezone.localdate()
    return [a for a in user.assignments.all() if is_open(a, today)]
