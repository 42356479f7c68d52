"""Writes of offers: a provider's user submits one online until the deadline (after it: refused,
nothing written), the coordinator registers one received on paper — either in place of the
provider's current offer, kept as replaced; the formal check with its reasons; the committee's
scores. Attachments: `attachments`; withdrawal and replacement: `replacement`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.contracts import policies, rules
from integra.contracts.models import (
    CommitteeMember,
    MeetingAttendance,
    Offer,
    OfferAction,
    OfferCostLine,
    OfferGroup,
    ProcurementRound,
    RoundService,
    Score,
)
from integra.contracts.services.shared import (
    ROUND_WORKFLOW,
    EditConflict,
    check_lock,
    locked_round,
    require_right,
)
from integra.core.actors import Actor, is_system, user_of
from integra.core.errors import DomainError, Problem, RulesBroken

Status = Offer.Status


class OfferAfterDeadline(DomainError):
    code = "offer_after_deadline"
    status = 409


class OfferNotAllowed(DomainError):
    code = "offer_not_allowed"
    status = 409


def _served(lot: RoundService) -> set[str]:
    return {g.code for g in lot.planned_service.groups.all()}


def _check(values: rules.OfferInput, lot: RoundService) -> None:
    problems = rules.offer_problems(values, budget_pln=lot.budget_pln, served=_served(lot))
    if problems:
        raise RulesBroken(_("The offer is incomplete; nothing was saved."), problems)


def _write(offer: Offer, values: rules.OfferInput) -> None:
    offer.groups.all().delete()
    offer.schedule.all().delete()
    offer.cost_lines.all().delete()
    OfferGroup.objects.bulk_create(
        OfferGroup(
            offer=offer, group=g.group, people=g.people, characteristics=g.characteristics.strip()
        )
        for g in values.groups
    )
    OfferAction.objects.bulk_create(
        OfferAction(
            offer=offer, position=n, description=a.description.strip(), quarters=list(a.quarters)
        )
        for n, a in enumerate(values.schedule)
    )
    OfferCostLine.objects.bulk_create(
        OfferCostLine(offer=offer, position=n, name=c.name.strip(), amount_pln=c.amount_pln)
        for n, c in enumerate(values.cost_lines)
    )


def _parts(values: rules.OfferInput) -> dict[str, Any]:
    return {
        "actions": values.actions.strip(),
        "expected_results": values.expected_results.strip(),
        "has_partnership": values.has_partnership,
        "non_duplication_declared": values.non_duplication_declared,
        "non_duplication_statement": values.non_duplication_statement.strip(),
        "total_pln": values.total_pln,
    }


def _lot_of(round_: ProcurementRound, lot: RoundService) -> RoundService:
    if lot.round_id != round_.pk:
        raise RulesBroken.at("lot", _("The service is not part of this round."))
    return lot


def locked_offer(offer: Offer) -> Offer:
    """The offer's row as stored, locked: its status is read from it, never from a stale copy."""
    row: Offer = Offer.objects.select_for_update().get(pk=offer.pk)
    return row


def retire(offer: Offer, status: str, at: dt.datetime) -> None:
    """Take a current offer out of its round (withdrawn or replaced): kept, with the moment its
    provider's letter or click arrived, never checked, scored or ranked again."""
    offer.status = status
    offer.withdrawn_at = at
    offer.lock_version += 1
    offer.save(update_fields=["status", "withdrawn_at", "lock_version", "updated_at"])


def _current_offer(lot: RoundService, provider: Any, lock_version: int | None) -> Offer | None:
    """The provider's current offer for the service, locked; EditConflict when one exists and
    the caller did not state (or stated a stale) `lock_version` of it."""
    existing = (
        Offer.objects.select_for_update().current().filter(lot=lot, provider=provider).first()
    )
    if existing is not None and lock_version is None:
        raise EditConflict(
            _(
                "%(provider)s already has an offer for this service: withdraw or replace it on "
                "the offer's page."
            )
            % {"provider": provider.name}
        )
    if existing is not None:
        check_lock(existing, lock_version)
    return existing


def _save_offer(
    round_: ProcurementRound,
    lot: RoundService,
    provider: Any,
    values: rules.OfferInput,
    *,
    actor: Actor,
    channel: str,
    received_at: dt.datetime,
    lock_version: int | None,
    context: RequestContext | None,
) -> Offer:
    """A new offer; one the provider already has for the service is kept as replaced by it."""
    existing = _current_offer(lot, provider, lock_version)
    if existing is not None:
        retire(existing, Status.REPLACED, received_at)
    absent = not MeetingAttendance.objects.filter(round=round_, provider=provider).exists()
    offer = Offer.objects.create(
        round=round_,
        lot=lot,
        provider=provider,
        absent_from_meeting=absent,
        registered_by=user_of(actor),  # type: ignore[misc]
        channel=channel,
        received_at=received_at,
        **_parts(values),
    )
    _write(offer, values)
    if existing is not None:
        existing.replaced_by = offer
        existing.save(update_fields=["replaced_by", "updated_at"])
        record_event(
            actor=actor,
            action="contracts.offer.replaced",
            target=existing,
            territory_teryt=round_.gmina.teryt,
            context=context,
            changes={
                "replaced_by": offer.pk,
                "channel": channel,
                "total_pln": [str(existing.total_pln), str(offer.total_pln)],
            },
        )
    record_event(
        actor=actor,
        action="contracts.offer.received",
        target=offer,
        territory_teryt=round_.gmina.teryt,
        context=context,
        changes={
            "channel": channel,
            "total_pln": str(offer.total_pln),
            "absent": absent,
            "replaces": existing.pk if existing is not None else None,
        },
    )
    return offer


@transaction.atomic
def submit_offer(
    *,
    actor: Actor,
    round_: ProcurementRound,
    lot: RoundService,
    provider: Any,
    values: rules.OfferInput,
    lock_version: int | None = None,
    context: RequestContext | None = None,
) -> Offer:
    """A provider's own user sends its offer for one service of a published round, until the
    deadline; with the `lock_version` of its current offer for the service, a new offer replaces
    it (the old one is kept as replaced). Raises PermissionDenied, RoundStateInvalid,
    OfferAfterDeadline (nothing written), EditConflict (an offer exists, or a stale copy),
    RulesBroken."""
    require_right(actor, lambda user: policies.can_submit_offer(user, round_, provider), "offer")
    round_ = locked_round(round_)
    ROUND_WORKFLOW.require(round_, "offer")
    now = timezone.now()
    if now > round_.deadline_at:
        raise OfferAfterDeadline(
            _("The deadline for offers has passed; the offer was not accepted.")
        )
    lot = _lot_of(round_, lot)
    _check(values, lot)
    return _save_offer(
        round_,
        lot,
        provider,
        values,
        actor=actor,
        channel=Offer.Channel.ONLINE,
        received_at=now,
        lock_version=lock_version,
        context=context,
    )


@transaction.atomic
def register_paper_offer(
    *,
    actor: Actor,
    round_: ProcurementRound,
    lot: RoundService,
    provider: Any,
    values: rules.OfferInput,
    received_at: dt.datetime,
    lock_version: int | None = None,
    context: RequestContext | None = None,
) -> Offer:
    """The coordinator registers an offer received on paper by the deadline — with the
    `lock_version` of the provider's current offer, a paper replacement of it. Raises
    PermissionDenied, RoundStateInvalid, OfferAfterDeadline, EditConflict, RulesBroken."""
    require_right(actor, lambda user: policies.can_run_round(user, round_), "run")
    round_ = locked_round(round_)
    ROUND_WORKFLOW.require(round_, "register")
    if received_at > round_.deadline_at:
        raise OfferAfterDeadline(
            _("The offer arrived after the deadline; it cannot be registered.")
        )
    if not is_system(actor) and received_at > timezone.now():
        raise RulesBroken.at("received_at", _("The day of receipt cannot lie ahead."))
    lot = _lot_of(round_, lot)
    _check(values, lot)
    return _save_offer(
        round_,
        lot,
        provider,
        values,
        actor=actor,
        channel=Offer.Channel.PAPER,
        received_at=received_at,
        lock_version=lock_version,
        context=context,
    )


@transaction.atomic
def check_offer(
    *,
    actor: Actor,
    offer: Offer,
    valid: bool,
    reasons: str = "",
    context: RequestContext | None = None,
) -> Offer:
    """The formal check of an offer after the deadline: valid, or rejected with its reasons.
    Raises PermissionDenied, RoundStateInvalid, RulesBroken (a rejection without reasons)."""
    require_right(actor, lambda user: policies.can_run_round(user, offer.round), "run")
    round_ = locked_round(offer.round)
    ROUND_WORKFLOW.require(round_, "check")
    offer = locked_offer(offer)
    if not offer.is_current:
        raise OfferNotAllowed(_("A withdrawn or replaced offer is not checked."))
    problems = rules.text_problems(
        "reasons", reasons, rules.SHORT_TEXT_MAX, required=not valid, line=False
    )
    if problems:
        raise RulesBroken(_("Give the reasons for rejecting the offer."), problems)
    offer.formally_valid = valid
    offer.formal_reasons = reasons.strip()
    offer.status = Status.RECEIVED if valid else Status.REJECTED
    offer.lock_version += 1
    offer.save()
    if not valid:
        offer.scores.all().delete()
    record_event(
        actor=actor,
        action="contracts.offer.checked",
        target=offer,
        territory_teryt=round_.gmina.teryt,
        context=context,
        changes={"valid": valid, "reasons": reasons.strip()},
    )
    return offer


@transaction.atomic
def score_offer(
    *,
    actor: Actor,
    offer: Offer,
    member: CommitteeMember,
    points: Mapping[int, int],
    context: RequestContext | None = None,
) -> Offer:
    """A committee member's points (0..MAX_POINTS) for every criterion of a formally valid
    offer, replacing their earlier ones. Raises PermissionDenied, RoundStateInvalid,
    OfferNotAllowed (not formally valid, no declaration), RulesBroken."""
    require_right(actor, lambda user: policies.can_run_round(user, offer.round), "run")
    round_ = locked_round(offer.round)
    ROUND_WORKFLOW.require(round_, "score")
    if member.round_id != round_.pk:
        raise RulesBroken.at("member", _("The member is not on this round's committee."))
    if not member.has_declared:
        raise OfferNotAllowed(
            _("%(name)s has not declared impartiality and may not score yet.")
            % {"name": member.name}
        )
    offer = locked_offer(offer)
    if offer.formally_valid is not True or not offer.is_current:
        raise OfferNotAllowed(_("Only an offer found formally valid is scored."))
    criteria = {c.pk: c for c in round_.criteria.all()}
    problems = [
        Problem(
            _("Give 0 to %(max)s points.") % {"max": rules.MAX_POINTS},
            field=f"points.{criterion_id}",
        )
        for criterion_id in criteria
        if not 0 <= points.get(criterion_id, -1) <= rules.MAX_POINTS
    ]
    if set(points) - set(criteria):
        problems.append(Problem(_("Score only this round's criteria."), field="points"))
    if problems:
        raise RulesBroken(_("The scores were not saved."), problems)
    Score.objects.filter(offer=offer, member=member).delete()
    Score.objects.bulk_create(
        Score(offer=offer, criterion=criteria[cid], member=member, points=points[cid])
        for cid in criteria
    )
    record_event(
        actor=actor,
        action="contracts.offer.scored",
        target=offer,
        territory_teryt=round_.gmina.teryt,
        context=context,
        changes={"member": member.name, "points": {str(k): v for k, v in points.items()}},
    )
    return offer
