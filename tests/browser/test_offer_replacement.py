"""In real Chromium: the provider opens its offer, chooses "Wycofaj / zastąp ofertę", sends a
new offer in its place by keyboard and mouse, then withdraws the new one; the gmina card shows
the contracted and free amounts per planned service. Every page passes `visit`'s checks (CSP,
script errors, axe) and none scrolls sideways at 390 px."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from integra.contracts import services
from integra.contracts.models import Offer
from integra.contracts.tests.factories import make_contract, make_world, offer_input, round_input
from tests.browser.test_catalog import hand_session_to
from tests.browser.test_providers import no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(personas, small_tree):
    return make_world(personas, small_tree)


def test_the_provider_replaces_then_withdraws_its_offer(page: Page, live_server, visit, world):
    round_ = services.build_round(
        actor=world.people.coordinator, plan=world.version.plan, values=round_input(world)
    )
    round_ = services.publish_round(actor=world.people.coordinator, round_=round_)
    offer = services.submit_offer(
        actor=world.people.provider,
        round_=round_,
        lot=round_.services.first(),
        provider=world.own,
        values=offer_input(world),
    )
    hand_session_to(page, live_server, world.people.provider)
    visit(page, f"/nabory/oferty/{offer.pk}/")
    page.get_by_role("link", name="Wycofaj / zastąp ofertę").click()
    page.wait_for_url(f"**/nabory/oferty/{offer.pk}/wycofanie/")
    visit(page, f"/nabory/oferty/{offer.pk}/wycofanie/")
    no_sideways_scroll(page)
    page.locator("#replace").click()
    visit(page, f"/nabory/oferty/{offer.pk}/zastapienie/")
    no_sideways_scroll(page)
    page.locator("#id_cost_lines").fill("Wynagrodzenia opiekunek; 5 500,00")
    page.locator("#id_non_duplication_declared").check()
    page.locator("#send-offer").click()
    new = Offer.objects.get(status="received")
    page.wait_for_url(f"**/nabory/oferty/{new.pk}/")
    expect(page.locator("#offer-status")).to_contain_text("wpłynęła")
    assert new.total_pln == Decimal("5500.00")
    visit(page, f"/nabory/oferty/{offer.pk}/")
    expect(page.locator("#offer-out")).to_contain_text("Zastąpiona nową ofertą")
    visit(page, f"/nabory/oferty/{new.pk}/wycofanie/")
    page.locator("#withdraw").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/nabory/oferty/{new.pk}/")
    expect(page.locator("#offer-out")).to_contain_text("Wycofana przez oferenta")
    new.refresh_from_db()
    assert new.status == "withdrawn"


def test_the_gmina_card_shows_contracted_and_free(page: Page, live_server, visit, world):
    contract = make_contract(world, value=Decimal("6199.20"))
    hand_session_to(page, live_server, world.people.coordinator)
    visit(page, f"/alokacje/gmina/{world.gmina.teryt}/")
    section = page.locator("#contracted")
    expect(section).to_contain_text("6 199,20")
    expect(section).to_contain_text("1 800,80")
    expect(section.get_by_role("link", name=contract.number)).to_be_visible()
    no_sideways_scroll(page)
