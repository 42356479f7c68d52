"""A provider payment in real Chromium: the coordinator records the contract's advance (first
over the limit: refused at its field), a second person — regional finance — finds it in the
queue and approves it with the day paid; the payment is posted. axe-core on every page, no
sideways scroll at 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from integra.finance.models import Payment
from integra.finance.tests.payments_factories import VALUE, payment_world, receive
from tests.browser.conftest import PHONE, assert_no_sideways_scroll, check_page
from tests.browser.test_catalog import hand_session_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_records_a_payment_and_another_person_approves_it(
    page: Page, live_server, visit, personas, small_tree
):
    world = payment_world(personas, small_tree)
    receive(world, VALUE)
    address = f"/finanse/platnosci/umowa/{world.contract.pk}/"

    hand_session_to(page, live_server, world.people.coordinator)
    visit(page, address)
    page.get_by_label("rodzaj").select_option("advance")
    page.get_by_label("Kwota do zapłaty (PLN)").fill("1859,77")
    page.get_by_role("button", name="Wprowadź płatność").click()
    check_page(page)
    expect(page.locator(".invalid-feedback")).to_contain_text("Zaliczka może wynosić najwyżej")
    assert not Payment.objects.exists()
    page.get_by_label("Kwota do zapłaty (PLN)").fill("1859,76")
    page.get_by_role("button", name="Wprowadź płatność").click()
    check_page(page)
    expect(page.get_by_text("Tę płatność zatwierdza inna osoba z finansów.")).to_be_visible()
    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    hand_session_to(page, live_server, world.people.finance)
    visit(page, "/finanse/platnosci/")
    page.locator("[id^=queue-] a").first.click()
    check_page(page)
    page.get_by_label("Data zapłaty (puste pole: tylko zatwierdzenie)").fill("2007-07-03")
    page.get_by_role("button", name="Zatwierdź").click()
    check_page(page)
    expect(page.locator("[id^=payment-]").first).to_contain_text("zapłacona")
    payment = Payment.objects.get()
    assert payment.status == "paid" and payment.approved_by == world.people.finance
    visit(page, "/finanse/platnosci/zwroty/")
    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page)


def test_the_form_previews_the_rest_and_the_queue_decides_in_place(
    page: Page, live_server, visit, personas, small_tree
):
    world = payment_world(personas, small_tree)
    receive(world, VALUE)
    hand_session_to(page, live_server, world.people.coordinator)
    visit(page, f"/finanse/platnosci/umowa/{world.contract.pk}/")
    page.get_by_label("rodzaj").select_option("advance")
    page.get_by_label("Kwota do zapłaty (PLN)").fill("1000,00")
    expect(page.locator("#payment-preview")).to_contain_text("5 199,20")
    page.get_by_role("button", name="Wprowadź płatność").click()
    check_page(page)

    hand_session_to(page, live_server, world.people.finance)
    visit(page, "/finanse/platnosci/")
    payment = Payment.objects.get()
    item = page.locator(f"#queue-{payment.pk}")
    item.get_by_role("button", name="Zatwierdź").click()
    expect(item.locator(".queue-status")).to_have_text("zatwierdzona")
    item.get_by_label("Data zapłaty").fill("2007-07-03")
    item.get_by_role("button", name="Odnotuj zapłatę").click()
    expect(item.locator(".queue-status")).to_have_text("zapłacona")
    assert page.url.endswith("/finanse/platnosci/")
    check_page(page)
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.approved_by == world.people.finance
    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page)
