"""The provider's offer page "Withdraw / replace the offer" wired to the services: withdrawn or
replaced by its own users until the deadline (the earlier offer kept and marked), the coordinator
registering a paper withdrawal with its day, a clear refusal after the deadline with nothing
written, another provider's offer a 404 and a reader's a 403."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from integra.contracts import services
from integra.contracts.models import Offer, ProcurementRound
from integra.contracts.tests.factories import offer_input, round_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(world):
    round_ = services.build_round(
        actor=world.people.coordinator, plan=world.version.plan, values=round_input(world)
    )
    round_ = services.publish_round(actor=world.people.coordinator, round_=round_)
    return services.submit_offer(
        actor=world.people.provider,
        round_=round_,
        lot=round_.services.first(),
        provider=world.own,
        values=offer_input(world),
    )


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def replacement_form(**overrides):
    data = {
        "lock_version": "1",
        "actions": "Pomoc sąsiedzka w domach, także w weekendy",
        "groups": "OS; 18; osoby samotne 75+",
        "schedule": "Wizyty opiekunek; 2007-Q3, 2007-Q4",
        "expected_results": "18 osób objętych opieką",
        "cost_lines": "Wynagrodzenia; 5 500,00",
        "non_duplication_declared": "on",
    }
    return data | overrides


def test_the_offer_page_offers_withdraw_or_replace_to_its_provider(world, signed_in, offer):
    page = signed_in(world.people.provider).get(reverse("contracts:offer-detail", args=[offer.pk]))
    assert "Withdraw / replace the offer" in page.content.decode()
    assert reverse("contracts:offer-withdraw", args=[offer.pk]) in page.content.decode()
    viewer = signed_in(world.people.viewer).get(reverse("contracts:offer-detail", args=[offer.pk]))
    assert "withdraw-offer" not in viewer.content.decode()


def test_the_provider_replaces_its_offer_from_the_page(world, signed_in, offer):
    client = signed_in(world.people.provider)
    url = reverse("contracts:offer-replace", args=[offer.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert "Pomoc sąsiedzka w domach osób starszych" in form.content.decode()  # prefilled
    response = client.post(url, replacement_form())
    new = Offer.objects.get(status="received")
    assert response.url == reverse("contracts:offer-detail", args=[new.pk])
    offer.refresh_from_db()
    assert (offer.status, offer.replaced_by, new.total_pln) == ("replaced", new, Decimal("5500"))
    old_page = client.get(reverse("contracts:offer-detail", args=[offer.pk])).content.decode()
    assert "Replaced by a new offer" in old_page
    assert reverse("contracts:offer-detail", args=[new.pk]) in old_page
    assert "withdraw-offer" not in old_page


def test_a_bad_replacement_is_refused_at_its_field_and_nothing_written(world, signed_in, offer):
    client = signed_in(world.people.provider)
    response = client.post(
        reverse("contracts:offer-replace", args=[offer.pk]),
        replacement_form(cost_lines="Wynagrodzenia; 9 000,00"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["cost_lines"]
    assert list(Offer.objects.values_list("status", flat=True)) == ["received"]


def test_the_provider_withdraws_its_offer(world, signed_in, offer):
    client = signed_in(world.people.provider)
    url = reverse("contracts:offer-withdraw", args=[offer.pk])
    assert client.get(url).status_code == 200
    stale = client.post(url, {"lock_version": "7"})
    assert "Someone saved this document" in stale.content.decode()
    response = client.post(url, {"lock_version": "1"})
    assert response.url == reverse("contracts:offer-detail", args=[offer.pk])
    offer.refresh_from_db()
    assert offer.status == "withdrawn"
    page = client.get(response.url).content.decode()
    assert "Withdrawn by the provider" in page


def test_after_the_deadline_the_page_says_so_and_nothing_is_written(world, signed_in, offer):
    ProcurementRound.objects.filter(pk=offer.round_id).update(
        deadline_at=timezone.now() - dt.timedelta(minutes=1),
        meeting_at=timezone.now() - dt.timedelta(days=1),
    )
    client = signed_in(world.people.provider)
    url = reverse("contracts:offer-withdraw", args=[offer.pk])
    assert "The deadline for offers has passed" in client.get(url).content.decode()
    refused = client.post(url, {"lock_version": "1"})
    assert refused.status_code == 200
    assert "the offer can no longer be withdrawn" in refused.content.decode()
    replaced = client.post(reverse("contracts:offer-replace", args=[offer.pk]), replacement_form())
    assert "The deadline for offers has passed" in replaced.content.decode()
    assert list(Offer.objects.values_list("status", flat=True)) == ["received"]


def test_the_coordinator_registers_a_paper_withdrawal(world, signed_in, offer):
    client = signed_in(world.people.coordinator)
    url = reverse("contracts:offer-withdraw", args=[offer.pk])
    missing = client.post(url, {"lock_version": "1"})
    assert missing.context["form"].errors["received_at"]
    day = local(timezone.now() - dt.timedelta(hours=2))
    response = client.post(url, {"lock_version": "1", "received_at": day})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "withdrawn"


def test_another_provider_gets_404_and_a_reader_403(world, signed_in, offer):
    other = services.register_paper_offer(
        actor=world.people.coordinator,
        round_=offer.round,
        lot=offer.round.services.first(),
        provider=world.other,
        values=offer_input(world),
        received_at=timezone.now(),
    )
    client = signed_in(world.people.provider)
    for name in ("offer-withdraw", "offer-replace"):
        assert client.get(reverse(f"contracts:{name}", args=[other.pk])).status_code == 404
        viewer = signed_in(world.people.viewer)
        assert viewer.get(reverse(f"contracts:{name}", args=[offer.pk])).status_code == 403
    assert (
        client.post(
            reverse("contracts:offer-withdraw", args=[other.pk]), {"lock_version": "1"}
        ).status_code
        == 404
    )
    assert set(Offer.objects.values_list("status", flat=True)) == {"received"}
