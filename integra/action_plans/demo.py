"""The Action Plans part of the demo: the demo gmina's approved Action Plan for 2007 and its 2008
plan waiting in the region's review queue — made by the real services, acting as the demo
coordinator, consultant and officer, over the strategy the strategies demo adopted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from integra.action_plans import services as plans
from integra.catalog.models import ServiceType, TargetGroup
from integra.core.roles import Role
from integra.programmes.models import Programme
from integra.strategies.models import Goal, Strategy
from integra.territories.models import Territory


@dataclass
class PlansReport:
    created: bool
    note: str


def _user(role: Role, territory: Territory) -> Any:
    return (
        get_user_model()
        .objects.filter(assignments__role=role, assignments__territory__teryt=territory.teryt)
        .order_by("pk")
        .first()
    )


def _service(
    code: str,
    groups: list[str],
    goal: Goal,
    title: str,
    cost: str,
    people: int,
    quarters: tuple[str, ...],
) -> plans.ServiceInput:
    return plans.ServiceInput(
        service_type=ServiceType.objects.get(code=code),
        groups=tuple(TargetGroup.objects.filter(code__in=groups)),
        title=title,
        planned_beneficiaries=people,
        planned_cost_pln=Decimal(cost),
        provider_kind="ngo" if code != "SZ-01" else "firm",
        quarters=quarters,
        goal=goal,
        non_duplication_declared=True,
        non_duplication_justification=(
            "Usługa nie jest finansowana ze środków publicznych (NFZ, PFRON)."
        ),
    )


def _content(
    strategy: Strategy, goals: dict[str, Goal], year: int, as_of: dt.date, gmina: Territory
) -> plans.PlanContent:
    return plans.PlanContent(
        as_of=as_of,
        strategy=strategy,
        gmina_address=f"Urząd Gminy {gmina.name}",
        contact_name="Maria Nowak",
        contact_email="gops@example.org",
        contact_phone="44 000 00 00",
        diagnosis_summary=(
            "Starzejąca się ludność wsi, brak zajęć dla dzieci, rodziny z problemem alkoholowym."
        ),
        continuity="Gmina przejmie finansowanie świetlic po zakończeniu programu.",
        consultation="Zebrania wiejskie w trzech sołectwach.",
        services=(
            _service(
                "OS-02",
                ["OS"],
                goals["1.1"],
                "Sąsiedzka pomoc dla samotnych seniorów",
                "6199.20",
                16,
                (f"{year}-Q2", f"{year}-Q3", f"{year}-Q4"),
            ),
            _service(
                "DM-02",
                ["DM"],
                goals["2.1"],
                "Świetlica środowiskowa w Dąbrowie",
                "42957.43",
                170,
                (f"{year}-Q3", f"{year}-Q4"),
            ),
            _service(
                "SZ-01",
                [],
                goals["2.2"],
                "Szkolenie koordynatora i zespołu",
                "3000.00",
                8,
                (f"{year}-Q2",),
            ),
        ),
    )


def seed_action_plans(*, programme: Programme, gmina: Territory, strategy: Strategy) -> PlansReport:
    """The approved plan for 2007 and the 2008 plan in review, tied to the adopted strategy's
    goals (the NBP rates of 2007 and 2008 must be there: programmes' demo loads them)."""
    goals = {goal.code: goal for goal in strategy.goals.all()}
    region = gmina.parent.parent
    coordinator = _user(Role.GMINA_COORDINATOR, gmina)
    consultant = _user(Role.REGIONAL_CONSULTANT, region)
    officer = _user(Role.REGIONAL_OFFICER, region)
    first = plans.create_action_plan(
        actor=coordinator, programme=programme, gmina=gmina, year=2007, as_of=dt.date(2007, 3, 15)
    )
    first = plans.save_plan_version(
        actor=coordinator,
        version=first,
        content=_content(strategy, goals, 2007, dt.date(2007, 3, 15), gmina),
        lock_version=first.lock_version,
    )
    first = plans.submit_plan_version(actor=coordinator, version=first)
    plans.give_opinion(
        actor=consultant, version=first, recommendation="approve", text="Plan zgodny ze strategią."
    )
    plans.approve_plan_version(
        actor=officer,
        version=first,
        letter_number="ROPS.II.0711/15/07",
        letter_on=dt.date(2007, 4, 10),
    )
    second = plans.create_action_plan(
        actor=coordinator, programme=programme, gmina=gmina, year=2008, as_of=dt.date(2008, 2, 15)
    )
    second = plans.save_plan_version(
        actor=coordinator,
        version=second,
        content=_content(strategy, goals, 2008, dt.date(2008, 2, 15), gmina),
        lock_version=second.lock_version,
    )
    plans.submit_plan_version(actor=coordinator, version=second)
    return PlansReport(True, _("strategy adopted, plan 2007 approved, plan 2008 submitted"))
