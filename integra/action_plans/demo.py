"""The Action Plans part of the demo: the demo gmina's approved Action Plan for 2007 and its 2008
plan waiting in the region's review queue — made by the real services, acting as the demo
coordinator, consultant and officer, over the strategy the strategies demo adopted."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.action_plans import services as plans
from integra.action_plans.models import ActionPlan, PlannedService, PlanVersion
from integra.action_plans.services.versions import rate_for
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


# The programme's volume: approved plans for the other gminas ------------------------------------

# Each generated gmina gets an approved plan for each of these years, as of these days.
VOLUME_YEARS = {2007: dt.date(2007, 3, 15), 2008: dt.date(2008, 2, 15)}
# The plans take this share of the gmina's services line (the contracts later take most of it).
VOLUME_PLANNED_SHARE = Decimal("0.97")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class VolumePlans:
    plans: int
    services: int


def generate_plans(
    *, programme: Programme, allocations: dict[int, Decimal], services_per_gmina: dict[int, int]
) -> VolumePlans:
    """Approved plans for the gminas (id → services line in EUR, id → number of services) that
    have no plan yet, written in bulk — the programme's volume, not a user's work, so no review
    and no audit events: for each year of VOLUME_YEARS one approved version (rate of its
    "as of" day, letter of approval) whose services take VOLUME_PLANNED_SHARE of the line,
    services split between the years, each a catalogue type of the services line with its
    groups. Deterministic: one random generator seeded by the gmina's TERYT code."""
    taken = set(ActionPlan.objects.filter(programme=programme).values_list("gmina_id", flat=True))
    gminas = {
        g.pk: g for g in Territory.objects.filter(pk__in=list(allocations)).exclude(pk__in=taken)
    }
    if not gminas:
        return VolumePlans(0, 0)
    rates = {year: rate_for(day) for year, day in VOLUME_YEARS.items()}
    kinds = [
        (kind, [g.pk for g in kind.groups.all()])
        for kind in ServiceType.objects.filter(line=ServiceType.Line.SERVICES, retired_on=None)
        .prefetch_related("groups")
        .order_by("code")
    ]
    kinds = [(kind, groups) for kind, groups in kinds if groups]
    plans, versions, rows, memberships = [], [], [], []
    for gmina_id in sorted(gminas, key=lambda pk: gminas[pk].teryt):
        gmina = gminas[gmina_id]
        rng = random.Random(f"plans:{gmina.teryt}")
        count = services_per_gmina[gmina_id]
        weights = [Decimal(rng.randint(50, 150)) for _ in range(count)]
        budget = allocations[gmina_id] * VOLUME_PLANNED_SHARE
        for index, year in enumerate(VOLUME_YEARS):
            plan = ActionPlan(programme=programme, gmina=gmina, year=year)
            letter_on = VOLUME_YEARS[year] + dt.timedelta(days=26)
            moment = timezone.make_aware(dt.datetime.combine(letter_on, dt.time(10)))
            version = PlanVersion(
                plan=plan,
                number=1,
                as_of=VOLUME_YEARS[year],
                # Plain values: PostgreSQL's bulk insert would write an enum member's name.
                status=PlanVersion.Status.APPROVED.value,
                gmina_address=f"Urząd Gminy {gmina.name}",
                diagnosis_summary="Diagnoza z gminnej strategii rozwiązywania problemów.",
                submitted_at=moment - dt.timedelta(days=14),
                approved_at=moment,
                approval_letter_number=f"ROPS.II.0711/{gmina.teryt}/{year % 100:02d}",
                approval_letter_on=letter_on,
                **rates[year],
            )
            plans.append(plan)
            versions.append(version)
            mid = rates[year]["rate_pln_per_eur"]
            for position, weight in enumerate(weights[index::2]):
                kind, groups = kinds[rng.randrange(len(kinds))]
                eur = budget * weight / sum(weights)
                rows.append(
                    PlannedService(
                        version=version,
                        key=uuid.UUID(int=rng.getrandbits(128), version=4),
                        position=position,
                        service_type=kind,
                        title=f"{kind.name_pl} ({year})",
                        quarters=[f"{year}-Q2", f"{year}-Q3", f"{year}-Q4"],
                        planned_beneficiaries=rng.randint(8, 120),
                        # Down to the cent at the version's rate: the EUR equivalent never
                        # passes the share of the line.
                        planned_cost_pln=(eur * mid).quantize(CENT, rounding=ROUND_DOWN),
                        provider_kind=PlannedService.ProviderKind.NGO.value,
                        non_duplication_declared=True,
                        non_duplication_justification="Usługa nie jest finansowana z innych "
                        "środków publicznych.",
                    )
                )
                memberships.append(rng.choice(groups))
    ActionPlan.objects.bulk_create(plans, batch_size=1000)
    for version in versions:
        version.plan_id = version.plan.pk
    PlanVersion.objects.bulk_create(versions, batch_size=1000)
    for row in rows:
        row.version_id = row.version.pk
    PlannedService.objects.bulk_create(rows, batch_size=2000)
    through = PlannedService.groups.through
    through.objects.bulk_create(
        [
            through(plannedservice_id=row.pk, targetgroup_id=group)
            for row, group in zip(rows, memberships, strict=True)
        ],
        batch_size=5000,
    )
    return VolumePlans(len(plans), len(rows))
