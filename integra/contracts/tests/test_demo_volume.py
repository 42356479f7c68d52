"""The demo's generated volume keeps the money guard's invariants without going through it: no
planned service carries more than its budget in the approved version, no gmina's line more than
its allocation line, each contract's split and schedule sum to its value, the advance is within
its limit; the generation is idempotent."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db.models import Sum

from integra.action_plans import demo as plans_demo
from integra.action_plans.models import PlannedService
from integra.action_plans.tests.factories import (
    ALLOCATED,
    make_catalogue,
    make_programme,
    make_rates,
)
from integra.allocations.models import AllocationResult
from integra.allocations.selectors import allocation_lines
from integra.catalog.models import TargetGroup
from integra.contracts.demo import seed_volume
from integra.contracts.models import Contract, ContractService, ProviderReport
from integra.contracts.selectors.budgets import contracted_by_key
from integra.programmes.models import ExchangeRate
from integra.providers import demo as providers_demo
from integra.territories.models import Territory

pytestmark = pytest.mark.django_db


@pytest.fixture
def volume(small_tree):
    make_rates()
    for day, mid in ((dt.date(2007, 3, 14), "3.9000"), (dt.date(2008, 2, 14), "3.6000")):
        ExchangeRate.objects.create(
            source="NBP-A", currency="EUR", effective_on=day, mid=Decimal(mid), table_no="x/A"
        )
    make_catalogue()
    programme = make_programme(small_tree)
    allocations = {small_tree[t].pk: amount for t, amount in ALLOCATED.items()}
    gminas = list(Territory.objects.filter(pk__in=list(allocations)))
    providers_demo.generate_providers(gminas=gminas)
    plans_demo.generate_plans(
        programme=programme,
        allocations=allocations,
        services_per_gmina={pk: 21 for pk in allocations},
    )
    groups = dict(TargetGroup.objects.values_list("pk", "code"))
    seed = seed_volume(programme=programme, skip=None, group_codes=groups)
    return programme, seed, groups


def test_about_21_contracts_a_gmina_within_the_plans(volume):
    _programme, seed, _groups = volume

    assert seed.gminas == 3
    assert seed.contracts == Contract.objects.count() == 63
    total = ContractService.objects.aggregate(eur=Sum("amount_eur"))["eur"]
    assert seed.value_eur == total
    # The contracts take most of the allocation (88–98 % of plans at 97 % of the line).
    assert Decimal("0.80") * sum(ALLOCATED.values()) < total < sum(ALLOCATED.values())


def test_no_planned_service_carries_more_than_its_budget(volume):
    for service in PlannedService.objects.select_related("version__plan"):
        taken = contracted_by_key(service.version.plan, {service.key: service})
        assert taken.get(service.key, Decimal(0)) <= service.planned_cost_pln


def test_no_gmina_line_carries_more_than_its_allocation(volume):
    programme, _seed, _groups = volume
    used: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for row in (
        ContractService.objects.exclude(contract__status="terminated")
        .values("contract__gmina_id", "line")
        .annotate(eur=Sum("amount_eur"))
    ):
        used[row["contract__gmina_id"], row["line"]] += row["eur"]
    for result in AllocationResult.objects.filter(run__programme=programme):
        lines = allocation_lines(result.amount_eur, programme.training_percent)
        assert used[result.gmina_id, "services"] <= lines.services
        assert used[result.gmina_id, "training"] <= lines.training


def test_each_contract_sums_to_its_value_with_one_final_report(volume):
    for contract in Contract.objects.prefetch_related("services", "instalments", "reports"):
        assert sum(s.amount_pln for s in contract.services.all()) == contract.value_pln
        instalments = list(contract.instalments.all())
        assert sum(i.amount_pln for i in instalments) == contract.value_pln
        advance = sum(i.amount_pln for i in instalments if i.is_advance)
        assert advance <= contract.value_pln * Decimal("0.30")
        kinds = [r.kind for r in contract.reports.all()]
        assert kinds.count("final") == 1
        if contract.status == Contract.Status.IN_DELIVERY:
            final = contract.reports.get(kind="final")
            assert final.status == ProviderReport.Status.DUE


def test_a_second_run_writes_nothing(volume):
    programme, _seed, groups = volume

    again = seed_volume(programme=programme, skip=None, group_codes=groups)

    assert again.contracts == 0
    assert Contract.objects.count() == 63


def test_people_reached_are_counts_per_known_sex_and_age_band(volume):
    from integra.contracts.models import ReportReach

    assert set(ReportReach.objects.values_list("sex", flat=True)) <= {"f", "m"}
    assert set(ReportReach.objects.values_list("age_band", flat=True)) <= set(
        ReportReach.AgeBand.values
    )
    assert set(Contract.objects.values_list("status", flat=True)) <= set(Contract.Status.values)
