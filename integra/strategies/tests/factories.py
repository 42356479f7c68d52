"""Factories of strategies: each builds a valid minimal object; tests override only what matters.
Target groups come from the catalogue's factories."""

from __future__ import annotations

import datetime as dt

import factory

from integra.catalog.tests.factories import TargetGroupFactory
from integra.strategies.models import DiagnosisEntry, Goal, ParticipationEvent, Strategy, TeamMember
from integra.territories.models import Territory

# Strategies need a gmina of the territory tree: pass `gmina=small_tree["1001022"]`, or the
# factory takes the first gmina there is.


def _any_gmina() -> Territory:
    gmina = Territory.objects.gminas().order_by("teryt").first()
    if gmina is None:
        raise LookupError("StrategyFactory needs a gmina: use the small_tree fixture")
    return gmina


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    gmina = factory.LazyFunction(_any_gmina)
    title = "Gminna Strategia Rozwiązywania Problemów Społecznych"
    period_from = dt.date(2006, 1, 1)
    period_until = dt.date(2014, 1, 1)


class DiagnosisEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiagnosisEntry

    strategy = factory.SubFactory(StrategyFactory)
    target_group = factory.SubFactory(TargetGroupFactory, code="OS")
    problem = "Samotność osób starszych na wsi"


class StrategicGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    strategy = factory.SubFactory(StrategyFactory)
    kind = Goal.Kind.STRATEGIC
    code = factory.Sequence(lambda n: str(n + 1))
    title = "Aktywni seniorzy"


class OperationalGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    parent = factory.SubFactory(StrategicGoalFactory)
    strategy = factory.SelfAttribute("parent.strategy")
    kind = Goal.Kind.OPERATIONAL
    code = factory.Sequence(lambda n: f"9.{n + 1}")
    title = "Opieka sąsiedzka"


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    strategy = factory.SubFactory(StrategyFactory)
    name = "Anna Kowalska"
    institution = "GOPS"
    team_role = "przewodnicząca"


class ParticipationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipationEvent

    strategy = factory.SubFactory(StrategyFactory)
    kind = ParticipationEvent.Kind.VILLAGE_MEETING
    held_on = dt.date(2005, 10, 12)
    place = "Świetlica wiejska"
    participants = 34


def adoptable_strategy(**overrides) -> Strategy:
    """A strategy in consultation with a strategic goal and a diagnosis entry: ready to adopt."""
    strategy = StrategyFactory(**{"status": Strategy.Status.CONSULTATION, **overrides})
    StrategicGoalFactory(strategy=strategy, code="1")
    DiagnosisEntryFactory(strategy=strategy)
    return strategy


__all__ = [
    "DiagnosisEntryFactory",
    "OperationalGoalFactory",
    "ParticipationEventFactory",
    "StrategicGoalFactory",
    "StrategyFactory",
    "TargetGroupFactory",
    "TeamMemberFactory",
    "adoptable_strategy",
]
