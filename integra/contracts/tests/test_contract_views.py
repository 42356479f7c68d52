"""Contract pages wired to the services: signing from the selected offer (the money guard's
refusal shown at the value with the free amount), a direct selection after a failed round, an
annex and its diff, the contract's steps; a provider user sees only their own contracts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from integra.contracts import services
from integra.contracts.models import Contract
from integra.contracts.tests.factories import (
    contract_terms,
    make_contract,
    make_round,
    selected_offer,
)

pytestmark = pytest.mark.django_db


def form(world, **overrides):
    data = {
        "kind": "agreement",
        "number": "UM/7/2007",
        "signed_on": "2007-06-01",
        "gmina_representative": "Jan Wójt",
        "provider_representative": "Anna Prezes",
        "starts_on": "2007-06-01",
        "ends_on": "2007-12-31",
        "value_pln": "6 199,20",
        f"share_{world.care.key.hex}": "6 199,20",
        "instalments": "15.06.2007; 1 859,76; zaliczka\n31.01.2008; 4 339,44",
        "beneficiaries": "OS; 16",
        "reports": "częściowe; 30.09.2007\nkońcowe; 15.01.2008",
    }
    return data | overrides


def test_the_coordinator_signs_the_contract_of_the_selected_offer(world, signed_in):
    offer = selected_offer(world)
    client = signed_in(world.people.coordinator)
    url = reverse("contracts:contract-from-offer", args=[offer.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form(world))
    contract = Contract.objects.get()
    assert response.url == reverse("contracts:contract-detail", args=[contract.pk])
    assert (contract.value_pln, contract.offer) == (Decimal("6199.20"), offer)
    page = client.get(response.url).content.decode()
    assert "6,199.20" in page and "UM/7/2007" in page


def test_a_contract_over_the_free_amount_is_refused_at_the_value(world, signed_in):
    make_contract(world, value=Decimal("3000.00"))
    offer = selected_offer(world)
    client = signed_in(world.people.coordinator)
    url = reverse("contracts:contract-from-offer", args=[offer.pk])
    response = client.post(url, form(world))
    assert response.context["form"].errors["value_pln"] == [
        f"Only 5,000.00\xa0PLN is still free under “{world.care.title}”."
    ]
    assert Contract.objects.count() == 1


def test_a_direct_selection_names_the_provider_and_the_justification(world, signed_in):
    failed = make_round(world, status="cancelled", cancel_reason="Brak ofert")
    client = signed_in(world.people.coordinator)
    url = reverse("contracts:contract-direct", args=[failed.pk])
    data = form(world, identifier=world.other.nip, justification="Jedyny usługodawca.")
    response = client.post(url, data)
    contract = Contract.objects.get()
    assert response.status_code == 302 and (contract.provider, contract.is_direct) == (
        world.other,
        True,
    )


def test_an_annex_is_recorded_and_shown_as_a_diff(world, signed_in):
    contract = services.sign_contract(
        actor=world.people.coordinator,
        offer=selected_offer(world),
        terms=contract_terms(world, number="UM/7/2007"),
    )
    client = signed_in(world.people.coordinator)
    url = reverse("contracts:contract-amend", args=[contract.pk])
    assert client.get(url).status_code == 200
    data = form(
        world,
        reason="Dłuższy okres usług",
        signed_on="2007-10-01",
        ends_on="2008-02-28",
        lock_version=contract.lock_version,
    )
    response = client.post(url, data)
    assert response.url == reverse("contracts:contract-amendments", args=[contract.pk])
    page = client.get(response.url).content.decode()
    assert "Dłuższy okres usług" in page and "2007-12-31" in page and "2008-02-28" in page


def test_the_contract_steps_and_a_provider_users_sight(world, signed_in):
    own = make_contract(world)
    theirs = make_contract(world, provider=world.other)
    client = signed_in(world.people.coordinator)
    client.post(reverse("contracts:contract-step", args=[own.pk, "start"]))
    own.refresh_from_db()
    assert own.status == "in_delivery"
    provider = signed_in(world.people.provider)
    assert provider.get(reverse("contracts:contract-detail", args=[own.pk])).status_code == 200
    assert provider.get(reverse("contracts:contract-detail", args=[theirs.pk])).status_code == 404
    assert (
        provider.post(reverse("contracts:contract-step", args=[own.pk, "settle"])).status_code
        == 403
    )
