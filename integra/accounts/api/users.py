"""API for managing users and role assignments: the same services, rights and scope as the pages
(ministry admins; regional officers for the gminas of their voivodeship; anyone else 403, a user
beyond the caller's reach 404)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate

from integra.accounts import selectors
from integra.accounts.api.schemas import (
    AssignmentOut,
    GrantIn,
    InvitationIn,
    UserDetail,
    UserFilters,
    UserItem,
)
from integra.accounts.models import RoleAssignment, User
from integra.accounts.policies import can_manage_users
from integra.accounts.services import users as services
from integra.audit.services import RequestContext
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import MAX_ID, caller
from integra.territories.models import Territory

router = Router(tags=["users"])

UserId = Path(..., ge=1, le=MAX_ID, description="The user's id.")
AssignmentId = Path(..., ge=1, le=MAX_ID, description="The assignment's id.")


@router.get("", response=list[UserItem], summary="List the users you manage")
@paginate(PageNumberPagination)
def users_list(request: HttpRequest, filters: Query[UserFilters]) -> QuerySet[User]:
    """Users within the caller's reach, by user name, with their open assignments."""
    _require_manager(request)
    return selectors.list_users(
        user=caller(request), query=filters.q, role=filters.role, territory=filters.territory
    )


@router.post("", response={201: UserDetail}, summary="Invite a user")
def users_invite(request: HttpRequest, invitation: InvitationIn) -> tuple[int, User]:
    """Create an account holding the role from today; the person receives an e-mail with a link
    to set their password."""
    _require_manager(request)
    user = services.invite_user(
        actor=caller(request),
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
    return Status(201, selectors.get_user(user=caller(request), pk=user.pk))


@router.get("/{user_id}", response=UserDetail, summary="One user")
def users_detail(request: HttpRequest, user_id: int = UserId) -> User:
    """The user with every assignment, ended ones too."""
    _require_manager(request)
    return selectors.get_user(user=caller(request), pk=user_id)


@router.post(
    "/{user_id}/assignments", response={201: AssignmentOut}, summary="Grant a role to a user"
)
def users_assignments_grant(
    request: HttpRequest, grant: GrantIn, user_id: int = UserId
) -> tuple[int, RoleAssignment]:
    """Give the user a role over a unit (and everything below it) from `valid_from`."""
    _require_manager(request)
    user = selectors.get_user(user=caller(request), pk=user_id)
    assignment = services.grant_assignment(
        actor=caller(request),
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
    assignment = selectors.get_assignment(user=caller(request), user_pk=user_id, pk=assignment_id)
    return services.end_assignment(
        actor=caller(request), assignment=assignment, context=RequestContext.of(request)
    )


def _require_manager(request: HttpRequest) -> None:
    if not can_manage_users(caller(request)):
        raise PermissionDenied


def _territory(teryt: str) -> Territory:
    try:
        return selectors.assignable_territory(teryt)
    except Territory.DoesNotExist as exc:
        raise services.TerritoryUnknown.of(teryt) from exc
