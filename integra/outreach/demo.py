"""The outreach part of the demo, through the app's own services: the national launch seminar
(June 2006), a regional training of the demo region with two people of the demo gmina registered
and their attendance taken, and the demo expert on the roster with an assignment from the demo
gmina. Idempotent: what is there by its title is left as it is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model

from integra.core.actors import Actor
from integra.outreach import rules, services
from integra.outreach.models import CampaignEvent, ExpertRequest, TrainingSession
from integra.territories.models import COUNTRY_CODE, Territory

SEMINAR = "Krajowe seminarium inaugurujące Program Integracji Społecznej"
TRAINING = "Planowanie usług społecznych w gminie — szkolenie dla koordynatorów"
SUPPORT = "Diagnoza potrzeb seniorów"
EXPERT_USERNAME = "ekspert"


@dataclass
class OutreachSeed:
    created: int = 0
    existing: int = 0


def seed_outreach(
    *, actor: Actor, programme: object, region: Territory, gmina: Territory
) -> OutreachSeed:
    seed = OutreachSeed()
    if CampaignEvent.objects.filter(title=SEMINAR).exists():
        seed.existing += 1
    else:
        services.record_campaign_event(
            actor=actor,
            programme=programme,
            organiser=Territory.objects.get(teryt=COUNTRY_CODE),
            values=rules.EventValues(
                kind=rules.NATIONAL_SEMINAR,
                title=SEMINAR,
                held_on=dt.date(2006, 6, 20),
                place="Warszawa, Centrum Konferencyjne",
                participants=320,
                reach=1_200_000,
                reach_note="Uczestnicy oraz szacowana widownia relacji telewizyjnej.",
                cost_pln=Decimal("85000.00"),
            ),
        )
        seed.created += 1
    if TrainingSession.objects.filter(topic=TRAINING).exists():
        seed.existing += 1
    else:
        _training(actor, programme, region, gmina)
        seed.created += 1
    expert = get_user_model().objects.filter(username=EXPERT_USERNAME).first()
    if expert is None:
        return seed
    if ExpertRequest.objects.filter(topic=SUPPORT, gmina=gmina).exists():
        seed.existing += 1
    else:
        services.save_profile(
            actor=actor,
            expert=expert,
            skills="Diagnoza społeczna, usługi opiekuńcze, współpraca z organizacjami.",
            regions=[region],
            available=True,
            availability="Poniedziałki i wtorki",
        )
        request = services.create_request(
            actor=actor,
            programme=programme,
            gmina=gmina,
            values=rules.RequestValues(
                topic=SUPPORT,
                need="Pomoc w diagnozie potrzeb osób starszych przed planem na 2008 r.",
            ),
        )
        services.assign_expert(actor=actor, request=request, expert=expert)
        seed.created += 1
    return seed


def _training(actor: Actor, programme: object, region: Territory, gmina: Territory) -> None:
    starts = dt.date(2007, 2, 12)
    session = services.create_session(
        actor=actor,
        programme=programme,
        organiser=region,
        values=rules.SessionValues(
            topic=TRAINING,
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=1),
            registration_closes_on=starts - dt.timedelta(days=7),
            capacity=25,
            place=f"{region.name}, Regionalny Ośrodek Polityki Społecznej",
            audience=(rules.COORDINATORS, rules.GMINA_STAFF),
            trainer_name="dr Zofia Żółkiewska",
            cost_pln=Decimal("12500.00"),
        ),
    )
    people = [
        ("Małgorzata Wójcik", "koordynatorka gminna", "m.wojcik@example.org"),
        ("Łukasz Nowak", "pracownik socjalny GOPS", "l.nowak@example.org"),
    ]
    registered = [
        services.register_participant(
            actor=actor,
            session=session,
            gmina=gmina,
            values=rules.RegistrationValues(full_name=name, function=function, email=email),
            today=starts - dt.timedelta(days=10),
        )
        for name, function, email in people
    ]
    services.take_attendance(
        actor=actor, session=session, present={r.pk for r in registered}, today=starts
    )
