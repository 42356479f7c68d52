"""Builders of procurement tests: the Action Plan world (programme PIS with a published
allocation, rates, catalogue, strategy) with a 2007 plan approved for gmina 1001022 holding two
services — care for the elderly (8,000 PLN) and a day-room (20,000 PLN) — and providers: the
`provider` persona's own organisation, one of the neighbouring gmina and one of lubelskie.
Rounds, offers and contracts are written directly here (valid minimal rows); service tests go
through the services."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from integra.action_plans import services as plan_services
from integra.action_plans.models import PlannedService, PlanVersion
from integra.action_plans.tests.factories import (
    AS_OF,
    care_service,
    content,
    make_catalogue,
    make_programme,
    make_rates,
    make_strategy,
)
from integra.contracts import models
from integra.providers.tests.factories import join, make_provider

LETTER_ON = dt.date(2007, 4, 2)
CARE_PLN = Decimal("8000.00")
CLUB_PLN = Decimal("20000.00")
_numbers = itertools.count(1)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def approve_plan(world) -> PlanVersion:
    """The gmina's 2007 plan, approved, with a care service and a day-room."""
    coordinator = world.people.coordinator
    version = plan_services.create_action_plan(
        actor=coordinator, programme=world.programme, gmina=world.gmina, year=2007, as_of=AS_OF
    )
    club = care_service(
        world,
        service_type=world.catalogue.club,
        groups=(world.catalogue.DM,),
        title="Świetlica szkolna",
        planned_beneficiaries=170,
        planned_cost_pln=CLUB_PLN,
    )
    version = plan_services.save_plan_version(
        actor=coordinator,
        version=version,
        content=content(world, care_service(world, planned_cost_pln=CARE_PLN), club),
        lock_version=version.lock_version,
    )
    version = plan_services.submit_plan_version(actor=coordinator, version=version)
    return plan_services.approve_plan_version(
        actor=world.people.officer,
        version=version,
        letter_number="ROPS/1/2007",
        letter_on=LETTER_ON,
    )


def make_world(personas, small_tree) -> SimpleNamespace:
    make_rates()
    catalogue = make_catalogue()
    strategy = make_strategy(small_tree["1001022"])
    world = SimpleNamespace(
        programme=make_programme(small_tree),
        gmina=small_tree["1001022"],
        neighbour_gmina=small_tree["1001033"],
        lublin_gmina=small_tree["0601022"],
        catalogue=catalogue,
        strategy=strategy.strategy,
        goal=strategy.operational,
        people=personas,
    )
    world.version = approve_plan(world)
    services = list(world.version.services.order_by("position", "pk"))
    world.care, world.club = services
    world.own = make_provider("1001022", brought_by=world.gmina, name="Stowarzyszenie Razem")
    join(world.own, personas.provider)
    world.other = make_provider("1001033", name="Fundacja Sąsiedzka")
    world.far = make_provider("0601022", name="Stowarzyszenie Lubelskie")
    world.school = make_provider("1001022", kind="school", name="Szkoła Podstawowa w Gminie")
    return world


def make_round(world, *, status: str = "planned", **overrides) -> models.ProcurementRound:
    values = {
        "programme": world.programme,
        "gmina": world.gmina,
        "plan": world.version.plan,
        "built_from": world.version,
        "number": next(_numbers),
        "title": "Usługi dla seniorów i dzieci",
        "deadline_at": at(dt.date(2007, 5, 15)),
        "meeting_at": at(dt.date(2007, 5, 4)),
        "meeting_place": "Urząd Gminy, sala 1",
        "status": status,
    }
    round_ = models.ProcurementRound.objects.create(**(values | overrides))
    for position, service in enumerate((world.care, world.club)):
        models.RoundService.objects.create(
            round=round_,
            planned_service=service,
            service_key=service.key,
            position=position,
            title=service.title,
            budget_pln=service.planned_cost_pln,
        )
    models.Criterion.objects.create(round=round_, position=0, name="Cena", weight=60)
    models.Criterion.objects.create(round=round_, position=1, name="Jakość", weight=40)
    return round_


def make_offer(round_, provider, *, lot=None, total=Decimal("6000.00"), **overrides):
    lot = lot or round_.services.first()
    values = {
        "round": round_,
        "lot": lot,
        "provider": provider,
        "channel": models.Offer.Channel.ONLINE,
        "received_at": at(dt.date(2007, 5, 10)),
        "actions": "Pomoc sąsiedzka w domu",
        "expected_results": "16 osób starszych objętych opieką",
        "total_pln": total,
        "non_duplication_declared": True,
    }
    offer = models.Offer.objects.create(**(values | overrides))
    models.OfferCostLine.objects.create(offer=offer, name="Wynagrodzenia", amount_pln=total)
    return offer


def make_contract(
    world,
    *,
    service: PlannedService | None = None,
    value=Decimal("6000.00"),
    provider=None,
    **overrides,
) -> models.Contract:
    """A direct-selection contract charging `value` to one planned service (care by default)."""
    service = service or world.care
    round_ = overrides.pop("failed_round", None) or make_round(
        world, status="cancelled", cancel_reason="Brak ofert"
    )
    values = {
        "programme": world.programme,
        "gmina": world.gmina,
        "provider": provider or world.own,
        "failed_round": round_,
        "direct_justification": "Nie wpłynęła żadna ważna oferta.",
        "kind": models.Contract.Kind.AGREEMENT,
        "number": f"UM/{next(_numbers)}/2007",
        "signed_on": dt.date(2007, 6, 1),
        "gmina_representative": "Jan Wójt",
        "provider_representative": "Anna Prezes",
        "starts_on": dt.date(2007, 6, 1),
        "ends_on": dt.date(2007, 12, 31),
        "value_pln": value,
    }
    contract = models.Contract.objects.create(**(values | overrides))
    models.ContractService.objects.create(
        contract=contract,
        plan=service.version.plan,
        service_key=service.key,
        planned_service=service,
        line=service.service_type.line,
        amount_pln=value,
        amount_eur=service.version.eur(value),
    )
    return contract


def round_input(world, *, days: int = 14, keys=None, **overrides):
    """A valid invitation for both services, its deadline `days` ahead, the meeting a week
    earlier; weights 60 (price) and 40 (quality)."""
    from integra.contracts.services import CriterionInput, RoundInput

    deadline = timezone.now() + dt.timedelta(days=days)
    values = {
        "title": "Usługi dla seniorów i dzieci 2007",
        "deadline_at": deadline,
        "meeting_at": deadline - dt.timedelta(days=7),
        "meeting_place": "Urząd Gminy, sala 1",
        "service_keys": tuple(keys or (world.care.key, world.club.key)),
        "criteria": (CriterionInput("Cena", 60), CriterionInput("Jakość", 40)),
        "invitation": "Zapraszamy organizacje pozarządowe do składania ofert.",
    }
    return RoundInput(**(values | overrides))


def offer_input(world, *, total=Decimal("6000.00"), group=None, **overrides):
    """A valid offer for the care service: 16 elderly people, one action in 2007-Q3, one cost."""
    from integra.contracts.services import ActionInput, CostLineInput, GroupInput, OfferInput

    values = {
        "actions": "Pomoc sąsiedzka w domach osób starszych",
        "expected_results": "16 osób starszych objętych opieką",
        "groups": (GroupInput(group or world.catalogue.OS, 16, "Osoby samotne 75+"),),
        "schedule": (ActionInput("Wizyty opiekunek", ("2007-Q3", "2007-Q4")),),
        "cost_lines": (CostLineInput("Wynagrodzenia opiekunek", total),),
        "non_duplication_declared": True,
    }
    return OfferInput(**(values | overrides))


def contract_terms(world, *, value=Decimal("6199.20"), service=None, shares=None, **overrides):
    """Valid terms: an agreement charging `value` to one planned service (care by default),
    June–December 2007, a 30 % advance and the rest after the final report, 16 elderly people,
    a partial report in September and the final one in January."""
    from integra.contracts.services import (
        BeneficiariesInput,
        ContractTerms,
        InstalmentInput,
        ReportDueInput,
        ShareInput,
    )

    service = service or world.care
    advance = (value * Decimal("0.3")).quantize(Decimal("0.01"))
    values = {
        "kind": "agreement",
        "number": f"UM/{next(_numbers)}/2007",
        "signed_on": dt.date(2007, 6, 1),
        "gmina_representative": "Jan Wójt",
        "provider_representative": "Anna Prezes",
        "starts_on": dt.date(2007, 6, 1),
        "ends_on": dt.date(2007, 12, 31),
        "value_pln": value,
        "shares": shares or (ShareInput(service.key, value),),
        "instalments": (
            InstalmentInput(dt.date(2007, 6, 15), advance, is_advance=True),
            InstalmentInput(dt.date(2008, 1, 31), value - advance),
        ),
        "beneficiaries": (BeneficiariesInput(world.catalogue.OS, 16),),
        "reports": (
            ReportDueInput("partial", dt.date(2007, 9, 30)),
            ReportDueInput("final", dt.date(2008, 1, 15)),
        ),
    }
    return ContractTerms(**(values | overrides))


def selected_offer(world, *, provider=None, lot_index: int = 0, total=Decimal("6199.20")):
    """An offer selected in a round whose results are published (written directly)."""
    round_ = make_round(world, status="results_published")
    lot = list(round_.services.all())[lot_index]
    return make_offer(round_, provider or world.own, lot=lot, total=total, status="selected")


def report_input(world, *, spent=Decimal("6199.20"), **overrides):
    """Part I: 10 women and 6 men aged 60/65+ reached; part II: one cost fully documented."""
    from integra.contracts.services import CostInput, DocumentInput, ReachInput, ReportInput

    values = {
        "actions_done": "Wizyty opiekunek dwa razy w tygodniu",
        "results": "16 osób starszych objętych opieką",
        "reach": (
            ReachInput(world.catalogue.OS, "f", "60_65_plus", 10),
            ReachInput(world.catalogue.OS, "m", "60_65_plus", 6),
        ),
        "costs": (CostInput("Wynagrodzenia", Decimal("6199.20"), spent),),
        "documents": (
            DocumentInput(0, "RB/1/2007", dt.date(2007, 9, 1), "Anna Opiekunka", spent, spent),
        ),
    }
    return ReportInput(**(values | overrides))
