"""Writes to the register: twins refused and pointed to the first, the PESEL sealed (the database
holds no digits), edits under a version, merges that move memberships, invitations."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection

from integra.audit.models import AuditEvent
from integra.core.actors import SystemActor
from integra.providers import rules, selectors, services
from integra.providers.models import Provider, ProviderMembership
from integra.providers.tests.factories import join, make_provider, provider_values
from integra.territories.models import Territory

pytestmark = pytest.mark.django_db
SYSTEM = SystemActor("test")


def gmina(teryt: str = "1001022") -> Territory:
    return Territory.objects.get(teryt=teryt)


def test_a_coordinator_registers_a_provider_seated_elsewhere_and_keeps_editing_it(personas):
    provider = services.create_provider(
        actor=personas.coordinator,
        values=provider_values(),
        seat_gmina=gmina("0601022"),
        brought_by=gmina("1001022"),
    )

    assert provider.brought_by.teryt == "1001022"
    event = AuditEvent.objects.get(action="providers.provider.created")
    assert event.changes["after"]["nip"] == provider.nip
    # A neighbour's coordinator cannot register in the coordinator's name.
    with pytest.raises(PermissionDenied):
        services.create_provider(
            actor=personas.neighbour,
            values=provider_values(),
            seat_gmina=gmina("0601022"),
            brought_by=gmina("1001022"),
        )


@pytest.mark.parametrize("field", ["nip", "regon", "krs"])
def test_a_second_provider_with_an_existing_identifier_is_refused_and_pointed_to_the_first(
    small_tree, field
):
    first = make_provider()
    typed = {"nip": f"PL{first.nip}", "regon": first.regon, "krs": first.krs}[field]

    with pytest.raises(services.DuplicateProvider) as refusal:
        make_provider("1001033", **{field: typed})

    assert refusal.value.existing == first
    assert refusal.value.status == 409
    assert [p.field for p in refusal.value.problems] == [field]
    assert first.name in refusal.value.message
    assert Provider.objects.count() == 1


def test_the_pesel_is_sealed_in_the_database_and_a_twin_person_is_found_by_its_digest(small_tree):
    person = make_provider(kind=rules.NATURAL_PERSON, pesel="44051401359")

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM providers_provider WHERE id = %s", [person.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    assert "44051401359" not in row
    assert "1359" not in row.replace(person.pesel_digest, "")
    assert Provider.objects.get(pk=person.pk).pesel() == "44051401359"
    with pytest.raises(services.DuplicateProvider) as refusal:
        make_provider("1001033", kind=rules.NATURAL_PERSON, pesel="4405 1401 359")
    assert refusal.value.existing == person
    assert "44051401359" not in str(AuditEvent.objects.values_list("changes", flat=True)[::1])


def test_an_invalid_provider_is_refused_with_every_problem_and_nothing_written(personas):
    values = provider_values(nip="123-456-78-90", regon="1", krs="12")

    with pytest.raises(services.ProviderInvalid) as refusal:
        services.create_provider(actor=personas.coordinator, values=values, seat_gmina=gmina())

    assert sorted(p.field for p in refusal.value.problems) == ["krs", "nip", "regon"]
    assert not Provider.objects.exists()


def test_an_edit_states_its_version_and_keeps_the_pesel_unless_retyped(personas):
    person = make_provider(kind=rules.NATURAL_PERSON, brought_by=gmina())
    values = provider_values(rules.NATURAL_PERSON, name="Nowe imię", pesel="")

    services.update_provider(
        actor=personas.coordinator,
        provider=person,
        values=values,
        seat_gmina=gmina(),
        lock_version=1,
    )

    person.refresh_from_db()
    assert person.name == "Nowe imię" and person.has_pesel and person.lock_version == 2
    with pytest.raises(services.ProviderEditConflict):
        services.update_provider(
            actor=personas.coordinator,
            provider=person,
            values=values,
            seat_gmina=gmina(),
            lock_version=1,
        )


def test_a_provider_user_cannot_see_nor_edit_another_provider(personas, own, neighbouring):
    with pytest.raises(Provider.DoesNotExist):
        services.update_provider(
            actor=personas.provider,
            provider=neighbouring,
            values=provider_values(),
            seat_gmina=gmina(),
            lock_version=1,
        )
    with pytest.raises(PermissionDenied):
        services.update_provider(
            actor=personas.provider,
            provider=own,
            values=provider_values(),
            seat_gmina=gmina(),
            lock_version=1,
        )


def test_a_merge_moves_memberships_keeps_the_absorbed_row_and_is_audited(personas):
    keep, absorb = make_provider(), make_provider("1001033")
    join(absorb, personas.provider)
    join(absorb, personas.viewer)
    join(keep, personas.viewer)

    moved = services.merge_providers(actor=personas.admin, keep=keep, absorb=absorb)

    assert set(keep.memberships.values_list("user__username", flat=True)) == {"provider", "viewer"}
    assert not ProviderMembership.objects.filter(provider=absorb).exists()
    assert moved == {"providers.providermembership.provider": 1}
    absorb.refresh_from_db()
    assert absorb.merged_into == keep
    assert absorb not in selectors.list_providers(user=personas.admin)
    event = AuditEvent.objects.get(action="providers.provider.merged")
    assert event.changes["absorbed"]["id"] == absorb.pk
    # Its identifiers are free again, and nobody merges it twice.
    with pytest.raises(services.MergeRefused):
        services.merge_providers(actor=personas.admin, keep=keep, absorb=absorb)


def test_only_a_ministry_administrator_merges(personas):
    keep, absorb = make_provider(), make_provider("1001033")
    for who in (personas.officer, personas.coordinator, personas.analyst):
        with pytest.raises(PermissionDenied):
            services.merge_providers(actor=who, keep=keep, absorb=absorb)
    assert not Provider.objects.filter(merged_into__isnull=False).exists()


def test_a_coordinator_invites_a_provider_user_who_then_sees_only_that_provider(
    personas, own, neighbouring, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.invite_provider_user(
            actor=personas.coordinator,
            provider=own,
            invitation=services.MemberInvitation(username="nowy", email="nowy@example.org"),
        )

    assert user.assignments.get().territory.teryt == "PL"
    assert user.assignments.get().role == "provider"
    assert list(selectors.providers_of_user(user)) == [own]
    assert list(Provider.objects.visible_to(user)) == [own]
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="providers.membership.created").exists()
    with pytest.raises(PermissionDenied):
        services.invite_provider_user(
            actor=personas.neighbour,
            provider=own,
            invitation=services.MemberInvitation(username="inny", email="inny@example.org"),
        )


def test_find_by_identifiers_finds_the_existing_provider_typed_any_way(small_tree):
    provider = make_provider()

    assert selectors.find_by_identifiers(nip=f"PL {provider.nip}") == provider
    assert selectors.find_by_identifiers(regon="000000000") is None
    assert selectors.find_by_identifiers() is None
