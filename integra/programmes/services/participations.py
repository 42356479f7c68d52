"""Writes to a gmina's participation: its life cycle (one workflow) and its signed agreement."""

from __future__ import annotations

from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, require
from integra.core.cache import invalidate, programme_group
from integra.core.errors import Problem, RulesBroken
from integra.core.workflow import Transition, TransitionRefused, Workflow
from integra.programmes.models import Participation, ParticipationAgreement
from integra.programmes.policies import can_manage_participation, can_view_participation
from integra.programmes.rules import AgreementSpec, agreement_problems

Status = Participation.Status


class ParticipationTransitionRefused(TransitionRefused):
    """The participation's life cycle does not allow the step (or it lacks its reason)."""

    code = "transition_refused"


class AgreementInvalid(RulesBroken):
    code = "agreement_invalid"
    status = 400


def _describe(participation: Participation, transition: Transition) -> str:
    to = transition.action
    return _("A participation cannot go from “%(from)s” to “%(to)s”.") % {
        "from": participation.get_status_display(),
        "to": Status(to).label if to in Status.values else to,
    }


# The life cycle of a participation: forward only, or withdrawn before it closes. Each action is
# named by the state it leads to.
WORKFLOW = Workflow(
    Transition.of(Status.AGREEMENT_SIGNED, {Status.QUALIFIED}, Status.AGREEMENT_SIGNED),
    Transition.of(Status.ACTIVE, {Status.AGREEMENT_SIGNED}, Status.ACTIVE),
    Transition.of(Status.CLOSING, {Status.ACTIVE}, Status.CLOSING),
    Transition.of(Status.CLOSED, {Status.CLOSING}, Status.CLOSED),
    Transition.of(
        Status.WITHDRAWN,
        {Status.QUALIFIED, Status.AGREEMENT_SIGNED, Status.ACTIVE},
        Status.WITHDRAWN,
    ),
    refused=ParticipationTransitionRefused,
    describe=_describe,
)


def _require_manager(actor: Actor, participation: Participation) -> None:
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
    actor: Actor,
    participation: Participation,
    to: str,
    reason: str = "",
    context: RequestContext | None = None,
) -> Participation:
    """Move a participation along its life cycle (WORKFLOW), under a row lock.

    Raises Participation.DoesNotExist outside the actor's scope, PermissionDenied for a role
    that may not manage it, ParticipationTransitionRefused for a step the life cycle does not
    allow or a withdrawal without its reason, and AgreementInvalid when it would become
    `agreement_signed` without a signed agreement.
    """
    _require_manager(actor, participation)
    current: Participation = Participation.objects.select_for_update().get(pk=participation.pk)
    WORKFLOW.require(current, to)
    if to == Status.AGREEMENT_SIGNED and not current.agreements.exists():
        raise AgreementInvalid(
            _("Record the signed agreement first."),
            [Problem(_("Record the signed agreement first."), field="agreement")],
        )
    if to == Status.WITHDRAWN and not reason.strip():
        raise ParticipationTransitionRefused(
            _("Give the reason of the withdrawal."), state=current.status, action=to
        )
    before, after = WORKFLOW.move(current, to)
    current.save(update_fields=["status"])
    invalidate(programme_group(current.programme_id))
    record_event(
        actor=actor,
        action=f"programmes.participation.{after}",
        target=current,
        territory_teryt=current.gmina.teryt,
        context=context,
        changes={"status": [before, after], "reason": reason},
    )
    return current


@transaction.atomic
def sign_agreement(
    *,
    actor: Actor,
    participation: Participation,
    spec: AgreementSpec,
    document: File[Any] | None = None,
    context: RequestContext | None = None,
) -> ParticipationAgreement:
    """Record the agreement with the voivodeship board and mark the participation signed.

    Raises AgreementInvalid (every problem at its field) for a missing number or signatories, a
    non-positive amount, a reversed period or one outside the programme's, and the errors of
    change_participation_status.
    """
    _require_manager(actor, participation)
    programme = participation.programme
    problems = agreement_problems(
        spec, programme_starts_on=programme.starts_on, programme_ends_on=programme.ends_on
    )
    if problems:
        raise AgreementInvalid(_("The agreement is refused; nothing was saved."), problems)
    agreement = ParticipationAgreement(participation=participation, **spec.__dict__)
    if document is not None:
        agreement.document.save(str(document.name), document, save=False)
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
        actor=actor, participation=participation, to=Status.AGREEMENT_SIGNED, context=context
    )
    return agreement
