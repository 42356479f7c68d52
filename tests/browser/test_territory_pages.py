"""The territory browser in real Chromium: a visitor finds a gmina, reads its population and sees
its outline; the map, the language switch, the keyboard and a browser without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from integra.core.actors import SystemActor
from tests.browser.conftest import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.realdata
def test_a_visitor_finds_regnow_and_sees_its_population_and_outline(real_register, page, visit):
    visit(page, "/terytorium/")
    page.get_by_role("searchbox").fill("Regnów")
    # htmx swaps the results in place and puts the search in the address.
    result = page.get_by_role("link", name="Regnów", exact=True)
    expect(result).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=Regn"))
    expect(page.locator("#result-count")).to_contain_text("1")
    check_page(page)

    result.click()
    expect(page).to_have_url(re.compile(r"/terytorium/1013052/$"))
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Regnów")
    breadcrumbs = page.locator(".breadcrumb")
    expect(breadcrumbs.get_by_role("link", name="łódzkie")).to_be_visible()
    expect(breadcrumbs.get_by_role("link", name="powiat rawski")).to_be_visible()

    table = page.locator("#population-table")
    expect(table.get_by_role("rowheader", name="2010")).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(11)  # header and 2010–2019
    expect(page.locator("#unit-outline")).to_have_attribute("role", "img")
    expect(page.locator("#unit-outline canvas, #unit-outline svg").first).to_be_visible()
    expect(page.locator("#population-chart canvas, #population-chart svg").first).to_be_visible()
    page.screenshot(path="/tmp/integra-gmina-regnow.png", full_page=True)


@pytest.mark.realdata
def test_the_map_colours_every_voivodeship_and_opens_one_from_the_keyboard(
    real_register, page, visit
):
    from integra.territories import services

    services.import_boundaries(
        actor=SystemActor("test"), path=real_register / "voivodeships.geojson", level="voivodeship"
    )
    visit(page, "/terytorium/mapa/")
    expect(page.locator("#voivodeship-map canvas").first).to_be_visible()
    rows = page.locator("#voivodeship-table tbody tr")
    expect(rows).to_have_count(16)
    expect(rows.first).to_contain_text("dolnośląskie")
    page.screenshot(path="/tmp/integra-voivodeship-map.png", full_page=True)

    page.locator("#voivodeship-map").focus()
    expect(page.locator("#map-status")).to_contain_text("dolnośląskie")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#map-status")).to_contain_text("kujawsko-pomorskie")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/terytorium/04/$"))
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("kujawsko-pomorskie")


def test_the_language_switch_turns_the_page_into_english(small_tree, page, visit):
    visit(page, "/terytorium/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/terytorium/$"))
    check_page(page)
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    expect(
        page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Home")
    ).to_be_visible()

    page.get_by_role("button", name="Polski").click()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    check_page(page)


def test_the_search_works_from_the_keyboard_alone(small_tree, page, visit):
    visit(page, "/terytorium/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=re.compile("skip|przejdź", re.IGNORECASE))).to_be_focused()
    page.keyboard.press("Enter")  # the skip link lands in <main>, past the navigation
    page.keyboard.press("Tab")
    expect(page.get_by_role("searchbox")).to_be_focused()
    page.keyboard.type("1001")
    page.keyboard.press("Enter")
    results = page.locator("#territory-results")
    expect(results.get_by_role("link", name="Gmina 100101")).to_be_visible()
    expect(results.get_by_role("link", name="Gmina 060101")).to_have_count(0)
    check_page(page)


def test_without_javascript_the_search_is_a_plain_form_and_figures_stay(
    small_tree, browser, live_server
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.script_errors = []
    try:
        page.goto(live_server.url + "/terytorium/")
        page.get_by_role("searchbox").fill("Gmina 1001")
        page.get_by_role("search").get_by_role("button").click()
        expect(page).to_have_url(re.compile(r"\?q=Gmina\+1001"))
        page.get_by_role("link", name="Gmina 100101").click()
        expect(page.locator("#population-table").get_by_role("rowheader")).to_have_count(3)
        expect(page.locator("#population-chart")).to_be_hidden()
    finally:
        context.close()


def test_an_unknown_teryt_code_gets_an_accessible_not_found_page(small_tree, page, visit):
    visit(page, "/terytorium/9999999/", status=404)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("9999999")


def test_the_home_and_sign_in_pages_are_accessible_and_say_what_went_wrong(small_tree, page, visit):
    visit(page, "/")
    expect(page.locator("main")).to_contain_text("Integra")
    page.get_by_role("link", name=re.compile("Sign in|Zaloguj", re.IGNORECASE)).first.click()
    check_page(page)
    page.locator("#id_username").fill("nobody")
    page.locator("#id_password").fill("wrong-password")
    page.get_by_role("main").get_by_role("button").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page)
