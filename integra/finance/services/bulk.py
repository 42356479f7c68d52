"""Transfers and paid payments in bulk: the catch-up of a programme's history written by a script
(`make_scale_data`), not a person's work — so no maker-checker and one audit event per call
instead of one per document, but every limit the one-by-one services keep is checked here too,
as invariants over the whole batch, and the rows and ledger entries written are the ones
`transfers.record_transferred` and `payments.approve_payment(paid_on=…)` write:

- a transfer: only of a planned tranche of the published run, for a year with an approved
  plan, one live request per tranche, the PLN in whole grosze whose EUR equivalent at the NBP
  rate of the last table before the day stays within the tranche, and the tranche's EUR split
  over the lines never more than what the ledger has left on each line; the "transfer" and
  "exchange difference" transactions as the service posts them;
- a payment: never to a terminated contract; an advance ≤ the contract's advance limit; an
  instalment of the contract's schedule after as many accepted reports as its place, ≤ what is
  left of it, against a new invoice of the provider (its number once per provider); the final
  payment after the accepted final report; ≤ what is left of the contract; only from money the
  gmina has received (less what its live payments take) unless the programme allows
  pre-financing; the EUR equivalent at the NBP rate of the last table before the day; the
  "payment" transaction as the service posts it.

The limits run over the batch in its order with running totals, under the row locks the
services take (the contracts first, then the gminas' PLN accounts; the allocation results for
transfers). A refused document raises (nothing is written) — or, with `skip_refused`, is left
out and counted with its reason, for a generator that offers more than the money allows.
Contracts closed or settled since are paid for their history (a catch-up posts what happened
before the close); a terminated one is not."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.action_plans.models import PlanVersion
from integra.allocations.models import AllocationResult, AllocationRun, Tranche
from integra.allocations.policies import can_manage_allocation_runs
from integra.allocations.selectors import allocation_lines
from integra.audit.services import record_event
from integra.contracts.models import Contract, Instalment, ProviderReport
from integra.contracts.services.contracts import advance_percent
from integra.core.actors import Actor, label_of, require, user_of
from integra.core.errors import DomainError
from integra.core.money import MAX_AMOUNT, Money
from integra.core.periods import date_problem
from integra.finance import rules
from integra.finance.models import (
    Account,
    Invoice,
    Payment,
    PaymentInvoice,
    PaymentSettings,
    Refund,
    Transaction,
    TransferRequest,
)
from integra.finance.selectors import account_balances, gmina_balance
from integra.finance.services.allocation import LINES, programme_account
from integra.finance.services.ledger import Leg, Posting, post_many, reference_of
from integra.programmes.selectors import RateMissing, find_rate

ZERO = Decimal("0.00")
LIVE = ("requested", "approved", "transferred")


class BulkRefused(DomainError):
    """A document of the batch breaks a limit; nothing of the batch was written."""

    code = "finance_bulk_refused"
    status = 409


@dataclass(frozen=True)
class BulkTransfer:
    """One tranche transferred: its PLN on a day."""

    tranche: Tranche
    amount_pln: Decimal
    transferred_on: dt.date


@dataclass(frozen=True)
class BulkPayment:
    """One payment paid on a day; an instalment or the final payment names its new invoice
    (issued on `issued_on` by `issuer_nip`, its eligible part the payment)."""

    contract: Contract
    kind: str
    amount_pln: Decimal
    paid_on: dt.date
    instalment: Instalment | None = None
    invoice_number: str = ""
    issued_on: dt.date | None = None
    issuer_nip: str = ""


@dataclass
class BulkOutcome:
    done: int = 0
    refused: Counter[str] = field(default_factory=Counter)


class _Rates:
    """The NBP rate of each day, looked up once: what `programmes.selectors.convert` does."""

    def __init__(self) -> None:
        self.found: dict[dt.date, Any] = {}

    def to_eur(self, pln: Decimal, day: dt.date) -> tuple[Decimal, Any]:
        if day not in self.found:
            try:
                self.found[day] = find_rate(currency="EUR", operation_on=day)
            except RateMissing:
                self.found[day] = None
        rate = self.found[day]
        if rate is None:
            raise RateMissing(_("No NBP rate for the day before %(day)s.") % {"day": day})
        return Money(pln / rate.mid, "EUR").rounded().amount, rate


def _refuse(outcome: BulkOutcome, skip: bool, reason: str, document: str) -> None:
    if not skip:
        raise BulkRefused(f"{document}: {reason}")
    outcome.refused[reason] += 1


def _whole_grosze(amount: Decimal) -> bool:
    return (
        isinstance(amount, Decimal)
        and amount.is_finite()
        and 0 < amount <= MAX_AMOUNT
        and amount == amount.quantize(rules.CENT)
    )


def _require(actor: Actor) -> None:
    require(
        actor,
        can_manage_allocation_runs,
        _("Only a ministry administrator may post a programme's history in bulk."),
    )


def _open_gmina_accounts(programme: Any, gminas: dict[int, Any]) -> dict[tuple[int, str], Account]:
    """The gminas' PLN and EUR accounts, opened in one insert (those open are kept), locked in
    one order (by pk) — the lock every payment, refund and return of a gmina takes."""
    wanted = [
        Account(
            programme=programme,
            kind=Account.Kind.GMINA.value,
            reference=reference_of(gmina),
            currency=currency,
            name=gmina.name[:200],
            teryt=gmina.teryt,
        )
        for gmina in gminas.values()
        for currency in ("PLN", "EUR")
    ]
    Account.objects.bulk_create(wanted, ignore_conflicts=True, batch_size=2000)
    references = {reference_of(g): pk for pk, g in gminas.items()}
    accounts = list(
        Account.objects.select_for_update()
        .filter(
            programme=programme,
            kind=Account.Kind.GMINA,
            reference__in=list(references),
            line="",
        )
        .order_by("pk")
    )
    return {(references[a.reference], a.currency): a for a in accounts}


# Transfers ------------------------------------------------------------------------------------


@dataclass
class _TransferWorld:
    """What the limits of a batch of transfers read, locked and kept up to date as it is
    checked: the allocation results and tranches (locked), live requests, approved plan years,
    the line accounts with what they have left, the EUR transferred per result."""

    programme: Any
    results: dict[int, AllocationResult]
    tranches: dict[int, Tranche]
    live: set[int]
    approved: set[tuple[int, int]]
    lines: dict[tuple[str, str], Account]
    left: dict[int, Decimal]
    transferred_eur: dict[int, Decimal]
    rates: _Rates = field(default_factory=_Rates)


@dataclass(frozen=True)
class _ChosenTransfer:
    tranche: Tranche
    result: AllocationResult
    item: BulkTransfer
    equivalent: Decimal
    rate: Any
    shares: dict[str, Decimal]
    accounts: dict[str, Account]


def _transfer_world(programme: Any, transfers: list[BulkTransfer]) -> _TransferWorld:
    result_ids = sorted({t.tranche.result_id for t in transfers})
    results = {
        r.pk: r
        for r in AllocationResult.objects.select_for_update(of=("self",))
        .select_related("run", "gmina")
        .filter(pk__in=result_ids)
        .order_by("pk")
    }
    tranches = {
        t.pk: t
        for t in Tranche.objects.select_for_update()
        .filter(pk__in=[t.tranche.pk for t in transfers])
        .order_by("pk")
    }
    lines = {
        (a.reference, a.line): a
        for a in Account.objects.filter(
            programme=programme,
            kind=Account.Kind.LINE,
            currency="EUR",
            reference__in=[reference_of(r) for r in results.values()],
        )
    }
    transferred_eur: dict[int, Decimal] = defaultdict(Decimal)
    for result_id, amount in Tranche.objects.filter(
        result_id__in=result_ids, status=Tranche.Status.TRANSFERRED
    ).values_list("result_id", "amount_eur"):
        transferred_eur[result_id] += amount
    return _TransferWorld(
        programme=programme,
        results=results,
        tranches=tranches,
        live=set(
            TransferRequest.objects.filter(
                tranche_id__in=list(tranches), status__in=LIVE
            ).values_list("tranche_id", flat=True)
        ),
        approved=set(
            PlanVersion.objects.filter(
                plan__programme=programme,
                plan__gmina_id__in=[r.gmina_id for r in results.values()],
                status=PlanVersion.Status.APPROVED,
            ).values_list("plan__gmina_id", "plan__year")
        ),
        lines=lines,
        left=account_balances(Account.objects.filter(pk__in=[a.pk for a in lines.values()])),
        transferred_eur=transferred_eur,
    )


def _tranche_refusal(world: _TransferWorld, item: BulkTransfer) -> str | None:
    """Why the tranche itself may not be transferred (None when it may)."""
    tranche = world.tranches.get(item.tranche.pk)
    result = world.results.get(item.tranche.result_id)
    if tranche is None or result is None or tranche.programme_id != world.programme.pk:
        return "not a tranche of the programme"
    if result.run.status != AllocationRun.Status.PUBLISHED:
        return "allocation not published"
    if tranche.is_transferred or tranche.pk in world.live:
        return "tranche transferred or requested"
    if (tranche.gmina_id, tranche.year) not in world.approved:
        return "no approved plan for the year"
    if not _whole_grosze(item.amount_pln) or date_problem(item.transferred_on):
        return "amount or day out of range"
    return None


def _choose_transfer(world: _TransferWorld, item: BulkTransfer) -> _ChosenTransfer | str:
    """The transfer with its EUR equivalent and line shares, taken from the running figures — or
    why it is refused."""
    if reason := _tranche_refusal(world, item):
        return reason
    tranche = world.tranches[item.tranche.pk]
    result = world.results[item.tranche.result_id]
    try:
        equivalent, rate = world.rates.to_eur(item.amount_pln, item.transferred_on)
    except RateMissing:
        return "no NBP rate"
    most = (tranche.amount_eur * rate.mid).quantize(rules.CENT, ROUND_DOWN)
    if item.amount_pln > most or equivalent > tranche.amount_eur:
        return "more than the tranche"
    lines = allocation_lines(result.amount_eur, world.programme.training_percent)
    shares = rules.line_shares(
        tranche.amount_eur,
        world.transferred_eur[result.pk],
        {"services": lines.services, "training": lines.training},
    )
    own = {line: world.lines.get((reference_of(result), line)) for line in LINES}
    accounts = {line: account for line, account in own.items() if account is not None}
    if len(accounts) != len(LINES) or any(
        shares[line] > world.left[accounts[line].pk] for line in LINES
    ):
        return "more than is left on the lines"
    for line in LINES:
        world.left[accounts[line].pk] -= shares[line]
    world.transferred_eur[result.pk] += tranche.amount_eur
    world.live.add(tranche.pk)
    return _ChosenTransfer(tranche, result, item, equivalent, rate, shares, accounts)


@transaction.atomic
def transfer_many(
    *, actor: Actor, programme: Any, transfers: list[BulkTransfer], skip_refused: bool = False
) -> BulkOutcome:
    """Record many tranches transferred (see the module: the same limits, rows and postings as
    `transfers.record_transferred`). Raises PermissionDenied unless the actor manages allocation
    runs (or is the system); BulkRefused on the first refused transfer unless `skip_refused`."""
    _require(actor)
    outcome = BulkOutcome()
    if not transfers:
        return outcome
    world = _transfer_world(programme, transfers)
    chosen: list[_ChosenTransfer] = []
    for item in transfers:
        found = _choose_transfer(world, item)
        if isinstance(found, str):
            _refuse(outcome, skip_refused, found, f"tranche {item.tranche.pk}")
        else:
            chosen.append(found)
    if not chosen:
        return outcome
    _write_transfers(actor, world, chosen)
    outcome.done = len(chosen)
    record_event(
        actor=actor,
        action="finance.transfers.recorded_in_bulk",
        target=programme,
        changes={
            "transfers": outcome.done,
            "amount_pln": sum((c.item.amount_pln for c in chosen), ZERO),
            "refused": dict(outcome.refused),
        },
    )
    return outcome


TRANCHE_FIELDS = [
    "status",
    "transferred_on",
    "amount_pln",
    "rate",
    "rate_table_no",
    "rate_table_on",
    "rate_source",
    "eur_equivalent",
]


def _transfer_postings(
    programme: Any, chosen: list[_ChosenTransfer], accounts: dict[tuple[int, str], Account]
) -> tuple[list[Posting], list[Posting]]:
    """The "transfer" and "exchange difference" transactions `record_transferred` posts."""
    programme_pln = programme_account(programme, "PLN")
    exchange = programme_account(programme, "EUR", "exchange")
    transfers, differences = [], []
    for c in chosen:
        tranche, gmina, day = c.tranche, c.result.gmina, c.item.transferred_on
        transfers.append(
            Posting(
                value_date=day,
                document=reference_of(tranche),
                key=f"transfer:{tranche.pk}",
                legs=[
                    Leg(programme_pln, -c.item.amount_pln),
                    Leg(accounts[(gmina.pk, "PLN")], c.item.amount_pln),
                    Leg(accounts[(gmina.pk, "EUR")], tranche.amount_eur),
                    *(Leg(c.accounts[line], -c.shares[line]) for line in LINES),
                ],
                description=_("Tranche %(number)s (%(year)s) to %(gmina)s")
                % {"number": tranche.number, "year": tranche.year, "gmina": gmina.name},
            )
        )
        if difference := c.equivalent - tranche.amount_eur:
            differences.append(
                Posting(
                    value_date=day,
                    document=reference_of(tranche),
                    key=f"exchange:{tranche.pk}",
                    legs=[
                        Leg(accounts[(gmina.pk, "EUR")], difference),
                        Leg(exchange, -difference),
                    ],
                    description=_("Exchange difference of tranche %(number)s at rate %(rate)s")
                    % {"number": tranche.number, "rate": c.rate.mid},
                )
            )
    return transfers, differences


def _write_transfers(actor: Actor, world: _TransferWorld, chosen: list[_ChosenTransfer]) -> None:
    """The tranches transferred (with their rate), the allocation's next version, the ledger's
    transactions, and the transferred requests pointing at them."""
    programme = world.programme
    for c in chosen:
        tranche, rate = c.tranche, c.rate
        tranche.status = Tranche.Status.TRANSFERRED.value
        tranche.transferred_on = c.item.transferred_on
        tranche.amount_pln = c.item.amount_pln
        tranche.rate = rate.mid
        tranche.rate_table_no = rate.table_no
        tranche.rate_table_on = rate.effective_on
        tranche.rate_source = rate.source
        tranche.eur_equivalent = c.equivalent
    Tranche.objects.bulk_update([c.tranche for c in chosen], TRANCHE_FIELDS, batch_size=500)
    # The allocation's next version, as each transfer of the service bumps it.
    bumps = Counter(c.result.pk for c in chosen)
    for result_id, times in bumps.items():
        world.results[result_id].lock_version += times
    AllocationResult.objects.bulk_update(
        [world.results[pk] for pk in bumps], ["lock_version"], batch_size=500
    )
    gminas = {c.result.gmina_id: c.result.gmina for c in chosen}
    transfers, differences = _transfer_postings(
        programme, chosen, _open_gmina_accounts(programme, gminas)
    )
    for movement, postings in (
        (Transaction.Movement.TRANSFER, transfers),
        (Transaction.Movement.EXCHANGE_DIFFERENCE, differences),
    ):
        post_many(actor=actor, programme=programme, movement=movement, postings=postings)
    user = user_of(actor)
    label, now = label_of(actor), timezone.now()
    made = TransferRequest.objects.bulk_create(
        [
            TransferRequest(
                tranche=c.tranche,
                programme=programme,
                gmina_id=c.tranche.gmina_id,
                amount_eur=c.tranche.amount_eur,
                status=TransferRequest.Status.APPROVED.value,
                requested_by_id=user.pk if user is not None else None,
                requested_by_label=label,
                decided_by_id=user.pk if user is not None else None,
                decided_by_label=label,
                decided_at=now,
            )
            for c in chosen
        ],
        batch_size=2000,
    )
    TransferRequest.objects.filter(pk__in=[r.pk for r in made]).update(
        status=TransferRequest.Status.TRANSFERRED.value,
        transaction_id=Subquery(
            Transaction.objects.filter(
                key=Concat(Value("transfer:"), Cast(OuterRef("tranche_id"), CharField()))
            ).values("pk")[:1]
        ),
    )


# Payments -------------------------------------------------------------------------------------


@dataclass
class _ContractState:
    """What the limits of one contract read, kept up to date as the batch is checked."""

    contract: Contract
    live: Decimal = ZERO
    advances: Decimal = ZERO
    refunded: Decimal = ZERO
    accepted: int = 0
    final_accepted: bool = False
    instalments: dict[int, Instalment] = field(default_factory=dict)
    instalment_taken: dict[int, Decimal] = field(default_factory=lambda: defaultdict(Decimal))


def _contract_states(programme: Any, contract_ids: list[int]) -> dict[int, _ContractState]:
    """The contracts locked (one order, by pk) with their payments, refunds, reports and
    schedule."""
    states = {
        c.pk: _ContractState(c)
        for c in Contract.objects.select_for_update(of=("self",))
        .select_related("gmina", "provider")
        .filter(programme=programme, pk__in=contract_ids)
        .order_by("pk")
    }
    for contract_id, kind, instalment_id, amount in (
        Payment.objects.live()
        .filter(contract_id__in=list(states))
        .values_list("contract_id", "kind", "instalment_id", "amount_pln")
    ):
        state = states[contract_id]
        state.live += amount
        if kind == Payment.Kind.ADVANCE:
            state.advances += amount
        if instalment_id is not None:
            state.instalment_taken[instalment_id] += amount
    for contract_id, amount in Refund.objects.filter(
        contract_id__in=list(states), kind=Refund.Kind.PROVIDER
    ).values_list("contract_id", "amount_pln"):
        states[contract_id].refunded += amount
    for contract_id, kind in ProviderReport.objects.filter(
        contract_id__in=list(states), status=ProviderReport.Status.ACCEPTED
    ).values_list("contract_id", "kind"):
        states[contract_id].accepted += 1
        if kind == ProviderReport.Kind.FINAL:
            states[contract_id].final_accepted = True
    for instalment in Instalment.objects.filter(contract_id__in=list(states)):
        states[instalment.contract_id].instalments[instalment.pk] = instalment
    return states


def _gmina_free(programme: Any, gminas: dict[int, Any]) -> dict[int, Decimal]:
    """Per gmina the PLN received in the ledger (transfers and refunds on its PLN account, less
    provider refunds) less what its live payments take: what a payment may still use."""
    free: dict[int, Decimal] = {}
    gmina_ids = list(gminas)
    taken: dict[int, Decimal] = defaultdict(Decimal)
    for gmina_id, amount in (
        Payment.objects.live()
        .filter(contract__programme=programme, contract__gmina_id__in=gmina_ids)
        .values_list("contract__gmina_id", "amount_pln")
    ):
        taken[gmina_id] += amount
    for gmina_id, amount in Refund.objects.filter(
        programme=programme, gmina_id__in=gmina_ids, kind=Refund.Kind.PROVIDER
    ).values_list("gmina_id", "amount_pln"):
        taken[gmina_id] -= amount
    for pk, gmina in gminas.items():
        received = gmina_balance(programme, gmina.teryt).received_pln
        free[pk] = received - taken[pk]
    return free


def _kind_refusal(state: _ContractState, item: BulkPayment, limit_percent: Decimal) -> str | None:
    """Why the payment's kind refuses it: the advance limit, the instalment's place and rest,
    the final report."""
    if item.kind == Payment.Kind.ADVANCE:
        limit = (state.contract.value_pln * limit_percent / 100).quantize(rules.CENT)
        return "more than the advance limit" if item.amount_pln > limit - state.advances else None
    if item.kind == Payment.Kind.FINAL:
        return None if state.final_accepted else "final report not accepted"
    if item.kind != Payment.Kind.INSTALMENT:
        return "unknown kind"
    instalment = state.instalments.get(item.instalment.pk) if item.instalment else None
    if instalment is None or instalment.is_advance:
        return "not an instalment of the schedule"
    place = sum(
        1 for i in state.instalments.values() if not i.is_advance and i.number <= instalment.number
    )
    if state.accepted < place:
        return "too few accepted reports"
    if item.amount_pln > instalment.amount_pln - state.instalment_taken[instalment.pk]:
        return "more than the instalment"
    return None


def _payment_refusal(
    state: _ContractState, item: BulkPayment, limit_percent: Decimal, taken: set[tuple[int, str]]
) -> str | None:
    """Why the contract's limits refuse the payment (None when they take it)."""
    contract = state.contract
    if contract.status == Contract.Status.TERMINATED:
        return "contract terminated"
    if not _whole_grosze(item.amount_pln) or date_problem(item.paid_on):
        return "amount or day out of range"
    if reason := _kind_refusal(state, item, limit_percent):
        return reason
    if item.kind != Payment.Kind.ADVANCE and (
        rules.invoice_problems(
            rules.InvoiceInput(
                number=item.invoice_number,
                issued_on=item.issued_on,
                issuer_nip=item.issuer_nip,
                amount_pln=item.amount_pln,
                eligible_pln=item.amount_pln,
            )
        )
        or (contract.provider_id, item.invoice_number.strip()) in taken
    ):
        return "invoice invalid or already recorded"
    if item.amount_pln > contract.value_pln - state.live + state.refunded:
        return "more than is left of the contract"
    return None


@dataclass
class _PaymentWorld:
    """What the limits of a batch of payments read (the contracts and the gminas' accounts
    locked), kept up to date as it is checked."""

    states: dict[int, _ContractState]
    accounts: dict[tuple[int, str], Account]
    contract_accounts: dict[tuple[str, str], Account]
    free: dict[int, Decimal] | None  # None: the programme allows pre-financing
    limit_percent: Decimal
    taken: set[tuple[int, str]]
    rates: _Rates = field(default_factory=_Rates)


def _payment_world(programme: Any, payments: list[BulkPayment]) -> _PaymentWorld:
    states = _contract_states(programme, sorted({p.contract.pk for p in payments}))
    gminas = {
        s.contract.gmina_id: s.contract.gmina
        for s in states.values()
        if s.contract.gmina_id is not None
    }
    accounts = _open_gmina_accounts(programme, gminas)
    settings = PaymentSettings.objects.filter(programme=programme).first()
    prefinancing = bool(settings and settings.allow_prefinancing)
    return _PaymentWorld(
        states=states,
        accounts=accounts,
        contract_accounts={
            (a.reference, a.currency): a
            for a in Account.objects.filter(
                programme=programme,
                kind=Account.Kind.CONTRACT,
                reference__in=[reference_of(s.contract) for s in states.values()],
            )
        },
        free=None if prefinancing else _gmina_free(programme, gminas),
        limit_percent=advance_percent(programme),
        taken=set(
            Invoice.objects.filter(
                provider_id__in={s.contract.provider_id for s in states.values()},
                number__in=[p.invoice_number.strip() for p in payments if p.invoice_number],
            ).values_list("provider_id", "number")
        ),
    )


def _choose_payment(world: _PaymentWorld, item: BulkPayment) -> tuple[Decimal, Any] | str:
    """The payment's EUR equivalent and rate, taken from the running figures — or why it is
    refused."""
    state = world.states.get(item.contract.pk)
    if state is None:
        return "not a contract of the programme"
    if reason := _payment_refusal(state, item, world.limit_percent, world.taken):
        return reason
    gmina_id = state.contract.gmina_id
    if gmina_id is None:
        return "a component-level contract (paid as its component's payment)"
    if world.free is not None and item.amount_pln > world.free[gmina_id]:
        return "more than the gmina has received"
    own = reference_of(state.contract)
    if any((own, currency) not in world.contract_accounts for currency in ("PLN", "EUR")):
        return "contract's commitment not posted"
    try:
        eur, rate = world.rates.to_eur(item.amount_pln, item.paid_on)
    except RateMissing:
        return "no NBP rate"
    state.live += item.amount_pln
    if item.kind == Payment.Kind.ADVANCE:
        state.advances += item.amount_pln
    else:
        world.taken.add((state.contract.provider_id, item.invoice_number.strip()))
    if item.instalment is not None:
        state.instalment_taken[item.instalment.pk] += item.amount_pln
    if world.free is not None:
        world.free[gmina_id] -= item.amount_pln
    return eur, rate


@transaction.atomic
def pay_many(
    *, actor: Actor, programme: Any, payments: list[BulkPayment], skip_refused: bool = False
) -> BulkOutcome:
    """Record many payments as paid (see the module: the same limits, rows and postings as
    `payments.record_payment` then `approve_payment(paid_on=…)`), in the batch's order. Raises
    PermissionDenied unless the actor manages allocation runs (or is the system); BulkRefused
    on the first refused payment unless `skip_refused`.

    It sends no `signals.payment_posted`: it is used only by make_scale_data, which rebuilds the
    maps' summary rows (`dashboards.services.summaries.build`) at its end."""
    _require(actor)
    outcome = BulkOutcome()
    if not payments:
        return outcome
    world = _payment_world(programme, payments)
    chosen: list[tuple[BulkPayment, _ContractState, Decimal, Any]] = []
    for item in payments:
        found = _choose_payment(world, item)
        if isinstance(found, str):
            _refuse(outcome, skip_refused, found, f"contract {item.contract.pk}")
        else:
            chosen.append((item, world.states[item.contract.pk], *found))
    if not chosen:
        return outcome
    _write_payments(actor, programme, chosen, world.accounts, world.contract_accounts)
    outcome.done = len(chosen)
    record_event(
        actor=actor,
        action="finance.payments.paid_in_bulk",
        target=programme,
        changes={
            "payments": outcome.done,
            "amount_pln": sum((c[0].amount_pln for c in chosen), ZERO),
            "refused": dict(outcome.refused),
        },
    )
    return outcome


def _write_payments(
    actor: Actor,
    programme: Any,
    chosen: list[tuple[BulkPayment, _ContractState, Decimal, Any]],
    accounts: dict[tuple[int, str], Account],
    contract_accounts: dict[tuple[str, str], Account],
) -> None:
    """The invoices, the payments (approved, then paid once posted), their invoice parts and the
    ledger's payment transactions."""
    user = user_of(actor)
    label = label_of(actor)
    now = timezone.now()
    new_invoices = []
    for item, state, _eur, _rate in chosen:
        if item.kind == Payment.Kind.ADVANCE:
            continue
        assert item.issued_on is not None  # invoice_problems refused it otherwise
        new_invoices.append(
            Invoice(
                provider_id=state.contract.provider_id,
                contract=state.contract,
                number=item.invoice_number.strip(),
                issued_on=item.issued_on,
                issuer_nip=rules.nip_digits(item.issuer_nip),
                amount_pln=item.amount_pln,
                eligible_pln=item.amount_pln,
                ineligible_pln=ZERO,
                line=Invoice.Line.SERVICES.value,
            )
        )
    invoices = Invoice.objects.bulk_create(new_invoices, batch_size=2000)
    rows = Payment.objects.bulk_create(
        [
            Payment(
                contract=state.contract,
                kind=item.kind,
                instalment=item.instalment,
                amount_pln=item.amount_pln,
                status=Payment.Status.APPROVED.value,
                recorded_by_id=user.pk if user is not None else None,
                recorded_by_label=label,
                approved_by_id=user.pk if user is not None else None,
                approved_by_label=label,
                approved_at=now,
                paid_on=item.paid_on,
                rate=rate.mid,
                rate_table=rate.table_no,
                eur_equivalent=eur,
            )
            for item, state, eur, rate in chosen
        ],
        batch_size=2000,
    )
    invoice_of = iter(invoices)
    PaymentInvoice.objects.bulk_create(
        [
            PaymentInvoice(payment=row, invoice=next(invoice_of), amount_pln=row.amount_pln)
            for row, (item, *_rest) in zip(rows, chosen, strict=True)
            if item.kind != Payment.Kind.ADVANCE
        ],
        batch_size=2000,
    )
    postings = []
    for row, (item, state, eur, _rate) in zip(rows, chosen, strict=True):
        contract = state.contract
        gmina_id = contract.gmina_id
        assert gmina_id is not None  # _choose_payment refused component-level contracts
        own = reference_of(contract)
        postings.append(
            Posting(
                value_date=item.paid_on,
                document=reference_of(row),
                key=f"payment:{row.pk}",
                legs=[
                    Leg(contract_accounts[(own, "PLN")], item.amount_pln),
                    Leg(accounts[(gmina_id, "PLN")], -item.amount_pln),
                    Leg(contract_accounts[(own, "EUR")], eur),
                    Leg(accounts[(gmina_id, "EUR")], -eur),
                ],
                description=_("%(kind)s under contract %(number)s")
                % {"kind": row.get_kind_display(), "number": contract.number},
            )
        )
    post_many(
        actor=actor, programme=programme, movement=Transaction.Movement.PAYMENT, postings=postings
    )
    Payment.objects.filter(pk__in=[row.pk for row in rows]).update(
        status=Payment.Status.PAID.value,
        transaction_id=Subquery(
            Transaction.objects.filter(
                key=Concat(Value("payment:"), Cast(OuterRef("pk"), CharField()))
            ).values("pk")[:1]
        ),
    )


__all__ = ["BulkPayment", "BulkRefused", "BulkTransfer", "pay_many", "transfer_many"]
