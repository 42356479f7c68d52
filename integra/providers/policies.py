"""Rights over the providers' register (docs/security.md, "Providers").

- **Read the register** (name, kind, NIP, REGON, KRS, seat): everyone holding a ministry,
  regional or gmina role, wherever — these are public registry data, and a gmina looks for a
  provider seated elsewhere. A provider user reads only the organisations they act for
  (membership), and gets 404 for any other.
- **Read the details** (contacts, bank account, the PESEL masked): the ministry; the region and
  the gmina of the seat; the gmina that registered the provider; gminas that work with it
  (`PARTNER_GMINAS`, which the contracts app fills); the provider's own users.
- **Read a PESEL in clear**: a ministry administrator, the coordinator of the seat's gmina and
  the person's own users; everyone else sees "*******1234".
- **Register and edit; invite a provider user**: a gmina coordinator (a provider they register
  is theirs to edit wherever it sits; also those seated in their gmina), the regional officer
  (seated in or registered by a gmina of the region), a ministry administrator.
- **Merge two providers**: a ministry administrator only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from integra.core.policies import action, holds_any
from integra.core.roles import GMINA_ROLES, MINISTRY_ROLES, REGIONAL_ROLES, Role

REGISTER_READERS = MINISTRY_ROLES | REGIONAL_ROLES | GMINA_ROLES
DETAIL_READERS = MINISTRY_ROLES | REGIONAL_ROLES | GMINA_ROLES
PESEL_READERS = frozenset({Role.MINISTRY_ADMIN, Role.GMINA_COORDINATOR})
EDITORS = frozenset({Role.MINISTRY_ADMIN, Role.REGIONAL_OFFICER, Role.GMINA_COORDINATOR})
MERGERS = frozenset({Role.MINISTRY_ADMIN})
# The country's prefix: a ministry role reaches every seat.
NATIONAL = ""

# Functions provider → TERYT codes of the gminas that work with it, registered by apps above
# (contracts: the gminas with a contract or an offer); their roles read the provider's details.
PARTNER_GMINAS: list[Callable[[Any], Iterable[str]]] = []


def register_readers_anywhere(user: Any) -> bool:
    """Holds a ministry, regional or gmina role somewhere: reads the whole register."""
    return bool(getattr(user, "is_authenticated", False) and user.scope_prefixes(REGISTER_READERS))


@action("providers.provider.view", _("read the providers' register (names, registry numbers)"))
def can_view_register_at(user: Any, teryt: str) -> bool:
    # A national register: where the provider sits does not matter.
    return register_readers_anywhere(user)


@action(
    "providers.provider.view_details",
    _("read a provider's contacts and bank account (its seat's region and gmina)"),
)
def can_view_details_at(user: Any, teryt: str) -> bool:
    return holds_any(user, MINISTRY_ROLES, NATIONAL) or holds_any(user, DETAIL_READERS, teryt)


@action("providers.provider.view_pesel", _("read a natural person's PESEL in clear"))
def can_view_pesel_at(user: Any, teryt: str) -> bool:
    return holds_any(user, PESEL_READERS, teryt)


@action("providers.provider.edit", _("register and edit providers"))
def can_edit_provider_at(user: Any, teryt: str) -> bool:
    return holds_any(user, EDITORS, teryt)


@action("providers.membership.invite", _("invite a user to act for a provider"))
def can_invite_member_at(user: Any, teryt: str) -> bool:
    return holds_any(user, EDITORS, teryt)


@action("providers.provider.merge", _("merge two providers into one"))
def can_merge_providers_at(user: Any, teryt: str) -> bool:
    return holds_any(user, MERGERS, teryt)


def places_of(provider: Any) -> list[str]:
    """The units a provider is located at for rights: its seat and the gmina that registered it."""
    places = [provider.seat_gmina.teryt]
    if provider.brought_by_id:
        places.append(provider.brought_by.teryt)
    return places


def is_member(user: Any, provider: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    member_ids = getattr(provider, "member_ids", None)
    if member_ids is not None:
        return user.pk in member_ids
    return bool(provider.memberships.filter(user_id=user.pk).exists())


def can_view_provider(user: Any, provider: Any) -> bool:
    return register_readers_anywhere(user) or is_member(user, provider)


def can_view_details(user: Any, provider: Any) -> bool:
    if is_member(user, provider):
        return True
    places = places_of(provider)
    if PARTNER_GMINAS:
        places += [teryt for partners in PARTNER_GMINAS for teryt in partners(provider)]
    return any(can_view_details_at(user, teryt) for teryt in places)


def can_view_pesel(user: Any, provider: Any) -> bool:
    return is_member(user, provider) or can_view_pesel_at(user, provider.seat_gmina.teryt)


def can_edit_provider(user: Any, provider: Any) -> bool:
    return not provider.is_merged and any(
        can_edit_provider_at(user, teryt) for teryt in places_of(provider)
    )


def can_invite_member(user: Any, provider: Any) -> bool:
    return not provider.is_merged and any(
        can_invite_member_at(user, teryt) for teryt in places_of(provider)
    )


def can_create_any_provider(user: Any) -> bool:
    """Registers providers somewhere (a gmina coordinator, a regional officer, the ministry)."""
    return bool(getattr(user, "is_authenticated", False) and user.scope_prefixes(EDITORS))


def can_merge_providers(user: Any) -> bool:
    return can_merge_providers_at(user, NATIONAL)


def can_open_providers(user: Any) -> bool:
    """Sees the register (or, as a provider user, their own organisations): the menu entry."""
    return register_readers_anywhere(user) or bool(
        getattr(user, "is_authenticated", False) and user.scope_prefixes({Role.PROVIDER})
    )
