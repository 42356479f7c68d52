"""The rights over providers, table-tested: every persona × action × a provider seated in their
own gmina (registered by it), in the neighbouring gmina of the same voivodeship, and in another
voivodeship. The register is national; contacts, account and PESEL follow the seat."""

from __future__ import annotations

import pytest

from integra.providers import policies
from integra.providers.models import Provider

pytestmark = pytest.mark.django_db

# persona: action → which of own (o), neighbouring (n), elsewhere (e) it may act on.
MATRIX = {
    "admin": {"view": "one", "details": "one", "pesel": "one", "edit": "one", "invite": "one"},
    "analyst": {"view": "one", "details": "one", "pesel": "", "edit": "", "invite": ""},
    "officer": {"view": "one", "details": "on", "pesel": "", "edit": "on", "invite": "on"},
    "officer_lublin": {"view": "one", "details": "e", "pesel": "", "edit": "e", "invite": "e"},
    "consultant": {"view": "one", "details": "on", "pesel": "", "edit": "", "invite": ""},
    "finance": {"view": "one", "details": "on", "pesel": "", "edit": "", "invite": ""},
    "coordinator": {"view": "one", "details": "o", "pesel": "o", "edit": "o", "invite": "o"},
    "neighbour": {"view": "one", "details": "n", "pesel": "n", "edit": "n", "invite": "n"},
    "viewer": {"view": "one", "details": "o", "pesel": "", "edit": "", "invite": ""},
    "coordinator_lublin": {"view": "one", "details": "e", "pesel": "e", "edit": "e", "invite": "e"},
    "provider": {"view": "o", "details": "o", "pesel": "o", "edit": "", "invite": ""},
    "expert": {"view": "", "details": "", "pesel": "", "edit": "", "invite": ""},
    "commuter": {"view": "one", "details": "oe", "pesel": "", "edit": "", "invite": ""},
}
CHECKS = {
    "view": policies.can_view_provider,
    "details": policies.can_view_details,
    "pesel": policies.can_view_pesel,
    "edit": policies.can_edit_provider,
    "invite": policies.can_invite_member,
}


@pytest.mark.parametrize("persona", sorted(MATRIX))
def test_the_rights_of_each_persona_on_own_neighbouring_and_other_providers(
    persona, personas, own, neighbouring, elsewhere
):
    user = getattr(personas, persona)
    places = {"o": own, "n": neighbouring, "e": elsewhere}
    found = {
        action: "".join(code for code, provider in places.items() if check(user, provider))
        for action, check in CHECKS.items()
    }
    assert found == MATRIX[persona]
    visible = set(Provider.objects.visible_to(user))
    assert visible == {places[code] for code in MATRIX[persona]["view"]}
    assert policies.can_merge_providers(user) == (persona == "admin")


def test_anonymous_sees_nothing(own):
    from django.contrib.auth.models import AnonymousUser

    assert not Provider.objects.visible_to(AnonymousUser()).exists()
    assert not policies.can_open_providers(AnonymousUser())


def test_a_partner_gmina_registered_by_contracts_reads_the_details(personas, elsewhere):
    assert not policies.can_view_details(personas.coordinator, elsewhere)
    policies.PARTNER_GMINAS.append(lambda provider: ["1001022"])
    try:
        assert policies.can_view_details(personas.coordinator, elsewhere)
    finally:
        policies.PARTNER_GMINAS.pop()
