"""The published allocation in the ledger: programme → gmina lines, posted once however often
the posting runs; an amendment posts its difference; a superseded run is reversed; the lines
agree with the allocation (verify_ledger)."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from integra.allocations import services as allocation_services
from integra.allocations.tests.factories import AMOUNTS, draft_run
from integra.finance.models import Account, Transaction
from integra.finance.selectors import allocated_by_teryt, balances_of, gmina_balance, verify
from integra.finance.services.allocation import post_allocations
from integra.finance.tests.factories import SYSTEM
from integra.territories.models import Territory

pytestmark = pytest.mark.django_db


def test_each_gmina_gets_its_lines_from_the_programme_budget(pis, published):
    outcome = post_allocations(actor=SYSTEM, programme=pis)
    assert outcome.posted == 3
    balance = gmina_balance(pis, "1001022")
    # 135,200 EUR services and the training line (programme's percentage) on top.
    training = (AMOUNTS["1001022"] * pis.training_percent / 100).quantize(Decimal("0.01"))
    assert balance.allocated_eur == AMOUNTS["1001022"] + training
    assert verify().ok


def test_posting_again_posts_nothing(pis, published):
    post_allocations(actor=SYSTEM, programme=pis)
    again = post_allocations(actor=SYSTEM, programme=pis)
    assert (again.posted, again.reversed) == (0, 0)
    assert Transaction.objects.count() == 3


def test_an_amendment_posts_its_difference(pis, published):
    post_allocations(actor=SYSTEM, programme=pis)
    gmina = Territory.objects.get(teryt="1001022")
    allocation_services.amend_allocation(
        actor=SYSTEM,
        run=published,
        gmina=gmina,
        amount_eur=AMOUNTS["1001022"] + 1000,
        reason="korekta liczby mieszkańców",
        lock_version=1,
    )
    problems = verify().problems
    assert problems and "allocated" in problems[0]  # the ledger lags behind the amendment
    assert post_allocations(actor=SYSTEM, programme=pis).posted == 1
    before = (AMOUNTS["1001022"] * (100 + pis.training_percent) / 100).quantize(Decimal("0.01"))
    after = ((AMOUNTS["1001022"] + 1000) * (100 + pis.training_percent) / 100).quantize(
        Decimal("0.01")
    )
    assert gmina_balance(pis, "1001022").allocated_eur == after != before
    assert verify().ok


def test_a_superseded_run_is_reversed(pis, published):
    post_allocations(actor=SYSTEM, programme=pis)
    amounts = {teryt: amount + 100 for teryt, amount in AMOUNTS.items()}
    allocation_services.publish_run(actor=SYSTEM, run=draft_run(pis, amounts))
    outcome = post_allocations(actor=SYSTEM, programme=pis)
    assert (outcome.posted, outcome.reversed) == (3, 3)
    assert gmina_balance(pis, "0601022").allocated_eur == (
        (amounts["0601022"] * (100 + pis.training_percent) / 100).quantize(Decimal("0.01"))
    )
    assert verify().ok
    # The indicators' one-query reading agrees with the balances, reversals included.
    balances = {
        b.teryt: b.allocated_eur for b in balances_of(Account.objects.filter(programme=pis))
    }
    assert allocated_by_teryt(pis) == {t: a for t, a in balances.items() if a}
    assert allocated_by_teryt(pis, "06") == {"0601022": balances["0601022"]}
    assert allocated_by_teryt(pis, "1001022", exact=True) == {"1001022": balances["1001022"]}


def test_only_the_ministry_posts(pis, published, personas):
    with pytest.raises(PermissionDenied):
        post_allocations(actor=personas.finance, programme=pis)
    assert not Transaction.objects.exists()


def test_the_command_posts_idempotently(pis, published):
    out = StringIO()
    call_command("post_allocations", stdout=out)
    call_command("post_allocations", "--programme", "PIS", stdout=out)
    assert out.getvalue().splitlines() == ["PIS: 3 posted, 0 reversed", "PIS: 0 posted, 0 reversed"]
