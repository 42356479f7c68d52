"""The providers' part of the demo: the demo provider user's organisation (an association of the
demo gmina, with a user acting for it), and about five providers for every participating gmina
of the demo region — associations, a GOPS, a school, a firm, and in the demo gmina a natural
person — each through the register's services, idempotent (a provider whose NIP or REGON is
already registered is left as it is).

Identifiers are generated from the gmina's TERYT code with their check digits computed by the
rules of NIP, REGON, IBAN and PESEL; the PESEL of the demo's natural person is born in 2201, so it
is nobody's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from stdnum import iban as stdnum_iban
from stdnum.pl import pesel as stdnum_pesel
from stdnum.pl import regon as stdnum_regon

from integra.accounts.models import User
from integra.core.actors import Actor
from integra.providers import rules, selectors, services
from integra.providers.models import Provider
from integra.territories.models import Territory

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
DEMO_PROVIDER_USER = "uslugodawca"
# (kind, name pattern) of the providers every gmina of the demo region gets.
PER_GMINA = (
    (rules.ASSOCIATION, "Stowarzyszenie Przyjaciół Gminy {gmina}"),
    (rules.FOUNDATION, "Fundacja Aktywni Razem — {gmina}"),
    (rules.SOCIAL_WELFARE_CENTRE, "Gminny Ośrodek Pomocy Społecznej w {gmina}"),
    (rules.SCHOOL, "Szkoła Podstawowa nr 1 w {gmina}"),
    (rules.FIRM, "Usługi Opiekuńcze {gmina} sp. z o.o."),
)


@dataclass(frozen=True)
class ProvidersSeed:
    created: int
    existing: int
    organisation: Provider | None


def _number(seed: str, length: int) -> str:
    digest = hashlib.sha256(seed.encode()).hexdigest()
    return str(int(digest, 16))[:length].rjust(length, "0")


def demo_nip(seed: str) -> str:
    """A valid NIP (its check digit computed; a base whose check would be 10 is bumped)."""
    for attempt in range(20):
        base = "9" + _number(f"{seed}:{attempt}", 8)
        check = sum(int(d) * w for d, w in zip(base, NIP_WEIGHTS, strict=True)) % 11
        if check < 10:
            return base + str(check)
    raise AssertionError("no NIP found")  # pragma: no cover


def demo_regon(seed: str) -> str:
    base = "9" + _number(seed, 7)
    return base + str(stdnum_regon.calc_check_digit(base))


def demo_iban(seed: str) -> str:
    bban = "10200000" + _number(seed, 16)
    return "PL" + stdnum_iban.calc_check_digits("PL00" + bban) + bban


def demo_pesel(serial: int) -> str:
    """Born on 1 January 2201 (month 01 + 60): a valid PESEL that is nobody's."""
    base = f"0161010{serial % 1000:03d}"[:10]
    return base + str(stdnum_pesel.calc_check_digit(base))


def _values(kind: str, name: str, gmina: Territory, seed: str) -> rules.ProviderValues:
    krs = (
        "0000" + _number(f"krs:{seed}", 6) if kind in {rules.ASSOCIATION, rules.FOUNDATION} else ""
    )
    return rules.ProviderValues(
        kind=kind,
        name=name,
        nip=demo_nip(f"nip:{seed}") if kind != rules.SCHOOL else "",
        regon=demo_regon(f"regon:{seed}"),
        krs=krs,
        iban=demo_iban(f"iban:{seed}"),
        address="ul. Główna 1",
        postal_code="95-000",
        city=gmina.name,
        contact_person="Anna Kowalska",
        email=f"kontakt.{_number(seed, 6)}@example.org",
        phone="+48 42 000 00 00",
    )


def _ensure(actor: Actor, values: rules.ProviderValues, gmina: Territory) -> tuple[Provider, bool]:
    existing = selectors.find_by_identifiers(
        nip=values.nip, regon=values.regon, krs=values.krs, pesel=values.pesel
    )
    if existing is not None:
        return existing, False
    provider = services.create_provider(
        actor=actor, values=values, seat_gmina=gmina, brought_by=gmina
    )
    return provider, True


def seed_providers(
    *, actor: Actor, gminas: list[Territory], demo_gmina: Territory
) -> ProvidersSeed:
    """The demo's providers (see the module's description); counts of created and existing."""
    created = existing = 0
    for gmina in gminas:
        for index, (kind, pattern) in enumerate(PER_GMINA):
            values = _values(
                kind, pattern.format(gmina=gmina.name), gmina, f"{gmina.teryt}:{index}"
            )
            _provider, made = _ensure(actor, values, gmina)
            created, existing = created + made, existing + (not made)
    person = rules.ProviderValues(
        kind=rules.NATURAL_PERSON,
        name="Jan Nowak — opiekun sąsiedzki",
        pesel=demo_pesel(int(demo_gmina.teryt) % 997),
        city=demo_gmina.name,
        postal_code="95-000",
    )
    _provider, made = _ensure(actor, person, demo_gmina)
    created, existing = created + made, existing + (not made)
    organisation = _demo_organisation(actor, demo_gmina)
    return ProvidersSeed(created, existing, organisation)


def _demo_organisation(actor: Actor, gmina: Territory) -> Provider | None:
    """The association the demo provider user acts for (the first of the demo gmina's)."""
    seed = f"{gmina.teryt}:0"
    organisation = selectors.find_by_identifiers(nip=demo_nip(f"nip:{seed}"))
    user = User.objects.filter(username=DEMO_PROVIDER_USER).first()
    if organisation is None or user is None:
        return organisation
    if not organisation.memberships.filter(user=user).exists():
        services.add_member(actor=actor, provider=organisation, user=user)
    return organisation


# The programme's volume: providers for the other gminas -------------------------------------------

# (kind, name pattern) of the providers each generated gmina gets: the volume's contracts go to
# them (an association, the gmina's school — a porozumienie — and a firm).
VOLUME_KINDS = (
    (rules.ASSOCIATION, "Stowarzyszenie na rzecz Gminy {gmina}"),
    (rules.SCHOOL, "Zespół Szkół w {gmina}"),
    (rules.FIRM, "Usługi Społeczne {gmina} s.c."),
)


def generate_providers(*, gminas: list[Territory]) -> int:
    """Providers of VOLUME_KINDS for each gmina that has none seated in it, written in bulk (the
    programme's volume, not a register's work: no audit events), each with a valid NIP and
    REGON derived from the gmina's code; an identifier already registered is left out."""
    seated = set(
        Provider.objects.filter(seat_gmina__in=gminas).values_list("seat_gmina_id", flat=True)
    )
    nips = set(Provider.objects.exclude(nip="").values_list("nip", flat=True))
    regons = set(Provider.objects.exclude(regon="").values_list("regon", flat=True))
    rows = []
    for gmina in gminas:
        if gmina.pk in seated:
            continue
        for kind, pattern in VOLUME_KINDS:
            seed = f"volume:{gmina.teryt}:{kind}"
            nip, regon = demo_nip(seed), demo_regon(seed)
            rows.append(
                Provider(
                    kind=kind,
                    name=pattern.format(gmina=gmina.name)[: rules.NAME_LENGTH],
                    nip="" if nip in nips else nip,
                    regon="" if regon in regons else regon,
                    city=gmina.name[: rules.CITY_LENGTH],
                    seat_gmina=gmina,
                )
            )
            nips.add(nip)
            regons.add(regon)
    Provider.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
