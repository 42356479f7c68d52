"""What contracts add to the providers' register: the card's "contracts across gminas" for the
ministry and the regions, and the right of a gmina that works with a provider to read its
contacts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from integra.contracts.tests.factories import make_contract
from integra.providers.policies import can_view_details

pytestmark = pytest.mark.django_db


def test_the_card_lists_the_contracts_across_gminas(world, signed_in):
    contract = make_contract(world, provider=world.other, value=Decimal("6199.20"))
    page = signed_in(world.people.officer).get(
        reverse("providers:provider-detail", args=[world.other.pk])
    )
    rows = page.context["contracts"]
    assert [(r["number"], r["value_pln"], r["gmina"]) for r in rows] == [
        (contract.number, Decimal("6199.20"), world.gmina.name)
    ]
    assert "0 of 0 accepted" in rows[0]["reports"]
    lublin = signed_in(world.people.officer_lublin).get(
        reverse("providers:provider-detail", args=[world.other.pk])
    )
    assert lublin.context["contracts"] == []


def test_a_gmina_with_a_contract_reads_the_providers_contacts(world):
    assert not can_view_details(world.people.coordinator, world.other)
    make_contract(world, provider=world.other)
    assert can_view_details(world.people.coordinator, world.other)
