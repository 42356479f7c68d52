"""Random sequences of allocate / transfer / commit / annex / pay / refund / reverse (and
unbalanced attempts) against the ledger, driven by hypothesis: after every step every transaction
balances per currency, and every account's balance — and each gmina's allocated, transferred,
received, committed and paid — equals the sum of the documents the test posted (its own record,
reversals taken out). Commitments, payments and refunds take the shape the payment services post
(planned service ↔ contract; contract ↔ gmina), a payment never more than its contract has left
nor than the gmina holds."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from integra.allocations.models import AllocationResult
from integra.finance.models import Account, Transaction
from integra.finance.selectors import account_balances, gmina_balance, verify
from integra.finance.services import ledger
from integra.finance.services.allocation import gmina_account, line_account, programme_account
from integra.finance.services.ledger import Leg
from integra.finance.tests.factories import SYSTEM

pytestmark = pytest.mark.django_db
DAY = dt.date(2008, 3, 1)
cents = st.integers(min_value=1, max_value=10_000_000).map(lambda c: Decimal(c) / 100)


class LedgerMachine(RuleBasedStateMachine):
    programme = None  # set by the test

    @initialize()
    def start(self) -> None:
        self.savepoint = transaction.savepoint_create()
        self.results = list(
            AllocationResult.objects.filter(run__programme=self.programme).select_related(
                "gmina", "run__programme"
            )
        )
        self.posted: dict[int, list[tuple[int, Decimal]]] = {}  # transaction → its legs
        self.movement: dict[int, str] = {}
        self.reversed: set[int] = set()
        self.counter = 0

    def teardown(self) -> None:
        if hasattr(self, "savepoint"):
            transaction.savepoint_rollback(self.savepoint)

    def _post(self, movement: str, legs: list[Leg], reverses: Transaction | None = None) -> None:
        self.counter += 1
        posted = ledger.post(
            actor=SYSTEM,
            programme=self.programme,
            movement=movement,
            value_date=DAY,
            document=f"test:{self.counter}",
            key=f"machine:{self.counter}",
            legs=legs,
        )
        self.posted[posted.pk] = [(leg.account.pk, leg.amount) for leg in legs if leg.amount]
        self.movement[posted.pk] = movement

    @rule(index=st.integers(0, 2), services=cents, training=cents)
    def allocate(self, index: int, services: Decimal, training: Decimal) -> None:
        result = self.results[index]
        self._post(
            "allocation",
            [
                Leg(line_account(result, "services"), services),
                Leg(line_account(result, "training"), training),
                Leg(programme_account(self.programme), -(services + training)),
            ],
        )

    @rule(
        index=st.integers(0, 2), share=st.integers(1, 100), rate=st.sampled_from(["3.5902", "3.87"])
    )
    def transfer(self, index: int, share: int, rate: str) -> None:
        result = self.results[index]
        services_left = account_balances(
            Account.objects.filter(pk=line_account(result, "services").pk)
        ).popitem()[1]
        eur = (services_left * share / 100).quantize(Decimal("0.01"))
        if eur <= 0:
            return
        pln = (eur * Decimal(rate)).quantize(Decimal("0.01"))
        gmina = result.gmina
        self._post(
            "transfer",
            [
                Leg(programme_account(self.programme, "PLN"), -pln),
                Leg(gmina_account(self.programme, gmina, "PLN"), pln),
                Leg(gmina_account(self.programme, gmina, "EUR"), eur),
                Leg(line_account(result, "services"), -eur),
            ],
        )

    def _contract(self, index: int, number: int) -> Account:
        gmina = self.results[index].gmina
        return ledger.account(
            programme=self.programme,
            kind=Account.Kind.CONTRACT,
            reference=f"test.contract:{index}-{number}",
            currency="PLN",
            name=f"contract {index}-{number}",
            teryt=gmina.teryt,
        )

    def _service(self, index: int) -> Account:
        gmina = self.results[index].gmina
        return ledger.account(
            programme=self.programme,
            kind=Account.Kind.PLANNED_SERVICE,
            reference=f"test.service:{index}",
            currency="PLN",
            line="services",
            name=f"service {index}",
            teryt=gmina.teryt,
        )

    def _balance(self, account: Account) -> Decimal:
        return account_balances(Account.objects.filter(pk=account.pk)).popitem()[1]

    @rule(index=st.integers(0, 2), number=st.integers(0, 2), amount=cents)
    def commit(self, index: int, number: int, amount: Decimal) -> None:
        self._post(
            "commitment",
            [Leg(self._service(index), amount), Leg(self._contract(index, number), -amount)],
        )

    @rule(index=st.integers(0, 2), number=st.integers(0, 2), change=st.integers(-50, 50))
    def annex(self, index: int, number: int, change: int) -> None:
        """An annex posts the difference: up, or down to no less than what is paid."""
        contract = self._contract(index, number)
        owed = -self._balance(contract)  # committed less paid
        difference = (owed * change / 100).quantize(Decimal("0.01"))
        if difference == 0 or owed <= 0:
            return
        self._post(
            "commitment",
            [Leg(self._service(index), difference), Leg(contract, -difference)],
        )

    @rule(index=st.integers(0, 2), number=st.integers(0, 2), share=st.integers(1, 100))
    def pay(self, index: int, number: int, share: int) -> None:
        contract = self._contract(index, number)
        gmina = gmina_account(self.programme, self.results[index].gmina, "PLN")
        left = min(-self._balance(contract), self._balance(gmina))
        amount = (left * share / 100).quantize(Decimal("0.01"))
        if amount <= 0:
            return
        self._post("payment", [Leg(contract, amount), Leg(gmina, -amount)])
        assert self._balance(contract) <= 0 and self._balance(gmina) >= 0

    @rule(index=st.integers(0, 2), number=st.integers(0, 2), share=st.integers(1, 100))
    def refund(self, index: int, number: int, share: int) -> None:
        contract = self._contract(index, number)
        paid = sum(
            (
                amount
                for pk, legs in self.posted.items()
                if self.movement[pk] == "payment"
                for account, amount in legs
                if account == contract.pk
            ),
            Decimal(0),
        )
        amount = (paid * share / 100).quantize(Decimal("0.01"))
        if amount <= 0 or self.reversed:
            return  # after a reversal "paid" is the invariant's to say
        gmina = gmina_account(self.programme, self.results[index].gmina, "PLN")
        self._post("refund", [Leg(contract, -amount), Leg(gmina, amount)])

    @rule(data=st.data())
    def reverse(self, data: st.DataObject) -> None:
        open_ones = sorted(
            pk for pk in self.posted if pk not in self.reversed and self.movement[pk] != "reversal"
        )
        if not open_ones:
            return
        pk = data.draw(st.sampled_from(open_ones))
        reversal = ledger.reverse(actor=SYSTEM, original=Transaction.objects.get(pk=pk))
        self.reversed.add(pk)
        self.posted[reversal.pk] = [(account, -amount) for account, amount in self.posted[pk]]
        self.movement[reversal.pk] = "reversal"

    @rule(index=st.integers(0, 2), amount=cents, off=cents)
    def unbalanced_is_refused(self, index: int, amount: Decimal, off: Decimal) -> None:
        before = Transaction.objects.count()
        with pytest.raises(ledger.LedgerUnbalanced):
            ledger.post(
                actor=SYSTEM,
                programme=self.programme,
                movement="allocation",
                value_date=DAY,
                document="test:bad",
                key=f"bad:{self.counter}",
                legs=[
                    Leg(line_account(self.results[index], "services"), amount + off),
                    Leg(programme_account(self.programme), -amount),
                ],
            )
        assert Transaction.objects.count() == before

    @invariant()
    def every_transaction_balances(self) -> None:
        if not hasattr(self, "posted"):
            return
        problems = [p for p in verify(first_only=False).problems if p.startswith("transaction")]
        assert problems == []

    @invariant()
    def every_balance_is_the_sum_of_its_documents(self) -> None:
        if not hasattr(self, "posted"):
            return
        expected: dict[int, Decimal] = defaultdict(Decimal)
        for legs in self.posted.values():
            for account, amount in legs:
                expected[account] += amount
        found = account_balances(Account.objects.filter(programme=self.programme))
        assert {k: v for k, v in found.items() if v} == {k: v for k, v in expected.items() if v}
        for result in self.results:
            balance = gmina_balance(self.programme, result.gmina.teryt)
            allocated = transferred = Decimal(0)
            lines = {line_account(result, line).pk for line in ("services", "training")}
            for pk, legs in self.posted.items():
                original = pk if self.movement[pk] != "reversal" else None
                kind = self.movement[pk]
                if original is None:  # a reversal counts under what it reverses
                    kind = self.movement[Transaction.objects.get(pk=pk).reverses_id]
                for account, amount in legs:
                    if account in lines and kind == "allocation":
                        allocated += amount
                    elif account in lines and kind == "transfer":
                        transferred -= amount
            assert (balance.allocated_eur, balance.transferred_eur) == (allocated, transferred)
            self._money_of_contracts_agrees(result, balance)

    def _money_of_contracts_agrees(self, result: AllocationResult, balance: object) -> None:
        """Committed, paid and received of the gmina, summed from the test's own postings."""
        teryt = result.gmina.teryt
        contracts = set(
            Account.objects.filter(kind="contract", teryt=teryt).values_list("pk", flat=True)
        )
        gmina = gmina_account(self.programme, result.gmina, "PLN").pk
        committed = paid = received = Decimal(0)
        for pk, legs in self.posted.items():
            kind = self.movement[pk]
            if kind == "reversal":
                kind = self.movement[Transaction.objects.get(pk=pk).reverses_id]
            for account, amount in legs:
                if account in contracts and kind == "commitment":
                    committed -= amount
                elif account in contracts and kind in ("payment", "refund"):
                    paid += amount
                elif account == gmina and kind == "transfer":
                    received += amount
        assert (balance.committed_pln, balance.paid_pln) == (committed, paid)  # type: ignore[attr-defined]
        assert balance.received_pln == received  # type: ignore[attr-defined]


def test_random_sequences_keep_the_ledger_balanced_and_true_to_its_documents(pis, published):
    LedgerMachine.programme = pis
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=20,
            stateful_step_count=16,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
