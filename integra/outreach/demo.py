"""The outreach part of the demo, through the app's own services: the national launch seminar
(June 2006), a regional training of the demo region with two people of the demo gmina registered
and their attendance taken, and the demo expert on the roster with an assignment from the demo
gmina; three good practices of demo gminas (one published, one proposed, one edited by the
consultant and waiting for the ministry). Idempotent: what is there by its title is left as it
is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model

from integra.core.actors import Actor
from integra.outreach import rules, services
from integra.outreach.models import CampaignEvent, ExpertRequest, GoodPractice, TrainingSession
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
    _practices(seed, actor, programme, region, gmina)
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


# Good practices: (title, service type, groups, what was done, results, people, office, e-mail).
PRACTICES = [
    (
        "Sąsiedzka pomoc dla samotnych seniorów",
        "OS-02",
        ("OS",),
        "Dwunastu wolontariuszy z koła gospodyń odwiedzało samotnych seniorów dwa razy w "
        "tygodniu: zakupy, leki, rozmowa, drobne naprawy. GOPS szkolił i koordynował.",
        "48 seniorów objętych pomocą przez 10 miesięcy; 1 900 wizyt; 9 osób uniknęło "
        "umieszczenia w domu pomocy społecznej.",
        48,
        "Gminny Ośrodek Pomocy Społecznej",
        "gops@gmina.example.org",
    ),
    (
        "Świetlica otwarta w wakacje",
        "DM-01",
        ("DM",),
        "Szkoła udostępniła świetlicę na całe wakacje; zajęcia plastyczne, sportowe i "
        "wyjazdy prowadzili nauczyciele i animatorzy z miejscowego stowarzyszenia.",
        "62 dzieci, 40 dni zajęć, 4 wycieczki; frekwencja średnio 35 dzieci dziennie.",
        62,
        "Gminny Ośrodek Kultury",
        "gok@gmina.example.org",
    ),
    (
        "Rodzinne warsztaty umiejętności wychowawczych",
        "RD-01",
        ("RD",),
        "Cykl ośmiu spotkań dla rodziców z psychologiem, z opieką nad dziećmi w czasie zajęć.",
        "24 rodziny ukończyły cykl; 18 z nich kontynuuje spotkania w grupie wsparcia.",
        24,
        "Gminny Ośrodek Pomocy Społecznej",
        "",
    ),
]


def _practices(
    seed: OutreachSeed, actor: Actor, programme: object, region: Territory, gmina: Territory
) -> None:
    """The first practice is published, the second proposed, the third edited by the
    consultant; each of a gmina of the demo region (the demo gmina first), citing its
    contracts as evidence when it has any."""
    from integra.catalog.models import ServiceType, TargetGroup
    from integra.outreach import selectors

    types = {t.code: t for t in ServiceType.objects.all()}
    groups = {g.code: g for g in TargetGroup.objects.all()}
    others = list(
        Territory.objects.filter(level=Territory.Level.GMINA, teryt__startswith=region.teryt)
        .exclude(pk=gmina.pk)
        .filter(pk__in=programme.participations.values("gmina_id"))  # type: ignore[attr-defined]
        .order_by("teryt")[:2]
    )
    gminas = [gmina, *others]
    for n, (title, code, group_codes, done, results, people, office, email) in enumerate(PRACTICES):
        if GoodPractice.objects.filter(title=title).exists():
            seed.existing += 1
            continue
        service_type = types.get(code) or next(iter(types.values()), None)
        if service_type is None:
            return
        owner = gminas[n % len(gminas)]
        values = rules.PracticeValues(
            title=title,
            what_was_done=done,
            results=results,
            people_reached=people,
            contact_office=office,
            contact_email=email,
            group_codes=group_codes,
        )
        chosen = [groups[c] for c in group_codes if c in groups]
        practice = services.propose_practice(
            actor=actor,
            programme=programme,
            gmina=owner,
            values=values,
            service_type=service_type,
            groups=chosen,
            contracts=list(selectors.evidence_contracts(gmina=owner)[:2]),
        )
        if n == 0:
            services.publish_practice(actor=actor, practice=practice)
        elif n == 2:
            services.edit_practice(
                actor=actor,
                practice=practice,
                lock_version=practice.lock_version,
                values=values,
                service_type=service_type,
                groups=chosen,
            )
        seed.created += 1
