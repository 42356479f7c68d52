"""The users who act for a provider (role `provider`).

A gmina coordinator (or the region, or the ministry) invites a person for a provider they may
edit. The account is made by accounts' own invitation service — its identity checks, its neutral
answer to an address in use (recorded), its e-mailed link — with the role `provider` over the
country, since a provider works in every gmina; what the user sees is narrowed by membership.
The accounts policy lets no gmina role grant roles, so the invitation is made by the system on
the inviter's behalf, after this module checked the providers policy; the membership's own event
names the inviter.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from integra.accounts.models import User
from integra.accounts.services.users import Invitation, invite_user
from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, SystemActor, is_system, label_of, require
from integra.core.errors import DomainError
from integra.core.roles import Role
from integra.providers.models import Provider, ProviderMembership
from integra.providers.policies import can_invite_member, can_merge_providers, can_view_provider
from integra.territories.models import Territory

COUNTRY = "PL"


class AlreadyMember(DomainError):
    code = "provider_member_exists"
    status = 409


@dataclass(frozen=True)
class MemberInvitation:
    username: str
    email: str
    first_name: str = ""
    last_name: str = ""


def _require_inviter(actor: Actor, provider: Provider) -> None:
    require(
        actor,
        lambda user: can_invite_member(user, provider),
        _("You may not invite users for this provider."),
        visible=lambda user: can_view_provider(user, provider),
        missing=Provider.DoesNotExist,
    )


def invite_provider_user(
    *,
    actor: Actor,
    provider: Provider,
    invitation: MemberInvitation,
    site_url: str = "",
    context: RequestContext | None = None,
) -> User:
    """Invite a new user to act for the provider. Raises PermissionDenied, Provider.DoesNotExist
    (outside the inviter's sight) and whatever accounts' invite_user raises (EmailUnavailable,
    UsernameTaken, …).

    Two transactions, on purpose: accounts records a refused invitation (an address in use) in
    its own, which a surrounding one would roll back with the refusal. Should the second fail,
    the new account holds a role but no membership, so it sees nothing."""
    _require_inviter(actor, provider)
    user = invite_user(
        actor=SystemActor(f"providers.invite ({label_of(actor)})"),
        invitation=Invitation(
            username=invitation.username,
            email=invitation.email,
            role=Role.PROVIDER,
            territory=Territory.objects.get(teryt=COUNTRY),
            first_name=invitation.first_name,
            last_name=invitation.last_name,
        ),
        site_url=site_url,
        context=context,
    )
    _join(actor=actor, provider=provider, user=user, context=context)
    return user


@transaction.atomic
def add_member(
    *, actor: Actor, provider: Provider, user: User, context: RequestContext | None = None
) -> ProviderMembership:
    """Let an existing user act for the provider too (a ministry administrator, or the system:
    the demo). Raises PermissionDenied or AlreadyMember."""
    require(
        actor,
        can_merge_providers,
        _("Only a ministry administrator adds an existing user to a provider."),
    )
    return _join(actor=actor, provider=provider, user=user, context=context)


@transaction.atomic
def _join(
    *, actor: Actor, provider: Provider, user: User, context: RequestContext | None
) -> ProviderMembership:
    locked = Provider.objects.select_for_update().get(pk=provider.pk)
    if locked.memberships.filter(user=user).exists():
        raise AlreadyMember(
            _("%(user)s already acts for %(provider)s.")
            % {"user": user.username, "provider": locked.name}
        )
    membership = ProviderMembership.objects.create(user=user, provider=locked)
    record_event(
        actor=actor,
        action="providers.membership.created",
        target=locked,
        territory_teryt=locked.seat_gmina.teryt,
        changes={"user": user.username, "provider": locked.pk, "by_system": is_system(actor)},
        context=context,
    )
    return membership
