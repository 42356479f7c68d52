"""The strategies part of the demo: the demo gmina's adopted strategy (diagnosis, goals, working
team, participation events), made by the real services acting as the demo coordinator.
Idempotent: a gmina that has a strategy is left as it is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from integra.catalog.models import TargetGroup
from integra.core.roles import Role
from integra.strategies import services as strategies
from integra.strategies.models import Goal, Strategy
from integra.territories.models import Territory


def seed_strategy(*, gmina: Territory) -> Strategy | None:
    """The gmina's adopted strategy; None when it already had one (nothing is changed)."""
    if Strategy.objects.filter(gmina=gmina).exists():
        return None
    strategy, _goals = _strategy(gmina, _coordinator(gmina))
    return strategy


def _coordinator(gmina: Territory) -> Any:
    return (
        get_user_model()
        .objects.filter(
            assignments__role=Role.GMINA_COORDINATOR, assignments__territory__teryt=gmina.teryt
        )
        .order_by("pk")
        .first()
    )


def _strategy(gmina: Territory, coordinator: Any) -> tuple[Strategy, dict[str, Goal]]:
    spec = strategies.StrategySpec(
        title=f"Strategia rozwiązywania problemów społecznych gminy {gmina.name} na lata 2006–2013",
        period_from=dt.date(2006, 1, 1),
        period_until=dt.date(2014, 1, 1),
        team_ordinance_number="Zarządzenie nr 12/2006",
        team_ordinance_on=dt.date(2006, 2, 6),
    )
    strategy = strategies.create_strategy(actor=coordinator, gmina=gmina, spec=spec)
    groups = {group.code: group for group in TargetGroup.objects.all()}
    for code, problem, figure, unit in (
        ("OS", "Samotność i brak opieki nad osobami starszymi na wsi", "412", "osób 65+"),
        ("DM", "Brak miejsc spędzania czasu wolnego dla dzieci po lekcjach", "37", "% uczniów"),
        ("RD", "Rodziny z problemem alkoholowym bez wsparcia", "58", "rodzin"),
    ):
        strategies.add_diagnosis_entry(
            actor=coordinator,
            strategy=strategy,
            spec=strategies.DiagnosisSpec(
                target_group=groups[code],
                problem=problem,
                figure=Decimal(figure),
                figure_unit=unit,
                source="GOPS, 2005",
            ),
        )
    goals: dict[str, Goal] = {}
    for kind, code, title, parent in (
        ("strategic", "1", "Integracja i aktywność osób starszych", None),
        ("operational", "1.1", "Opieka sąsiedzka nad samotnymi seniorami", "1"),
        ("strategic", "2", "Wsparcie dzieci, młodzieży i rodzin", None),
        ("operational", "2.1", "Świetlice środowiskowe w sołectwach", "2"),
        ("operational", "2.2", "Kompetentna kadra pomocy społecznej", "2"),
    ):
        goals[code] = strategies.add_goal(
            actor=coordinator,
            strategy=strategy,
            spec=strategies.GoalSpec(kind=kind, code=code, title=title, parent=goals.get(parent)),
        )
    strategies.add_team_member(
        actor=coordinator,
        strategy=strategy,
        spec=strategies.TeamMemberSpec(
            name="Maria Nowak", institution="GOPS", team_role="przewodnicząca"
        ),
    )
    for kind, day, place, people in (
        ("team_meeting", dt.date(2006, 2, 20), "Urząd Gminy", 9),
        ("village_meeting", dt.date(2006, 3, 12), "Świetlica wiejska", 46),
        ("workshop", dt.date(2006, 4, 4), "Gminny Ośrodek Kultury", 23),
    ):
        strategies.add_participation_event(
            actor=coordinator,
            strategy=strategy,
            spec=strategies.EventSpec(kind=kind, held_on=day, place=place, participants=people),
        )
    strategies.start_consultation(actor=coordinator, strategy=strategy)
    strategy = strategies.adopt_strategy(
        actor=coordinator,
        strategy=Strategy.objects.get(pk=strategy.pk),
        resolution_number="XXIV/161/2006",
        resolution_on=dt.date(2006, 6, 29),
    )
    return strategy, goals
