"""Reads of the ledger: balances are sums of the entries of closed transactions (no balance is
stored); a reversal counts under the movement of the transaction it reverses, so "allocated"
less a reversed allocation is what is allocated. `verify` re-checks the whole ledger."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import F, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import pgettext_lazy

from integra.allocations.models import AllocationResult, AllocationRun, Tranche
from integra.allocations.selectors import allocation_lines
from integra.core.roles import Role
from integra.finance.models import (
    Account,
    Component,
    Entry,
    ItemContract,
    ProcurementItem,
    Transaction,
    TransferRequest,
)
from integra.finance.policies import can_request_transfer, can_view_transfer_requests
from integra.finance.rules import STEPS, delay_days
from integra.programmes.models import Programme
from integra.territories.models import Territory

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def _cents(total: Decimal | None) -> Decimal:
    """A database sum, to the cent: SQLite adds decimals as floating point (0.01 + 0.02 − 0.03
    comes back as −1.7e-18), PostgreSQL exactly; quantizing gives both the same exact cents."""
    return (total or ZERO).quantize(CENT, ROUND_HALF_UP)


def account_balances(accounts: QuerySet[Account]) -> dict[int, Decimal]:
    """The balance of each account (debit +, credit −), 0 for an account without entries."""
    sums = dict(
        Entry.objects.filter(transaction__closed=True, account__in=accounts)
        .values("account")
        .annotate(total=Sum("amount"))
        .values_list("account", "total")
    )
    return {pk: _cents(sums.get(pk)) for pk in accounts.values_list("pk", flat=True)}


def movement_sums(accounts: QuerySet[Account]) -> dict[tuple[int, str], Decimal]:
    """Per (account, movement) the sum of its entries, reversals counted under the movement
    they reverse."""
    rows = (
        Entry.objects.filter(transaction__closed=True, account__in=accounts)
        .annotate(
            effective_movement=Coalesce(
                F("transaction__reverses__movement"), F("transaction__movement")
            )
        )
        .values("account", "effective_movement")
        .annotate(total=Sum("amount"))
        .values_list("account", "effective_movement", "total")
    )
    return {(account, movement): _cents(total) for account, movement, total in rows}


@dataclass
class GminaBalance:
    """A gmina's money in one programme, from the ledger: EUR allocated (both lines) and
    transferred against it (at the scheduled EUR), PLN received with their EUR equivalent, PLN
    committed and paid (from contracts, once they post), and what is available."""

    teryt: str
    name: str
    allocated_eur: Decimal = ZERO
    transferred_eur: Decimal = ZERO
    received_pln: Decimal = ZERO
    received_eur: Decimal = ZERO
    committed_pln: Decimal = ZERO
    paid_pln: Decimal = ZERO
    # Provider refunds (they lower paid) and the gmina's returns to the programme (they lower
    # received); both are "refund" movements, told apart by the accounts they touch.
    refunded_pln: Decimal = ZERO
    returned_pln: Decimal = ZERO

    @property
    def to_transfer_eur(self) -> Decimal:
        return self.allocated_eur - self.transferred_eur

    @property
    def available_pln(self) -> Decimal:
        return self.received_pln - self.paid_pln


def gmina_balances(*, user: Any, programme: Any) -> list[GminaBalance]:
    """The balances of every gmina of the programme the user may see, by TERYT code."""
    accounts = Account.objects.visible_to(user).filter(programme=programme).exclude(teryt="")
    return balances_of(accounts)


def balances_of(accounts: QuerySet[Account]) -> list[GminaBalance]:
    sums = movement_sums(accounts)
    by_teryt: dict[str, GminaBalance] = {}
    for account in accounts.order_by("teryt"):
        balance = by_teryt.setdefault(account.teryt, GminaBalance(account.teryt, ""))
        if account.kind == Account.Kind.GMINA:
            balance.name = account.name
        elif not balance.name:
            balance.name = account.name.rsplit(":", 1)[0]

        def total(movement: str, account: Account = account) -> Decimal:
            return sums.get((account.pk, movement)) or ZERO

        if account.kind == Account.Kind.LINE:
            balance.allocated_eur += total(Transaction.Movement.ALLOCATION)
            balance.transferred_eur -= total(Transaction.Movement.TRANSFER)
        elif account.kind == Account.Kind.GMINA and account.currency == "PLN":
            balance.received_pln += total(Transaction.Movement.TRANSFER)
            # Returns (−) and provider refunds (+) both land here as "refund": a provider's
            # refund is taken back out below, from the contract's side, leaving the returns.
            balance.received_pln += total(Transaction.Movement.REFUND)
            balance.returned_pln -= total(Transaction.Movement.REFUND)
        elif account.kind == Account.Kind.GMINA:
            balance.received_eur += total(Transaction.Movement.TRANSFER) + total(
                Transaction.Movement.EXCHANGE_DIFFERENCE
            )
        elif account.kind == Account.Kind.CONTRACT and account.currency == "PLN":
            # The contract's account is credited with the commitment, debited with payments
            # and credited again with refunds: it stands at −(what is still owed).
            refunded = -total(Transaction.Movement.REFUND)
            balance.committed_pln -= total(Transaction.Movement.COMMITMENT)
            balance.paid_pln += total(Transaction.Movement.PAYMENT) - refunded
            balance.refunded_pln += refunded
            balance.received_pln -= refunded
            balance.returned_pln += refunded
    return list(by_teryt.values())


def allocated_by_teryt(
    programme: Any, prefix: str = "", *, exact: bool = False
) -> dict[str, Decimal]:
    """EUR allocated per gmina (both lines) within the area `prefix` (or exactly that unit):
    what `balances_of` counts as `allocated_eur` — the allocation postings on the gminas' line
    accounts and their reversals — in two grouped queries driven by the programme's allocation
    transactions (a few thousand) instead of every entry of its accounts."""
    entries = Entry.objects.filter(
        transaction__closed=True,
        transaction__programme=programme,
        account__programme=programme,
        account__kind=Account.Kind.LINE,
    ).exclude(account__teryt="")
    if exact:
        entries = entries.filter(account__teryt=prefix)
    elif prefix:
        entries = entries.filter(account__teryt__startswith=prefix)
    allocation = Transaction.Movement.ALLOCATION
    found: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for postings in (
        entries.filter(transaction__movement=allocation),
        entries.filter(
            transaction__movement=Transaction.Movement.REVERSAL,
            transaction__reverses__movement=allocation,
        ),
    ):
        for teryt, _account, total in (
            postings.values_list("account__teryt", "account").annotate(Sum("amount")).order_by()
        ):
            found[teryt] += _cents(total)  # to the cent per account, as balances_of
    return dict(found)


def gmina_balance(programme: Any, teryt: str) -> GminaBalance:
    """One gmina's balance (no scope check: for services, which have checked the actor)."""
    accounts = Account.objects.filter(programme=programme, teryt=teryt)
    found = balances_of(accounts)
    return found[0] if found else GminaBalance(teryt, "")


def list_transactions(*, user: Any, teryt: str | None = None) -> QuerySet[Transaction]:
    transactions = Transaction.objects.visible_to(user).closed()
    if teryt:
        transactions = transactions.filter(entries__account__teryt=teryt).distinct()
    return transactions.select_related("programme", "reverses").order_by("-value_date", "-pk")


# Verification ---------------------------------------------------------------------------------


@dataclass
class Verification:
    transactions: int = 0
    accounts: int = 0
    difference: Decimal = ZERO
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# A check of the accounts against the documents they come from: it yields one message per
# account that disagrees. Each kind of posting registers its own (allocation, transfers, …).
DocumentCheck = Callable[[], Iterator[str]]
DOCUMENT_CHECKS: list[DocumentCheck] = []


def document_check(check: DocumentCheck) -> DocumentCheck:
    DOCUMENT_CHECKS.append(check)
    return check


def _entry_sums() -> tuple[dict[int, dict[str, Decimal]], list[str]]:
    """Per transaction and currency the sum of the entries, and the entries whose currency is
    not their account's."""
    sums: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    mismatched: list[str] = []
    for tx, currency, amount, account_currency in Entry.objects.values_list(
        "transaction_id", "currency", "amount", "account__currency"
    ).iterator():
        sums[tx][currency] += amount
        if currency != account_currency:
            mismatched.append(
                f"transaction {tx}: an entry in {currency} on an account in {account_currency}"
            )
    return sums, mismatched


def _transaction_problems(report: Verification) -> Iterator[str]:
    sums, mismatched = _entry_sums()
    yield from mismatched
    for tx, closed in Transaction.objects.order_by("pk").values_list("pk", "closed"):
        by_currency = sums.get(tx, {})
        if not by_currency:
            yield f"transaction {tx}: no entries"
        elif not closed:
            yield f"transaction {tx}: not closed"
        for currency, total in sorted(by_currency.items()):
            if total != 0:
                report.difference += abs(total)
                yield f"transaction {tx} unbalanced: {currency} {total:.2f}"


def verify(*, first_only: bool = True) -> Verification:
    """Every transaction closed and balanced per currency (sums in Python, not trusting the
    database), no entry in another currency than its account's, and every account in agreement
    with its documents. Stops at the first problem unless told otherwise."""
    report = Verification(
        transactions=Transaction.objects.count(), accounts=Account.objects.count()
    )
    problems = [_transaction_problems(report), *(check() for check in DOCUMENT_CHECKS)]
    for source in problems:
        for problem in source:
            report.problems.append(problem)
            if first_only:
                return report
    return report


# Components and the procurement plan ----------------------------------------------------------

STEP_LABELS = {
    "invitation": pgettext_lazy("procurement", "invitation"),
    "opening": pgettext_lazy("procurement", "opening of offers"),
    "evaluation": pgettext_lazy("procurement", "evaluation"),
    "signature": pgettext_lazy("procurement", "contract signature"),
    "completion": pgettext_lazy("procurement", "completion"),
}


def list_components(*, user: Any, programme: Any = None) -> QuerySet[Component]:
    """The components the user may see (the ministry), of one programme (object or code)."""
    components = Component.objects.visible_to(user).select_related("programme")
    if isinstance(programme, str):
        components = components.filter(programme__code=programme)
    elif programme is not None:
        components = components.filter(programme=programme)
    return components.annotate(
        planned_eur=Coalesce(Sum("procurement_items__estimated_cost_eur"), ZERO)
    ).order_by("programme__code", "order", "code")


def list_items(
    *, user: Any, component: Any = None, programme: Any = None
) -> QuerySet[ProcurementItem]:
    items = ProcurementItem.objects.visible_to(user).select_related("component__programme")
    if component is not None:
        items = items.filter(component=component)
    if isinstance(programme, str):
        items = items.filter(component__programme__code=programme)
    elif programme is not None:
        items = items.filter(component__programme=programme)
    return items.order_by("component__order", "component__code", "reference")


@dataclass(frozen=True)
class StepStatus:
    step: str
    label: str
    planned: dt.date | None
    actual: dt.date | None
    delay: int | None


@dataclass(frozen=True)
class LinkedContract:
    """A contract carrying out an item, as the status report shows it."""

    pk: int
    number: str
    provider: str
    gmina: str  # the gmina's name; "" for a component-level contract
    signed_on: dt.date
    status: str
    value_pln: Decimal
    amount_eur: Decimal | None  # committed against the component (component-level only)


@dataclass(frozen=True)
class ItemStatus:
    item: ProcurementItem
    steps: list[StepStatus]
    contracts: list[LinkedContract] = field(default_factory=list)

    @property
    def contracted_pln(self) -> Decimal:
        return sum((c.value_pln for c in self.contracts), ZERO)

    @property
    def delay(self) -> int | None:
        """The delay of the latest step that has a planned date (None when none has)."""
        delays = [s.delay for s in self.steps if s.delay is not None]
        return delays[-1] if delays else None


def linked_contracts(items: list[ProcurementItem]) -> dict[int, list[LinkedContract]]:
    """Per item the contracts that carry it out, by signing (one query)."""
    found: dict[int, list[LinkedContract]] = defaultdict(list)
    links = (
        ItemContract.objects.filter(item__in=items)
        .select_related("contract__provider", "contract__gmina")
        .order_by("contract__signed_on", "contract__pk")
    )
    for link in links:
        contract = link.contract
        found[link.item_id].append(
            LinkedContract(
                pk=contract.pk,
                number=contract.number,
                provider=contract.provider.name,
                gmina=contract.gmina.name if contract.gmina else "",
                signed_on=contract.signed_on,
                status=str(contract.get_status_display()),
                value_pln=contract.value_pln,
                amount_eur=link.amount_eur,
            )
        )
    return found


def _status(item: ProcurementItem, today: dt.date, contracts: list[LinkedContract]) -> ItemStatus:
    return ItemStatus(
        item=item,
        steps=[
            StepStatus(
                step=step,
                label=str(STEP_LABELS[step]),
                planned=item.planned(step),
                actual=item.actual(step),
                delay=delay_days(item.planned(step), item.actual(step), today),
            )
            for step in STEPS
        ],
        contracts=contracts,
    )


def procurement_status(*, user: Any, programme: Any, today: dt.date) -> list[ItemStatus]:
    """The procurement-plan status: each item's steps, planned against actual dates, and the
    days of delay (a step not done counts until today once its planned date has passed), with
    the contracts that carry it out."""
    items = list(list_items(user=user, programme=programme))
    contracts = linked_contracts(items)
    return [_status(item, today, contracts.get(item.pk, [])) for item in items]


def item_status(item: ProcurementItem, *, today: dt.date) -> ItemStatus:
    """One item's status (the caller has checked that the user sees it)."""
    return _status(item, today, linked_contracts([item]).get(item.pk, []))


def contract_to_link(
    *, user: Any, programme: Any, number: str, teryt: str | None
) -> _Contract | None:
    """The programme's contract of this number the user sees: a gmina's (by its TERYT code) or,
    without a code, a component-level one."""
    contracts = _Contract.objects.visible_to(user).filter(programme=programme, number=number)
    if teryt:
        contracts = contracts.filter(gmina__teryt=teryt)
    else:
        contracts = contracts.filter(gmina__isnull=True)
    return contracts.first()


def finance_programme(code: str | None) -> Programme | None:
    """The programme a finance page shows: the one of the code, or else the newest programme
    with components (or the newest programme at all). Programmes are public reference data."""
    programmes = Programme.objects.order_by("-starts_on", "-pk")
    if code:
        return programmes.filter(code=code[:20]).first()
    return programmes.filter(components__isnull=False).first() or programmes.first()


# Document checks of verify_ledger -------------------------------------------------------------


def _referenced_pk(account: Account) -> int:
    return int(account.reference.rsplit(":", 1)[1])


@document_check
def lines_agree_with_the_published_allocation() -> Iterator[str]:
    """Each line account holds, as allocated, its line of the gmina's published amount (0 once
    the run is superseded)."""
    accounts = Account.objects.filter(kind=Account.Kind.LINE).order_by("pk")
    sums = movement_sums(accounts)
    results = {
        r.pk: r
        for r in AllocationResult.objects.filter(
            pk__in=[_referenced_pk(a) for a in accounts]
        ).select_related("run__programme")
    }
    for account in accounts:
        result = results.get(_referenced_pk(account))
        allocated = sums.get((account.pk, Transaction.Movement.ALLOCATION)) or ZERO
        expected = ZERO
        if result is not None and result.run.status == AllocationRun.Status.PUBLISHED:
            lines = allocation_lines(result.amount_eur, result.run.programme.training_percent)
            expected = lines.services if account.line == "services" else lines.training
        if allocated != expected:
            yield (
                f"account {account.pk} ({account.name}) allocated {allocated:.2f} EUR, "
                f"its allocation says {expected:.2f} EUR"
            )


@document_check
def gminas_received_what_their_tranches_say() -> Iterator[str]:
    """Each gmina's PLN and EUR received in the ledger equal its transferred tranches (PLN
    transferred, EUR equivalent at the rates used), in every programme with ledger postings."""
    programmes = set(Transaction.objects.values_list("programme_id", flat=True).distinct())
    expected: dict[tuple[int, str], tuple[Decimal, Decimal]] = {}
    for programme_id, teryt, pln, eur in Tranche.objects.filter(
        programme_id__in=programmes, status=Tranche.Status.TRANSFERRED
    ).values_list("programme_id", "gmina__teryt", "amount_pln", "eur_equivalent"):
        before = expected.get((programme_id, teryt), (ZERO, ZERO))
        expected[(programme_id, teryt)] = (before[0] + (pln or ZERO), before[1] + (eur or ZERO))
    accounts = Account.objects.filter(kind=Account.Kind.GMINA, programme_id__in=programmes)
    sums = movement_sums(accounts)
    found: dict[tuple[int, str], dict[str, Decimal]] = defaultdict(
        lambda: {"PLN": ZERO, "EUR": ZERO}
    )
    for account in accounts:
        received = found[(account.programme_id, account.teryt)]
        for movement in (Transaction.Movement.TRANSFER, Transaction.Movement.EXCHANGE_DIFFERENCE):
            received[account.currency] += sums.get((account.pk, movement)) or ZERO
    for key in sorted(set(expected) | set(found)):
        pln, eur = expected.get(key, (ZERO, ZERO))
        received = found.get(key, {"PLN": ZERO, "EUR": ZERO})
        if (received["PLN"], received["EUR"]) != (pln, eur):
            yield (
                f"gmina {key[1]} received {received['PLN']:.2f} PLN / {received['EUR']:.2f} EUR "
                f"in the ledger, its tranches say {pln:.2f} PLN / {eur:.2f} EUR"
            )


# Transfer requests ----------------------------------------------------------------------------


def list_transfer_requests(*, user: Any, status: str | None = None) -> QuerySet[TransferRequest]:
    requests = TransferRequest.objects.visible_to(user).select_related(
        "programme", "gmina", "tranche"
    )
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("-requested_at", "-pk")


def tranche_for_request(*, user: Any, tranche_id: int) -> Tranche:
    """A tranche of a gmina the user may see transfers of; Tranche.DoesNotExist otherwise."""
    tranche: Tranche = Tranche.objects.select_related("gmina", "programme", "result__run").get(
        pk=tranche_id, gmina__teryt__regex=r"^[0-9]{7}$"
    )
    if not can_view_transfer_requests(user, tranche.gmina):
        raise Tranche.DoesNotExist
    return tranche


def requestable_tranches(*, user: Any, gmina: Any) -> list[Tranche]:
    """The gmina's planned tranches of published allocations without a live request."""
    live = TransferRequest.objects.filter(
        gmina=gmina, status__in=["requested", "approved", "transferred"]
    ).values("tranche_id")
    return list(
        Tranche.objects.filter(
            gmina=gmina,
            status=Tranche.Status.PLANNED,
            result__run__status=AllocationRun.Status.PUBLISHED,
        )
        .exclude(pk__in=live)
        .select_related("programme")
        .order_by("programme__code", "number")
    )


def gminas_requesting(*, user: Any) -> list[Territory]:
    """The gminas whose tranches the user may ask for: those where the user is the gmina's
    coordinator (regional offices request from the queue of a gmina's card, later)."""
    if not getattr(user, "is_authenticated", False):
        return []
    prefixes = user.scope_prefixes({Role.GMINA_COORDINATOR})
    gminas = Territory.objects.filter(level=Territory.Level.GMINA, teryt__in=list(prefixes))
    return [g for g in gminas.order_by("teryt") if can_request_transfer(user, g)]


# Payments to providers, invoices, refunds -----------------------------------------------------
# (imports of this section are local to it, so that the module stays one file the settlement
# and report sections can share)

from django.db.models import Q  # noqa: E402

from integra.contracts.models import Contract as _Contract  # noqa: E402
from integra.finance.models import Invoice, Payment, Refund  # noqa: E402
from integra.finance.policies import can_approve_payment  # noqa: E402


def _ledger_sum(contract_pk: int, movement: str, currency: str = "PLN") -> Decimal:
    """What the contract's account holds under one movement (reversals counted under it)."""
    total = (
        Entry.objects.filter(
            transaction__closed=True,
            account__kind=Account.Kind.CONTRACT,
            account__reference=f"contracts.contract:{contract_pk}",
            account__currency=currency,
        )
        .annotate(
            effective_movement=Coalesce(
                F("transaction__reverses__movement"), F("transaction__movement")
            )
        )
        .filter(effective_movement=movement)
        .aggregate(total=Sum("amount"))["total"]
    )
    return _cents(total)


def contract_paid(contract: Any) -> Decimal:
    """The contract's paid total in the ledger: payments less provider refunds."""
    return _ledger_sum(contract.pk, Transaction.Movement.PAYMENT) + _ledger_sum(
        contract.pk, Transaction.Movement.REFUND
    )


def contract_committed(contract: Any) -> Decimal:
    """The contract's commitment in the ledger (PLN)."""
    return -_ledger_sum(contract.pk, Transaction.Movement.COMMITMENT)


@dataclass
class ContractMoney:
    """A contract's money for its payments tab: value, advance limit, what live payments take
    (recorded, approved, paid), refunds, paid in the ledger, and what is left."""

    value_pln: Decimal
    advance_limit_pln: Decimal
    live_pln: Decimal
    advances_pln: Decimal
    refunded_pln: Decimal
    paid_pln: Decimal
    committed_pln: Decimal

    @property
    def left_pln(self) -> Decimal:
        return self.value_pln - self.live_pln + self.refunded_pln


def _sum(queryset: Any, field_name: str = "amount_pln") -> Decimal:
    return _cents(queryset.aggregate(total=Sum(field_name))["total"])


def live_payments_of(contract: Any, excluding: Any = None) -> Decimal:
    payments = Payment.objects.live().filter(contract=contract)
    if excluding is not None:
        payments = payments.exclude(pk=excluding.pk)
    return _sum(payments)


def refunds_of(contract: Any) -> Decimal:
    return _sum(Refund.objects.filter(contract=contract, kind=Refund.Kind.PROVIDER))


def contract_money(contract: Any, advance_percent: Decimal) -> ContractMoney:
    live = Payment.objects.live().filter(contract=contract)
    return ContractMoney(
        value_pln=contract.value_pln,
        advance_limit_pln=(contract.value_pln * advance_percent / 100).quantize(
            CENT, ROUND_HALF_UP
        ),
        live_pln=_sum(live),
        advances_pln=_sum(live.filter(kind=Payment.Kind.ADVANCE)),
        refunded_pln=refunds_of(contract),
        paid_pln=contract_paid(contract),
        committed_pln=contract_committed(contract),
    )


def gmina_spoken_for(programme: Any, gmina: Any, excluding: Any = None) -> Decimal:
    """What the gmina's live payments in the programme take, less its providers' refunds."""
    payments = Payment.objects.live().filter(contract__programme=programme, contract__gmina=gmina)
    if excluding is not None:
        payments = payments.exclude(pk=excluding.pk)
    refunds = Refund.objects.filter(programme=programme, gmina=gmina, kind=Refund.Kind.PROVIDER)
    return _sum(payments) - _sum(refunds)


def invoice_taken(invoice: Any, excluding: Any = None) -> Decimal:
    """What live payments already charge to an invoice."""
    parts = invoice.parts.exclude(payment__status=Payment.Status.REJECTED)
    if excluding is not None:
        parts = parts.exclude(payment=excluding)
    return _sum(parts)


def list_payments(
    *,
    user: Any,
    status: str | None = None,
    kind: str | None = None,
    teryt: str | None = None,
    contract: Any = None,
    provider: Any = None,
) -> QuerySet[Payment]:
    payments = Payment.objects.visible_to(user).select_related(
        "contract__gmina", "contract__provider", "contract__programme", "instalment"
    )
    if status:
        payments = payments.filter(status=status)
    if kind:
        payments = payments.filter(kind=kind)
    if teryt:
        payments = payments.filter(contract__gmina__teryt__startswith=teryt)
    if contract is not None:
        payments = payments.filter(contract=contract)
    if provider is not None:
        payments = payments.filter(contract__provider=provider)
    return payments.order_by("-recorded_at", "-pk")


def payments_to_approve(*, user: Any) -> list[Payment]:
    """The recorded (or approved, unpaid) payments the user may decide: in their scope, as an
    approver, and not recorded by them."""
    waiting = list_payments(user=user).filter(
        status__in=[Payment.Status.RECORDED, Payment.Status.APPROVED]
    )
    return [p for p in waiting.order_by("recorded_at", "pk") if can_approve_payment(user, p)]


def list_invoices(*, user: Any, contract: Any = None) -> QuerySet[Invoice]:
    invoices = Invoice.objects.visible_to(user).select_related("provider", "contract__gmina")
    if contract is not None:
        invoices = invoices.filter(contract=contract)
    return invoices.annotate(
        paid_pln=Coalesce(
            Sum("parts__amount_pln", filter=~Q(parts__payment__status="rejected")), ZERO
        )
    ).order_by("-issued_on", "-pk")


def list_refunds(*, user: Any, kind: str | None = None) -> QuerySet[Refund]:
    refunds = Refund.objects.visible_to(user).select_related(
        "gmina", "contract__provider", "programme"
    )
    if kind:
        refunds = refunds.filter(kind=kind)
    return refunds.order_by("-received_on", "-pk")


def payment_for(*, user: Any, pk: int) -> Payment:
    """A payment the user may see; Payment.DoesNotExist otherwise."""
    found: Payment = list_payments(user=user).prefetch_related("parts__invoice").get(pk=pk)
    return found


def contract_for_payments(*, user: Any, pk: int) -> _Contract:
    """A gmina's contract the user may see; Contract.DoesNotExist otherwise (a component-level
    contract is paid as its component's payment, not here)."""
    found: _Contract = (
        _Contract.objects.visible_to(user)
        .of_gminas()
        .select_related("programme", "gmina", "provider")
        .get(pk=pk)
    )
    return found


def _contract_pk(reference: str) -> int | None:
    try:
        return int(reference.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return None


@document_check
def contracts_agree_with_their_commitments_and_payments() -> Iterator[str]:
    """Each contract's account holds as committed its value (once terminated: at least what was
    paid), as paid its paid payments whose posting stands, as refunded its providers'
    refunds."""
    accounts = Account.objects.filter(kind=Account.Kind.CONTRACT, currency="PLN").order_by("pk")
    sums = movement_sums(accounts)
    by_pk = {_contract_pk(a.reference): a for a in accounts}
    contracts = {
        c.pk: c for c in _Contract.objects.filter(pk__in=[pk for pk in by_pk if pk is not None])
    }
    paid: dict[int, Decimal] = defaultdict(Decimal)
    for contract_id, amount in Payment.objects.filter(
        status=Payment.Status.PAID, transaction__reversed_by__isnull=True
    ).values_list("contract_id", "amount_pln"):
        paid[contract_id] += amount
    refunded: dict[int, Decimal] = defaultdict(Decimal)
    for contract_id, amount in Refund.objects.filter(
        kind=Refund.Kind.PROVIDER, transaction__reversed_by__isnull=True
    ).values_list("contract_id", "amount_pln"):
        refunded[contract_id] += amount
    for pk, account in by_pk.items():
        contract = contracts.get(pk) if pk is not None else None
        if contract is None:
            yield f"account {account.pk} ({account.name}): no such contract"
            continue
        yield from _contract_problems(
            contract,
            account,
            {movement: sums.get((account.pk, movement)) or ZERO for movement in MOVEMENTS},
            paid[contract.pk],
            refunded[contract.pk],
        )


MOVEMENTS = (
    Transaction.Movement.COMMITMENT,
    Transaction.Movement.PAYMENT,
    Transaction.Movement.REFUND,
)


def _contract_problems(
    contract: Any, account: Account, sums: dict[str, Decimal], paid: Decimal, refunded: Decimal
) -> Iterator[str]:
    committed = -sums[Transaction.Movement.COMMITMENT]
    paid_ledger = sums[Transaction.Movement.PAYMENT]
    refunded_ledger = -sums[Transaction.Movement.REFUND]
    net = paid_ledger - refunded_ledger
    name = f"contract {contract.number} (account {account.pk})"
    if contract.status == _Contract.Status.TERMINATED:
        if committed < net:
            yield f"{name} committed {committed:.2f} PLN, less than paid {net:.2f} PLN"
    elif committed != contract.value_pln:
        yield (
            f"{name} committed {committed:.2f} PLN in the ledger, its value is "
            f"{contract.value_pln:.2f} PLN"
        )
    if paid_ledger != paid:
        yield f"{name} paid {paid_ledger:.2f} PLN in the ledger, its payments say {paid:.2f} PLN"
    if refunded_ledger != refunded:
        yield (
            f"{name} refunded {refunded_ledger:.2f} PLN in the ledger, its refunds say "
            f"{refunded:.2f} PLN"
        )
    if net > contract.value_pln:
        yield f"{name} paid {net:.2f} PLN, more than its value {contract.value_pln:.2f} PLN"


@document_check
def every_contract_has_its_commitment() -> Iterator[str]:
    """A contract of a programme with ledger postings has its commitment posted."""
    programmes = set(Transaction.objects.values_list("programme_id", flat=True).distinct())
    posted = set(
        Account.objects.filter(kind=Account.Kind.CONTRACT, currency="PLN").values_list(
            "reference", flat=True
        )
    )
    for pk, number in (
        _Contract.objects.filter(programme_id__in=programmes)
        .order_by("pk")
        .values_list("pk", "number")
    ):
        if f"contracts.contract:{pk}" not in posted:
            yield f"contract {number}: no commitment in the ledger"


@document_check
def gmina_returns_agree_with_their_documents() -> Iterator[str]:
    """Each gmina's returns to the programme in the ledger equal its recorded returns."""
    expected: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for programme_id, teryt, amount in Refund.objects.filter(
        kind=Refund.Kind.GMINA, transaction__reversed_by__isnull=True
    ).values_list("programme_id", "gmina__teryt", "amount_pln"):
        expected[(programme_id, teryt)] += amount
    found: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    returns = {
        f"return:{pk}": (programme_id, teryt)
        for pk, programme_id, teryt in Refund.objects.filter(kind=Refund.Kind.GMINA).values_list(
            "pk", "programme_id", "gmina__teryt"
        )
    }
    for tx_key, amount in (
        Entry.objects.filter(
            transaction__closed=True,
            account__kind=Account.Kind.PROGRAMME,
            account__currency="PLN",
            transaction__key__startswith="return:",
            transaction__reversed_by__isnull=True,
        )
        .values_list("transaction__key", "amount")
        .iterator()
    ):
        found[returns.get(tx_key, (0, tx_key))] += amount
    for key in sorted(set(expected) | set(found)):
        if expected.get(key, ZERO) != found.get(key, ZERO):
            yield (
                f"gmina {key[1]} returned {found.get(key, ZERO):.2f} PLN in the ledger, its "
                f"returns say {expected.get(key, ZERO):.2f} PLN"
            )


@document_check
def component_contracts_agree_with_their_links() -> Iterator[str]:
    """A component-level contract (of a programme with postings) carries out a procurement
    item; its EUR commitment is the EUR kept on its link (once terminated: at most that); and
    each component's account holds as committed, per currency, what its contracts' accounts
    hold."""
    programmes = set(Transaction.objects.values_list("programme_id", flat=True).distinct())
    links = {
        link.contract_id: link
        for link in ItemContract.objects.filter(amount_eur__isnull=False).select_related(
            "item__component"
        )
    }
    accounts = Account.objects.filter(kind__in=[Account.Kind.CONTRACT, Account.Kind.COMPONENT])
    keys = {
        pk: (reference, currency)
        for pk, reference, currency in accounts.values_list("pk", "reference", "currency")
    }
    committed: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for (pk, movement), total in movement_sums(accounts).items():
        if movement == Transaction.Movement.COMMITMENT and pk in keys:
            committed[keys[pk]] += total
    expected: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for pk, number, status in (
        _Contract.objects.filter(programme_id__in=programmes, gmina__isnull=True)
        .order_by("pk")
        .values_list("pk", "number", "status")
    ):
        link = links.get(pk)
        if link is None or link.amount_eur is None:
            yield f"contract {number}: a component-level contract carries out no procurement item"
            continue
        reference = f"contracts.contract:{pk}"
        held_eur = -committed.get((reference, "EUR"), ZERO)
        terminated = status == _Contract.Status.TERMINATED
        if held_eur > link.amount_eur or (not terminated and held_eur != link.amount_eur):
            yield (
                f"contract {number} committed {held_eur:.2f} EUR in the ledger, its link keeps "
                f"{link.amount_eur:.2f} EUR"
            )
        component = f"finance.component:{link.item.component_id}"
        for currency in ("PLN", "EUR"):
            expected[(component, currency)] -= committed.get((reference, currency), ZERO)
    for key in sorted(k for k in committed if k[0].startswith("finance.component:")):
        expected.setdefault(key, ZERO)
    for (component, currency), total in sorted(expected.items()):
        if committed.get((component, currency), ZERO) != total:
            yield (
                f"{component} committed {committed.get((component, currency), ZERO):.2f} "
                f"{currency} in the ledger, its contracts {total:.2f} {currency}"
            )
