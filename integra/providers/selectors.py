"""Reads of the providers' register for pages, the API, exports and the apps above (contracts):
every read starts from `Provider.objects.visible_to(user)`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from integra.core import crypto
from integra.core.collation import polish
from integra.core.roles import Role
from integra.providers import rules
from integra.providers.models import Provider, ProviderMembership
from integra.providers.policies import can_view_details, can_view_pesel
from integra.territories.models import Territory


def list_providers(
    *,
    user: Any,
    kind: str | None = None,
    voivodeship: str | None = None,
    gmina: str | None = None,
    search: str | None = None,
) -> QuerySet[Provider]:
    """Current providers the user sees, by name; filtered by kind, the seat's voivodeship (two
    digits) or gmina (seven), and a part of the name or a NIP/REGON/KRS (typed any way)."""
    providers = (
        Provider.objects.visible_to(user)
        .current()
        .select_related("seat_gmina__parent__parent", "brought_by")
    )
    if kind:
        providers = providers.filter(kind=kind)
    if gmina:
        providers = providers.filter(seat_gmina__teryt=gmina)
    elif voivodeship:
        providers = providers.filter(seat_gmina__teryt__startswith=voivodeship)
    if search and search.strip():
        needle = search.strip()
        query = Q(name__icontains=needle)
        digits = rules.normalised_nip(needle)
        if digits.isdigit() and len(digits) >= 3:
            query |= Q(nip__startswith=digits) | Q(regon__startswith=digits) | Q(krs=digits)
        providers = providers.filter(query)
    return providers.order_by(polish("name"), "pk")


def get_provider(*, user: Any, provider_id: int) -> Provider:
    """One provider (current or merged) with its seat, the ids of its users loaded;
    Provider.DoesNotExist when absent or outside the user's sight alike."""
    provider: Provider = (
        Provider.objects.visible_to(user)
        .select_related("seat_gmina__parent__parent", "brought_by", "merged_into")
        .get(pk=provider_id)
    )
    provider.member_ids = set(  # type: ignore[attr-defined]
        provider.memberships.values_list("user_id", flat=True)
    )
    return provider


def find_by_identifiers(
    *, nip: str = "", regon: str = "", krs: str = "", pesel: str = ""
) -> Provider | None:
    """The current provider holding any of these identifiers (typed any way), else None — so
    that a form, the API or an offer finds the existing one instead of creating a twin. Only
    registry data is returned: callers show it through the register's rights."""
    identifiers = {
        "nip": rules.normalised_nip(nip) if nip else "",
        "regon": rules.digits_of(regon) if regon else "",
        "krs": rules.digits_of(krs) if krs else "",
        "pesel_digest": crypto.digest(rules.digits_of(pesel)) if pesel else "",
    }
    return Provider.objects.with_identifiers(identifiers).order_by("pk").first()


def providers_of_user(user: Any) -> QuerySet[Provider]:
    """The current providers the user acts for (none for a user who acts for none)."""
    if not getattr(user, "is_authenticated", False):
        return Provider.objects.none()
    return (
        Provider.objects.current()
        .filter(memberships__user_id=user.pk)
        .order_by(polish("name"), "pk")
    )


def members_of(*, user: Any, provider: Provider) -> QuerySet[ProviderMembership]:
    """The users acting for the provider, for those who read its details; none otherwise."""
    if not can_view_details(user, provider):
        return ProviderMembership.objects.none()
    return provider.memberships.select_related("user").order_by("user__username")


def pesel_shown(*, user: Any, provider: Provider) -> str:
    """The PESEL as this user may see it: in clear, masked ("*******1234") or "" when none."""
    if not provider.has_pesel:
        return ""
    return provider.pesel() if can_view_pesel(user, provider) else provider.pesel_masked()


def home_gmina(user: Any) -> Territory | None:
    """The gmina a coordinator registers providers for (their first, by TERYT code); None for a
    region, the ministry or the system."""
    if not getattr(user, "is_authenticated", False):
        return None
    prefixes = sorted(p for p in user.scope_prefixes({Role.GMINA_COORDINATOR}) if len(p) == 7)
    if not prefixes:
        return None
    return Territory.objects.filter(teryt=prefixes[0]).first()


def seat_gminas() -> QuerySet[Territory]:
    """The gminas a provider may sit in: the current register's."""
    return Territory.objects.gminas().current().order_by(polish("name"), "teryt")


# Functions (user, provider) → the provider's contracts across gminas that the user sees, as rows
# for its card (gmina, number, value_pln, status, reports, url); registered by the contracts app,
# which sits above this one.
CONTRACT_ROWS: list[Callable[[Any, Provider], list[dict[str, Any]]]] = []


def contracts_of(*, user: Any, provider: Provider) -> list[dict[str, Any]]:
    """The rows every registered source gives for the provider's card (none without one)."""
    return [row for source in CONTRACT_ROWS for row in source(user, provider)]
