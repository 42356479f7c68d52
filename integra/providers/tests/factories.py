"""Valid minimal providers: identifiers generated with their check digits (the demo's rules)."""

from __future__ import annotations

import itertools

from integra.core.actors import SystemActor
from integra.providers import demo, rules, services
from integra.providers.models import Provider
from integra.territories.models import Territory

_serial = itertools.count(1)


def provider_values(kind: str = rules.ASSOCIATION, **overrides: str) -> rules.ProviderValues:
    n = next(_serial)
    base = {
        "kind": kind,
        "name": f"Stowarzyszenie testowe {n}",
        "nip": demo.demo_nip(f"test-nip:{n}"),
        "regon": demo.demo_regon(f"test-regon:{n}"),
        "krs": f"{n:010d}",
        "iban": demo.demo_iban(f"test-iban:{n}"),
        "address": "ul. Testowa 1",
        "postal_code": "95-000",
        "city": "Testowo",
        "contact_person": "Anna Test",
        "email": f"kontakt{n}@example.org",
        "phone": "+48 42 000 00 00",
    }
    if kind == rules.NATURAL_PERSON:
        base.update(krs="", nip="", regon="", pesel=demo.demo_pesel(n))
    elif kind in rules.REFUSED and "krs" in rules.REFUSED[kind]:
        base["krs"] = ""
    base.update(overrides)
    return rules.ProviderValues(**base)


def make_provider(
    seat: Territory | str = "1001022",
    *,
    kind: str = rules.ASSOCIATION,
    brought_by: Territory | None = None,
    **overrides: str,
) -> Provider:
    gmina = seat if isinstance(seat, Territory) else Territory.objects.get(teryt=seat)
    return services.create_provider(
        actor=SystemActor("test"),
        values=provider_values(kind, **overrides),
        seat_gmina=gmina,
        brought_by=brought_by,
    )


def join(provider: Provider, user) -> None:
    services.add_member(actor=SystemActor("test"), provider=provider, user=user)
