"""The annual settlement and the reports in real Chromium: the gmina's coordinator prepares and
submits the 2007 settlement, regional finance returns it with a comment, the gmina fixes it and
submits again, regional finance accepts it; the ministry builds the interim financial report on
the reports page and downloads it from the job's page. Every page passes the checks of `visit`
and `check_page` (CSP, script errors, axe-core)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from integra.finance.tests.factories import settlement_world_of
from tests.browser.conftest import PHONE, assert_no_sideways_scroll, check_page
from tests.browser.test_catalog import hand_session_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_settled_returned_fixed_accepted_and_the_ifr_downloaded(
    page: Page, live_server, visit, personas, small_tree
):
    settlement_world_of(personas, small_tree)

    hand_session_to(page, live_server, personas.coordinator)
    visit(page, "/finanse/rozliczenia/")
    page.locator("#id_1001022-year").select_option("2007")
    page.get_by_role("button", name="Przygotuj rozliczenie").click()
    check_page(page)
    expect(page.locator("#closing-pln")).to_contain_text("27 000,00")
    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Złóż do finansów wojewódzkich").click()
    check_page(page)
    expect(page.locator("#settlement-status")).to_contain_text("złożone")
    settlement_url = page.url

    hand_session_to(page, live_server, personas.finance)
    visit(page, "/finanse/rozliczenia/?status=submitted")
    visit(page, settlement_url.replace(live_server.url, ""))
    page.get_by_role("button", name="Zwróć gminie").click()  # no comment: refused at the field
    check_page(page)
    expect(page.locator(".invalid-feedback")).to_be_visible()
    page.get_by_label("Co należy poprawić?").fill("Proszę wyjaśnić niewydaną resztę.")
    page.get_by_role("button", name="Zwróć gminie").click()
    check_page(page)
    expect(page.locator("#settlement-status")).to_contain_text("zwrócone do poprawy")

    hand_session_to(page, live_server, personas.coordinator)
    visit(page, settlement_url.replace(live_server.url, ""))
    expect(page.locator("#settlement-comment")).to_contain_text("niewydaną resztę")
    page.locator("#id_explanation").fill("Usługi rozpoczęły się w drugim półroczu.")
    page.get_by_role("button", name="Zapisz").click()
    check_page(page)
    page.get_by_role("button", name="Złóż do finansów wojewódzkich").click()
    check_page(page)

    hand_session_to(page, live_server, personas.finance)
    visit(page, settlement_url.replace(live_server.url, ""))
    page.get_by_role("button", name="Przyjmij rozliczenie").click()
    check_page(page)
    expect(page.locator("#settlement-status")).to_contain_text("przyjęte")

    hand_session_to(page, live_server, personas.admin)
    visit(page, "/finanse/raporty/")
    page.locator("#ifr-year").select_option("2007")
    page.locator("#ifr-semester").select_option("1")
    page.get_by_role("button", name="Pobierz raport").first.click()
    check_page(page)
    link = page.locator("#job-download")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "ifr-pis-2007-h1.xlsx"
