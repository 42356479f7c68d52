"""Monitoring in real Chromium: the consultant opens a gmina's submitted quarterly report and
accepts it; the ministry's national indicators page draws its charts beside the tables, and a
voivodeship's page follows a unit link. Every page passes axe under the strict CSP and fits a
phone's width."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from integra.monitoring import services
from integra.monitoring.tests.factories import make_monitoring_world
from tests.browser.conftest import PHONE, assert_no_sideways_scroll
from tests.browser.test_allocations import hand_session_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(personas, small_tree):
    world = make_monitoring_world(personas, small_tree)
    report = services.create_report(
        actor=personas.coordinator, programme=world.programme, gmina=world.gmina, period="2007-Q3"
    )
    world.report = services.submit_report(
        actor=personas.coordinator, report=report, lock_version=report.lock_version
    )
    return world


def test_the_consultant_accepts_a_quarterly_report(world, page: Page, visit, live_server):
    hand_session_to(page, live_server, world.people.consultant)
    visit(page, "/monitoring/sprawozdania/")
    page.get_by_role("link", name="2007-Q3").click()
    expect(page.locator("#report-figures")).to_be_visible()
    page.locator("#accept-report").click()
    expect(page.locator("#report-status")).to_have_text("przyjęte")
    visit(page, page.url.replace(live_server.url, ""))


def test_the_indicator_pages_draw_their_charts_and_fit_a_phone(
    world, page: Page, visit, live_server
):
    hand_session_to(page, live_server, world.people.admin)
    visit(page, "/wskazniki/?period=2009")
    expect(page.locator("#units-chart canvas")).to_have_count(1)
    expect(page.locator("#indicator-table tbody tr")).to_have_count(13)
    page.select_option("#unit-indicator", "PEOPLE_REACHED")
    page.locator('#unit-table a[href^="/wskazniki/wojewodztwa/10/"]').click()
    expect(page.locator("h1")).to_contain_text("Wskaźniki")
    page.set_viewport_size(PHONE)
    for path in ("/wskazniki/", "/wskazniki/wojewodztwa/10/", "/wskazniki/gminy/1001022/"):
        visit(page, path)
        assert_no_sideways_scroll(page)
