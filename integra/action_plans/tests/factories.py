"""Builders of Action Plan tests: programme PIS (2007–2009, training line 10 %) with three gminas
taking part and a published allocation, NBP rates, a small catalogue, the gmina's strategy (through
the strategies' factories), and valid content of a version; tests override only what matters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from integra.action_plans.services import PlanContent, ServiceInput
from integra.allocations.models import AllocationResult, AllocationRun
from integra.catalog.models import ServiceType, TargetGroup
from integra.programmes.models import ExchangeRate, Participation, Programme
from integra.strategies.tests.factories import (
    OperationalGoalFactory,
    StrategicGoalFactory,
    StrategyFactory,
)

# EUR allocated to each gmina (services line; the training line adds 10 %).
ALLOCATED = {"1001022": Decimal("10000"), "1001033": Decimal("8000"), "0601022": Decimal("6000")}
# NBP mid rates: a plan as of 2007-03-02 takes 4.0000, one as of 2007-09-03 takes 3.8000.
RATES = {dt.date(2007, 3, 1): Decimal("4.0000"), dt.date(2007, 8, 31): Decimal("3.8000")}
AS_OF = dt.date(2007, 3, 2)
UPDATE_AS_OF = dt.date(2007, 9, 3)


def make_programme(small_tree) -> Programme:
    programme = Programme.objects.create(
        code="PIS",
        name="Program Integracji Społecznej",
        starts_on=dt.date(2007, 1, 1),
        ends_on=dt.date(2009, 12, 31),
        budget_eur=Decimal("100000"),
    )
    run = AllocationRun.objects.create(
        programme=programme,
        method=AllocationRun.Method.EQUAL,
        data_year=2010,
        budget_eur=sum(ALLOCATED.values()),
        created_by_label="test",
        status=AllocationRun.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    for teryt, amount in ALLOCATED.items():
        Participation.objects.create(programme=programme, gmina=small_tree[teryt])
        AllocationResult.objects.create(run=run, gmina=small_tree[teryt], amount_eur=amount)
    return programme


def make_catalogue() -> SimpleNamespace:
    groups = {
        code: TargetGroup.objects.create(code=code, name_pl=code, name_en=code, position=n)
        for n, code in enumerate(["OS", "DM", "RD", "SP"])
    }
    care = ServiceType.objects.create(code="OS-01", name_pl="Usługi opiekuńcze", name_en="Care")
    care.groups.set([groups["OS"]])
    club = ServiceType.objects.create(code="DM-01", name_pl="Świetlica", name_en="Day-room")
    club.groups.set([groups["DM"], groups["RD"]])
    training = ServiceType.objects.create(
        code="SZ-01",
        name_pl="Szkolenia",
        name_en="Training",
        line=ServiceType.Line.TRAINING,
    )
    return SimpleNamespace(care=care, club=club, training=training, **groups)


def make_strategy(gmina) -> SimpleNamespace:
    """The gmina's strategy with strategic goal 1 and its operational goal 1.1."""
    strategy = StrategyFactory(gmina=gmina, title="Strategia rozwiązywania problemów społecznych")
    goal = StrategicGoalFactory(strategy=strategy, code="1", title="Aktywni seniorzy")
    operational = OperationalGoalFactory(parent=goal, code="1.1", title="Opieka w domu")
    return SimpleNamespace(strategy=strategy, goal=goal, operational=operational)


def make_rates() -> None:
    for day, mid in RATES.items():
        ExchangeRate.objects.create(
            source="NBP-A", currency="EUR", effective_on=day, mid=mid, table_no=f"{day:%j}/A"
        )


def care_service(world, **overrides) -> ServiceInput:
    """A valid planned service: care for 12 elderly people, 8,000 PLN (2,000 EUR at 4.0000)."""
    values = {
        "service_type": world.catalogue.care,
        "groups": (world.catalogue.OS,),
        "title": "Sąsiedzka pomoc dla osób starszych",
        "planned_beneficiaries": 12,
        "planned_cost_pln": Decimal("8000.00"),
        "provider_kind": "ngo",
        "quarters": ("2007-Q2", "2007-Q3"),
        "goal": world.goal,
        "non_duplication_declared": True,
        "non_duplication_justification": "NFZ nie finansuje tej usługi w gminie.",
    }
    return ServiceInput(**(values | overrides))


def content(world, *services, **overrides) -> PlanContent:
    values = {
        "as_of": AS_OF,
        "strategy": world.strategy,
        "gmina_address": "ul. Główna 1, 95-001 Gmina",
        "contact_name": "Anna Kowalska",
        "contact_email": "anna@example.org",
        "diagnosis_summary": "Starzejąca się ludność wsi.",
        "services": services if services else (care_service(world),),
    }
    return PlanContent(**(values | overrides))
