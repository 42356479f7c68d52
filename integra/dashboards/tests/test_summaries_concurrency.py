"""The summary rows under concurrent writers, each on its own PostgreSQL connection: without a
lock in common but the summary's state row, writers of one gmina's figures lose nothing — its row
equals the plain aggregate afterwards. (The services also serialise on the audit chain's head;
the raw case proves the state row's lock by itself.)"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from integra.contracts import services as contract_services
from integra.contracts.models import ProviderReport
from integra.contracts.tests.factories import (
    contract_terms,
    make_contract,
    report_input,
    selected_offer,
)
from integra.core.tests.parallel import ONLY_POSTGRESQL, run_in_parallel
from integra.dashboards.services import summaries
from integra.dashboards.tests.test_summaries import paid_advance, plain_rows, rows
from integra.finance.models import Payment
from integra.finance.tests.payments_factories import ADVANCE, VALUE, payment_world, receive

pytestmark = pytest.mark.django_db(transaction=True)


@ONLY_POSTGRESQL
def test_parallel_acceptances_and_payments_lose_nothing(personas, small_tree):
    world = payment_world(personas, small_tree)
    contracts = [world.contract] + [
        contract_services.sign_contract(
            actor=world.people.coordinator,
            offer=selected_offer(world, lot_index=1),
            terms=contract_terms(world, service=world.club),
        )
        for _ in range(3)
    ]
    submitted = [
        contract_services.submit_report(
            actor=world.people.provider,
            report=contract.reports.get(kind="partial"),
            values=report_input(world),
            lock_version=1,
        )
        for contract in contracts
    ]
    receive(world, VALUE * len(contracts))
    summaries.build(world.programme)

    def work(item):
        kind, target = item
        if kind == "accept":
            return contract_services.accept_report(actor=world.people.coordinator, report=target)
        return paid_advance(world, target)

    outcomes = run_in_parallel(
        work, [("accept", r) for r in submitted] + [("pay", c) for c in contracts]
    )

    assert all(isinstance(o, ProviderReport | Payment) for o in outcomes), outcomes
    row = rows(world.programme)[world.gmina.pk]
    assert (row[2], row[4]) == (ADVANCE * len(contracts), 16 * len(contracts))
    assert rows(world.programme) == plain_rows(world.programme)


@ONLY_POSTGRESQL
def test_parallel_refreshes_of_one_gmina_serialise_on_the_state_row(personas, small_tree):
    world = payment_world(personas, small_tree)
    summaries.build(world.programme)
    value = Decimal("100.00")

    def work(_worker):
        with transaction.atomic():  # a write of the gmina's figures, refreshed in its transaction
            make_contract(world, value=value, service=world.club)
            return summaries.refresh(world.programme, [world.gmina.pk])

    outcomes = run_in_parallel(work, list(range(8)))

    assert outcomes == [1] * 8
    assert rows(world.programme)[world.gmina.pk][0] == VALUE + 8 * value
    assert rows(world.programme) == plain_rows(world.programme)
