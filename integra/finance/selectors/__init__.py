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
        elif account.kind == Account.Kind.GMINA:
            balance.received_eur += total(Transaction.Movement.TRANSFER) + total(
                Transaction.Movement.EXCHANGE_DIFFERENCE
            )
        elif account.kind == Account.Kind.CONTRACT and account.currency == "PLN":
            balance.committed_pln += total(Transaction.Movement.COMMITMENT)
            balance.paid_pln += total(Transaction.Movement.PAYMENT)
    return list(by_teryt.values())


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
class ItemStatus:
    item: ProcurementItem
    steps: list[StepStatus]

    @property
    def delay(self) -> int | None:
        """The delay of the latest step that has a planned date (None when none has)."""
        delays = [s.delay for s in self.steps if s.delay is not None]
        return delays[-1] if delays else None


def procurement_status(*, user: Any, programme: Any, today: dt.date) -> list[ItemStatus]:
    """The procurement-plan status: each item's steps, planned against actual dates, and the
    days of delay (a step not done counts until today once its planned date has passed)."""
    return [
        ItemStatus(
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
        )
        for item in list_items(user=user, programme=programme)
    ]


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
