"""The demo's procurement: Masłowice's round of 2007 with three offers (one from the demo
provider user's organisation), the evaluation, the two real contracts — 6,199.20 PLN of
neighbourly care for 16 elderly people and 42,957.43 PLN for the school day-room of about 170
pupils — and the care contract's partial and final reports accepted; idempotent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from integra.contracts.models import Contract, Offer, ProcurementRound, ProviderReport

pytestmark = pytest.mark.django_db


@pytest.mark.realdata
def test_the_demo_gmina_runs_a_round_and_signs_the_two_real_contracts(real_demo):
    round_ = ProcurementRound.objects.get(gmina__name="Masłowice")
    assert round_.status == "results_published"
    offers = Offer.objects.filter(round=round_)
    assert offers.count() == 3
    assert offers.filter(provider__memberships__user__username="uslugodawca").exists()
    contracts = {c.value_pln: c for c in Contract.objects.filter(gmina=round_.gmina)}
    assert set(contracts) == {Decimal("6199.20"), Decimal("42957.43")}
    care, room = contracts[Decimal("6199.20")], contracts[Decimal("42957.43")]
    assert (care.kind, care.status) == ("agreement", "final_report_accepted")
    assert (room.kind, room.provider.kind) == ("arrangement", "school")
    assert care.beneficiaries.get().people == 16 and room.beneficiaries.get().people == 170
    reports = ProviderReport.objects.filter(contract=care, status="accepted")
    assert sorted(reports.values_list("kind", flat=True)) == ["final", "partial"]
    assert "Demo procurement: a round of 2007 with three offers" in real_demo
    assert ProcurementRound.objects.filter(gmina=round_.gmina).count() == 1
    # The other gminas' volume: two rounds each (plans of 2007 and 2008), about 21 contracts;
    # a second run adds nothing (demo/tests/test_seed_demo.py counts every model's rows).
    volume = ProcurementRound.objects.exclude(gmina=round_.gmina).count()
    assert volume > 0 and "Demo volume:" in real_demo
