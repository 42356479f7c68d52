"""The procurement part of the demo: the demo gmina's round of 2007, built from its approved
plan, with three offers (one from the demo provider user's organisation), the committee's
evaluation and published results; two contracts — 6,199.20 PLN of neighbourly care for 16
elderly people with the association, 42,957.43 PLN for the school day-room of about 170 pupils
with the school (a porozumienie: a unit of the gmina) — and the care contract's partial and
final reports, accepted. All through the services, as the system recording the past, and
idempotent: a gmina that already has a round is left as it is. The other gminas' volume:
`volume`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from integra.action_plans.selectors import approved_services, plans_with_approved_version
from integra.catalog.models import TargetGroup
from integra.contracts import services
from integra.contracts.models import ProcurementRound
from integra.contracts.services import (
    ActionInput,
    BeneficiariesInput,
    ContractTerms,
    CostInput,
    CostLineInput,
    CriterionInput,
    DocumentInput,
    GroupInput,
    InstalmentInput,
    MemberInput,
    OfferInput,
    ReachInput,
    ReportDueInput,
    ReportInput,
    RoundInput,
    ShareInput,
)
from integra.core.actors import SystemActor
from integra.providers.models import Provider

CARE = "OS-02"
DAY_ROOM = "DM-02"


@dataclass(frozen=True)
class ProcurementSeed:
    note: str
    contracts: int = 0


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _offer(
    group: Any, people: int, action: str, result: str, costs: list[tuple[str, str]]
) -> OfferInput:
    return OfferInput(
        actions=action,
        expected_results=result,
        groups=(GroupInput(group, people, ""),),
        schedule=(ActionInput(action, ("2007-Q3", "2007-Q4")),),
        cost_lines=tuple(CostLineInput(name, Decimal(amount)) for name, amount in costs),
        non_duplication_declared=True,
    )


def _evaluate(
    actor: SystemActor, round_: ProcurementRound, points: dict[int, tuple[int, int]]
) -> ProcurementRound:
    round_ = services.close_offers(actor=actor, round_=round_)
    services.set_committee(
        actor=actor,
        round_=round_,
        members=[
            MemberInput("Maria Nowak", "chair"),
            MemberInput("Jan Kowalski"),
            MemberInput("Ewa Wiśniewska", "secretary"),
        ],
    )
    for member in round_.committee.all():
        services.declare_impartiality(actor=actor, member=member, declared_on=dt.date(2007, 6, 16))
    price, quality = round_.criteria.order_by("position")
    for offer in round_.offers.all():
        services.check_offer(actor=actor, offer=offer, valid=True)
        for member in round_.committee.all():
            p, q = points[offer.pk]
            services.score_offer(
                actor=actor, offer=offer, member=member, points={price.pk: p, quality.pk: q}
            )
    round_ = services.evaluate_round(actor=actor, round_=round_)
    return services.publish_results(actor=actor, round_=round_)


def _terms(
    number: str,
    kind: str,
    service: Any,
    value: str,
    group: Any,
    people: int,
    reports: tuple[ReportDueInput, ...],
) -> ContractTerms:
    amount = Decimal(value)
    advance = (amount * Decimal("0.3")).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return ContractTerms(
        kind=kind,
        number=number,
        signed_on=dt.date(2007, 7, 2),
        gmina_representative="Wójt Gminy",
        provider_representative="Prezes / Dyrektor",
        starts_on=dt.date(2007, 7, 2),
        ends_on=dt.date(2007, 12, 31),
        value_pln=amount,
        shares=(ShareInput(service.key, amount),),
        instalments=(
            InstalmentInput(dt.date(2007, 7, 16), advance, is_advance=True),
            InstalmentInput(dt.date(2008, 1, 31), amount - advance),
        ),
        beneficiaries=(BeneficiariesInput(group, people),),
        reports=reports,
    )


def _report(group: Any, spent: str, women: int, men: int, action: str) -> ReportInput:
    amount = Decimal(spent)
    return ReportInput(
        actions_done=action,
        results=_("As planned in the offer."),
        reach=(
            ReachInput(group, "f", "60_65_plus", women),
            ReachInput(group, "m", "60_65_plus", men),
        ),
        costs=(CostInput("Wynagrodzenia opiekunek", amount, amount),),
        documents=(
            DocumentInput(0, "RB/7/2007", dt.date(2007, 9, 28), "Opiekunki", amount, amount),
        ),
    )


def seed_procurement(
    *, actor: SystemActor, gmina: Any, organisation: Provider | None
) -> ProcurementSeed:
    """The demo gmina's round, contracts and reports (see the module's docstring)."""
    if ProcurementRound.objects.filter(gmina=gmina).exists():
        return ProcurementSeed(_("already present"))
    plan = plans_with_approved_version([gmina.teryt]).filter(year=2007).first()
    services_by_code = {s.service_type.code: s for s in approved_services(plan)} if plan else {}
    if plan is None or CARE not in services_by_code or DAY_ROOM not in services_by_code:
        return ProcurementSeed(_("no approved Action Plan of 2007 with care and a day-room"))
    providers = {p.kind: p for p in Provider.objects.current().filter(seat_gmina=gmina)}
    school, firm = providers.get("school"), providers.get("firm")
    if organisation is None or school is None or firm is None:
        return ProcurementSeed(_("the demo gmina's providers are missing"))
    care, day_room = services_by_code[CARE], services_by_code[DAY_ROOM]
    elderly, children = TargetGroup.objects.get(code="OS"), TargetGroup.objects.get(code="DM")
    round_ = services.build_round(
        actor=actor,
        plan=plan,
        values=RoundInput(
            title="Usługi opiekuńcze i świetlica środowiskowa 2007",
            deadline_at=_at(dt.date(2007, 6, 15)),
            meeting_at=_at(dt.date(2007, 6, 5), 10),
            meeting_place=f"Urząd Gminy {gmina.name}, sala narad",
            service_keys=(care.key, day_room.key),
            criteria=(CriterionInput("Cena", 60), CriterionInput("Jakość usługi", 40)),
            invitation="Gmina zaprasza organizacje pozarządowe, grupy nieformalne i jednostki "
            "gminy do składania ofert na usługi społeczne Programu Integracji Społecznej.",
        ),
    )
    round_ = services.publish_round(actor=actor, round_=round_)
    for provider in (organisation, school, firm):
        services.record_attendance(actor=actor, round_=round_, provider=provider)
    care_lot, room_lot = round_.services.order_by("position")
    received = _at(dt.date(2007, 6, 14), 9)
    own = services.register_paper_offer(
        actor=actor,
        round_=round_,
        lot=care_lot,
        provider=organisation,
        received_at=received,
        values=_offer(
            elderly,
            16,
            "Sąsiedzka pomoc w domach osób starszych",
            "16 osób starszych objętych opieką",
            [("Wynagrodzenia opiekunek", "5400.00"), ("Dojazdy", "799.20")],
        ),
    )
    rival = services.register_paper_offer(
        actor=actor,
        round_=round_,
        lot=care_lot,
        provider=firm,
        received_at=received,
        values=_offer(
            elderly,
            12,
            "Opieka w domu",
            "12 osób objętych opieką",
            [("Usługa opiekuńcza", "6150.00")],
        ),
    )
    room = services.register_paper_offer(
        actor=actor,
        round_=round_,
        lot=room_lot,
        provider=school,
        received_at=received,
        values=_offer(
            children,
            170,
            "Świetlica szkolna po lekcjach",
            "Około 170 uczniów w świetlicy",
            [("Wynagrodzenia opiekunów", "36000.00"), ("Wyposażenie i materiały", "6957.43")],
        ),
    )
    round_ = _evaluate(actor, round_, {own.pk: (9, 10), rival.pk: (10, 6), room.pk: (8, 9)})
    own.refresh_from_db()
    room.refresh_from_db()
    care_contract = services.sign_contract(
        actor=actor,
        offer=own,
        terms=_terms(
            "UM/1/2007",
            "agreement",
            care,
            "6199.20",
            elderly,
            16,
            (
                ReportDueInput("partial", dt.date(2007, 10, 15)),
                ReportDueInput("final", dt.date(2008, 1, 15)),
            ),
        ),
    )
    room_contract = services.sign_contract(
        actor=actor,
        offer=room,
        terms=_terms(
            "POR/1/2007",
            "arrangement",
            day_room,
            "42957.43",
            children,
            170,
            (ReportDueInput("final", dt.date(2008, 1, 31)),),
        ),
    )
    for contract in (care_contract, room_contract):
        services.start_delivery(actor=actor, contract=contract)
    partial, final = care_contract.reports.order_by("number")
    partial = services.submit_report(
        actor=actor,
        report=partial,
        lock_version=partial.lock_version,
        values=_report(elderly, "3099.60", 10, 6, "Wizyty opiekunek od lipca do września"),
    )
    services.accept_report(actor=actor, report=partial)
    final = services.submit_report(
        actor=actor,
        report=final,
        lock_version=final.lock_version,
        values=_report(elderly, "6199.20", 10, 6, "Wizyty opiekunek od lipca do grudnia"),
    )
    services.accept_report(actor=actor, report=final)
    return ProcurementSeed(_("a round of 2007 with three offers, two contracts and two reports"), 2)
