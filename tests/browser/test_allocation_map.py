"""The allocation map in real Chromium: a ministry analyst opens it, the map and the bar chart
draw without script errors, and the switches work from the keyboard alone — EUR per inhabitant,
then voivodeships — with the table following. Every state passes axe under the strict CSP."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from integra.core.actors import SystemActor
from integra.dashboards.tests.factories import TAKING_PART, make_programme, publish, run_of
from tests.browser.conftest import check_page
from tests.browser.test_allocations import PASSWORD, hand_session_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def analyst(small_tree):
    from integra.accounts.models import Role
    from integra.accounts.services import create_user
    from integra.territories import demo
    from integra.territories.models import Outline

    publish(run_of(make_programme(small_tree)))
    # The small tree outlines gminas only; give both voivodeships a square of their own.
    for feature in demo.square_boundaries(["06", "10"])["features"]:
        Outline.objects.create(
            territory=small_tree[feature["properties"]["teryt"]], geometry=feature["geometry"]
        )
    return create_user(
        actor=SystemActor("test"),
        username="analityk",
        email="analityk@example.gov.pl",
        password=PASSWORD,
        assignments=[(Role.MINISTRY_ANALYST, small_tree["PL"])],
    )


# Drawing waits for the map data; under a loaded CI machine that can take longer than 5 s.
DRAW_TIMEOUT_MS = 20_000


def drawn(page: Page, state: str) -> None:
    expect(page.locator("#allocation-map")).to_have_attribute(
        "data-drawn", state, timeout=DRAW_TIMEOUT_MS
    )
    expect(page.locator("#allocation-map canvas")).to_have_count(1)


def test_the_analyst_switches_the_map_with_the_keyboard(analyst, page, visit, live_server):
    hand_session_to(page, live_server, analyst)
    visit(page, "/programy/PIS/mapa/")
    drawn(page, "gmina/amount")
    expect(page.locator("#allocation-bars canvas")).to_have_count(1)
    expect(page.locator("#map-table tbody tr")).to_have_count(len(TAKING_PART))

    # The first switch group from the keyboard: focus, then the arrow key picks the next choice.
    page.locator("#id_measure_0").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#id_measure_1")).to_be_checked()
    drawn(page, "gmina/per_inhabitant")
    expect(page).to_have_url(re.compile(r"measure=per_inhabitant"))

    # Shift+Tab reaches the checked choice of the level group.
    page.keyboard.press("Shift+Tab")
    expect(page.locator("#id_level_0")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#id_level_1")).to_be_checked()
    drawn(page, "voivodeship/per_inhabitant")
    # The table comes in its own request (htmx), beside the chart's: as slow on a busy machine.
    expect(page.locator("#map-table")).to_have_attribute(
        "data-level", "voivodeship", timeout=DRAW_TIMEOUT_MS
    )
    expect(page.locator("#map-table tbody tr")).to_have_count(2)
    expect(page.locator("#map-table tfoot")).to_contain_text("90\u00a0000,00\u00a0EUR")
    expect(page.locator("#id_level_1")).to_be_focused()  # the swap leaves the focus in place

    # Past the figure switch and the Show button, the map takes the focus and walks its units
    # with the arrow keys.
    for _stop in range(3):
        page.keyboard.press("Tab")
    expect(page.locator("#allocation-map")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#map-status")).not_to_be_empty()
    check_page(page)


def test_the_map_page_reloads_in_the_state_of_its_address(analyst, page, visit, live_server):
    hand_session_to(page, live_server, analyst)
    visit(page, "/programy/PIS/mapa/?level=voivodeship&measure=per_inhabitant")
    drawn(page, "voivodeship/per_inhabitant")
    expect(page.locator("#id_level_1")).to_be_checked()
    expect(page.locator("#map-table tbody tr")).to_have_count(2)
    visit(page, "/programy/PIS/przeglad/")
    expect(page.locator("#voivodeship-table tbody tr")).to_have_count(2)
    visit(page, "/programy/przeglad/")
    expect(page.locator("#programme-table tbody tr")).to_have_count(1)
    visit(page, "/")
    expect(page.locator("#home-programmes a")).to_have_count(2)
