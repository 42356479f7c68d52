"""A generated world for monitoring: the procurement tests' world (PIS, three gminas in two
voivodeships with a published allocation posted to the ledger) with, in each gmina, a random
number of contracts (one in partnership), accepted provider reports with people reached per
group × sex × age band and costs, NGOs brought in and an updated strategy. Trainings live above
monitoring: outreach's and the dashboards' tests add them. Rows are written directly (valid
minimal rows); the service tests go through the services."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from integra.contracts.models import Contract, Offer, ProviderReport, ReportCost, ReportReach
from integra.contracts.tests.factories import make_contract, make_offer, make_round, make_world
from integra.core.actors import SystemActor
from integra.finance.services.allocation import post_allocations
from integra.monitoring.importers.indicators import load_definitions
from integra.providers.tests.factories import make_provider
from integra.strategies.models import Strategy

SYSTEM = SystemActor("test")
GMINAS = ("1001022", "1001033", "0601022")
SEXES = ("f", "m")
BANDS = ("0_6", "7_17", "18_59_64", "60_65_plus")
_numbers = itertools.count(1)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def accepted_report(contract, *, on: dt.date, people: dict, spent: Decimal) -> ProviderReport:
    """An accepted partial report with its people reached and one cost line."""
    report = ProviderReport.objects.create(
        contract=contract,
        kind=ProviderReport.Kind.PARTIAL,
        number=next(_numbers),
        due_on=on,
        status=ProviderReport.Status.ACCEPTED,
        accepted_at=at(on),
    )
    for (group, sex, band), number in people.items():
        ReportReach.objects.create(
            report=report, group=group, sex=sex, age_band=band, people=number
        )
    ReportCost.objects.create(
        report=report, name="Wynagrodzenia", budget_pln=spent, spent_pln=spent
    )
    return report


def make_monitoring_world(personas, small_tree, *, seed: int = 7) -> SimpleNamespace:
    load_definitions()  # a transactional test before may have flushed the migration's rows
    world = make_world(personas, small_tree)
    post_allocations(actor=SYSTEM, programme=world.programme)
    rng = random.Random(seed)
    groups = [world.catalogue.DM] + [
        g for g in world.care.groups.all() if g.pk != world.catalogue.DM.pk
    ]
    world.contracts = []
    for teryt in GMINAS:
        gmina = small_tree[teryt]
        provider = make_provider(teryt, brought_by=gmina, name=f"Stowarzyszenie {teryt}")
        make_provider(teryt, brought_by=gmina, kind="informal_group", name=f"Grupa {teryt}")
        for n in range(rng.randint(1, 4)):
            service = world.care if n % 2 else world.club
            value = Decimal(rng.randint(1000, 5000))
            signed_on = dt.date(2007, rng.randint(4, 9), rng.randint(1, 28))
            if n == 0 and teryt == GMINAS[0]:
                round_ = make_round(world, status="results_published", gmina=gmina)
                offer = make_offer(round_, provider, total=value, has_partnership=True)
                offer.status = Offer.Status.SELECTED
                offer.save()
                contract = make_contract(
                    world,
                    service=service,
                    value=value,
                    provider=provider,
                    gmina=gmina,
                    signed_on=signed_on,
                )
                Contract.objects.filter(pk=contract.pk).update(
                    offer=offer, failed_round=None, direct_justification=""
                )
            else:
                contract = make_contract(
                    world,
                    service=service,
                    value=value,
                    provider=provider if n % 3 else world.own,
                    gmina=gmina,
                    signed_on=signed_on,
                )
            world.contracts.append(contract)
            people = {
                (rng.choice(groups), rng.choice(SEXES), rng.choice(BANDS)): rng.randint(1, 30)
                for _ in range(3)
            }
            accepted_report(
                contract,
                on=signed_on + dt.timedelta(days=rng.randint(20, 120)),
                people=people,
                spent=(value / 2).quantize(Decimal("0.01")),
            )
    Strategy.objects.filter(pk=world.strategy.pk).update(
        status=Strategy.Status.UPDATED,
        resolution_number="XII/1/2008",
        resolution_on=dt.date(2008, 3, 1),
    )
    return world
