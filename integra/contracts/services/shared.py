"""What the writes of procurement share: the refusals by action, the round's workflow (declared
once), the edit conflict and the row locks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.contracts.models import ProcurementRound
from integra.core.actors import Actor, require
from integra.core.errors import DomainError
from integra.core.workflow import Transition, TransitionRefused, Workflow

RoundStatus = ProcurementRound.Status

# What a person without the right is told, by action; pages and the API say the same.
REFUSED = {
    "run": gettext_lazy("Only the gmina's coordinator may run its procurement rounds."),
    "offer": gettext_lazy("Only a user acting for this provider may submit its offer."),
    "sign": gettext_lazy("Only the gmina's coordinator may sign its contracts and annexes."),
    "sign_component": gettext_lazy(
        "Only a ministry administrator may sign component-level contracts."
    ),
    "report": gettext_lazy("Only a user acting for this provider may submit its report."),
    "review": gettext_lazy("Only the gmina's coordinator may accept or return a report."),
}


class RoundStateInvalid(TransitionRefused):
    code = "round_state_invalid"
    status = 409


class EditConflict(DomainError):
    """Someone saved the document after the caller loaded it (a stale `lock_version`)."""

    code = "edit_conflict"
    status = 409

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or _(
                "Someone saved this document after you opened it. Reload the page, check their "
                "changes and enter yours again."
            )
        )


def _describe(round_: Any, transition: Transition) -> str:
    return _("The round is %(status)s: it cannot be %(doing)s now.") % {
        "status": round_.get_status_display(),
        "doing": transition.label,
    }


ROUND_WORKFLOW = Workflow(
    Transition.of("edit", [RoundStatus.PLANNED], None, gettext_lazy("edited")),
    Transition.of(
        "publish", [RoundStatus.PLANNED], RoundStatus.PUBLISHED, gettext_lazy("published")
    ),
    Transition.of(
        "attend", [RoundStatus.PUBLISHED], None, gettext_lazy("given the meeting's attendance")
    ),
    Transition.of("offer", [RoundStatus.PUBLISHED], None, gettext_lazy("sent offers")),
    Transition.of(
        "register",
        [RoundStatus.PUBLISHED, RoundStatus.OFFERS_CLOSED],
        None,
        gettext_lazy("given a paper offer"),
    ),
    Transition.of(
        "close", [RoundStatus.PUBLISHED], RoundStatus.OFFERS_CLOSED, gettext_lazy("closed")
    ),
    Transition.of("check", [RoundStatus.OFFERS_CLOSED], None, gettext_lazy("checked formally")),
    Transition.of(
        "committee",
        [RoundStatus.PUBLISHED, RoundStatus.OFFERS_CLOSED],
        None,
        gettext_lazy("given its committee"),
    ),
    Transition.of("score", [RoundStatus.OFFERS_CLOSED], None, gettext_lazy("scored")),
    Transition.of(
        "evaluate", [RoundStatus.OFFERS_CLOSED], RoundStatus.EVALUATED, gettext_lazy("evaluated")
    ),
    Transition.of(
        "publish_results",
        [RoundStatus.EVALUATED],
        RoundStatus.RESULTS_PUBLISHED,
        gettext_lazy("given its results"),
    ),
    Transition.of(
        "cancel",
        [
            RoundStatus.PLANNED,
            RoundStatus.PUBLISHED,
            RoundStatus.OFFERS_CLOSED,
            RoundStatus.EVALUATED,
        ],
        RoundStatus.CANCELLED,
        gettext_lazy("cancelled"),
    ),
    Transition.of(
        "repeat",
        [RoundStatus.CANCELLED, RoundStatus.RESULTS_PUBLISHED],
        None,
        gettext_lazy("repeated"),
    ),
    refused=RoundStateInvalid,
    describe=_describe,
)


def require_right(actor: Actor, allowed: Callable[[Any], bool], action: str, **kw: Any) -> None:
    """Let the system through; PermissionDenied with the action's refusal for a user who may
    not (or `missing` when `visible` says the object is outside their sight)."""
    require(actor, allowed, str(REFUSED[action]), **kw)


def locked_round(round_: ProcurementRound) -> ProcurementRound:
    row: ProcurementRound = (
        ProcurementRound.objects.select_for_update()
        .select_related("programme", "gmina", "plan")
        .get(pk=round_.pk)
    )
    return row


def check_lock(obj: Any, lock_version: int | None) -> None:
    """EditConflict when the caller loaded another edit of `obj` (None: no check asked)."""
    if lock_version is not None and lock_version != obj.lock_version:
        raise EditConflict()
