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
(contracts/services/money.py), checked before the contract is written.

A component-level contract (no gmina, no shares) commits its item's component instead: the
component's account debited, the contract's credited, in PLN and in EUR at the NBP rate kept
on its link (`ItemContract`); the limit — the component's budget — is checked by
`services/procurement` under a lock on the component. Until it is linked nothing is posted."""

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
from integra.finance.models import Account, Entry, ItemContract, Transaction
from integra.finance.selectors import contract_paid
from integra.finance.services.funding import component_account
from integra.finance.services.ledger import Leg, Posting, account, post, post_many, reference_of
from integra.territories.models import Territory

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
        teryt=contract.teryt,
    )


def _gmina_name(contract: Contract) -> str:
    return contract.gmina.name if contract.gmina is not None else ""


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
        name=f"{_gmina_name(contract)}: {share.planned_service.title}",
        teryt=contract.teryt,
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


def _paid_factor(contract: Contract, paid_pln: Decimal) -> Decimal:
    factor = paid_pln / contract.value_pln if contract.value_pln else ZERO
    return min(max(factor, Decimal(0)), Decimal(1))


def _component_target(contract: Contract, paid_pln: Decimal) -> list[Leg]:
    """A component-level contract's commitment: its value on its item's component, in PLN and
    at the EUR kept on its link (none until it is linked)."""
    link = (
        ItemContract.objects.select_related("item__component__programme")
        .filter(contract=contract, amount_eur__isnull=False)
        .first()
    )
    if link is None or link.amount_eur is None:
        return []
    pln, eur = contract.value_pln, link.amount_eur
    if contract.status == Contract.Status.TERMINATED:
        factor = _paid_factor(contract, paid_pln)
        pln, eur = _scaled([pln], factor)[0], _scaled([eur], factor)[0]
    component = link.item.component
    return [
        Leg(component_account(component, "PLN"), pln),
        Leg(component_account(component, "EUR"), eur),
        Leg(contract_account(contract, "PLN"), -pln),
        Leg(contract_account(contract, "EUR"), -eur),
    ]


def target_commitment(contract: Contract, paid_pln: Decimal = ZERO) -> list[Leg]:
    """The legs the contract's commitment should hold now: its shares (PLN and EUR) — or, once
    terminated, only what was paid, split as the shares are. A component-level contract's:
    its component's."""
    if contract.gmina_id is None:
        return _component_target(contract, paid_pln)
    shares = list(contract.services.select_related("planned_service", "contract__gmina"))
    pln = [s.amount_pln for s in shares]
    eur = [s.amount_eur for s in shares]
    if contract.status == Contract.Status.TERMINATED:
        factor = _paid_factor(contract, paid_pln)
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
def post_commitments(*, actor: Actor, programme: Any, gmina_ids: list[int] | None = None) -> int:
    """Bring the ledger's commitments up to the programme's contracts (those signed before the
    ledger listened, or by a script): contracts never posted are posted in bulk (`post_many`);
    of the others, those whose contract account disagrees with their terms (value in PLN, the
    shares' sum in EUR) — and every terminated one — get the difference, one by one. Idempotent;
    the number of transactions posted. An annex that moved money between planned services
    without changing the totals is posted by its own signal, not found here. `gmina_ids` limits
    it to those gminas' contracts (a script posting a large programme in batches).

    Raises PermissionDenied unless the actor manages allocation runs (or is the system)."""
    require(
        actor,
        can_manage_allocation_runs,
        _("Only a ministry administrator may post commitments to the ledger."),
    )
    contracts = Contract.objects.filter(programme=programme)
    if gmina_ids is not None:
        contracts = contracts.filter(gmina_id__in=gmina_ids)
    posted_documents = set(
        Transaction.objects.filter(
            programme=programme,
            movement=Transaction.Movement.COMMITMENT,
            document__in=[reference_of(c) for c in contracts.only("pk")],
        ).values_list("document", flat=True)
    )
    new = [
        c
        for c in contracts.of_gminas()
        .exclude(status=Contract.Status.TERMINATED)
        .select_related("gmina")
        if reference_of(c) not in posted_documents
    ]
    posted = _post_new(actor, programme, new)
    for pk in sorted(_disagreeing(programme, skip={c.pk for c in new}, gmina_ids=gmina_ids)):
        contract = (
            Contract.objects.select_for_update(of=("self",))
            .select_related("programme", "gmina")
            .get(pk=pk)
        )
        first = reference_of(contract) not in posted_documents
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


def _disagreeing(programme: Any, *, skip: set[int], gmina_ids: list[int] | None = None) -> set[int]:
    """Contracts whose commitment postings on their own account differ from their terms, and the
    terminated ones (their target depends on what was paid): two aggregates, not a query each."""
    contracts = Contract.objects.filter(programme=programme)
    entries = Entry.objects.filter(
        account__programme=programme, account__kind=Account.Kind.CONTRACT
    )
    if gmina_ids is not None:
        contracts = contracts.filter(gmina_id__in=gmina_ids)
        entries = entries.filter(
            account__teryt__in=Territory.objects.filter(pk__in=gmina_ids).values("teryt")
        )
    held: dict[tuple[str, str], Decimal] = {
        (reference, currency): total or ZERO
        for reference, currency, total in entries.filter(
            Q(transaction__movement=Transaction.Movement.COMMITMENT)
            | Q(transaction__reverses__movement=Transaction.Movement.COMMITMENT)
        )
        .values("account__reference", "currency")
        .annotate(total=Sum("amount"))
        .values_list("account__reference", "currency", "total")
    }
    shares_eur = dict(
        ContractService.objects.filter(contract__in=contracts)
        .values("contract")
        .annotate(total=Sum("amount_eur"))
        .values_list("contract", "total")
    )
    # A component-level contract's EUR is the one kept on its link.
    shares_eur |= dict(
        ItemContract.objects.filter(
            contract__programme=programme, amount_eur__isnull=False
        ).values_list("contract", "amount_eur")
    )
    found: set[int] = set()
    for pk, value_pln, status in contracts.values_list("pk", "value_pln", "status"):
        if pk in skip:
            continue
        reference = f"{Contract._meta.label_lower}:{pk}"
        pln = held.get((reference, "PLN"), ZERO)
        eur = held.get((reference, "EUR"), ZERO)
        terminated = status == Contract.Status.TERMINATED
        if terminated or pln != -value_pln or eur != -(shares_eur.get(pk) or ZERO):
            found.add(pk)
    return found


def _post_new(actor: Actor, programme: Any, contracts: list[Contract]) -> int:
    """The first commitment of each contract, in bulk: its accounts opened together (one insert
    that skips those already open), then `post_many`."""
    if not contracts:
        return 0
    shares = list(
        ContractService.objects.filter(contract__in=contracts).select_related("planned_service")
    )
    by_contract: dict[int, list[ContractService]] = defaultdict(list)
    for share in shares:
        by_contract[share.contract_id].append(share)
    accounts = _open_accounts(programme, contracts, by_contract)
    postings = []
    for contract in contracts:
        legs: list[Leg] = []
        own_shares = by_contract[contract.pk]
        for share in own_shares:
            key = f"action_plans.plannedservice:{share.service_key}"
            for currency, amount in (("PLN", share.amount_pln), ("EUR", share.amount_eur)):
                service = accounts[(Account.Kind.PLANNED_SERVICE, key, share.line, currency)]
                legs.append(Leg(service, amount))
        own = reference_of(contract)
        for currency, field in (("PLN", "amount_pln"), ("EUR", "amount_eur")):
            total = sum((getattr(s, field) for s in own_shares), ZERO)
            legs.append(Leg(accounts[(Account.Kind.CONTRACT, own, "", currency)], -total))
        postings.append(
            Posting(
                value_date=contract.signed_on,
                document=own,
                key=f"{commitment_prefix(contract.pk)}1",
                legs=legs,
                description=_("Commitment of contract %(number)s") % {"number": contract.number},
            )
        )
    return post_many(
        actor=actor,
        programme=programme,
        movement=Transaction.Movement.COMMITMENT,
        postings=postings,
    )


def _open_accounts(
    programme: Any, contracts: list[Contract], by_contract: dict[int, list[ContractService]]
) -> dict[tuple[str, str, str, str], Account]:
    """The accounts of the contracts and their planned services, in both currencies, opened in
    one insert (those already open are kept) and read back by (kind, reference, line, currency)."""
    wanted: dict[tuple[str, str, str, str], Account] = {}

    def spec(kind: str, reference: str, line: str, currency: str, name: str, teryt: str) -> None:
        wanted.setdefault(
            (kind, reference, line, currency),
            Account(
                programme=programme,
                kind=kind,
                reference=reference,
                line=line,
                currency=currency,
                name=name[:200],
                teryt=teryt,
            ),
        )

    for contract in contracts:
        teryt = contract.teryt
        for currency in ("PLN", "EUR"):
            spec(
                Account.Kind.CONTRACT,
                reference_of(contract),
                "",
                currency,
                _("Contract %(number)s") % {"number": contract.number},
                teryt,
            )
            for share in by_contract[contract.pk]:
                spec(
                    Account.Kind.PLANNED_SERVICE,
                    f"action_plans.plannedservice:{share.service_key}",
                    share.line,
                    currency,
                    f"{_gmina_name(contract)}: {share.planned_service.title}",
                    teryt,
                )
    Account.objects.bulk_create(wanted.values(), ignore_conflicts=True, batch_size=2000)
    kinds = (Account.Kind.CONTRACT, Account.Kind.PLANNED_SERVICE)
    references = sorted({key[1] for key in wanted})
    found: dict[tuple[str, str, str, str], Account] = {}
    for start in range(0, len(references), 900):  # only those wanted, under SQLite's old cap
        for a in Account.objects.filter(
            programme=programme, kind__in=kinds, reference__in=references[start : start + 900]
        ):
            found[(a.kind, a.reference, a.line, a.currency)] = a
    return found
