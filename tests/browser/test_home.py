"""Each role's home page in real Chromium: a gmina coordinator's path through the programme is on
the first screen of a phone with nothing to scroll sideways, the busiest menu (the ministry
administrator's) stays on one line at 1366 px, and the allocation map's legend sits below the map
on a phone, never over it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from integra.dashboards.tests.factories import make_programme, publish, run_of
from tests.browser.conftest import check_page
from tests.browser.test_allocation_map import analyst, drawn  # noqa: F401  (a fixture)
from tests.browser.test_allocations import hand_session_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


def no_sideways_scroll(page: Page) -> None:
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} scrolls sideways: {width} px in {inner} px"


def test_the_coordinator_s_path_is_on_the_first_screen_of_a_phone(
    personas, small_tree, page, visit, live_server
):
    publish(run_of(make_programme(small_tree)))
    page.set_viewport_size(PHONE)
    hand_session_to(page, live_server, personas.coordinator)
    visit(page, "/")
    path = page.locator("#gmina-path-1001022-pis")
    expect(path).to_contain_text("Strategia")
    strategy = page.locator("#gmina-path-1001022-pis .path-step").first
    box = strategy.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    expect(strategy.get_by_role("link", name="Utwórz strategię")).to_be_visible()
    no_sideways_scroll(page)
    page.screenshot(path="/tmp/shots/home-phone.png", full_page=True)

    # "My gmina" in the menu opens the gmina's allocation card.
    page.get_by_role("button", name="Pokaż lub ukryj menu").click()
    page.get_by_role("link", name="Moja gmina").click()
    expect(page).to_have_url(live_server.url + "/alokacje/gmina/1001022/")
    check_page(page)


def test_the_ministry_administrator_s_menu_stays_on_one_line_at_1366_px(
    personas, page, visit, live_server
):
    admin = personas.admin
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    page.set_viewport_size(LAPTOP)
    hand_session_to(page, live_server, admin)
    visit(page, "/")
    page.screenshot(path="/tmp/shots/menu-1366.png")
    # One line: the bar is as tall as its tallest item (brand, menu entries, switches).
    bar = page.locator(".site-header .navbar > .container").bounding_box()
    parts = page.locator(
        ".site-header .navbar-brand, .site-header .navbar-nav > .nav-item,"
        " .site-header .language-switch, .site-header .user-menu"
    )
    boxes = [parts.nth(i).bounding_box() for i in range(parts.count())]
    assert bar and all(boxes) and len(boxes) >= 10
    tallest = max(box["height"] for box in boxes)
    assert bar["height"] <= tallest + 1, (bar, tallest)
    assert max(box["x"] + box["width"] for box in boxes) <= LAPTOP["width"]
    no_sideways_scroll(page)


def test_the_map_legend_sits_below_the_map_on_a_phone(analyst, page, visit, live_server):  # noqa: F811
    page.set_viewport_size(PHONE)
    hand_session_to(page, live_server, analyst)
    visit(page, "/programy/PIS/mapa/")
    drawn(page, "gmina/amount")
    page.screenshot(path="/tmp/shots/map-phone.png", full_page=True)
    map_box = page.locator("#allocation-map").bounding_box()
    legend = page.locator("#map-legend")
    expect(legend).to_be_visible()
    legend_box = legend.bounding_box()
    assert map_box and legend_box
    assert legend_box["y"] >= map_box["y"] + map_box["height"], (map_box, legend_box)
    expect(legend).to_contain_text("EUR")
    no_sideways_scroll(page)
