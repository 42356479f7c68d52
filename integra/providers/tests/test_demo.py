"""The demo's providers: valid generated identifiers, the demo user's organisation, idempotent."""

from __future__ import annotations

import pytest

from integra.core.actors import SystemActor
from integra.providers import demo, rules
from integra.providers.models import Provider
from integra.territories.models import Territory

pytestmark = pytest.mark.django_db


def test_the_demo_registers_valid_providers_once_and_ties_the_demo_user(personas):
    from integra.accounts.services import create_user

    user = create_user(
        actor=SystemActor("test"),
        username=demo.DEMO_PROVIDER_USER,
        email="u@example.org",
        password="a-long-unusual-passphrase-7",
        assignments=[("provider", Territory.objects.get(teryt="PL"))],
    )
    gminas = list(Territory.objects.filter(teryt__in=["1001022", "1001033"]))
    home = Territory.objects.get(teryt="1001022")

    first = demo.seed_providers(actor=SystemActor("test"), gminas=gminas, demo_gmina=home)
    again = demo.seed_providers(actor=SystemActor("test"), gminas=gminas, demo_gmina=home)

    assert (first.created, first.existing) == (11, 0)
    assert (again.created, again.existing) == (0, 11)
    assert first.organisation.memberships.get().user == user
    for provider in Provider.objects.all():
        values = rules.ProviderValues(
            kind=provider.kind,
            name=provider.name,
            nip=provider.nip,
            regon=provider.regon,
            krs=provider.krs,
            iban=provider.iban,
            pesel=provider.pesel(),
        )
        assert rules.provider_problems(values) == [], provider.name
    person = Provider.objects.get(kind=rules.NATURAL_PERSON)
    assert person.pesel()[:6] == "016101"  # born in 2201: nobody's PESEL
