"""Reads of programmes and participations for pages and the API, within the reader's scope."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from integra.programmes.models import Participation


def list_participations(
    *,
    user: Any,
    programme: str | None = None,
    voivodeship: str | None = None,
    status: str | None = None,
) -> QuerySet[Participation]:
    """Participations visible to the user by programme code, then gmina TERYT; filtered by
    programme code, voivodeship TERYT (two digits) and status."""
    participations = Participation.objects.visible_to(user).select_related(
        "programme", "gmina__parent__parent"
    )
    if programme:
        participations = participations.filter(programme__code=programme)
    if voivodeship:
        participations = participations.filter(gmina__teryt__startswith=voivodeship)
    if status:
        participations = participations.filter(status=status)
    return participations.order_by("programme__code", "gmina__teryt", "pk")


def get_participation(*, user: Any, participation_id: int) -> Participation:
    """One participation; Participation.DoesNotExist when absent or outside the user's scope, so
    that a caller cannot tell one from the other."""
    return (
        Participation.objects.visible_to(user)
        .select_related("programme", "gmina__parent__parent")
        .get(pk=participation_id)
    )


def is_taking_part(*, programme: Any, gmina: Any) -> bool:
    """Whether the gmina takes part in the programme (any status but withdrawn)."""
    return (
        Participation.objects.filter(programme=programme, gmina=gmina)
        .exclude(status=Participation.Status.WITHDRAWN)
        .exists()
    )


def participations_of(*, gminas: Iterable[str]) -> QuerySet[Participation]:
    """The participations (not withdrawn) of the gminas with these TERYT codes, by gmina name."""
    return (
        Participation.objects.filter(gmina__teryt__in=list(gminas))
        .exclude(status=Participation.Status.WITHDRAWN)
        .select_related("programme", "gmina")
        .order_by("gmina__name", "programme__code")
    )
