"""Fixtures of the finance tests: the published PIS allocation of the allocations factories
(three gminas) and the NBP rate of 2008-02-15."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from integra.allocations.tests.factories import load_nbp_rate, pis_programme, published_run


@pytest.fixture
def pis(small_tree):
    return pis_programme(small_tree)


@pytest.fixture
def published(pis):
    return published_run(pis)


@pytest.fixture
def nbp_rate(tmp_path):
    return load_nbp_rate(tmp_path)


@pytest.fixture
def settlement_world(personas, small_tree):
    """The contracts world (2007 plan: care 8,000 PLN, day-room 20,000 PLN) with a tranche of
    10,000 EUR received as 40,000 PLN in April 2007 (−50 EUR exchange difference), a care
    contract paid 3,000 PLN and a day-room contract paid 10,000 PLN in 2007 and 5,000 in 2008."""
    from integra.allocations.models import AllocationResult
    from integra.contracts.tests.factories import make_contract, make_world
    from integra.finance.tests.factories import post_payment, post_transfer

    world = make_world(personas, small_tree)
    result = AllocationResult.objects.get(gmina=world.gmina)
    post_transfer(
        world.programme,
        result,
        pln="40000.00",
        eur={"services": "9090.91", "training": "909.09"},
        day=dt.date(2007, 4, 16),
        key="t1",
        exchange_eur="-50.00",
    )
    world.care_contract = make_contract(world, value=Decimal("6000.00"))
    world.club_contract = make_contract(world, service=world.club, value=Decimal("20000.00"))
    post_payment(world.care_contract, pln="3000.00", day=dt.date(2007, 7, 2), key="p1")
    post_payment(world.club_contract, pln="10000.00", day=dt.date(2007, 9, 3), key="p2")
    post_payment(world.club_contract, pln="5000.00", day=dt.date(2008, 1, 10), key="p3")
    return world
