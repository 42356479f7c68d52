"""Writes of contracts: signing one from the selected offer or by direct selection after a
failed round, annexes (every changed field kept before and after), and the contract's states
signed → in_delivery → final_report_accepted → settled → closed, or terminated. Every write of
money goes through the guard (services/money.py) under its row locks."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.audit.services import RequestContext, record_event
from integra.contracts import policies, rules
from integra.contracts.models import (
    Contract,
    ContractAmendment,
    ContractBeneficiaries,
    ContractService,
    ContractSettings,
    Instalment,
    Offer,
    ProcurementRound,
    ProviderReport,
)
from integra.contracts.rules import ContractTerms
from integra.contracts.services.evaluation import failed_lots
from integra.contracts.services.money import eur_of, guard
from integra.contracts.services.shared import check_lock, require_right
from integra.contracts.services.signals import annex_signed, contract_signed, contract_terminated
from integra.core.actors import Actor, user_of
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.core.workflow import Transition, TransitionRefused, Workflow

Status = Contract.Status


class ContractStateInvalid(TransitionRefused):
    code = "contract_state_invalid"
    status = 409


class ContractNotAllowed(DomainError):
    code = "contract_not_allowed"
    status = 409


def _describe(contract: Any, transition: Transition) -> str:
    return _("The contract is %(status)s: it cannot be %(doing)s now.") % {
        "status": contract.get_status_display(),
        "doing": transition.label,
    }


CONTRACT_WORKFLOW = Workflow(
    Transition.of(
        "amend", [Status.SIGNED, Status.IN_DELIVERY], None, gettext_lazy("amended by an annex")
    ),
    Transition.of("start", [Status.SIGNED], Status.IN_DELIVERY, gettext_lazy("started")),
    Transition.of(
        "accept_final",
        [Status.SIGNED, Status.IN_DELIVERY],
        Status.FINAL_REPORT_ACCEPTED,
        gettext_lazy("given its final report"),
    ),
    Transition.of(
        "settle", [Status.FINAL_REPORT_ACCEPTED], Status.SETTLED, gettext_lazy("settled")
    ),
    Transition.of("close", [Status.SETTLED], Status.CLOSED, gettext_lazy("closed")),
    Transition.of(
        "terminate",
        [Status.SIGNED, Status.IN_DELIVERY],
        Status.TERMINATED,
        gettext_lazy("terminated"),
    ),
    refused=ContractStateInvalid,
    describe=_describe,
)


def advance_percent(programme: Any) -> Decimal:
    """The programme's advance limit (ContractSettings), else the default 30 %."""
    settings = ContractSettings.objects.filter(programme=programme).first()
    return settings.advance_max_percent if settings else rules.DEFAULT_ADVANCE_PERCENT


def _check_terms(
    terms: ContractTerms, *, provider: Any, programme: Any, allowed: set[uuid.UUID]
) -> None:
    problems = rules.contract_problems(
        terms,
        provider_kind=provider.kind,
        advance_percent=advance_percent(programme),
        allowed_keys=allowed,
    )
    if problems:
        raise RulesBroken(_("The contract is incomplete; nothing was saved."), problems)


def _write_parts(contract: Contract, terms: ContractTerms, services: dict[uuid.UUID, Any]) -> None:
    contract.services.all().delete()
    contract.instalments.all().delete()
    contract.beneficiaries.all().delete()
    ContractService.objects.bulk_create(
        ContractService(
            contract=contract,
            plan=services[s.service_key].version.plan,
            service_key=s.service_key,
            planned_service=services[s.service_key],
            line=services[s.service_key].service_type.line,
            amount_pln=s.amount_pln,
            amount_eur=eur_of(services[s.service_key], s.amount_pln),
        )
        for s in terms.shares
    )
    Instalment.objects.bulk_create(
        Instalment(
            contract=contract,
            number=n,
            due_on=i.due_on,
            amount_pln=i.amount_pln,
            is_advance=i.is_advance,
        )
        for n, i in enumerate(terms.instalments, start=1)
    )
    ContractBeneficiaries.objects.bulk_create(
        ContractBeneficiaries(contract=contract, group=b.group, people=b.people)
        for b in terms.beneficiaries
    )


def _write_reports(contract: Contract, terms: ContractTerms) -> None:
    """The reports due: open ones follow the terms; submitted or accepted ones stay."""
    kept = list(contract.reports.exclude(status=ProviderReport.Status.DUE))
    contract.reports.filter(status=ProviderReport.Status.DUE).delete()
    taken = {(r.kind, r.due_on) for r in kept}
    number = max((r.number for r in kept), default=0)
    for report in sorted(terms.reports, key=lambda r: (r.due_on, r.kind)):
        if (report.kind, report.due_on) in taken:
            continue
        if report.kind == "final" and any(r.kind == "final" for r in kept):
            continue
        number += 1
        ProviderReport.objects.create(
            contract=contract, kind=report.kind, number=number, due_on=report.due_on
        )


def _source(
    offer: Offer | None, failed_round: ProcurementRound | None
) -> tuple[Any, Any, set[uuid.UUID]]:
    """(round, provider or None, the service keys the contract may carry)."""
    if offer is not None:
        round_ = offer.round
        if offer.status != Offer.Status.SELECTED or round_.status != "results_published":
            raise ContractNotAllowed(
                _("A contract follows an offer selected in a round whose results are published.")
            )
        if offer.has_partnership and not offer.attachments.filter(kind="partnership").exists():
            raise ContractNotAllowed(
                _("The offer is done in partnership: attach the partnership agreement first.")
            )
        return round_, offer.provider, {offer.lot.service_key}
    if failed_round is None:
        raise ContractNotAllowed(_("A contract follows a selected offer or a failed round."))
    if failed_round.status not in ("results_published", "cancelled"):
        raise ContractNotAllowed(
            _(
                "A direct selection follows a round that was cancelled or whose results are "
                "published."
            )
        )
    return failed_round, None, {lot.service_key for lot in failed_lots(failed_round)}


def _number_taken(gmina: Any, number: str, excluding: Any = None) -> bool:
    found = Contract.objects.filter(gmina=gmina, number=number.strip())
    if excluding is not None:
        found = found.exclude(pk=excluding.pk)
    return found.exists()


@transaction.atomic
def sign_contract(
    *,
    actor: Actor,
    terms: ContractTerms,
    offer: Offer | None = None,
    failed_round: ProcurementRound | None = None,
    provider: Any = None,
    justification: str = "",
    context: RequestContext | None = None,
) -> Contract:
    """Record a signed contract: from the selected `offer`, or by direct selection of `provider`
    for services of a `failed_round` with a `justification`. Raises PermissionDenied,
    ContractNotAllowed, RulesBroken (the terms), BudgetExceeded (more than is free under a
    planned service or the allocation line: nothing is written)."""
    round_, chosen, allowed = _source(offer, failed_round)
    require_right(actor, lambda user: policies.can_sign_contract(user, round_), "sign")
    provider = chosen or provider
    problems: list[Problem] = []
    if provider is None:
        problems.append(Problem(_("Choose the provider."), field="provider"))
    if offer is None:
        problems += rules.text_problems(
            "justification", justification, rules.TEXT_MAX, required=True, line=False
        )
    if problems:
        raise RulesBroken(_("The contract is incomplete; nothing was saved."), problems)
    _check_terms(terms, provider=provider, programme=round_.programme, allowed=allowed)
    services = guard(
        programme=round_.programme, gmina=round_.gmina, plan=round_.plan, shares=terms.shares
    )
    if _number_taken(round_.gmina, terms.number):
        raise RulesBroken.at("number", _("The gmina already has a contract with this number."))
    try:
        with transaction.atomic():
            contract = Contract.objects.create(
                programme=round_.programme,
                gmina=round_.gmina,
                provider=provider,
                offer=offer,
                failed_round=None if offer else round_,
                direct_justification="" if offer else justification.strip(),
                **_fields(terms),
            )
    except IntegrityError as clash:  # a twin number signed in parallel
        raise RulesBroken.at(
            "number", _("The gmina already has a contract with this number.")
        ) from clash
    _write_parts(contract, terms, services)
    _write_reports(contract, terms)
    record_event(
        actor=actor,
        action="contracts.contract.signed",
        target=contract,
        territory_teryt=contract.teryt,
        context=context,
        changes=_snapshot(contract) | {"offer": offer.pk if offer else None},
    )
    contract_signed.send(sender=Contract, contract=contract, actor=actor)
    return contract


def _fields(terms: ContractTerms) -> dict[str, Any]:
    return {
        "kind": terms.kind,
        "number": terms.number.strip(),
        "signed_on": terms.signed_on,
        "gmina_representative": terms.gmina_representative.strip(),
        "provider_representative": terms.provider_representative.strip(),
        "starts_on": terms.starts_on,
        "ends_on": terms.ends_on,
        "value_pln": terms.value_pln,
    }


def _snapshot(contract: Contract) -> dict[str, Any]:
    """Each amendable field of a contract as text, for annexes and the audit trail."""
    return {
        "gmina_representative": contract.gmina_representative,
        "provider_representative": contract.provider_representative,
        "starts_on": contract.starts_on.isoformat(),
        "ends_on": contract.ends_on.isoformat(),
        "value_pln": str(contract.value_pln),
        "shares": [
            f"{s.planned_service.title}: {s.amount_pln}"
            for s in contract.services.select_related("planned_service").order_by("pk")
        ],
        "instalments": [
            f"{i.due_on.isoformat()}: {i.amount_pln}{' (advance)' if i.is_advance else ''}"
            for i in contract.instalments.order_by("number")
        ],
        "beneficiaries": [
            f"{b.group.code}: {b.people}"
            for b in contract.beneficiaries.select_related("group").order_by("group__position")
        ],
        "reports": [
            f"{r.kind} {r.due_on.isoformat()}"
            for r in contract.reports.order_by("due_on", "number")
        ],
    }


def locked_contract(contract: Contract) -> Contract:
    row: Contract = (
        Contract.objects.select_for_update(of=("self",))
        .select_related("programme", "gmina", "provider", "offer__lot", "failed_round")
        .get(pk=contract.pk)
    )
    return row


def _allowed_keys(contract: Contract) -> set[uuid.UUID]:
    keys = set(contract.services.values_list("service_key", flat=True))
    if contract.offer_id:
        keys.add(contract.offer.lot.service_key)  # type: ignore[union-attr]
    elif contract.failed_round_id:
        keys |= {lot.service_key for lot in failed_lots(contract.failed_round)}
    return keys


def _plan_of(contract: Contract) -> Any:
    if contract.offer_id:
        return contract.offer.round.plan  # type: ignore[union-attr]
    return contract.failed_round.plan  # type: ignore[union-attr]


@transaction.atomic
def amend_contract(
    *,
    actor: Actor,
    contract: Contract,
    terms: ContractTerms,
    reason: str,
    lock_version: int,
    context: RequestContext | None = None,
) -> ContractAmendment:
    """An annex: the contract's new terms (kind and number stay), with its reason; every
    changed field is kept before and after. Raises PermissionDenied, ContractStateInvalid,
    EditConflict, RulesBroken (nothing changes, no reason, the terms), BudgetExceeded."""
    require_right(actor, lambda user: policies.can_sign_contract(user, contract), "sign")
    contract = locked_contract(contract)
    if contract.gmina_id is None:
        raise ContractNotAllowed(
            _("A component-level contract is not amended here: it carries no planned services.")
        )
    CONTRACT_WORKFLOW.require(contract, "amend")
    check_lock(contract, lock_version)
    problems = rules.text_problems(
        "reason", reason, rules.SHORT_TEXT_MAX, required=True, line=False
    )
    if problems:
        raise RulesBroken(_("Say why the contract is amended."), problems)
    _check_terms(
        terms,
        provider=contract.provider,
        programme=contract.programme,
        allowed=_allowed_keys(contract),
    )
    services = guard(
        programme=contract.programme,
        gmina=contract.gmina,
        plan=_plan_of(contract),
        shares=terms.shares,
        excluding=contract,
    )
    before, value_before = _snapshot(contract), contract.value_pln
    for name in (
        "gmina_representative",
        "provider_representative",
        "starts_on",
        "ends_on",
        "value_pln",
    ):
        setattr(contract, name, _fields(terms)[name])
    _write_parts(contract, terms, services)
    _write_reports(contract, terms)
    after = _snapshot(contract)
    changes = {k: [before[k], after[k]] for k in rules.AMENDABLE if before[k] != after[k]}
    if not changes:
        transaction.set_rollback(True)
        raise RulesBroken.at("reason", _("The annex changes nothing in the contract."))
    contract.lock_version += 1
    contract.save()
    amendment = ContractAmendment.objects.create(
        contract=contract,
        number=contract.amendments.count() + 1,
        signed_on=terms.signed_on,
        reason=reason.strip(),
        changes=changes,
        value_before_pln=value_before,
        value_after_pln=contract.value_pln,
        created_by=user_of(actor),  # type: ignore[misc]
    )
    record_event(
        actor=actor,
        action="contracts.contract.amended",
        target=contract,
        territory_teryt=contract.teryt,
        context=context,
        changes=changes | {"annex": amendment.number, "reason": reason.strip()},
    )
    annex_signed.send(sender=Contract, contract=contract, amendment=amendment, actor=actor)
    return amendment


def move_contract(
    contract: Contract,
    *,
    actor: Actor,
    action: str,
    context: RequestContext | None,
    **changes: Any,
) -> Contract:
    """Take the workflow's step (the caller holds the row lock), save and record it."""
    before, after = CONTRACT_WORKFLOW.move(contract, action)
    contract.lock_version += 1
    contract.save()
    record_event(
        actor=actor,
        action=f"contracts.contract.{after}",
        target=contract,
        territory_teryt=contract.teryt,
        context=context,
        changes={"status": [before, after], **changes},
    )
    return contract


def _step(
    actor: Actor, contract: Contract, action: str, context: RequestContext | None
) -> Contract:
    require_right(actor, lambda user: policies.can_sign_contract(user, contract), "sign")
    return move_contract(locked_contract(contract), actor=actor, action=action, context=context)


@transaction.atomic
def start_delivery(
    *, actor: Actor, contract: Contract, context: RequestContext | None = None
) -> Contract:
    """The provider started the service. Raises PermissionDenied, ContractStateInvalid."""
    return _step(actor, contract, "start", context)


@transaction.atomic
def settle_contract(
    *, actor: Actor, contract: Contract, context: RequestContext | None = None
) -> Contract:
    """Settled after the final report: the payments are done. Raises PermissionDenied,
    ContractStateInvalid."""
    return _step(actor, contract, "settle", context)


@transaction.atomic
def close_contract(
    *, actor: Actor, contract: Contract, context: RequestContext | None = None
) -> Contract:
    """Closed: nothing more happens under it. Raises PermissionDenied, ContractStateInvalid."""
    return _step(actor, contract, "close", context)


@transaction.atomic
def terminate_contract(
    *,
    actor: Actor,
    contract: Contract,
    terminated_on: dt.date,
    reason: str,
    context: RequestContext | None = None,
) -> Contract:
    """Terminate a signed or running contract with a reason; its money is free again. Raises
    PermissionDenied, ContractStateInvalid, RulesBroken."""
    require_right(actor, lambda user: policies.can_sign_contract(user, contract), "sign")
    contract = locked_contract(contract)
    CONTRACT_WORKFLOW.require(contract, "terminate")
    problems = rules.text_problems(
        "reason", reason, rules.SHORT_TEXT_MAX, required=True, line=False
    )
    if problems:
        raise RulesBroken(_("Say why the contract is terminated."), problems)
    contract.terminated_on = terminated_on
    contract.termination_reason = reason.strip()
    contract = move_contract(
        contract, actor=actor, action="terminate", context=context, reason=reason.strip()
    )
    contract_terminated.send(sender=Contract, contract=contract, actor=actor)
    return contract
