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
from integra.core.actors import require
from integra.core.errors import DomainError
from integra.programmes.models import Participation, ParticipationAgreement, Programme
from integra.programmes.policies import can_manage_participation, can_view_participation
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
            and gmina.gmina_type in programme.eligible_gmina_types
            and gmina.gmina_type != Territory.GminaType.URBAN
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


class TransitionRefused(DomainError):
    code = "transition_refused"
    status = 409


class AgreementInvalid(DomainError):
    code = "agreement_invalid"


# The life cycle of a participation: forward only, or withdrawn before it closes.
TRANSITIONS: dict[str, set[str]] = {
    Participation.Status.QUALIFIED: {
        Participation.Status.AGREEMENT_SIGNED,
        Participation.Status.WITHDRAWN,
    },
    Participation.Status.AGREEMENT_SIGNED: {
        Participation.Status.ACTIVE,
        Participation.Status.WITHDRAWN,
    },
    Participation.Status.ACTIVE: {Participation.Status.CLOSING, Participation.Status.WITHDRAWN},
    Participation.Status.CLOSING: {Participation.Status.CLOSED},
    Participation.Status.CLOSED: set(),
    Participation.Status.WITHDRAWN: set(),
}


def _require_manager(actor: Any, participation: Participation) -> None:
    require(
        actor,
        lambda user: can_manage_participation(user, participation),
        _("Your role may not change this gmina's participation."),
        visible=lambda user: can_view_participation(user, participation),
        missing=Participation.DoesNotExist,
    )


@transaction.atomic
def change_participation_status(
    *,
    actor: Any,
    participation: Participation,
    to: str,
    reason: str = "",
    context: RequestContext | None = None,
) -> Participation:
    """Move a participation along its life cycle (TRANSITIONS), under a row lock.

    Raises Participation.DoesNotExist outside the actor's scope, PermissionDenied for a role
    that may not manage it, TransitionRefused for a step the life cycle does not allow, and
    AgreementInvalid when it would become `agreement_signed` without a signed agreement.
    """
    _require_manager(actor, participation)
    current = Participation.objects.select_for_update().get(pk=participation.pk)
    if to not in TRANSITIONS.get(current.status, set()):
        raise TransitionRefused(
            _("A participation cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": current.get_status_display(),
                "to": Participation.Status(to).label if to in Participation.Status.values else to,
            }
        )
    if to == Participation.Status.AGREEMENT_SIGNED and not current.agreements.exists():
        raise AgreementInvalid(_("Record the signed agreement first."))
    if to == Participation.Status.WITHDRAWN and not reason.strip():
        raise TransitionRefused(_("Give the reason of the withdrawal."))
    before = current.status
    current.status = to
    current.save(update_fields=["status"])
    record_event(
        actor=actor,
        action=f"programmes.participation.{to}",
        target=current,
        territory_teryt=current.gmina.teryt,
        context=context,
        changes={"status": [before, to], "reason": reason},
    )
    return current


@dataclass(frozen=True)
class AgreementSpec:
    number: str
    signed_on: dt.date
    signatories: str
    amount_eur: Decimal
    valid_from: dt.date
    valid_until: dt.date


@transaction.atomic
def sign_agreement(
    *,
    actor: Any,
    participation: Participation,
    spec: AgreementSpec,
    document: Any = None,
    context: RequestContext | None = None,
) -> ParticipationAgreement:
    """Record the agreement with the voivodeship board and mark the participation signed.

    Raises AgreementInvalid (every problem at once) for a missing number or signatories, a
    non-positive amount, a reversed period or one outside the programme's, and the errors of
    change_participation_status.
    """
    _require_manager(actor, participation)
    programme = participation.programme
    problems = []
    if not spec.number.strip() or not spec.signatories.strip():
        problems.append(_("the number and the signatories are required"))
    if spec.amount_eur <= 0:
        problems.append(_("the amount must be positive"))
    if spec.valid_until <= spec.valid_from:
        problems.append(_("the agreement must end after it starts"))
    if spec.valid_from < programme.starts_on or spec.valid_until > programme.ends_on:
        problems.append(_("the agreement's period must lie within the programme's"))
    if problems:
        raise AgreementInvalid("; ".join(problems))
    agreement = ParticipationAgreement(participation=participation, **spec.__dict__)
    if document is not None:
        agreement.document.save(document.name, document, save=False)
    agreement.save()
    record_event(
        actor=actor,
        action="programmes.participation_agreement.signed",
        target=agreement,
        territory_teryt=participation.gmina.teryt,
        context=context,
        changes={
            "number": spec.number,
            "amount_eur": spec.amount_eur,
            "document": agreement.document.name or "",
        },
    )
    change_participation_status(
        actor=actor,
        participation=participation,
        to=Participation.Status.AGREEMENT_SIGNED,
        context=context,
    )
    return agreement
