"""Commitments in the ledger: a signed contract commits its value. Per share of the contract
(ContractService) the planned service's account is debited and the contract's account
credited, in PLN and in EUR (at the approved plan's rate, as the money guard counts it); the
planned service's account carries its allocation line (services / training), so the committed
total of a line is the sum of its planned services. An annex posts the difference to the new
terms; a termination releases what was not paid (in proportion to the shares). The contract's
account thus stands at −(committed − paid): what is still owed to the provider.

The contracts app sits below finance and cannot call it: its services send `contract_signed`,
`annex_signed` and `contract_terminated` inside their atomic blocks (contracts/services/
signals.py) and the receivers here post in the same transaction. `post_commitments` brings the
ledger up to the contracts that existed before (the demo runs it). The limits themselves
(commitments ≤ planned service ≤ plan line ≤ allocation line) are the money guard's
(contracts/services/money.py), checked before the contract is written."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.allocations.policies import can_manage_allocation_runs
from integra.contracts.models import Contract, ContractService
from integra.core.actors import Actor, require
from integra.finance.models import Account, Entry, Transaction
from integra.finance.selectors import contract_paid
from integra.finance.services.ledger import Leg, account, post, reference_of

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def commitment_prefix(contract_pk: int) -> str:
    """The key prefix of every commitment posting of one contract."""
    return f"commitment:{contract_pk}:"


def contract_account(contract: Any, currency: str) -> Account:
    return account(
        programme=contract.programme,
        kind=Account.Kind.CONTRACT,
        reference=reference_of(contract),
        currency=currency,
        name=_("Contract %(number)s") % {"number": contract.number},
        teryt=contract.gmina.teryt,
    )


def planned_service_account(share: ContractService, currency: str) -> Account:
    """The account of one planned service (known across plan versions by its key), tagged with
    its allocation line."""
    contract = share.contract
    return account(
        programme=contract.programme,
        kind=Account.Kind.PLANNED_SERVICE,
        reference=f"action_plans.plannedservice:{share.service_key}",
        currency=currency,
        line=share.line,
        name=f"{contract.gmina.name}: {share.planned_service.title}",
        teryt=contract.gmina.teryt,
    )


def posted_commitment(contract: Any) -> dict[int, Decimal]:
    """Per account what the contract's commitment postings (their reversals included) hold."""
    prefix = commitment_prefix(contract.pk)
    rows = (
        Entry.objects.filter(transaction__closed=True)
        .filter(
            Q(transaction__key__startswith=prefix)
            | Q(transaction__reverses__key__startswith=prefix)
        )
        .values("account")
        .annotate(total=Sum("amount"))
        .values_list("account", "total")
    )
    return {pk: (total or ZERO).quantize(CENT, ROUND_HALF_UP) for pk, total in rows}


def _scaled(amounts: list[Decimal], factor: Decimal) -> list[Decimal]:
    """Each amount times `factor`, to the cent, the last absorbing the rounding so that the
    scaled amounts add up to the scaled total."""
    total = sum(amounts, ZERO)
    target = (total * factor).quantize(CENT, ROUND_HALF_UP)
    scaled = [(a * factor).quantize(CENT, ROUND_HALF_UP) for a in amounts]
    if scaled:
        scaled[-1] += target - sum(scaled, ZERO)
    return scaled


def target_commitment(contract: Contract, paid_pln: Decimal = ZERO) -> list[Leg]:
    """The legs the contract's commitment should hold now: its shares (PLN and EUR) — or, once
    terminated, only what was paid, split as the shares are."""
    shares = list(contract.services.select_related("planned_service", "contract__gmina"))
    pln = [s.amount_pln for s in shares]
    eur = [s.amount_eur for s in shares]
    if contract.status == Contract.Status.TERMINATED:
        factor = paid_pln / contract.value_pln if contract.value_pln else ZERO
        factor = min(max(factor, Decimal(0)), Decimal(1))
        pln, eur = _scaled(pln, factor), _scaled(eur, factor)
    legs: list[Leg] = []
    for share, share_pln, share_eur in zip(shares, pln, eur, strict=True):
        legs.append(Leg(planned_service_account(share, "PLN"), share_pln))
        legs.append(Leg(planned_service_account(share, "EUR"), share_eur))
    legs.append(Leg(contract_account(contract, "PLN"), -sum(pln, ZERO)))
    legs.append(Leg(contract_account(contract, "EUR"), -sum(eur, ZERO)))
    return legs


def sync_commitment(
    *, actor: Actor, contract: Contract, value_date: dt.date, description: str
) -> Transaction | None:
    """Post the difference between what the ledger holds for the contract's commitment and what
    its terms say (None when they agree). Called under the contract's row lock, inside the
    transaction of the change; a low-level service: the caller has checked the actor."""
    target = target_commitment(contract, contract_paid(contract))
    held = posted_commitment(contract)
    wanted: dict[int, Decimal] = defaultdict(Decimal)
    accounts: dict[int, Account] = {}
    for leg in target:
        wanted[leg.account.pk] += leg.amount
        accounts[leg.account.pk] = leg.account
    for pk in held:
        if pk not in accounts:
            accounts[pk] = Account.objects.get(pk=pk)
    legs = [
        Leg(accounts[pk], wanted.get(pk, ZERO) - held.get(pk, ZERO))
        for pk in sorted(accounts)
        if wanted.get(pk, ZERO) != held.get(pk, ZERO)
    ]
    if not legs:
        return None
    prefix = commitment_prefix(contract.pk)
    number = Transaction.objects.filter(key__startswith=prefix).count() + 1
    return post(
        actor=actor,
        programme=contract.programme,
        movement=Transaction.Movement.COMMITMENT,
        value_date=value_date,
        document=reference_of(contract),
        key=f"{prefix}{number}",
        legs=legs,
        description=description,
    )


# Receivers of the contracts' signals (connected in FinanceConfig.ready) ------------------------


def on_contract_signed(sender: Any, *, contract: Contract, actor: Actor, **kwargs: Any) -> None:
    sync_commitment(
        actor=actor,
        contract=contract,
        value_date=contract.signed_on,
        description=_("Contract %(number)s signed") % {"number": contract.number},
    )


def on_annex_signed(
    sender: Any, *, contract: Contract, amendment: Any, actor: Actor, **kwargs: Any
) -> None:
    sync_commitment(
        actor=actor,
        contract=contract,
        value_date=amendment.signed_on,
        description=_("Annex %(annex)s to contract %(number)s")
        % {"annex": amendment.number, "number": contract.number},
    )


def on_contract_terminated(sender: Any, *, contract: Contract, actor: Actor, **kwargs: Any) -> None:
    sync_commitment(
        actor=actor,
        contract=contract,
        value_date=contract.terminated_on or timezone.localdate(),
        description=_("Contract %(number)s terminated: the unpaid rest released")
        % {"number": contract.number},
    )


@transaction.atomic
def post_commitments(*, actor: Actor, programme: Any) -> int:
    """Bring the ledger's commitments up to the programme's contracts (those signed before the
    ledger listened, or by a script): each contract whose postings disagree with its terms gets
    the difference. Idempotent; the number of transactions posted.

    Raises PermissionDenied unless the actor manages allocation runs (or is the system)."""
    require(
        actor,
        can_manage_allocation_runs,
        _("Only a ministry administrator may post commitments to the ledger."),
    )
    posted = 0
    contracts = (
        Contract.objects.filter(programme=programme)
        .select_related("programme", "gmina")
        .order_by("pk")
    )
    for contract in contracts:
        contract = (
            Contract.objects.select_for_update(of=("self",))
            .select_related("programme", "gmina")
            .get(pk=contract.pk)
        )
        first = not Transaction.objects.filter(
            key__startswith=commitment_prefix(contract.pk)
        ).exists()
        day = contract.signed_on if first else timezone.localdate()
        if contract.status == Contract.Status.TERMINATED and not first:
            day = contract.terminated_on or day
        done = sync_commitment(
            actor=actor,
            contract=contract,
            value_date=day,
            description=_("Commitment of contract %(number)s") % {"number": contract.number},
        )
        posted += done is not None
    return posted
