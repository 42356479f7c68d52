"""The annual settlement: prepared and submitted by the gmina's coordinator, checked by regional
finance — returned with comments or accepted — and locked once accepted, keeping the figures
shown at acceptance. Every edit states the `lock_version` it loaded (409 when someone saved in
between); every step is checked under the settlement's row lock and recorded in the audit."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, label_of, require, user_of
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.finance import rules
from integra.finance.models import SETTLEMENT_WORKFLOW, Settlement
from integra.finance.policies import (
    can_check_settlement,
    can_prepare_settlement,
    can_view_settlement,
)
from integra.finance.selectors.settlement import settlement_figures
from integra.finance.services.components import EditConflict


class SettlementInvalid(RulesBroken):
    code = "settlement_invalid"


class SettlementNotAllowed(DomainError):
    """A precondition of a settlement that is not about input (409)."""

    code = "settlement_not_allowed"
    status = 409


def _visible(gmina: Any) -> Any:
    return lambda user: can_view_settlement(user, gmina)


def _require_preparer(actor: Actor, gmina: Any) -> None:
    require(
        actor,
        lambda user: can_prepare_settlement(user, gmina),
        _("Only the gmina's coordinator prepares and submits its settlement."),
        visible=_visible(gmina),
    )


def _require_checker(actor: Actor, gmina: Any) -> None:
    require(
        actor,
        lambda user: can_check_settlement(user, gmina),
        _("Only the regional finance officer of the gmina's voivodeship checks its settlement."),
        visible=_visible(gmina),
    )


def _locked(settlement: Settlement) -> Settlement:
    return (
        Settlement.objects.select_for_update()
        .select_related("programme", "gmina")
        .get(pk=settlement.pk)
    )


def _check_version(settlement: Settlement, lock_version: int | None) -> None:
    if lock_version is not None and settlement.lock_version != lock_version:
        raise EditConflict(
            _(
                "Someone saved this in the meantime (version %(current)s, you edited "
                "%(yours)s). Reload the page, check the changes and enter yours again."
            )
            % {"current": settlement.lock_version, "yours": lock_version},
            current=settlement.lock_version,
        )


def _check_input(data: rules.SettlementInput) -> rules.SettlementInput:
    cleaned = rules.SettlementInput(
        disposition=data.disposition, explanation=data.explanation.strip()
    )
    if problems := rules.settlement_problems(cleaned):
        raise SettlementInvalid(_("The settlement was not saved; correct the fields."), problems)
    return cleaned


@transaction.atomic
def prepare_settlement(
    *,
    actor: Actor,
    programme: Any,
    gmina: Any,
    year: int,
    data: rules.SettlementInput | None = None,
    context: RequestContext | None = None,
) -> Settlement:
    """Open the gmina's settlement of `year` as a draft (its figures come from the ledger).
    Raises ObjectDoesNotExist (gmina outside the actor's scope), PermissionDenied,
    SettlementInvalid (a year out of range or not yet over, bad input), SettlementNotAllowed
    (the year already has its settlement)."""
    _require_preparer(actor, gmina)
    cleaned = _check_input(data or rules.SettlementInput())
    problem = rules.year_problem(year)
    if problem is None and year >= timezone.localdate().year + 1:
        problem = Problem(_("A year is settled once it has begun."), field="year")
    if problem is not None:
        raise SettlementInvalid(_("The settlement was not saved; correct the fields."), [problem])
    try:
        with transaction.atomic():
            settlement = Settlement.objects.create(
                programme=programme,
                gmina=gmina,
                year=year,
                disposition=cleaned.disposition,
                explanation=cleaned.explanation,
                created_by_label=label_of(actor),
            )
    except IntegrityError as error:
        raise SettlementNotAllowed(
            _("The gmina's settlement of %(year)s already exists.") % {"year": year}
        ) from error
    record_event(
        actor=actor,
        action="finance.settlement.prepared",
        target=settlement,
        territory_teryt=gmina.teryt,
        context=context,
        changes={"year": year, "disposition": cleaned.disposition},
    )
    return settlement


@transaction.atomic
def update_settlement(
    *,
    actor: Actor,
    settlement: Settlement,
    data: rules.SettlementInput,
    lock_version: int,
    context: RequestContext | None = None,
) -> Settlement:
    """Change what happens to the rest and the explanation of a draft or returned settlement.
    Raises PermissionDenied, SettlementRefused (submitted or accepted), EditConflict,
    SettlementInvalid."""
    _require_preparer(actor, settlement.gmina)
    settlement = _locked(settlement)
    SETTLEMENT_WORKFLOW.require(settlement, "edit")
    _check_version(settlement, lock_version)
    cleaned = _check_input(data)
    before = {"disposition": settlement.disposition, "explanation": settlement.explanation}
    settlement.disposition = cleaned.disposition
    settlement.explanation = cleaned.explanation
    settlement.lock_version += 1
    settlement.save()
    record_event(
        actor=actor,
        action="finance.settlement.updated",
        target=settlement,
        territory_teryt=settlement.gmina.teryt,
        context=context,
        changes={
            name: [value, getattr(settlement, name)]
            for name, value in before.items()
            if value != getattr(settlement, name)
        },
    )
    return settlement


@transaction.atomic
def submit_settlement(
    *,
    actor: Actor,
    settlement: Settlement,
    lock_version: int | None = None,
    context: RequestContext | None = None,
) -> Settlement:
    """Send the settlement to regional finance. Raises PermissionDenied, SettlementRefused (not
    a draft or returned), EditConflict."""
    _require_preparer(actor, settlement.gmina)
    settlement = _locked(settlement)
    _check_version(settlement, lock_version)
    before, after = SETTLEMENT_WORKFLOW.move(settlement, "submit")
    user = user_of(actor)
    settlement.submitted_by_id = user.pk if user is not None else None
    settlement.submitted_by_label = label_of(actor)
    settlement.submitted_at = timezone.now()
    settlement.lock_version += 1
    settlement.save()
    record_event(
        actor=actor,
        action="finance.settlement.submitted",
        target=settlement,
        territory_teryt=settlement.gmina.teryt,
        context=context,
        changes={"status": [before, after]},
    )
    return settlement


def _decided(actor: Actor, settlement: Settlement) -> None:
    user = user_of(actor)
    settlement.decided_by_id = user.pk if user is not None else None
    settlement.decided_by_label = label_of(actor)
    settlement.decided_at = timezone.now()
    settlement.lock_version += 1


@transaction.atomic
def return_settlement(
    *,
    actor: Actor,
    settlement: Settlement,
    comment: str,
    context: RequestContext | None = None,
) -> Settlement:
    """Return a submitted settlement to the gmina with comments on what to correct. Raises
    PermissionDenied, SettlementInvalid (no comment), SettlementRefused (not submitted)."""
    _require_checker(actor, settlement.gmina)
    settlement = _locked(settlement)
    comment = comment.strip()
    if (problem := rules.comment_problem(comment)) is not None:
        raise SettlementInvalid(
            _("The settlement was not returned; correct the fields."), [problem]
        )
    before, after = SETTLEMENT_WORKFLOW.move(settlement, "return")
    _decided(actor, settlement)
    settlement.comment = comment
    settlement.save()
    record_event(
        actor=actor,
        action="finance.settlement.returned",
        target=settlement,
        territory_teryt=settlement.gmina.teryt,
        context=context,
        changes={"status": [before, after], "comment": comment},
    )
    return settlement


@transaction.atomic
def accept_settlement(
    *,
    actor: Actor,
    settlement: Settlement,
    context: RequestContext | None = None,
) -> Settlement:
    """Accept a submitted settlement: it is locked, and the figures the ledger gives now are
    kept with it. Raises PermissionDenied, SettlementRefused (not submitted)."""
    _require_checker(actor, settlement.gmina)
    settlement = _locked(settlement)
    before, after = SETTLEMENT_WORKFLOW.move(settlement, "accept")
    figures = settlement_figures(
        programme=settlement.programme, gmina=settlement.gmina, year=settlement.year
    )
    _decided(actor, settlement)
    settlement.figures = figures.to_json()
    settlement.save()
    record_event(
        actor=actor,
        action="finance.settlement.accepted",
        target=settlement,
        territory_teryt=settlement.gmina.teryt,
        context=context,
        changes={
            "status": [before, after],
            "received_pln": figures.received_pln,
            "spent_pln": figures.spent_pln,
            "closing_pln": figures.closing_pln,
            "disposition": settlement.disposition,
        },
    )
    return settlement
