"""Until the deadline a provider may take its offer back, or send a new one in its place: the
earlier offer is kept (withdrawn, or replaced by the new one), never checked, scored or ranked.
The provider's own users do it online; the coordinator registers a withdrawal or a replacement
received on paper by the deadline. After the deadline: refused, nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.contracts import policies, rules
from integra.contracts.models import Offer, ProcurementRound
from integra.contracts.services.offers import (
    OfferAfterDeadline,
    OfferNotAllowed,
    locked_offer,
    register_paper_offer,
    retire,
    submit_offer,
)
from integra.contracts.services.shared import (
    ROUND_WORKFLOW,
    check_lock,
    locked_round,
    require_right,
)
from integra.core.actors import Actor, is_system
from integra.core.errors import RulesBroken


def _require(actor: Actor, offer: Offer) -> None:
    """The provider's own users or the gmina's coordinator; another provider's offer is not
    found (404), as on its pages."""
    require_right(
        actor,
        lambda user: policies.can_change_offer(user, offer),
        "offer",
        visible=lambda user: policies.can_view_offer(user, offer),
        missing=ObjectDoesNotExist,
    )


def on_paper(actor: Actor, round_: ProcurementRound) -> bool:
    """The coordinator (or the system) registers what arrived on paper; a provider acts online."""
    return is_system(actor) or policies.can_run_round(actor, round_)


def _moment(actor: Actor, round_: ProcurementRound, received_at: dt.datetime | None) -> dt.datetime:
    """When the withdrawal arrived: now, online, until the deadline; on paper, the day of
    receipt the coordinator gives (by the deadline, not ahead)."""
    if not on_paper(actor, round_):
        ROUND_WORKFLOW.require(round_, "offer")
        now = timezone.now()
        if now > round_.deadline_at:
            raise OfferAfterDeadline(
                _("The deadline for offers has passed: the offer can no longer be withdrawn.")
            )
        return now
    ROUND_WORKFLOW.require(round_, "register")
    if received_at is None:
        raise RulesBroken.at("received_at", _("Give the day the withdrawal was received."))
    if received_at > round_.deadline_at:
        raise OfferAfterDeadline(
            _("The withdrawal arrived after the deadline; the offer stays in the round.")
        )
    if not is_system(actor) and received_at > timezone.now():
        raise RulesBroken.at("received_at", _("The day of receipt cannot lie ahead."))
    return received_at


def _still_current(offer: Offer) -> Offer:
    locked = locked_offer(offer)
    if not locked.is_current:
        raise OfferNotAllowed(_("This offer has already been withdrawn or replaced."))
    return locked


@transaction.atomic
def withdraw_offer(
    *,
    actor: Actor,
    offer: Offer,
    lock_version: int,
    received_at: dt.datetime | None = None,
    context: RequestContext | None = None,
) -> Offer:
    """Take the offer out of its round, kept as withdrawn (the provider may send a new one
    until the deadline). Online by the provider's own user until the deadline; on paper by the
    coordinator, with the day the letter was received (`received_at`, by the deadline). Raises
    PermissionDenied, ObjectDoesNotExist (another provider's offer), RoundStateInvalid,
    OfferAfterDeadline, OfferNotAllowed (already out), EditConflict, RulesBroken."""
    _require(actor, offer)
    round_ = locked_round(offer.round)
    moment = _moment(actor, round_, received_at)
    offer = _still_current(offer)
    check_lock(offer, lock_version)
    retire(offer, Offer.Status.WITHDRAWN, moment)
    record_event(
        actor=actor,
        action="contracts.offer.withdrawn",
        target=offer,
        territory_teryt=round_.gmina.teryt,
        context=context,
        changes={
            "status": ["received", "withdrawn"],
            "channel": "paper" if on_paper(actor, round_) else "online",
            "withdrawn_at": moment.isoformat(),
        },
    )
    return offer


@transaction.atomic
def replace_offer(
    *,
    actor: Actor,
    offer: Offer,
    values: rules.OfferInput,
    lock_version: int,
    received_at: dt.datetime | None = None,
    context: RequestContext | None = None,
) -> Offer:
    """A new offer for the same service and provider in place of `offer`, which is kept as
    replaced (linked to the new one); the new offer, checked whole like any other. Online by the
    provider's own user until the deadline; on paper by the coordinator with the day of receipt.
    Raises PermissionDenied, ObjectDoesNotExist, RoundStateInvalid, OfferAfterDeadline,
    OfferNotAllowed (already out), EditConflict, RulesBroken (nothing written)."""
    _require(actor, offer)
    round_ = locked_round(offer.round)
    _still_current(offer)
    common: dict[str, Any] = {
        "actor": actor,
        "round_": round_,
        "lot": offer.lot,
        "provider": offer.provider,
        "values": values,
        "lock_version": lock_version,
        "context": context,
    }
    if on_paper(actor, round_):
        if received_at is None:
            raise RulesBroken.at("received_at", _("Give the day the new offer was received."))
        return register_paper_offer(received_at=received_at, **common)
    return submit_offer(**common)
