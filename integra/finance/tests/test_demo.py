"""After seed_demo the ledger verifies: the published allocation posted, the demo gmina's
transfers of its approved 2007 plan recorded (with the real NBP rates), and a second run adds
nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from integra.allocations.models import Tranche
from integra.finance.models import Account, TransferRequest

pytestmark = pytest.mark.django_db


def verified() -> str:
    out = StringIO()
    call_command("verify_ledger", stdout=out)
    return out.getvalue().strip()


@pytest.mark.realdata
def test_the_demo_gmina_receives_its_2007_tranche_and_the_ledger_verifies(real_demo):
    tranche = Tranche.objects.get(gmina__name="Masłowice", year=2007)
    assert tranche.is_transferred and tranche.rate_table_on.isoformat() == "2007-04-13"
    assert TransferRequest.objects.get(tranche=tranche).status == "transferred"
    verdict = verified()  # a second run adds no row anywhere: demo/tests/test_seed_demo.py
    assert verdict.startswith("OK") and verdict.endswith("difference 0.00")


@pytest.mark.realdata
def test_the_campaign_agency_and_the_expert_carry_out_their_plan_items(real_demo):
    from integra.finance import demo
    from integra.finance.models import ItemContract, ProcurementItem
    from integra.finance.selectors import account_balances

    links = {
        link.item.reference: link
        for link in ItemContract.objects.select_related("item__component", "contract")
    }
    assert set(links) == {"C-QCBS-01", "B1-IC-02"}
    agency = links["C-QCBS-01"]
    assert (agency.contract.gmina, agency.item.component.code) == (None, "C")
    assert agency.rate_on is not None and agency.rate_on < agency.contract.signed_on
    item = ProcurementItem.objects.get(reference="C-QCBS-01")
    assert (item.status, item.actual_signature) == ("contracted", agency.contract.signed_on)
    component = Account.objects.filter(
        kind="component", reference=f"finance.component:{agency.item.component_id}"
    )
    balances = account_balances(component)
    committed = {a.currency: balances[a.pk] for a in component}
    # the component's accounts also hold its payments; its commitment at least is there
    assert committed["PLN"] >= agency.contract.value_pln
    programme = agency.contract.programme
    gmina = Tranche.objects.filter(programme=programme, gmina__name="Masłowice").first().gmina
    assert demo.seed_component_contracts(programme, gmina) == 0
