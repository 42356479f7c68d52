"""The summary under concurrent writes: the coordinators of three gminas (two in one
voivodeship) accept their providers' reports at the same moment, each on its own PostgreSQL
connection; every acceptance lands and the summary equals the data afterwards. (Audited writes
also take turns on the audit chain's head; the recounts alone, without it, take turns on the
programme's summary state: the second test runs them bare.)"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from integra.contracts import services as contract_services
from integra.contracts.models import Contract, ProviderReport, ReportCost, ReportReach
from integra.core.tests.parallel import ONLY_POSTGRESQL, run_in_parallel
from integra.monitoring.selectors import summaries as reading
from integra.monitoring.selectors.indicators import Scope
from integra.monitoring.services import summaries
from integra.monitoring.tests.factories import GMINAS, make_monitoring_world

pytestmark = pytest.mark.django_db(transaction=True)
_numbers = itertools.count(100)


def submitted(contract, group) -> ProviderReport:
    report = ProviderReport.objects.create(
        contract=contract,
        kind=ProviderReport.Kind.PARTIAL,
        number=next(_numbers),
        due_on=dt.date(2008, 1, 31),
        status=ProviderReport.Status.SUBMITTED,
    )
    ReportReach.objects.create(report=report, group=group, sex="f", age_band="0_6", people=7)
    ReportCost.objects.create(
        report=report, name="Wynagrodzenia", budget_pln=Decimal("10.00"), spent_pln=Decimal("10.00")
    )
    return report


@ONLY_POSTGRESQL
def test_acceptances_at_once_in_three_gminas_keep_the_summary_whole(personas, small_tree):
    world = make_monitoring_world(personas, small_tree, seed=6)
    summaries.build(world.programme)
    reviewers = {
        "1001022": world.people.coordinator,
        "1001033": personas.neighbour,
        "0601022": personas.coordinator_lublin,
    }
    work = []
    for teryt in GMINAS:
        for contract in Contract.objects.filter(gmina__teryt=teryt)[:2]:
            work.append((reviewers[teryt], submitted(contract, world.catalogue.DM)))
    outcomes = run_in_parallel(
        lambda pair: contract_services.accept_report(actor=pair[0], report=pair[1]), work
    )
    assert all(isinstance(o, ProviderReport) for o in outcomes), outcomes
    assert len(work) >= 4
    assert reading.differences(world.programme, timezone.localdate()) == []
    assert reading.read(Scope(world.programme, timezone.localdate())) is not None


@ONLY_POSTGRESQL
def test_recounts_of_one_voivodeship_at_once_take_turns_and_lose_nothing(personas, small_tree):
    world = make_monitoring_world(personas, small_tree, seed=7)
    summaries.build(world.programme)
    # New accepted reports written directly (no service, no audit): only the recounts race.
    for teryt in GMINAS:
        for contract in Contract.objects.filter(gmina__teryt=teryt):
            report = submitted(contract, world.catalogue.DM)
            ProviderReport.objects.filter(pk=report.pk).update(
                status=ProviderReport.Status.ACCEPTED, accepted_at=timezone.now()
            )
    outcomes = run_in_parallel(
        lambda teryt: summaries.refresh(world.programme, [teryt]), [*GMINAS, *GMINAS]
    )
    assert outcomes == [None] * 6, outcomes
    assert reading.differences(world.programme, timezone.localdate()) == []
