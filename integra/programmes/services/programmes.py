"""Writes to programmes: a programme created over its voivodeships, its gminas qualified."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, require
from integra.core.cache import invalidate, programme_group
from integra.core.errors import DomainError, RulesBroken
from integra.programmes.models import Participation, Programme
from integra.programmes.policies import can_manage_programmes
from integra.programmes.rules import ProgrammeSpec, programme_problems
from integra.territories.models import Territory


class ProgrammeInvalid(RulesBroken):
    code = "programme_invalid"
    status = 400


class ProgrammeCodeTaken(DomainError):
    code = "programme_code_taken"
    status = 409


class GminaNotEligible(DomainError):
    code = "gmina_not_eligible"


def _require_manager(actor: Actor) -> None:
    require(actor, can_manage_programmes, _("Only a ministry administrator may manage programmes."))


@transaction.atomic
def create_programme(
    *,
    actor: Actor,
    spec: ProgrammeSpec,
    voivodeships: Sequence[Territory],
    context: RequestContext | None = None,
) -> Programme:
    """Create a programme over the given voivodeships.

    Raises PermissionDenied for a user who may not manage programmes, ProgrammeCodeTaken when
    the code exists, ProgrammeInvalid (every problem at its field) for an empty code or name, an
    empty or reversed period, a negative budget or a unit that is not a voivodeship.
    """
    _require_manager(actor)
    problems = programme_problems(spec, voivodeships)
    if problems:
        raise ProgrammeInvalid(_("The programme is refused; nothing was saved."), problems)
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


@transaction.atomic
def qualify_gminas(
    *,
    actor: Actor,
    programme: Programme,
    gminas: Sequence[tuple[Territory, int | None]],
    context: RequestContext | None = None,
) -> list[Participation]:
    """Qualify gminas, given with their selection rank, for the programme (status `qualified`).

    All or nothing: raises PermissionDenied for a user who may not manage programmes,
    GminaNotEligible, naming every refused unit, when one is not a current rural or urban-rural
    gmina of the programme's voivodeships or already takes part.
    One audit event per participation, tagged with the gmina's TERYT code.
    """
    _require_manager(actor)
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
    invalidate(programme_group(programme.pk))
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
    voivodeships = {v.teryt for v in programme.voivodeships.all()}
    taken = set(programme.participations.values_list("gmina_id", flat=True))
    seen: set[int] = set()
    refused = []
    for gmina in gminas:
        fits = (
            gmina.level == Territory.Level.GMINA
            and gmina.retired_on is None
            and gmina.gmina_type in programme.eligible_gmina_types
            and gmina.gmina_type != Territory.GminaType.URBAN
            and gmina.voivodeship_teryt in voivodeships
        )
        if not fits or gmina.pk in taken or gmina.pk in seen:
            refused.append(gmina.teryt)
        seen.add(gmina.pk)
    if refused:
        raise GminaNotEligible(
            _("Not eligible for %(programme)s or already taking part: %(codes)s")
            % {"programme": programme.code, "codes": ", ".join(refused)}
        )
