"""Writes to programmes and participations; each change records its audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.core.errors import DomainError
from integra.programmes.models import Participation, Programme
from integra.programmes.selection import ELIGIBLE_GMINA_TYPES
from integra.territories.models import Territory


class ProgrammeInvalid(DomainError):
    code = "programme_invalid"


class ProgrammeCodeTaken(DomainError):
    code = "programme_code_taken"
    status = 409


class GminaNotEligible(DomainError):
    code = "gmina_not_eligible"


@dataclass(frozen=True)
class ProgrammeSpec:
    """What defines a programme (edition); `ends_on` is its last day."""

    code: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    budget_eur: Decimal


@transaction.atomic
def create_programme(
    *,
    actor: Any,
    spec: ProgrammeSpec,
    voivodeships: Sequence[Territory],
    context: RequestContext | None = None,
) -> Programme:
    """Create a programme over the given voivodeships.

    Raises ProgrammeCodeTaken when the code exists, ProgrammeInvalid for an empty or reversed
    period, a negative budget or a unit that is not a voivodeship.
    """
    _check_spec(spec, voivodeships)
    if Programme.objects.filter(code=spec.code).exists():
        raise ProgrammeCodeTaken(
            _("A programme with the code %(code)s already exists.") % {"code": spec.code}
        )
    programme = Programme.objects.create(
        code=spec.code,
        name=spec.name,
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        budget_eur=spec.budget_eur,
    )
    programme.voivodeships.set(voivodeships)
    record_event(
        actor=actor,
        action="programmes.programme.created",
        target=programme,
        context=context,
        changes={
            "code": spec.code,
            "name": spec.name,
            "starts_on": spec.starts_on,
            "ends_on": spec.ends_on,
            "budget_eur": str(spec.budget_eur),
            "voivodeships": sorted(v.teryt for v in voivodeships),
        },
    )
    return programme


def _check_spec(spec: ProgrammeSpec, voivodeships: Sequence[Territory]) -> None:
    if not spec.code.strip() or not spec.name.strip():
        raise ProgrammeInvalid(_("A programme needs a code and a name."))
    if spec.ends_on <= spec.starts_on:
        raise ProgrammeInvalid(_("A programme must end after it starts."))
    if spec.budget_eur < 0:
        raise ProgrammeInvalid(_("The budget may not be negative."))
    wrong = [v.teryt for v in voivodeships if v.level != Territory.Level.VOIVODESHIP]
    if wrong:
        raise ProgrammeInvalid(_("Not voivodeships: %(codes)s") % {"codes": ", ".join(wrong)})


@transaction.atomic
def qualify_gminas(
    *,
    actor: Any,
    programme: Programme,
    gminas: Sequence[tuple[Territory, int | None]],
    context: RequestContext | None = None,
) -> list[Participation]:
    """Qualify gminas, given with their selection rank, for the programme (status `qualified`).

    All or nothing: raises GminaNotEligible, naming every refused unit, when one is not a current
    rural or urban-rural gmina of the programme's voivodeships or already takes part.
    One audit event per participation, tagged with the gmina's TERYT code.
    """
    _check_eligible(programme, [gmina for gmina, _rank in gminas])
    created = Participation.objects.bulk_create(
        [
            Participation(
                programme=programme,
                gmina=gmina,
                selection_rank=rank,
                status=Participation.Status.QUALIFIED,
            )
            for gmina, rank in gminas
        ],
        batch_size=500,
    )
    # bulk_create sets primary keys on PostgreSQL and SQLite ≥ 3.35; re-read them otherwise.
    if created and created[0].pk is None:
        created = list(programme.participations.filter(gmina__in=[g for g, _r in gminas]))
    for participation in created:
        record_event(
            actor=actor,
            action="programmes.participation.qualified",
            target=participation,
            territory_teryt=participation.gmina.teryt,
            context=context,
            changes={
                "programme": programme.code,
                "status": participation.status,
                "selection_rank": participation.selection_rank,
            },
        )
    return created


def _check_eligible(programme: Programme, gminas: Sequence[Territory]) -> None:
    prefixes = {v.scope_prefix for v in programme.voivodeships.all()}
    taken = set(programme.participations.values_list("gmina_id", flat=True))
    seen: set[int] = set()
    refused = []
    for gmina in gminas:
        fits = (
            gmina.level == Territory.Level.GMINA
            and gmina.retired_on is None
            and gmina.gmina_type in ELIGIBLE_GMINA_TYPES
            and gmina.teryt[:2] in prefixes
        )
        if not fits or gmina.pk in taken or gmina.pk in seen:
            refused.append(gmina.teryt)
        seen.add(gmina.pk)
    if refused:
        raise GminaNotEligible(
            _("Not eligible for %(programme)s or already taking part: %(codes)s")
            % {"programme": programme.code, "codes": ", ".join(refused)}
        )
